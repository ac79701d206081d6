"""OSCD100: 100 pairs of 256x256 OSCD crops for tutorials and tests.

The Hugging Face repository ``hkristen/oscd100`` ships the crops in OSCD's own layout, in
four zips: ``Onera Satellite Change Detection dataset - Images.zip`` (``<patch>/imgs_{1,2}_rect/
B01.tif … B8A.tif``) and one labels zip per split, ``- {Train,Val,Test} Labels.zip``
(``<patch>/cm/cm.png``). It adds a ``val`` split to OSCD's train/test; the patches of a split
are the folders of its labels zip. Everything else is read as
:class:`~geoplug.datasets.oscd.OSCD` reads the full scenes.
"""

from __future__ import annotations

import urllib.parse
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.datasets._catalog import spec
from geoplug.datasets.oscd import _PREFIX, OSCD

__all__ = ["OSCD100"]

_HF = "https://hf.co/datasets/hkristen/oscd100/resolve/81edcad799419465bf9ca137281bb72a6f4e4b34/"
_SHA256 = {
    "Images": ("6c88242b15f3295a1062bea90adffb76af87a4e8b386a0cbb82e5a01663f9480", None),
    "Train Labels": ("84145c36f55753f182a782c00e62107495e0a44effce90086fad1c5efe5b3d98",
                     ("train",)),
    "Val Labels": ("3a7e8cecacc9be4a12a6d2fc7f7926871039d78c346969c709690869c322f596", ("val",)),
    "Test Labels": ("425571643f1c456caf3cb250f13cbfbbeee247838dfc1e0c50cdb712d8bbf383",
                    ("test",)),
}


class OSCD100(OSCD, spec=spec("oscd100")):
    """OSCD100 crops: ``image`` float32 ``[2,13,256,256]`` (before, after), ``mask`` int64
    ``[256,256]`` (0 no change, 1 change)."""

    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=_HF + urllib.parse.quote(f"{_PREFIX}{part}.zip"),
                 filename=f"{_PREFIX}{part}.zip", sha256=digest, splits=splits)
        for part, (digest, splits) in _SHA256.items()
    )

    def _cities(self) -> list[str]:
        """The patches of the split: the folders of its labels zip (the city lists that
        OSCD's Images folder may carry name whole cities, not crops)."""
        return sorted(p.name for p in self.labels_dir.iterdir() if (p / "cm").is_dir())

"""LEVIR-CD: bitemporal Google Earth RGB chips over Texas with building-change masks.

Chen & Shi (Remote Sensing 2020) publish 637 pairs of 1024x1024 PNGs at 0.5 m in an official
split of 445 train / 64 val / 128 test pairs. Each split is one archive, ``<split>.zip``,
holding ``A/<split>_<n>.png`` (the earlier image), ``B/<split>_<n>.png`` (the later one) and
``label/<split>_<n>.png`` (the change mask, 0 / 255), ``n`` counting from 1. The three archives
unpack into the same ``A``, ``B`` and ``label`` folders, so a split is told apart by its
file-name prefix. A copy arranged one folder per split (``<root>/<split>/{A,B,label}``, the
layout most change-detection code expects) is read as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.datasets._bitemporal import BitemporalPairs, natural_key
from geoplug.datasets._catalog import spec

__all__ = ["LEVIRCD"]

#: where the three split archives are mirrored (a pinned Hugging Face revision, so the bytes
#: and therefore the md5s below never change under us)
_MIRROR = ("https://huggingface.co/datasets/satellite-image-deep-learning/LEVIR-CD/resolve/"
           "6a6bb0a5b389403d81c05e33bf08bc0b9e5f13a6")
_MD5 = {"train": "a638e71f480628652dea78d8544307e4",
        "val": "f7b857978524f9aa8c3bf7f94e3047a4",
        "test": "07d5dd89e46f5c1359e2eca746989ed9"}


class LEVIRCD(BitemporalPairs, spec=spec("levircd")):
    """LEVIR-CD building change detection: ``image`` [2, 3, H, W] (before, after),
    ``mask`` [H, W] (1 = building change). Only the archive of the chosen split is needed."""

    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=f"{_MIRROR}/{split}.zip", filename=f"{split}.zip", md5=md5,
                 splits=(split,))
        for split, md5 in _MD5.items()
    )

    def _befores(self, folder: Path) -> list[Path]:
        """This split's ``A/`` images under ``folder``, in the publisher's numbering."""
        return sorted((folder / "A").glob(f"{self.split}_*.png"), key=natural_key)

    def _split_dir(self) -> Path | None:
        """The folder whose ``A/`` holds this split: ``<root>/<split>`` (one folder per
        split), else ``<root>`` (the archives as they unpack); ``None`` when neither does."""
        for folder in (self.root / self.split, self.root):
            if self._befores(folder):
                return folder
        return None

    def _exists(self) -> bool:
        return self._split_dir() is not None

    def _load(self) -> None:
        folder = self._split_dir()
        self._pair(self._befores(folder) if folder is not None else [])

    def _empty_reason(self) -> str:
        return (f"no A/{self.split}_<n>.png under {self.root} or {self.root / self.split}; "
                f"extract {self.split}.zip there or pass download=True")

"""LandCoverAI100: 100 LandCover.ai chips for tutorials and tests.

``landcoverai100.zip`` (Hugging Face ``isaaccorley/landcoverai``, the copy TorchGeo pins)
holds what the publisher's ``split.py`` writes for 100 chips, ``output/<orthophoto>_<k>.jpg``
and ``output/<orthophoto>_<k>_m.png``, with its own ``train.txt``, ``val.txt`` and
``test.txt``: no orthophotos, so :class:`~geoplug.datasets.landcoverai.LandCoverAI` reads the
pre-cut chips (without georeference) and only the download differs.
"""

from __future__ import annotations

from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.datasets._catalog import spec
from geoplug.datasets.landcoverai import LandCoverAI

__all__ = ["LandCoverAI100"]


class LandCoverAI100(LandCoverAI, spec=spec("landcoverai100")):
    """The chips of ``landcoverai100.zip``: ``image`` float32 ``[3,512,512]`` (R, G, B),
    ``mask`` int64 ``[512,512]`` (0 background, 1 building, 2 woodland, 3 water, 4 road)."""

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="https://hf.co/datasets/isaaccorley/landcoverai/resolve/"
                     "5cdf9299bd6c1232506cf79373df01f6e6596b50/landcoverai100.zip",
                 filename="landcoverai100.zip", md5="66eb33b5a0cabb631836ce0a4eafb7cd"),
    )

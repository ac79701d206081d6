"""ISPRS Vaihingen 2D semantic labelling benchmark.

The publisher ships ``ISPRS_semantic_labeling_Vaihingen.zip`` (folder ``top/`` of 9 cm true
orthophotos ``top_mosaic_09cm_area<N>.tif``, bands IR, R, G, uint8, about 2000x2500 px) and
``ISPRS_semantic_labeling_Vaihingen_ground_truth_COMPLETE.zip`` (colour-coded RGB labels with
the same file names, at the archive's top level). Copies extracted into folders named after
the archives are read too. The 33 areas are split into 16 training and
17 test areas as in the benchmark.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.datasets._catalog import spec
from geoplug.datasets._isprs import ISPRSDataset

__all__ = ["Vaihingen"]

_AREA = "top_mosaic_09cm_area{}.tif"
_TRAIN = tuple(_AREA.format(n) for n in (1, 3, 5, 7, 11, 13, 15, 17, 21, 23, 26, 28, 30, 32,
                                         34, 37))
_TEST = tuple(_AREA.format(n) for n in (2, 4, 6, 8, 10, 12, 14, 16, 20, 22, 24, 27, 29, 31,
                                        33, 35, 38))
_URL = "https://www.isprs.org/education/benchmarks/UrbanSemLab/2d-sem-label-vaihingen.aspx"


class Vaihingen(ISPRSDataset, spec=spec("vaihingen")):
    """ISPRS Vaihingen: 9 cm IR-R-G orthophotos with 6 land-cover classes.

    Samples: ``image`` float32 ``[C,H,W]`` (IR, R, G by default), ``mask`` int64 ``[H,W]`` (0
    clutter/background, 1 impervious surfaces, 2 building, 3 low vegetation, 4 tree, 5 car; 255,
    ignored, for a colour of no class), plus ``crs``/``bounds`` when the tile is georeferenced.
    Chips are ``patch_size`` px windows of the tiles (default 512; ``None`` serves whole tiles).

    The data are distributed by ISPRS on request; place the two archives (or their extracted
    content) in ``root``. Citation: Cramer, DGPF Photogrammetrie-Fernerkundung-
    Geoinformation 2010(2), 73-82; Rottensteiner et al., ISPRS Annals I-3, 2012.
    """

    split_tiles: ClassVar[dict[str, tuple[str, ...]]] = {"train": _TRAIN, "test": _TEST}
    request_page: ClassVar[str] = _URL
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=_URL, filename="ISPRS_semantic_labeling_Vaihingen.zip",
                 md5="462b8dca7b6fa9eaf729840f0cdfc7f3"),
        Resource(url=_URL, filename="ISPRS_semantic_labeling_Vaihingen_ground_truth_COMPLETE.zip",
                 md5="4802dd6326e2727a352fb735be450277"),
    )

    def _image_path(self, tile: str) -> Path:
        for candidate in (self.root / "top" / tile,
                          self.root / "ISPRS_semantic_labeling_Vaihingen" / "top" / tile):
            if candidate.is_file():
                return candidate
        return self.root / "top" / tile

    def _label_path(self, tile: str) -> Path:
        for candidate in (self.root / tile,
                          self.root / "ISPRS_semantic_labeling_Vaihingen_ground_truth_COMPLETE"
                          / tile):
            if candidate.is_file():
                return candidate
        return self.root / tile

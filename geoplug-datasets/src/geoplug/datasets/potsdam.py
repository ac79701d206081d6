"""ISPRS Potsdam 2D semantic labelling benchmark.

The publisher ships ``4_Ortho_RGBIR.zip`` (folder ``4_Ortho_RGBIR/`` of 6000x6000 px, 5 cm
GeoTIFFs ``top_potsdam_<row>_<col>_RGBIR.tif``, bands R, G, B, IR, uint8) and
``5_Labels_all.zip`` (``top_potsdam_<row>_<col>_label.tif``, colour-coded RGB labels). The 38
tiles are split into 24 training and 14 test tiles as in the benchmark.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.datasets._catalog import spec
from geoplug.datasets._isprs import ISPRSDataset

__all__ = ["Potsdam"]

_TRAIN = tuple(f"top_potsdam_{t}" for t in (
    "2_10", "2_11", "2_12", "3_10", "3_11", "3_12", "4_10", "4_11", "4_12", "5_10", "5_11",
    "5_12", "6_10", "6_11", "6_12", "6_7", "6_8", "6_9", "7_10", "7_11", "7_12", "7_7", "7_8",
    "7_9",
))
_TEST = tuple(f"top_potsdam_{t}" for t in (
    "5_15", "6_15", "6_13", "3_13", "4_14", "6_14", "5_14", "2_13", "4_15", "2_14", "5_13",
    "4_13", "3_14", "7_13",
))
_URL = "https://www.isprs.org/education/benchmarks/UrbanSemLab/2d-sem-label-potsdam.aspx"


class Potsdam(ISPRSDataset, spec=spec("potsdam")):
    """ISPRS Potsdam: 5 cm RGB+IR orthophotos with 6 land-cover classes.

    Samples: ``image`` float32 ``[C,H,W]`` (R, G, B, IR by default), ``mask`` int64 ``[H,W]`` (0
    clutter/background, 1 impervious surfaces, 2 building, 3 low vegetation, 4 tree, 5 car; 255,
    ignored, for a colour of no class), plus ``crs``/``bounds`` of the chip. Chips are
    ``patch_size`` px windows of the tiles (default 512; ``None`` serves whole tiles).

    The data are distributed by ISPRS on request; place the two archives (or their extracted
    content) in ``root``. Citation: Rottensteiner et al., ISPRS Annals I-3, 2012.
    """

    split_tiles: ClassVar[dict[str, tuple[str, ...]]] = {"train": _TRAIN, "test": _TEST}
    request_page: ClassVar[str] = _URL
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(
            url=_URL,
            filename="4_Ortho_RGBIR.zip", md5="c4a8f7d8c7196dd4eba4addd0aae10c1",
        ),
        # no verified checksum is published for the labels archive (the one circulating,
        # "cf7403c1a97c0d279414db", is truncated and could never match), so none is checked
        Resource(url=_URL, filename="5_Labels_all.zip"),
    )

    def _image_path(self, tile: str) -> Path:
        return self.root / "4_Ortho_RGBIR" / f"{tile}_RGBIR.tif"

    def _label_path(self, tile: str) -> Path:
        name = f"{tile}_label.tif"
        for candidate in (self.root / name, self.root / "5_Labels_all" / name):
            if candidate.is_file():
                return candidate
        return self.root / name

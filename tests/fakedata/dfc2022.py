"""Fake DFC2022: ``labeled_train.zip``, ``unlabeled_train.zip`` and ``val.zip`` (IEEE DataPort).

``<folder>/<area>/BDORTHO/<tile>.tif`` (RGB uint8, 0.5 m, EPSG:2154), ``RGEALTI/<tile>_RGEALTI.tif``
(float32 elevation at 1 m: half the size) and, in labeled_train, ``UrbanAtlas/<tile>_UA2012.tif``
(uint8 classes 0-15). Values encode the tile, band, row and column; the DEM is a plane
(100 + 2*row + 3*col + 10*tile in its own pixels), which bilinear resampling reproduces exactly
inside the tile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import files_under, md5, write_tif, zip_tree

W, H = 16, 12
#: archive folder -> area -> tile names (sorted as the loader lists them: area, then tile)
TILES = {
    "labeled_train": {"Brest": ["29-2012-0145-6845-LA93-0M50-E080"],
                      "Nice": ["06-2014-1025-6320-LA93-0M50-E080",
                               "06-2014-1030-6320-LA93-0M50-E080"]},
    "unlabeled_train": {"Angers": ["49-2013-0430-6720-LA93-0M50-E080"]},
    "val": {"Lorient": ["56-2013-0220-6760-LA93-0M50-E080",
                        "56-2013-0225-6760-LA93-0M50-E080"]},
}
ORIGIN = (1025000.0, 6320000.0)


def all_tiles() -> list[str]:
    return [t for areas in TILES.values() for tiles in areas.values() for t in tiles]


def image(tile: str) -> np.ndarray:
    i = all_tiles().index(tile)
    bands, rows, cols = np.indices((3, H, W))
    return ((bands * 80 + rows * W + cols + 5 * i) % 256).astype(np.uint8)


def dem(tile: str) -> np.ndarray:
    i = all_tiles().index(tile)
    rows, cols = np.indices((H // 2, W // 2))
    return (100.0 + 2 * rows + 3 * cols + 10 * i).astype(np.float32)


def dem_at(tile: str, row: float, col: float) -> float:
    """The DEM plane at an image pixel's centre (image pixel = half a DEM pixel)."""
    i = all_tiles().index(tile)
    r, c = (row + 0.5) / 2 - 0.5, (col + 0.5) / 2 - 0.5
    return 100.0 + 2 * r + 3 * c + 10 * i


def mask(tile: str) -> np.ndarray:
    i = all_tiles().index(tile)
    rows, cols = np.indices((H, W))
    return ((rows + 3 * cols + i) % 16).astype(np.uint8)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    md5s = {}
    for folder, areas in TILES.items():
        for area, tiles in areas.items():
            base = stage / folder / area
            for tile in tiles:
                write_tif(base / "BDORTHO" / f"{tile}.tif", image(tile), crs="EPSG:2154",
                          origin=ORIGIN, res=0.5)
                write_tif(base / "RGEALTI" / f"{tile}_RGEALTI.tif", dem(tile), crs="EPSG:2154",
                          origin=ORIGIN, res=1.0)
                if folder == "labeled_train":
                    write_tif(base / "UrbanAtlas" / f"{tile}_UA2012.tif", mask(tile),
                              crs="EPSG:2154", origin=ORIGIN, res=0.5)
        archive = zip_tree(root / f"{folder}.zip", stage, files_under(stage / folder))
        md5s[archive.name] = md5(archive)
    unstage(stage, root, extract)
    return {"dir": root, "archives": md5s}

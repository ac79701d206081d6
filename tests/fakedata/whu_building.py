"""Fake WHU Building Dataset (aerial part) in the publisher's layout.

``3. The cropped aerial image tiles and raster labels.zip`` holding
``3. The cropped image tiles and raster labels/<split>/image/<name>.tif`` (RGB uint8) and
``.../<split>/label/<name>.tif`` (one band, 0/255) for the splits train, val and test. Tiles
are 20x16 px (not 512x512) whose pixels encode the tile, band, row and column; labels are
hashed from tile, row and column. Whether the published tiles carry a georeference is not
confirmed: tiles are written as GeoTIFFs in NZTM (EPSG:2193) at 0.3 m, each at its own origin,
or without one when ``georeferenced`` is False (the loader reads both).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree

W, H = 20, 16
RES = 0.3
CRS = "EPSG:2193"
ARCHIVE = "3. The cropped aerial image tiles and raster labels.zip"
FOLDER = "3. The cropped image tiles and raster labels"
#: split -> tile names (in sorted order, as the loader lists them)
IDS = {"train": ["1004.tif", "1005.tif", "2210.tif"], "val": ["3301.tif"],
       "test": ["4400.tif", "4401.tif"]}


def index(name: str) -> int:
    """The tile's number across all splits (what its pixels encode)."""
    return [n for names in IDS.values() for n in names].index(name)


def origin(name: str) -> tuple[float, float]:
    """Upper-left corner of the tile in NZTM metres (tiles side by side along x)."""
    return 1570000.0 + index(name) * W * RES, 5180000.0


def image(name: str) -> np.ndarray:
    """``[3,H,W]`` uint8 RGB encoding tile, band, row and column."""
    return coded_image(index(name), 3, H, W)


def labels(name: str) -> np.ndarray:
    """``[H,W]`` int64 0/1 (1 = building), hashed from tile, row and column."""
    return coded_labels(index(name), H, W, 2)


def make(root: Path, extract: bool = False, georeferenced: bool = True) -> dict[str, Any]:
    """The publisher's archive in ``root`` (and its extracted tree too when ``extract``)."""
    stage = root / ".stage"
    crs = CRS if georeferenced else None
    for split, names in IDS.items():
        base = stage / FOLDER / split
        for name in names:
            write_tif(base / "image" / name, image(name), crs=crs, origin=origin(name),
                      res=RES)
            write_tif(base / "label" / name, (labels(name) * 255).astype(np.uint8), crs=crs,
                      origin=origin(name), res=RES)
    archive = zip_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}}

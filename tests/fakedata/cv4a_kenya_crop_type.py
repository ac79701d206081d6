"""Fake CV4A Kenya Crop Type in the Source Cooperative layout (``data/<tile>/...``).

Two tiles of 24x20 px, 3 dates, all 13 bands as float32 TIFFs without georeference (as the
mirror ships them). Pixel (r, c) of band b of date index i of tile t holds :func:`value`,
``1000 (3 t + i) + 100 b + r + c / 64``. Tile 0: labelled fields (crop 2, field 5) in rows
0-7 / cols 0-7 and (crop 4, field 6) in rows 10-13 / cols 9-14, and a test field (id 9, crop 0)
in rows 16-23 / cols 12-19; tile 1: only test field 11 at rows 0-3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._segutil import coded_image, pixel_value, write_tif

BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12",
         "CLD")
DATES = ["20190606", "20190701", "20191103"]
TILES = ["0", "1"]
H, W = 24, 20


def value(tile: int, date: int, band: int, row: int, col: int) -> float:
    return pixel_value(3 * tile + date, band, row, col, "float32")


def image(tile: int) -> np.ndarray:
    """``[dates, bands, H, W]`` float32 of tile ``tile``, as written."""
    return np.stack([coded_image(3 * tile + i, len(BANDS), H, W, "float32")
                     for i in range(len(DATES))])


def rasters(tile: str) -> tuple[np.ndarray, np.ndarray]:
    labels = np.zeros((H, W), np.uint8)
    fields = np.zeros((H, W), np.int32)
    if tile == "0":
        labels[0:8, 0:8] = 2
        fields[0:8, 0:8] = 5
        labels[10:14, 9:15] = 4
        fields[10:14, 9:15] = 6
        fields[16:24, 12:20] = 9
    else:
        fields[0:4] = 11
    return labels, fields


def make(root: Path, layout: str = "source_coop") -> dict[str, Any]:
    """``layout``: ``source_coop`` (current) or ``mlhub`` (the former MLHub archives' tree)."""
    files = []
    mlhub = "ref_african_crops_kenya_02"
    for t in TILES:
        labels, fields = rasters(t)
        if layout == "mlhub":
            folder = root / f"{mlhub}_labels" / f"{mlhub}_tile_0{t}_label"
            label_path, field_path = folder / "labels.tif", folder / "field_ids.tif"
        else:
            folder = root / "data" / t
            label_path, field_path = folder / f"{t}_label.tif", folder / f"{t}_field_id.tif"
        write_tif(label_path, labels, crs=None)
        write_tif(field_path, fields, crs=None)
        files += [label_path, field_path]
        for i, d in enumerate(DATES):
            for b, band in enumerate(BANDS):
                path = (root / f"{mlhub}_source" / f"{mlhub}_tile_0{t}_{d}" / f"{band}.tif"
                        if layout == "mlhub" else folder / d / f"{t}_{band}_{d}.tif")
                write_tif(path, image(int(t))[i, b], crs=None)
                files.append(path)
    if layout != "mlhub":
        (root / "FieldIds.csv").write_text("train,test\n5,9\n6,11\n")
    return {"files": files, "tiles": TILES, "dates": DATES}

"""Fake FireRisk: ``FireRisk.zip`` holding ``FireRisk/{train,val}/<class>/*.png``, the chips
named ``<pointid>_<grid_code>_<x>_<y>.png`` as the publisher names them.

PNG chips (lossless) where band ``b`` of the ``n``-th chip of a split holds
``pixel(n, row, col, b)``, so a test can tell chips, rows, columns and bands apart.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import write_png, zip_dir

SIZE = 12
#: per split: (class folder, number of chips), in the loader's (class index) order
CHIPS = {
    "train": [("High", 2), ("Non-burnable", 1), ("Water", 2)],
    "val": [("Low", 1), ("Very_High", 1)],
}
#: the WHP grid_code of each class folder (part of the publisher's file names)
GRID_CODE = {"Very_Low": 1, "Low": 2, "Moderate": 3, "High": 4, "Very_High": 5,
             "Non-burnable": 6, "Water": 7}


def pixel(n: int, row: int, col: int, band: int) -> np.ndarray | int:
    return 7 * n + 3 * row + 2 * col + 60 * band


def chip(n: int) -> np.ndarray:
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    return np.stack([pixel(n, rows, cols, b) for b in range(3)], axis=-1).astype(np.uint8)


def make(root: Path) -> dict[str, Any]:
    """Write ``FireRisk.zip`` into ``root``; return ``{"dir", "archives": {name: md5}}``."""
    staging = root / "_staging"
    for split, classes in CHIPS.items():
        n = 0
        for cls, count in classes:
            for k in range(count):
                name = f"{27000 + 13 * n}_{GRID_CODE[cls]}_{-120.5 + n:.4f}_{38.25 - k:.4f}.png"
                write_png(staging / "FireRisk" / split / cls / name, chip(n))
                n += 1
    digest = zip_dir(staging, "FireRisk", root / "FireRisk.zip")
    shutil.rmtree(staging)
    return {"dir": root, "archives": {"FireRisk.zip": digest}}

"""Fake BioMassters: ``<split>_features/<chip>_<S1|S2>_<MM>.tif``, ``<split>_agbm/<chip>_agbm.tif``
and ``features_metadata.csv``.

Sentinel-1 chips are float32 with 4 bands, Sentinel-2 chips uint16 with 11; band ``b`` of
chip ``k``, month ``m`` holds ``pixel(k, sensor, m, b, row, col)``; the biomass raster of
chip ``k`` holds ``agbm(k, row, col)``. Chip 0 lacks Sentinel-2 for months 2 and 5.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import write_tif

SIZE = 6
CHIPS = {"train": ["0a1b2c3d", "4e5f6071", "8293a4b5"], "test": ["c6d7e8f9"]}
MISSING_S2 = {("0a1b2c3d", 2), ("0a1b2c3d", 5)}
COUNT = {"S1": 4, "S2": 11}


def pixel(k: int, sensor: str, month: int, band: int, row: Any, col: Any) -> Any:
    base = 1000 * k + 40 * month + 3 * band
    return base + 0.5 * row + 0.25 * col if sensor == "S1" else base + 2 * row + col


def agbm(k: int, row: Any, col: Any) -> Any:
    return 10.0 * k + 1.5 * row + 0.125 * col


def make(root: Path) -> dict[str, Any]:
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    records = []
    k = 0
    for split, chips in CHIPS.items():
        for chip in chips:
            for sensor, count in COUNT.items():
                for month in range(12):
                    if sensor == "S2" and (chip, month) in MISSING_S2:
                        continue
                    name = f"{chip}_{sensor}_{month:02d}.tif"
                    dtype = np.float32 if sensor == "S1" else np.uint16
                    array = np.stack([pixel(k, sensor, month, b, rows, cols)
                                      for b in range(count)]).astype(dtype)
                    write_tif(root / f"{split}_features" / name, array, crs=None)
                    records.append({"filename": name, "chip_id": chip, "satellite": sensor,
                                    "split": split, "month": month,
                                    "corresponding_agbm": f"{chip}_agbm.tif"})
            write_tif(root / f"{split}_agbm" / f"{chip}_agbm.tif",
                      agbm(k, rows, cols)[None].astype(np.float32), crs=None)
            k += 1
    with open(root / "features_metadata.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    return {"chips": CHIPS}

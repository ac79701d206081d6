"""Fake South Africa Crop Type release: ``<split>/imagery/s2/<field>/<yyyy_mm_dd>/
<field>_<yyyy_mm_dd>_<band>_10m.tif`` (uint16, 12 bands + CLM), ``.../s1/...`` (float32 VH,
VV), and ``<split>/labels/<field>.tif`` (uint8 crop codes 0-9); EPSG:32734, 10 m.

Field ``k`` sits ``k`` field widths east of ``ORIGIN``; on date ``d`` its band ``b`` holds
``crop_value(k, b, d, row, col)`` and its label ``crop_label(k, row, col)``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["ORIGIN", "S1", "S2", "SIZE", "crop_field", "crop_label", "crop_value"]

S2 = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12",
      "CLM")
S1 = ("VH", "VV")
ORIGIN = (300000.0, 6300000.0)
SIZE = 12


def crop_value(k: int, band: str, day: date, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Value of ``band`` of field ``k`` on ``day``."""
    b = (S2 + S1).index(band)
    return (500 * b + 50 * k + day.day + 2 * rows + 0.5 * cols).astype(np.float32)


def crop_label(k: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Crop code (0-9) of field ``k``."""
    return ((k + rows + 2 * cols) % 10).astype(np.uint8)


def crop_field(root: str | Path, field: int = 1234, k: int = 0, split: str = "train",
               s2_dates: tuple[date, ...] = (date(2017, 7, 3), date(2017, 7, 13)),
               s1_dates: tuple[date, ...] = (date(2017, 7, 5),), label: bool = True) -> None:
    """Write field ``field``'s imagery and (with ``label``) its label under ``root``."""
    base = Path(root) / split
    transform = Affine(10.0, 0, ORIGIN[0] + k * SIZE * 10, 0, -10.0, ORIGIN[1])
    rows, cols = grid(SIZE, SIZE)
    for kind, bands, dates in (("s2", S2, s2_dates), ("s1", S1, s1_dates)):
        for day in dates:
            stamp = f"{day:%Y_%m_%d}"
            for band in bands:
                data = crop_value(k, band, day, rows, cols)
                if kind == "s2":
                    data = data.astype(np.uint16)
                write_tif(base / "imagery" / kind / str(field) / stamp /
                          f"{field}_{stamp}_{band}_10m.tif", data, "EPSG:32734", transform)
    if label:
        write_tif(base / "labels" / f"{field}.tif", crop_label(k, rows, cols), "EPSG:32734",
                  transform)

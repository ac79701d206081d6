"""Fake South America Soybean maps: ``SouthAmerica_Soybean_<year>.tif`` (uint8 1 soybean /
0 other, WGS 84, 0.00025 degree).

The map of year ``year`` holds ``soy_value(year, row, col)``: soybean in diagonal stripes
whose phase moves with the year, so years and windows tell apart.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["ORIGIN", "RES", "soy_map", "soy_value"]

RES = 0.00025
ORIGIN = (-55.0, -12.0)  # Mato Grosso


def soy_value(year: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """1 where ``(row + 2 col + year) % 5 < 2``, else 0."""
    return ((rows + 2 * cols + year) % 5 < 2).astype(np.uint8)


def soy_map(root: str | Path, year: int = 2021, size: int = 40) -> Path:
    """Write ``root/SouthAmerica_Soybean_<year>.tif``; return its path."""
    rows, cols = grid(size, size)
    return write_tif(Path(root) / f"SouthAmerica_Soybean_{year}.tif",
                     soy_value(year, rows, cols), "EPSG:4326",
                     Affine(RES, 0.0, ORIGIN[0], 0.0, -RES, ORIGIN[1]))

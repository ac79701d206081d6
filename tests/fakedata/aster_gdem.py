"""Fake ASTER GDEM v3 tiles: ``ASTGTMV003_<tile>_dem.tif`` (int16 metres, -9999 no data) and
``ASTGTMV003_<tile>_num.tif`` (int16 scene counts), WGS 84, 1 arc-second, pixel centres on
whole degrees, and the per-tile zip ``ASTGTMV003_<tile>.zip`` LP DAAC distributes.

Tile ``k`` holds ``gdem_value(k, row, col, band)`` from its upper-left pixel; tiles are named
by the lower-left corner of their 1 degree cell (``N45E006``: upper-left pixel centred on
6 E, 46 N).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif, zip_flat

__all__ = ["RES", "gdem_tile", "gdem_value", "gdem_zip", "upper_left"]

RES = 1 / 3600


def gdem_value(k: int, rows: np.ndarray, cols: np.ndarray, band: str) -> np.ndarray:
    """``dem``: 500 m per tile + 2 per row + 1 per column; ``num``: 1 + (row + col) % 7."""
    if band == "num":
        return (1 + (rows + cols + k) % 7).astype(np.int16)
    value = (500 * k + 100 + 2 * rows + cols).astype(np.int16)
    return np.where(rows + cols < 2, np.int16(-9999), value).astype(np.int16)


def upper_left(tile: str) -> tuple[float, float]:
    """Upper-left corner (lon, lat) of the tile's 3601 px grid."""
    lat = float(tile[1:3]) * (1 if tile[0] == "N" else -1) + 1
    lon = float(tile[4:7]) * (1 if tile[3] == "E" else -1)
    return lon - RES / 2, lat + RES / 2


def gdem_tile(root: str | Path, tile: str = "N45E006", k: int = 0, size: int = 40
              ) -> list[Path]:
    """Write the ``dem`` and ``num`` files (``size`` px of the tile's top-left); return them."""
    x, y = upper_left(tile)
    rows, cols = grid(size, size)
    transform = Affine(RES, 0.0, x, 0.0, -RES, y)
    return [write_tif(Path(root) / f"ASTGTMV003_{tile}_{band}.tif",
                      gdem_value(k, rows, cols, band), "EPSG:4326", transform,
                      nodata=-9999 if band == "dem" else None)
            for band in ("dem", "num")]


def gdem_zip(folder: str | Path, tile: str = "N45E006", k: int = 0, size: int = 40) -> Path:
    """Write ``ASTGTMV003_<tile>.zip`` with both files into ``folder``."""
    folder = Path(folder)
    staging = folder / f".staging_{tile}"
    return zip_flat(folder / f"ASTGTMV003_{tile}.zip", gdem_tile(staging, tile, k, size),
                    remove=staging)

"""Fake EU-DEM v1.1 tiles: ``eu_dem_v11_E<xx>N<yy>.TIF`` (float32 metres, EPSG:3035, 25 m,
nodata -3.4028235e38) and the per-tile zip the Copernicus Land service distributes.

A tile holds ``dem_value(k, row, col)`` (tile ``k``) from the upper-left corner of its
1000 km square, with nodata in its upper-left corner triangle.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif, zip_flat

__all__ = ["NODATA", "dem_tile", "dem_value", "dem_zip", "tile_origin"]

NODATA = float(np.finfo(np.float32).min)


def dem_value(k: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Height of tile ``k``: 1000 m per tile, 0.5 m per row, 0.25 m per column."""
    value = (1000.0 * k + 100.0 + 0.5 * rows + 0.25 * cols).astype(np.float32)
    return np.where(rows + cols < 3, np.float32(NODATA), value).astype(np.float32)


def tile_origin(tile: str) -> tuple[float, float]:
    """Upper-left corner (EPSG:3035) of tile ``E<xx>N<yy>`` (lower-left corner in 100 km)."""
    return float(tile[1:3]) * 100_000, (float(tile[4:6]) + 10) * 100_000


def dem_tile(root: str | Path, tile: str = "E40N20", k: int = 0, size: int = 40) -> Path:
    """Write ``size`` px of tile ``tile`` (its upper-left corner) as ``root/<name>.TIF``."""
    x, y = tile_origin(tile)
    rows, cols = grid(size, size)
    return write_tif(Path(root) / f"eu_dem_v11_{tile}.TIF", dem_value(k, rows, cols),
                     "EPSG:3035", Affine(25.0, 0.0, x, 0.0, -25.0, y), nodata=NODATA)


def dem_zip(folder: str | Path, tile: str = "E40N20", k: int = 0, size: int = 40) -> Path:
    """Write ``eu_dem_v11_<tile>.zip`` (the TIF and its world file) into ``folder``."""
    folder = Path(folder)
    staging = folder / f".staging_{tile}"
    return zip_flat(folder / f"eu_dem_v11_{tile}.zip", [dem_tile(staging, tile, k, size)],
                    {f"eu_dem_v11_{tile}.TFw": "25\n0\n0\n-25\n0\n0\n"}, remove=staging)

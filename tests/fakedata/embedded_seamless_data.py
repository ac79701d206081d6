"""Fake Embedded Seamless Data tiles as the publisher lays them out:
``SDC30_EBD_V001/<year>/SDC30_EBD_V001_<MGRS tile>_<year>.tif``, 13 uint16 bands (12 monthly
FSQ indices in 0..63999, then a QA band of small integers), no nodata tag, WGS 84 / UTM of the
tile's zone at 30 m.

Tile ``k`` holds ``esd_index(k, month, row, col)`` in the band of ``month`` (1-12).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["esd_index", "esd_tile"]


def esd_index(k: int, months: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """FSQ indices of tile ``k`` varying with the month, row and column, so that every digit
    (levels 8, 8, 8, 5, 5, 5) varies too (months broadcast as ``[M, 1, 1]``)."""
    return ((9973 * k + 4099 * months + 517 * rows + 37 * cols) % 64000).astype(np.uint16)


def esd_tile(root: str | Path, tile: str = "36RUU", year: int = 2024, k: int = 0,
             origin: tuple[float, float] = (300000.0, 3400020.0), size: int = 30,
             epsg: int = 32636) -> Path:
    """Write tile ``k`` (``size`` px at 30 m, north-west corner ``origin``); return it."""
    rows, cols = grid(size, size)
    months = np.arange(1, 13)[:, None, None]
    qa = ((rows + cols) % 10).astype(np.uint16)[None]
    data = np.concatenate([esd_index(k, months, rows[None], cols[None]), qa])
    name = f"SDC30_EBD_V001_{tile}_{year}.tif"
    return write_tif(Path(root) / "SDC30_EBD_V001" / str(year) / name, data, f"EPSG:{epsg}",
                     Affine(30.0, 0.0, origin[0], 0.0, -30.0, origin[1]), compress="deflate",
                     tiled=True, blockxsize=16, blockysize=16)

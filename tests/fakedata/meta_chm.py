"""Fake Meta / WRI canopy height tiles: ``chm/<quadkey>.tif`` (uint8 metres, EPSG:3857, the
zoom-9 tile's north-west corner at 40075016.686 / 2**25 m per pixel), as in the bucket
``forests/v1/alsgedi_global_v6_float/``.

Tile ``k`` holds ``chm_value(k, row, col)`` from the tile's upper-left corner.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["HALF", "RES", "chm_corner", "chm_tile", "chm_value"]

HALF = 20037508.342789244
RES = 2 * HALF / 2 ** 25  # 65536 pixels per zoom-9 tile


def chm_value(k: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Height in metres: ``(40 k + row + 2 col) % 61``."""
    return ((40 * k + rows + 2 * cols) % 61).astype(np.uint8)


def chm_corner(quadkey: str) -> tuple[float, float]:
    """North-west corner (x, y) in EPSG:3857 of the tile, from the quadkey's digits (bit 0 of
    each digit steps east, bit 1 south)."""
    x = y = 0
    for digit in quadkey:
        x, y = 2 * x + int(digit) % 2, 2 * y + int(digit) // 2
    size = 2 * HALF / 2 ** len(quadkey)
    return -HALF + x * size, HALF - y * size


def chm_tile(root: str | Path, quadkey: str = "120230330", k: int = 0, size: int = 40,
             folder: str = "chm") -> Path:
    """Write ``size`` px of the tile (its north-west corner) as ``root/<folder>/<qk>.tif``."""
    x, y = chm_corner(quadkey)
    rows, cols = grid(size, size)
    return write_tif(Path(root) / folder / f"{quadkey}.tif", chm_value(k, rows, cols),
                     "EPSG:3857", Affine(RES, 0.0, x, 0.0, -RES, y), compress="deflate",
                     tiled=True, blockxsize=16, blockysize=16)

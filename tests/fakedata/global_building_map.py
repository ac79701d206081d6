"""Fake GlobalBuildingMap tiles: ``GBM_v1_<e|w><lon>_<n|s><lat>_<e|w><lon>_<n|s><lat>.tif``
(uint8, 255 building, 0 not, EPSG:3857 at 3 m, the grid starting at the tile's north-west
corner), in a folder per continent.

Tile ``k`` holds ``gbm_value(k, row, col)`` from its upper-left corner.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine
from pyproj import Transformer

from fakedata._layers import grid, write_tif

__all__ = ["RES", "gbm_corner", "gbm_tile", "gbm_value"]

RES = 3.0


def gbm_value(k: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """255 (building) on blocks that move with the tile: ``(row // 3 + col // 2 + k) % 3 == 0``."""
    return np.where((rows // 3 + cols // 2 + k) % 3 == 0, 255, 0).astype(np.uint8)


def gbm_corner(west: int, north: int) -> tuple[float, float]:
    """The tile's north-west corner in EPSG:3857 metres, snapped to the 3 m grid."""
    x, y = Transformer.from_crs(4326, 3857, always_xy=True).transform(west, north)
    return float(np.floor(x / RES) * RES), float(np.floor(y / RES) * RES)


def _name(west: int, north: int) -> str:
    def lon(v: int) -> str:
        return f"{'e' if v >= 0 else 'w'}{abs(v):03d}"

    def lat(v: int) -> str:
        return f"{'n' if v >= 0 else 's'}{abs(v):02d}"

    return f"GBM_v1_{lon(west)}_{lat(north)}_{lon(west + 5)}_{lat(north - 5)}.tif"


def gbm_tile(root: str | Path, west: int = 0, north: int = 10, k: int = 0, size: int = 48,
             continent: str = "africa") -> Path:
    """Write ``size`` px of the tile whose north-west corner is (``west``, ``north``)."""
    x, y = gbm_corner(west, north)
    rows, cols = grid(size, size)
    return write_tif(Path(root) / continent / _name(west, north), gbm_value(k, rows, cols),
                     "EPSG:3857", Affine(RES, 0.0, x, 0.0, -RES, y), compress="lzw")

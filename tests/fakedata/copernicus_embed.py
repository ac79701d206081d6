"""Fake Copernicus-Embed map as TorchGeo's Hugging Face copy holds it: ``embed_map_310k.tif``,
768 float32 bands, WGS 84, 0.25 degree cells centred on the quarter degrees (the full map's
north-west pixel is centred on 180 W, 90 N), no nodata tag, 0 vectors where nothing was
encoded (ocean).

The fake is a window of that grid: ``rows`` x ``cols`` cells from cell (``row0``, ``col0``)
of the full 721 x 1440 map. Cell (row, col) of the full map holds ``embed_value(band, row,
col)``, and the zero vector where ``ocean(row, col)``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["FILE", "embed_map", "embed_value", "full_map_transform", "ocean"]

FILE = "embed_map_310k.tif"


def full_map_transform() -> Affine:
    return Affine(0.25, 0.0, -180.125, 0.0, -0.25, 90.125)


def ocean(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    return (rows + 2 * cols) % 9 == 0


def embed_value(bands: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Exact float32 values in [-1, 1) varying with the band, row and column (of the full map);
    0 in ocean cells."""
    value = ((5 * bands + 3 * rows + 11 * cols) % 128 - 64) / 64.0
    return np.where(ocean(rows, cols), 0.0, value).astype(np.float32)


def embed_map(root: str | Path, row0: int = 150, col0: int = 744, rows: int = 16,
              cols: int = 20) -> Path:
    """Write the window of the map as ``root/embed_map_310k.tif``; return it."""
    r, c = grid(rows, cols)
    data = embed_value(np.arange(768)[:, None, None], (r + row0)[None], (c + col0)[None])
    transform = full_map_transform() @ Affine.translation(col0, row0)
    return write_tif(Path(root) / FILE, data, "EPSG:4326", transform, tiled=True,
                     blockxsize=16, blockysize=16, compress="deflate", interleave="pixel")

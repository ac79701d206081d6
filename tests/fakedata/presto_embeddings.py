"""Fake Presto embeddings of Togo: Earth Engine export tiles as published on Hugging Face.

``Togo_Presto_embeddings_v2025_06_19<row:10>-<col:10>.tif``: 128 uint16 bands (pixel
interleave, LZW, 256 x 256 blocks) in EPSG:25231 at 10 m. Two tiles side by side (the second
one ``SIZE`` columns east, named by that column offset); a pixel's value encodes its band,
row and column over the whole mosaic: ``value(b, r, c) = b * 512 + r * 32 + c``, so a test
proves the window read, the band order and the seam between tiles.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["BANDS", "CORNER", "RES", "SIZE", "tile_name", "value", "write_tiles"]

BANDS = 128
SIZE = 16
RES = 10.0
#: upper-left corner of the first tile (EPSG:25231, metres; the published tiles' origin)
CORNER = (156130.0, 1233190.0)
PREFIX = "Togo_Presto_embeddings_v2025_06_19"


def value(band: int, row: int, col: int) -> int:
    """The fake value of band ``band`` (0-based) at mosaic pixel (``row``, ``col``)."""
    return band * 512 + row * 32 + col


def tile_name(row: int, col: int) -> str:
    """Earth Engine's name of the tile whose first pixel is (``row``, ``col``)."""
    return f"{PREFIX}{row:010d}-{col:010d}.tif"


def write_tiles(root: str | Path) -> list[Path]:
    """Write the two tiles under ``root``; return their paths."""
    rows, cols = grid(SIZE, SIZE)
    out = []
    for offset in (0, SIZE):
        data = np.stack([value(b, rows, cols + offset) for b in range(BANDS)]).astype(np.uint16)
        transform = Affine(RES, 0.0, CORNER[0] + offset * RES, 0.0, -RES, CORNER[1])
        out.append(write_tif(Path(root) / tile_name(0, offset), data, "EPSG:25231", transform,
                             tiled=True, blockxsize=256, blockysize=256, compress="lzw",
                             interleave="pixel"))
    return out

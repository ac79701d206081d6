"""Fake Google Satellite Embedding COGs as Google and Source Cooperative publish them:
``<year>/<zone>/<id>-<row offset>-<col offset>.tiff`` (10 digit offsets), 64 int8 bands named
``A00``-``A63``, nodata -128, WGS 84 / UTM at 10 m, "bottom-up" (origin at the lower-left
corner, positive y resolution), with a stand-in for the ``.vrt`` Source Cooperative puts
beside each file (a loader must not index it: it shows the same pixels again).

File ``k`` holds ``gse_code(k, band, row, col)`` with ``row`` counted from the **north** edge
(so a test reads it as any north-up raster), -128 in its first two columns of the top row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["gse_code", "gse_file", "gse_name"]


def gse_code(k: int, bands: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """int8 codes of file ``k``: vary with the file, band, row (from the north) and column,
    span negative and positive values, never -128 (bands broadcast as ``[C, 1, 1]``)."""
    value = (7 * k + 3 * bands + 5 * rows + 2 * cols) % 241 - 120
    return value.astype(np.int8)


def gse_name(k: int = 0, row: int = 0, col: int = 0) -> str:
    return f"x{k:02d}q72fv2f9q1x4a-{row:010d}-{col:010d}.tiff"


def gse_file(root: str | Path, year: int = 2024, zone: str = "10N", k: int = 0,
             origin: tuple[float, float] = (500000.0, 4000000.0), size: int = 24,
             epsg: int = 32610, offsets: tuple[int, int] = (0, 0), vrt: bool = True) -> Path:
    """Write file ``k`` (``size`` px at 10 m, north-west corner ``origin``) as
    ``root/<year>/<zone>/<name>.tiff``; return it."""
    rows, cols = grid(size, size)
    bands = np.arange(64)[:, None, None]
    codes = gse_code(k, bands, rows[None], cols[None])
    codes[:, 0, :2] = -128
    west, north = origin
    # bottom-up: the first stored row is the southernmost
    transform = Affine(10.0, 0.0, west, 0.0, 10.0, north - 10.0 * size)
    path = Path(root) / str(year) / zone / gse_name(k, *offsets)
    write_tif(path, codes[:, ::-1, :].copy(), f"EPSG:{epsg}", transform, nodata=-128,
              compress="deflate")
    import rasterio

    with rasterio.open(path, "r+") as dst:
        dst.descriptions = tuple(f"A{b:02d}" for b in range(64))
    if vrt:
        path.with_suffix(".vrt").write_text(
            f'<VRTDataset rasterXSize="{size}" rasterYSize="{size}">'
            f'<SourceFilename relativeToVRT="1">{path.name}</SourceFilename></VRTDataset>\n')
    return path

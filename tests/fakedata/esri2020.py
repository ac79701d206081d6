"""Fake Esri 2020 land cover: ``<zone>_20200101-20210101.tif`` tiles (uint8 codes 0-10, WGS 84 /
UTM, 10 m) in the release folder, and the release zip that holds them.

Tile ``k`` holds ``esri_value(k, row, col)``: codes 1-10 varying with the tile and the pixel,
and 0 (no data) in its upper-left corner triangle.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["FOLDER", "ZIP", "esri_tile", "esri_value", "esri_zip"]

FOLDER = "io-lulc-model-001-v01-composite-v03-supercell-v02-clip-v01"
ZIP = FOLDER + ".zip"


def esri_value(k: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Code of tile ``k`` at ``rows``/``cols``: 0 in the corner triangle, else 1-10."""
    value = 1 + (3 * k + rows + 2 * cols) % 10
    return np.where(rows + cols < 4, 0, value).astype(np.uint8)


def esri_tile(root: str | Path, zone: str = "15S", k: int = 0,
              origin: tuple[float, float] = (500000.0, 4400000.0), size: int = 60,
              epsg: int = 32615) -> Path:
    """Write tile ``k`` (``size`` px at 10 m) of military grid zone ``zone``; return it."""
    rows, cols = grid(size, size)
    return write_tif(Path(root) / FOLDER / f"{zone}_20200101-20210101.tif",
                     esri_value(k, rows, cols), f"EPSG:{epsg}",
                     Affine(10.0, 0.0, origin[0], 0.0, -10.0, origin[1]), nodata=0)


def esri_zip(folder: str | Path, **kwargs: object) -> Path:
    """Write the release zip (folder ``<release>/`` with one tile) into ``folder``."""
    folder = Path(folder)
    staging = folder / ".staging"
    tif = esri_tile(staging, **kwargs)  # type: ignore[arg-type]
    path = folder / ZIP
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(tif, f"{FOLDER}/{tif.name}")
    shutil.rmtree(staging)
    return path

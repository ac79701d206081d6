"""Fake Global Mangrove Watch v3.0: ``gmw_v3_<year>_gtiff.zip`` archives holding
``gmw_v3_<year>/GMW_<tile>_<year>_v3.tif`` (uint8, 1 mangrove, 0 not and no data, WGS 84,
1/4500 degree, tiles named by their upper-left corner, the mangrove colour table embedded),
and a change tile ``GMW_<tile>_chng_f1996_t<year>_v3.tif`` beside them that is not extent.

Tile ``k`` holds ``gmw_value(k, row, col)`` from its upper-left corner.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["RES", "gmw_corner", "gmw_tile", "gmw_value", "gmw_zip"]

RES = 1 / 4500


def gmw_value(k: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Mangrove (1) where ``(row + 2 col + 3 k) % 5 < 2``, else 0: a diagonal stripe pattern
    that moves with the tile."""
    return ((rows + 2 * cols + 3 * k) % 5 < 2).astype(np.uint8)


def gmw_corner(tile: str) -> tuple[float, float]:
    """Upper-left corner (lon, lat) of the tile: GMW names tiles by that corner."""
    lat = int(tile[1:3]) * (1 if tile[0] == "N" else -1)
    lon = int(tile[4:7]) * (1 if tile[3] == "E" else -1)
    return float(lon), float(lat)


def gmw_tile(root: str | Path, tile: str = "N26W082", year: int = 2020, k: int = 0,
             size: int = 40, change: bool = True) -> Path:
    """Write ``size`` px of ``tile``'s extent map (its upper-left corner) under
    ``root/gmw_v3_<year>/`` (and a change tile beside it); return the extent tile."""
    folder = Path(root) / f"gmw_v3_{year}"
    lon, lat = gmw_corner(tile)
    rows, cols = grid(size, size)
    transform = Affine(RES, 0.0, lon, 0.0, -RES, lat)
    path = write_tif(folder / f"GMW_{tile}_{year}_v3.tif", gmw_value(k, rows, cols),
                     "EPSG:4326", transform, nodata=0, compress="deflate")
    with rasterio.open(path, "r+") as dst:
        dst.write_colormap(1, {0: (0, 0, 0, 0), 1: (0, 150, 0, 255)})
    if change:
        write_tif(folder / f"GMW_{tile}_chng_f1996_t{year}_v3.tif",
                  np.full((size, size), 2, dtype=np.uint8), "EPSG:4326", transform, nodata=0)
    return path


def gmw_zip(folder: str | Path, year: int = 2020,
            tiles: tuple[tuple[str, int], ...] = (("N26W082", 0),)) -> Path:
    """Write ``gmw_v3_<year>_gtiff.zip`` holding ``gmw_v3_<year>/`` with ``tiles`` (name, k)
    into ``folder``; return it."""
    folder = Path(folder)
    staging = folder / f".staging_gmw_{year}"
    files = [gmw_tile(staging, tile, year, k, change=False) for tile, k in tiles]
    path = folder / f"gmw_v3_{year}_gtiff.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.write(file, file.relative_to(staging).as_posix())
    shutil.rmtree(staging)
    return path

"""Fake ESA WorldCover: ``ESA_WorldCover_10m_<year>_<version>_<tile>_Map.tif`` map tiles (uint8
class codes, 0 no data, WGS 84, 1/12000 degree, ESA's colour table embedded) with their
three-band ``_InputQuality.tif`` beside them, in the bucket's ``<version>/<year>/map/`` layout,
and the 60 degree macrotile zips of the WorldCover sites (tiles at the top, version spelled
``V200``).

Tile ``k`` holds ``wc_value(k, row, col)`` from the upper-left corner of its 3 degree cell:
the 11 codes cycling with the tile and the pixel, 0 (no data) in the corner triangle.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from affine import Affine

from fakedata._layers import grid, write_tif, zip_flat

__all__ = ["CODES", "RELEASES", "RES", "corner", "tile_name", "wc_macrotile_zip", "wc_tile",
           "wc_value"]

RES = 1 / 12000
#: the published class codes (no data excluded), in order
CODES = (10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100)
RELEASES = {2020: "v100", 2021: "v200"}
_COLORS = {10: (0, 100, 0), 20: (255, 187, 34), 30: (255, 255, 76), 40: (240, 150, 255),
           50: (250, 0, 0), 60: (180, 180, 180), 70: (240, 240, 240), 80: (0, 100, 200),
           90: (0, 150, 160), 95: (0, 207, 117), 100: (250, 230, 160)}


def wc_value(k: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Code of tile ``k`` at ``rows``/``cols``: 0 where ``row + col < 3``, else a code."""
    codes = np.asarray(CODES, dtype=np.uint8)[(3 * k + rows + 2 * cols) % len(CODES)]
    return np.where(rows + cols < 3, 0, codes).astype(np.uint8)


def corner(tile: str) -> tuple[float, float]:
    """Upper-left corner (lon, lat) of the 3 degree cell named by its lower-left corner."""
    lat = int(tile[1:3]) * (1 if tile[0] == "N" else -1)
    lon = int(tile[4:7]) * (1 if tile[3] == "E" else -1)
    return float(lon), float(lat + 3)


def tile_name(year: int, tile: str, version: str | None = None) -> str:
    return f"ESA_WorldCover_10m_{year}_{version or RELEASES[year]}_{tile}_Map.tif"


def wc_tile(root: str | Path, tile: str = "N45E006", year: int = 2021, k: int = 0,
            size: int = 60, bucket_layout: bool = True, version: str | None = None) -> Path:
    """Write ``size`` px of ``tile``'s map (its upper-left corner) and a small InputQuality
    beside it, under ``root/<version>/<year>/map/`` (or ``root`` itself); return the map."""
    version = version or RELEASES[year]
    folder = Path(root) / (f"{version.lower()}/{year}/map" if bucket_layout else "")
    lon, lat = corner(tile)
    rows, cols = grid(size, size)
    path = write_tif(folder / tile_name(year, tile, version), wc_value(k, rows, cols),
                     "EPSG:4326", Affine(RES, 0.0, lon, 0.0, -RES, lat), nodata=0,
                     compress="deflate")
    with rasterio.open(path, "r+") as dst:
        dst.write_colormap(1, {0: (0, 0, 0, 0), **{c: (*rgb, 255) for c, rgb in _COLORS.items()}})
    quality = np.stack([np.full((10, 10), v, dtype=np.int16) for v in (7, 40, 12)])
    write_tif(folder / tile_name(year, tile, version).replace("_Map.", "_InputQuality."),
              quality, "EPSG:4326", Affine(RES * 6, 0.0, lon, 0.0, -RES * 6, lat), nodata=-1)
    return path


def wc_macrotile_zip(folder: str | Path, year: int = 2021, macro: str = "N30E000",
                     tiles: tuple[tuple[str, int], ...] = (("N45E006", 0),)) -> Path:
    """Write ``ESA_WorldCover_10m_<year>_<version>_60deg_macrotile_<macro>.zip`` holding the
    map and InputQuality files of ``tiles`` (name, k) at its top into ``folder``."""
    folder = Path(folder)
    staging = folder / f".staging_{macro}"
    version = RELEASES[year].upper()
    for tile, k in tiles:
        wc_tile(staging, tile, year, k, bucket_layout=False, version=version)
    files = sorted(staging.glob("*.tif"))
    return zip_flat(folder / f"ESA_WorldCover_10m_{year}_{RELEASES[year]}_60deg_macrotile_"
                             f"{macro}.zip", files, remove=staging)

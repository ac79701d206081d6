"""Fake Copernicus DEM tiles as the AWS buckets publish them: ``<name>/<name>.tif`` with
``<name>`` = ``Copernicus_DSM_COG_<10|30>_<N45>_00_<E006>_00_DEM`` (float32 metres, WGS 84,
``AREA_OR_POINT=Point``, no nodata tag), pixel centres on whole arc-seconds from the tile's
north-west corner, columns wider above 50 degrees; and the bucket's ``tileList.txt``.

Tile ``k`` holds ``dem_value(k, row, col)`` from its upper-left pixel.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["ARCSEC", "dem_name", "dem_spacing", "dem_tile", "dem_transform", "dem_value",
           "tile_list"]

ARCSEC = {30: "10", 90: "30"}


def dem_value(k: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Heights of tile ``k``: 100 m per tile + 2.5 per row + 0.25 per column (exact floats)."""
    return (100.0 * k + 10.0 + 2.5 * rows + 0.25 * cols).astype(np.float32)


def dem_name(tile: str, resolution: int = 30) -> str:
    return f"Copernicus_DSM_COG_{ARCSEC[resolution]}_{tile[:3]}_00_{tile[3:]}_00_DEM"


def dem_spacing(tile: str, resolution: int = 30) -> tuple[float, float]:
    """(x, y) pixel size in degrees: 1 or 3 arc-seconds, x widened with latitude."""
    lat = int(tile[1:3]) * (1 if tile[0] == "N" else -1)
    nearest_pole = max(abs(lat), abs(lat + 1))
    factor = next(f for limit, f in ((50, 1), (60, 1.5), (70, 2), (80, 3), (85, 5), (90, 10))
                  if nearest_pole <= limit)
    y = 3 / 3600 if resolution == 90 else 1 / 3600
    return y * factor, y


def dem_transform(tile: str, resolution: int = 30) -> Affine:
    """The tile's transform: first pixel centred on its north-west corner."""
    lat = int(tile[1:3]) * (1 if tile[0] == "N" else -1)
    lon = int(tile[4:7]) * (1 if tile[3] == "E" else -1)
    x, y = dem_spacing(tile, resolution)
    return Affine(x, 0.0, lon - x / 2, 0.0, -y, lat + 1 + y / 2)


def dem_tile(root: str | Path, tile: str = "N45E006", resolution: int = 30, k: int = 0,
             size: int = 40, nodata: float | None = None) -> Path:
    """Write ``size`` px of the tile's top-left as ``root/<name>/<name>.tif``; return it."""
    name = dem_name(tile, resolution)
    rows, cols = grid(size, size)
    path = write_tif(Path(root) / name / f"{name}.tif", dem_value(k, rows, cols), "EPSG:4326",
                     dem_transform(tile, resolution), nodata=nodata, compress="deflate",
                     predictor=3)
    with rasterio.open(path, "r+") as dst:
        dst.update_tags(AREA_OR_POINT="Point")
    return path


def tile_list(path: str | Path, tiles: list[str], resolution: int = 30) -> Path:
    """Write the bucket's ``tileList.txt`` (one tile name a line) to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(dem_name(t, resolution) + "\n" for t in tiles))
    return path

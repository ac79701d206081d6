"""Fake Tessera tiles as GeoTessera lays them out:
``global_0.1_degree_representation/<year>/<tile>/<tile>.npy`` (int8 ``(H, W, 128)``),
``.../<tile>/<tile>_scales.npy`` (float32 ``(H, W)``, or ``(H, W, 128)``) and
``global_0.1_degree_tiff_all/<tile>.tiff`` (uint8 land mask, 1 land / 0 water, carrying the
tile's UTM CRS and 10 m transform), ``<tile>`` = ``grid_<lon>_<lat>`` of the cell's centre.

The fake tile is the north-west ``height`` x ``width`` px of the cell, from the cell's
north-west corner projected into the UTM zone of its centre (snapped to 10 m). Tile ``k``
holds ``tessera_code(k, band, row, col)`` scaled by ``tessera_scale(k, row, col)``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine
from pyproj import Transformer

from fakedata._layers import grid, write_tif

__all__ = ["tessera_code", "tessera_origin", "tessera_scale", "tessera_tile"]


def tessera_code(k: int, bands: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """int8 codes varying with the tile, band, row and column (bands as ``[C, 1, 1]``)."""
    return ((11 * k + 5 * bands + 3 * rows + 7 * cols) % 255 - 127).astype(np.int8)


def tessera_scale(k: int, rows: np.ndarray, cols: np.ndarray,
                  bands: np.ndarray | int = 0) -> np.ndarray:
    """Exact float32 scales (multiples of 1/256) varying with the tile, row and column."""
    return ((1 + (k + rows + 2 * cols + bands) % 7) / 256.0).astype(np.float32)


def tessera_origin(tile: str) -> tuple[int, tuple[float, float]]:
    """EPSG code of the UTM zone of the tile's centre and the cell's north-west corner in it."""
    lon, lat = (float(v) for v in tile[len("grid_"):].split("_"))
    epsg = (32600 if lat >= 0 else 32700) + int((lon + 180) // 6) + 1
    x, y = Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True).transform(
        lon - 0.05, lat + 0.05)
    return epsg, (10.0 * round(x / 10), 10.0 * round(y / 10))


def tessera_tile(root: str | Path, tile: str = "grid_0.15_52.05", year: int = 2024, k: int = 0,
                 height: int = 20, width: int = 24, per_band_scales: bool = False) -> Path:
    """Write the tile's arrays for ``year`` and its land mask under ``root``; return the
    embedding ``.npy``."""
    root = Path(root)
    rows, cols = grid(height, width)
    bands = np.arange(128)[:, None, None]
    codes = tessera_code(k, bands, rows[None], cols[None])
    folder = root / "global_0.1_degree_representation" / str(year) / tile
    folder.mkdir(parents=True, exist_ok=True)
    npy = folder / f"{tile}.npy"
    np.save(npy, np.ascontiguousarray(np.moveaxis(codes, 0, -1)))
    scales = (np.moveaxis(tessera_scale(k, rows[None], cols[None], bands), 0, -1)
              if per_band_scales else tessera_scale(k, rows, cols))
    np.save(folder / f"{tile}_scales.npy", np.ascontiguousarray(scales))
    epsg, (west, north) = tessera_origin(tile)
    land = ((rows + cols) % 5 != 0).astype(np.uint8)
    write_tif(root / "global_0.1_degree_tiff_all" / f"{tile}.tiff", land, f"EPSG:{epsg}",
              Affine(10.0, 0.0, west, 0.0, -10.0, north), compress="deflate")
    return npy

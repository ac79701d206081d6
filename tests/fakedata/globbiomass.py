"""Fake GlobBiomass tiles: ``<tile>_<measurement>.tif`` and ``<tile>_<measurement>_err.tif``
(float32, WGS 84, 0.00088889 degree) and the per-tile zip ``<tile>_<measurement>.zip``.

A tile ``k`` holds ``biomass_value(k, row, col, band)`` from its upper-left corner (the tile
name): a value per tile, measurement, error flag, row and column.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif, zip_flat

__all__ = ["RES", "biomass_tile", "biomass_value", "biomass_zip", "tile_origin"]

RES = 0.000888888888889
_BANDS = {"agb": 0, "agb_err": 1, "gsv": 2, "gsv_err": 3}


def biomass_value(k: int, rows: np.ndarray, cols: np.ndarray, band: str) -> np.ndarray:
    """Value of ``band`` in tile ``k``: 1000 per tile, 100 per band, 1 per row, 0.5 per col."""
    return (1000.0 * k + 100.0 * _BANDS[band] + rows + 0.5 * cols).astype(np.float32)


def tile_origin(tile: str) -> tuple[float, float]:
    """Upper-left corner (lon, lat) of ``N40E020``-style tiles."""
    lat = float(tile[1:3]) * (1 if tile[0] == "N" else -1)
    lon = float(tile[4:7]) * (1 if tile[3] == "E" else -1)
    return lon, lat


def biomass_tile(root: str | Path, tile: str = "N40E020", measurement: str = "agb", k: int = 0,
                 size: int = 40) -> list[Path]:
    """Write the estimate and error files of ``tile`` (``size`` px); return their paths."""
    lon, lat = tile_origin(tile)
    rows, cols = grid(size, size)
    transform = Affine(RES, 0.0, lon, 0.0, -RES, lat)
    return [write_tif(Path(root) / f"{tile}_{band}.tif", biomass_value(k, rows, cols, band),
                      "EPSG:4326", transform)
            for band in (measurement, f"{measurement}_err")]


def biomass_zip(folder: str | Path, tile: str = "N40E020", measurement: str = "agb",
                k: int = 0, size: int = 40) -> Path:
    """Write ``<tile>_<measurement>.zip`` (estimate and error) into ``folder``."""
    folder = Path(folder)
    staging = folder / f".staging_{tile}_{measurement}"
    return zip_flat(folder / f"{tile}_{measurement}.zip",
                    biomass_tile(staging, tile, measurement, k, size), remove=staging)

"""Shared by the Earth embedding tests: GDAL's nearest-neighbour reading of a whole file onto
a query's grid, the independent reference of a sample read through other datasets (``&``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from affine import Affine
from rasterio.enums import Resampling
from rasterio.warp import reproject

from geoplug.core import BoundingBox

__all__ = ["gdal_nearest"]


def gdal_nearest(path: str | Path, bands: list[int], query: BoundingBox, res: float, crs: str,
                 dtype: str, fill: float = 0) -> np.ndarray:
    """``rasterio.warp.reproject`` (nearest) of ``bands`` of the whole file onto the grid of
    ``query`` at ``res`` in ``crs``: ``[len(bands), H, W]`` of ``dtype``, ``fill`` where the
    file does not reach."""
    shape = (len(bands), round((query.maxy - query.miny) / res),
             round((query.maxx - query.minx) / res))
    out = np.full(shape, fill, dtype=dtype)
    with rasterio.open(path) as src:
        reproject(rasterio.band(src, bands), out, dst_crs=crs, dst_nodata=fill,
                  dst_transform=Affine(res, 0.0, query.minx, 0.0, -res, query.maxy),
                  resampling=Resampling.nearest)
    return out

"""The warp engine: pixel-aligned patches from source files on any grid.

Given one source scene (one or several files on the same pixel grid), a destination grid (CRS,
transform, size) and a resampling method, :func:`read_source` returns the destination-grid
pixels that the scene covers. It gives the same answer as GDAL (``rasterio.warp.reproject`` of
the whole scene onto the destination grid) while reading only the source window the
destination touches:

* :mod:`~geoplug.core.warp.sources`: what is read and given back (:class:`Grid`,
  :class:`Source` and its overview :class:`Level`, :class:`Patch`) and the windowed read.
* :mod:`~geoplug.core.warp.pixelmap`: the destination-to-source pixel map, computed the way
  GDAL's approximate transformer does, and its footprint in the source;
  :mod:`~geoplug.core.warp.edges`: GDAL's exact second look at positions just outside it;
  :mod:`~geoplug.core.warp.chunks`: the chunks GDAL's warper splits a patch that mostly
  misses the raster into.
* :mod:`~geoplug.core.warp.kernels`: nearest, GDAL's four-tap bilinear and its widened
  bilinear kernel, each one vectorised step from a source window onto the destination grid.
* :mod:`~geoplug.core.warp.plan`: the reading plan of a source for a grid (overview level,
  aligned fast path, warped window and kernel, or GDAL for other methods) and
  :func:`read_source`, which carries it out; :func:`plan_compact` makes the same plan from the
  map's compact rule (:class:`~geoplug.core.warp.pixelmap.MapRule`) for deferred resampling.
* :mod:`~geoplug.core.warp.compact`: the source pixels a deferred patch needs, row by row
  (spans), packed, and their resampling with the kernels above.

Handles come from :mod:`geoplug.core.handles` (cached per process, fork/spawn safe).
"""

from __future__ import annotations

from geoplug.core.warp.pixelmap import MapRule, kernel_scales, pixel_map, source_scale
from geoplug.core.warp.plan import (
    AlignedPlan,
    CompactPlan,
    Plan,
    ReferencePlan,
    WarpPlan,
    plan_compact,
    plan_read,
    read_source,
)
from geoplug.core.warp.sources import Grid, Level, Patch, Source, resampling_of

__all__ = ["AlignedPlan", "CompactPlan", "Grid", "Level", "MapRule", "Patch", "Plan",
           "ReferencePlan", "Source", "WarpPlan", "kernel_scales", "pixel_map", "plan_compact",
           "plan_read", "read_source", "resampling_of", "source_scale"]

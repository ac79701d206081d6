"""GDAL's second look at the raster's edges: positions just outside are transformed exactly.

The pixel map interpolates each destination row between exactly transformed anchors (GDAL's
approximate transformer, up to 0.125 source pixels off). GDAL's warp kernel does not trust
that near the edges of the source: a destination pixel whose approximate position lies less
than one source pixel outside the raster is transformed again, exactly, alone, and its exact
position decides whether it is inside and what its kernel reads. Without this second look a
pixel a hair inside the raster (exactly) but a hair outside it (approximately) is left empty:
a nodata pixel on a scene's edge, or a hole on the seam between two tiles of a mosaic.

* :func:`retried`: the destination pixels GDAL transforms again, from their approximate
  positions (the order of GDAL's checks: west, north, then east/south);
* :func:`retry_edges`: the map with those pixels at their exact positions (the eager path);
* :func:`edges_change`: whether any of them is inside the raster by either position, i.e.
  whether the approximate map alone may give another patch (a deferred layer is then
  finished eagerly).
"""

from __future__ import annotations

import numpy as np

from geoplug.core.headers import RasterHeader
from geoplug.core.warp.pixelmap import MapRule, _exact_fn, _inside, expand_rule
from geoplug.core.warp.sources import Grid

__all__ = ["edges_change", "retried", "retry_edges"]

_EPS = 1e-10  # GDAL's slack on the east and south edges


def retried(xs: np.ndarray, ys: np.ndarray, width: int, height: int) -> np.ndarray:
    """Boolean ``[H, W]``: the positions GDAL's kernel transforms again, exactly, for a
    ``width`` x ``height`` source: west of it by less than a pixel, else north of it by less
    than a pixel, else east or south of it by less than a pixel on both axes (NaN: never)."""
    west = xs < 0
    north = ~west & (ys < 0)
    past = ~west & ~north & ((xs + _EPS > width) | (ys + _EPS > height))
    return ((west & (xs > -1)) | (north & (ys > -1))
            | (past & (xs + _EPS < width + 1) & (ys + _EPS < height + 1)))


def _exact_at(header: RasterHeader, grid: Grid, rows: np.ndarray, cols: np.ndarray,
              factor: tuple[float, float] | None) -> tuple[np.ndarray, np.ndarray]:
    """Exact source positions (at the level: times ``factor``) of destination pixels."""
    ex, ey = _exact_fn(header, grid)(cols + 0.5, rows + 0.5)
    if factor is not None:
        ex, ey = ex * factor[0], ey * factor[1]
    return ex, ey


def retry_edges(header: RasterHeader, grid: Grid, xs: np.ndarray, ys: np.ndarray,
                width: int, height: int, factor: tuple[float, float] | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """The map ``xs``/``ys`` (positions in a ``width`` x ``height`` level of ``header``'s
    raster, ``factor`` times its pixels) with the pixels GDAL transforms again at their exact
    positions, written in place (the caller's fresh map: copying it cost more than the test)."""
    if (xs.min() >= 0 and ys.min() >= 0 and xs.max() + _EPS <= width
            and ys.max() + _EPS <= height):  # all inside: a fifth of the cost of the test
        return xs, ys
    redo = retried(xs, ys, width, height)
    if not redo.any():
        return xs, ys
    rows, cols = np.nonzero(redo)
    xs[rows, cols], ys[rows, cols] = _exact_at(header, grid, rows, cols, factor)
    return xs, ys


def edges_change(header: RasterHeader, grid: Grid, rule: MapRule, width: int, height: int,
                 factor: tuple[float, float] | None = None) -> bool:
    """Whether a pixel GDAL transforms again is inside the ``width`` x ``height`` level
    (:func:`~geoplug.core.warp.pixelmap.footprint`'s test) by its exact or its approximate
    position: only then can the exact position change the patch (a retried pixel is
    outside by its approximate one but for a 1e-10 slack)."""
    xs, ys = expand_rule(rule)
    if factor is not None:
        xs, ys = xs * factor[0], ys * factor[1]
    redo = retried(xs, ys, width, height)
    if not redo.any():
        return False
    rows, cols = np.nonzero(redo)
    ex, ey = _exact_at(header, grid, rows, cols, factor)
    return bool(_inside(ex, ey, width, height)[0].any()
                or _inside(xs[rows, cols], ys[rows, cols], width, height)[0].any())

"""The destination-to-source pixel map, and what it says about a patch.

For each destination pixel centre, :func:`pixel_map` gives its position in source pixels the
way GDAL's approximate transformer does (the ``tolerance=0.125`` default of ``reproject``):
each destination row is known at its first, middle and last pixel centres and interpolated
linearly in between (a row whose middle deviates by more than the tolerance is transformed
exactly). Those three anchor columns are transformed exactly (PROJ via pyproj) at five rows and
interpolated along the column (about 1e-10 pixels off, checked at three more rows; every row
is transformed where the check fails), because a transformed point is the costly part.

From the map: the :class:`Footprint` of the grid in the source (which destination pixels fall
inside the raster, and where), GDAL's bilinear kernel scales (:func:`kernel_scales`) and the
source pixels per destination pixel (:func:`row_step`, :func:`source_scale`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from affine import Affine

from geoplug.core.headers import RasterHeader, transformer
from geoplug.core.warp.sources import Grid

__all__ = ["TOLERANCE", "Footprint", "footprint", "kernel_scales", "pixel_map", "row_step",
           "source_scale"]

#: GDAL's default maximum error of the approximate transformer, in source pixels.
TOLERANCE = 0.125


@functools.lru_cache(maxsize=1024)
def _inverse(transform: tuple[float, float, float, float, float, float]) -> Affine:
    """Map -> pixel transform of a source (cached: inverting an ``Affine`` is not cheap)."""
    return ~Affine(*transform)


#: Rows of each anchor column that are transformed exactly (Chebyshev nodes); the rows between
#: are interpolated, ~1e-10 source pixels off on UTM, Albers, Web Mercator and geographic grids
#: (a handful of PROJ calls per column instead of one per row).
_NODES = 5
#: Largest interpolation error (source pixels) accepted at the check rows.
_NODE_TOLERANCE = 1e-7

@functools.lru_cache(maxsize=64)
def _row_interpolation(height: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows to transform (the nodes, then three check rows) and the Lagrange matrix
    ``[height + 3, nodes]`` giving every row, then the check rows, from the nodes."""
    first, last = 0.5, height - 0.5
    t = np.cos(np.pi * (np.arange(_NODES) + 0.5) / _NODES)
    nodes = first + (t + 1.0) / 2.0 * (last - first)
    check = np.array([first, (nodes[1] + nodes[2]) / 2.0, last])  # the ends, between nodes
    at = np.concatenate([np.arange(height) + 0.5, check])
    basis = np.ones((at.size, _NODES))
    for k in range(_NODES):
        for j in range(_NODES):
            if j != k:
                basis[:, k] *= (at - nodes[j]) / (nodes[k] - nodes[j])
    return np.concatenate([nodes, check]), basis


def _anchor_columns(exact: Any, cols: np.ndarray, py: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Source coordinates ``[H, 3]`` of the three anchor columns ``cols`` at every row ``py``.

    The map is smooth along a column, so a few rows are transformed exactly and the others
    interpolated; where the interpolation misses the check rows (a strongly curved or broken
    map), every row is transformed.
    """
    height = py.size
    if height > 3 * _NODES:
        rows, basis = _row_interpolation(height)
        ex, ey = exact(np.broadcast_to(cols[None, :], (rows.size, 3)),
                       np.broadcast_to(rows[:, None], (rows.size, 3)))
        sx, sy = basis @ ex[:_NODES], basis @ ey[:_NODES]
        if (np.all(np.abs(sx[height:] - ex[_NODES:]) <= _NODE_TOLERANCE)
                and np.all(np.abs(sy[height:] - ey[_NODES:]) <= _NODE_TOLERANCE)):
            return sx[:height], sy[:height]
    return exact(np.broadcast_to(cols[None, :], (height, 3)),
                 np.broadcast_to(py[:, None], (height, 3)))


def pixel_map(header: RasterHeader, grid: Grid, same_crs: bool) -> tuple[np.ndarray, np.ndarray]:
    """Source pixel coordinates ``(x, y)`` ``[H, W]`` of each destination pixel centre.

    Mirrors GDAL's approximate transformer (see the module docstring) so that nearest-neighbour
    picks the same source pixels as ``rasterio.warp.reproject``.
    """
    width, height = grid.width, grid.height
    px = np.arange(width, dtype=np.float64) + 0.5
    py = np.arange(height, dtype=np.float64) + 0.5
    g = grid.transform
    inv = _inverse(header.transform)
    if same_crs:
        m = inv @ g
        xs = m.a * px[None, :] + m.b * py[:, None] + m.c
        ys = m.d * px[None, :] + m.e * py[:, None] + m.f
        return xs, ys

    tr = transformer(grid.crs_wkt, header.crs_wkt)

    def exact(cx: np.ndarray, cy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        gx = g.c + cx * g.a + cy * g.b
        gy = g.f + cx * g.d + cy * g.e
        sx, sy = tr.transform(gx, gy)
        sx, sy = np.asarray(sx, dtype=np.float64), np.asarray(sy, dtype=np.float64)
        return (inv.c + sx * inv.a + sy * inv.b, inv.f + sx * inv.d + sy * inv.e)

    if width <= 5:
        cx = np.broadcast_to(px[None, :], (height, width))
        cy = np.broadcast_to(py[:, None], (height, width))
        return exact(cx, cy)
    mid = (width - 1) // 2
    sx, sy = _anchor_columns(exact, px[[0, mid, width - 1]], py)
    span = px[width - 1] - px[0]
    dx = (sx[:, 2] - sx[:, 0]) / span
    dy = (sy[:, 2] - sy[:, 0]) / span
    dist = px - px[0]
    xs = np.multiply.outer(dx, dist)  # in place from here: two full passes per axis
    xs += sx[:, :1]
    ys = np.multiply.outer(dy, dist)
    ys += sy[:, :1]
    err = (np.abs(sx[:, 0] + dx * (px[mid] - px[0]) - sx[:, 1])
           + np.abs(sy[:, 0] + dy * (px[mid] - px[0]) - sy[:, 1]))
    bad = np.flatnonzero(~(err <= TOLERANCE))
    if bad.size:  # strongly curved rows (or failed transforms): transform every pixel
        ex, ey = exact(np.broadcast_to(px[None, :], (bad.size, width)),
                       np.broadcast_to(py[bad][:, None], (bad.size, width)))
        xs[bad], ys[bad] = ex, ey
    return xs, ys



def row_step(xs: np.ndarray, ys: np.ndarray) -> float:
    """Source pixels per destination pixel along a row of the pixel map (1 for one pixel).

    The row is (nearly) straight, so its mean step is the median one; the median is taken
    only when an end failed to transform.
    """
    if xs.size < 2:
        return 1.0
    step = math.hypot(xs[-1] - xs[0], ys[-1] - ys[0]) / (xs.size - 1)
    if math.isfinite(step):
        return step
    return float(np.nanmedian(np.hypot(np.diff(xs), np.diff(ys))))


def source_scale(header: RasterHeader, grid: Grid, same_crs: bool) -> tuple[float, float]:
    """Source pixels spanned per destination pixel along (rows, cols) near ``grid``'s centre.

    Used to size a fixed padded window that holds any patch's covering source window.
    """
    xs, ys = pixel_map(header, grid, same_crs)
    h, w = xs.shape
    dxc = abs(xs[0, -1] - xs[0, 0]) / max(w - 1, 1)  # source cols per destination col
    dyc = abs(ys[0, -1] - ys[0, 0]) / max(w - 1, 1)
    dxr = abs(xs[-1, 0] - xs[0, 0]) / max(h - 1, 1)  # per destination row
    dyr = abs(ys[-1, 0] - ys[0, 0]) / max(h - 1, 1)
    return float(dyr + dyc), float(dxc + dxr)


@dataclass(frozen=True, slots=True)
class Footprint:
    """Where a grid's pixel centres fall in a source raster of some size.

    ``rows``/``cols`` is the destination box holding every centre inside the raster, ``xs``/
    ``ys`` the source pixel coordinates of the box's centres and ``bounds`` ``(xmin, xmax, ymin,
    ymax)`` the extreme ones inside the raster. ``inside`` marks the centres inside it: ``None``
    when all are (the common case, ``full``), which spares per-pixel bounds work.
    """

    xs: np.ndarray  # [h, w] float64
    ys: np.ndarray
    rows: slice
    cols: slice
    bounds: tuple[float, float, float, float]
    inside: np.ndarray | None = None  # [h, w] bool
    #: ``(ix, iy)`` of a partial footprint, computed with ``inside`` (0 where outside)
    floors: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def full(self) -> bool:
        """Every destination centre lies inside the raster."""
        return self.inside is None

    def indices(self) -> tuple[np.ndarray, np.ndarray]:
        """Column and row (int64) of the source pixel holding each centre (0 where outside).

        Nearest picks ``floor(x + 1e-10)`` like GDAL's kernel.
        """
        if self.floors is not None:
            return self.floors
        return (self.xs + 1e-10).astype(np.int64), (self.ys + 1e-10).astype(np.int64)


def footprint(xs: np.ndarray, ys: np.ndarray, width: int, height: int) -> Footprint | None:
    """The footprint of the pixel map ``xs``/``ys`` in a ``width`` x ``height`` raster.

    A centre is inside when the pixel holding it is. ``None`` when no centre is inside.
    """
    xmin, xmax, ymin, ymax = float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max())
    if xmin >= 0 and ymin >= 0 and xmax + 1e-10 < width and ymax + 1e-10 < height:
        h, w = xs.shape
        return Footprint(xs, ys, slice(0, h), slice(0, w), (xmin, xmax, ymin, ymax))
    ixf = np.floor(xs + 1e-10)
    iyf = np.floor(ys + 1e-10)
    inside = (xs >= 0) & (ys >= 0) & (ixf < width) & (iyf < height)
    if not inside.any():
        return None
    ix = np.where(inside, ixf, 0).astype(np.int64)
    iy = np.where(inside, iyf, 0).astype(np.int64)
    rows_in = np.flatnonzero(inside.any(axis=1))
    cols_in = np.flatnonzero(inside.any(axis=0))
    # crop to the destination box the source touches
    box_r = slice(int(rows_in[0]), int(rows_in[-1]) + 1)
    box_c = slice(int(cols_in[0]), int(cols_in[-1]) + 1)
    xs, ys = xs[box_r, box_c], ys[box_r, box_c]
    inside = inside[box_r, box_c]
    xin, yin = xs[inside], ys[inside]
    bounds = (float(xin.min()), float(xin.max()), float(yin.min()), float(yin.max()))
    return Footprint(xs, ys, box_r, box_c, bounds, inside,
                     (ix[box_r, box_c], iy[box_r, box_c]))


def outline(header: RasterHeader, grid: Grid, same_crs: bool
             ) -> tuple[float, float, float, float] | None:
    """Bounds ``(x0, x1, y0, y1)`` in source pixels of the destination grid's outline.

    Sampled like GDAL's ``ComputeSourceWindow``: 21 points along each edge of the grid.
    ``None`` when no outline point can be transformed.
    """
    t = np.linspace(0.0, 1.0, 21)
    u = np.concatenate([t, np.ones_like(t), t, np.zeros_like(t)]) * grid.width
    v = np.concatenate([np.zeros_like(t), t, np.ones_like(t), t]) * grid.height
    g = grid.transform
    gx = g.c + u * g.a + v * g.b
    gy = g.f + u * g.d + v * g.e
    if not same_crs:
        px, py = transformer(grid.crs_wkt, header.crs_wkt).transform(gx, gy)
        gx, gy = np.asarray(px, dtype=np.float64), np.asarray(py, dtype=np.float64)
    inv = _inverse(header.transform)
    sx = inv.c + gx * inv.a + gy * inv.b
    sy = inv.f + gx * inv.d + gy * inv.e
    ok = np.isfinite(sx) & np.isfinite(sy)
    if not ok.any():
        return None
    return float(sx[ok].min()), float(sx[ok].max()), float(sy[ok].min()), float(sy[ok].max())


def _kernel_scale(lo: float, hi: float, n_src: int, n_dst: int) -> float:
    """GDAL's kernel scale along one axis: destination pixels per covered source pixel.

    ``lo``/``hi`` bound the destination outline in source pixels; the covered span is
    clipped at the raster's far edge as GDAL clips it. A scale whose inverse is within 0.05
    of an integer ``n`` is snapped to ``1 / n``.
    """
    span = max(0.0, min(n_src - int(max(0.0, lo)), hi - lo))
    if span <= 0:
        return 1.0
    scale = n_dst / span
    if scale < 1.0:
        inverse = 1.0 / scale
        nearest = int(inverse + 0.5)
        if abs(inverse - nearest) < 0.05:
            scale = 1.0 / nearest
    return scale


def kernel_scales(header: RasterHeader, grid: Grid, same_crs: bool,
                  factor: tuple[float, float] = (1.0, 1.0), size: tuple[int, int] | None = None
                  ) -> tuple[float, float]:
    """GDAL's bilinear kernel scales ``(x, y)`` for warping ``header``'s raster onto ``grid``.

    ``factor`` rescales source pixels (an overview level), ``size`` is then the raster's
    ``(width, height)`` in those pixels.
    """
    box = outline(header, grid, same_crs)
    if box is None:
        return 1.0, 1.0
    fx, fy = factor
    width, height = size if size is not None else (header.width, header.height)
    x0, x1, y0, y1 = box
    return (_kernel_scale(x0 * fx, x1 * fx, width, grid.width),
            _kernel_scale(y0 * fy, y1 * fy, height, grid.height))


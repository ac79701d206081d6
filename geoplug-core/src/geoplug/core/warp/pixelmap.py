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
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from affine import Affine

from geoplug.core.headers import RasterHeader, transformer
from geoplug.core.warp.sources import Grid

__all__ = ["AFFINE", "ANCHORED", "TOLERANCE", "Footprint", "MapRule", "expand_rule", "footprint",
           "inside_bounds", "kernel_scales", "map_rule", "pixel_map", "row_lines", "row_step",
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


@functools.lru_cache(maxsize=64)
def _anchor_points(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Destination ``(col, row)`` ``[nodes + 3, 3]`` of the anchor columns (first, middle,
    last pixel centres) at the node rows, then at the check rows, of an anchored rule."""
    rows, _ = _row_interpolation(height)
    cols = np.array([0, (width - 1) // 2, width - 1], dtype=np.float64) + 0.5
    cx, cy = np.broadcast_to(cols[None, :], (rows.size, 3)), np.broadcast_to(
        rows[:, None], (rows.size, 3))
    return np.ascontiguousarray(cx), np.ascontiguousarray(cy)


@dataclass(frozen=True, slots=True)
class MapRule:
    """The pixel map of a grid in a few numbers, and the rule that expands it (exactly).

    ``kind`` :data:`AFFINE`: ``coef`` ``[6]`` is the destination-to-source pixel affine
    ``(a, b, c, d, e, f)``: ``x = a * (col + 0.5) + b * (row + 0.5) + c``, ``y`` likewise.
    ``kind`` :data:`ANCHORED`: ``coef`` ``[2, 5, 3]`` holds the exact source ``x`` and ``y``
    of the three anchor columns (first, middle, last) at the five Chebyshev node rows; every
    row's anchors are the Lagrange interpolation of those, and each row is linear between its
    first and last anchor (GDAL's approximate transformer, see the module docstring).
    :func:`expand_rule` gives the very array :func:`pixel_map` gives. What a deferred sample
    carries instead of a per-pixel grid.
    """

    kind: int
    coef: np.ndarray  # float64
    height: int
    width: int
    #: an anchored rule's ``(x0, dx, y0, dy, bad rows)``, computed once (:meth:`lines`)
    _lines: tuple[np.ndarray, ...] | None = field(default=None, init=False, repr=False,
                                                  compare=False)

    def lines(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """An anchored rule's rows as lines: ``(x0, dx, y0, dy)`` ``[H]`` (row ``r`` is
        ``x0[r] + dx[r] * col``, as :func:`expand_rule` computes it) and the rows whose middle
        anchor is off that line by more than GDAL's tolerance. Computed once per rule (the
        planning and the packing of a deferred sample both need them); read-only.

        Raises:
            ValueError: the rule is an affine (:func:`row_lines` gives its lines).
        """
        if self.kind != ANCHORED:
            raise ValueError("lines() is for anchored rules; use row_lines() for any rule")
        if self._lines is None:
            sx, sy = _anchors(self)
            dx, dy, bad = _row_lines(sx, sy, self.width)
            lines = (sx[:, 0].copy(), dx, sy[:, 0].copy(), dy, bad)
            for array in lines:
                array.setflags(write=False)
            object.__setattr__(self, "_lines", lines)
        assert self._lines is not None
        x0, dx, y0, dy, bad = self._lines
        return x0, dx, y0, dy, bad


AFFINE = 0
ANCHORED = 1


def _exact_fn(header: RasterHeader, grid: Grid) -> Any:
    """Exact destination pixel -> source pixel transform (PROJ via pyproj)."""
    g = grid.transform
    inv = _inverse(header.transform)
    tr = transformer(grid.crs_wkt, header.crs_wkt)

    def exact(cx: np.ndarray, cy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        gx = g.c + cx * g.a + cy * g.b
        gy = g.f + cx * g.d + cy * g.e
        sx, sy = tr.transform(gx, gy)
        sx, sy = np.asarray(sx, dtype=np.float64), np.asarray(sy, dtype=np.float64)
        return (inv.c + sx * inv.a + sy * inv.b, inv.f + sx * inv.d + sy * inv.e)

    return exact


def _affine_rule(header: RasterHeader, grid: Grid) -> MapRule:
    m = _inverse(header.transform) @ grid.transform
    return MapRule(AFFINE, np.array([m.a, m.b, m.c, m.d, m.e, m.f], dtype=np.float64),
                   grid.height, grid.width)


def _anchored_rule(exact: Any, grid: Grid) -> MapRule | None:
    """The anchored rule of a warped grid; ``None`` where the node rows do not describe the
    anchor columns (short grids, a strongly curved or broken map)."""
    width, height = grid.width, grid.height
    if height <= 3 * _NODES or width <= 5:
        return None
    _, basis = _row_interpolation(height)
    ex, ey = exact(*_anchor_points(height, width))
    exact_xy = np.stack([ex, ey])  # [2, nodes + 3, 3]
    coef = np.ascontiguousarray(exact_xy[:, :_NODES])
    # the check rows interpolated from the nodes against their exact values (NaN fails)
    if not float(np.abs(basis[height:] @ coef - exact_xy[:, _NODES:]).max()) <= _NODE_TOLERANCE:
        return None
    return MapRule(ANCHORED, coef, height, width)


def _anchors(rule: MapRule) -> tuple[np.ndarray, np.ndarray]:
    """Source coordinates ``[H, 3]`` of the anchor columns of an anchored rule."""
    _, basis = _row_interpolation(rule.height)
    sx, sy = basis @ rule.coef[0], basis @ rule.coef[1]
    return sx[:rule.height], sy[:rule.height]


_NONE = np.zeros(0, dtype=np.int64)  # no bad row
_NONE.setflags(write=False)


def _row_lines(sx: np.ndarray, sy: np.ndarray, width: int,
               factor: tuple[float, float] | None = None
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-row step ``(dx, dy)`` along the row and the rows whose middle anchor is off the
    line by more than GDAL's tolerance (those are transformed at every pixel). ``factor``:
    the map is read at an overview ``factor`` times the size, where GDAL measures the error."""
    span = float(width - 1)
    mid = (width - 1) // 2
    dx = (sx[:, 2] - sx[:, 0]) / span
    dy = (sy[:, 2] - sy[:, 0]) / span
    ex = np.abs(sx[:, 0] + dx * float(mid) - sx[:, 1])
    ey = np.abs(sy[:, 0] + dy * float(mid) - sy[:, 1])
    err = ex + ey if factor is None else ex * factor[0] + ey * factor[1]
    ok = err <= TOLERANCE
    return dx, dy, _NONE if ok.all() else np.flatnonzero(~ok)


def map_rule(header: RasterHeader, grid: Grid, same_crs: bool) -> MapRule | None:
    """The compact rule of ``header``'s pixel map for ``grid``, or ``None`` where the map is
    not described by one (a grid of at most 15 rows or 5 columns, strongly curved rows).

    ``expand_rule(map_rule(...))`` equals :func:`pixel_map` bit for bit.
    """
    if same_crs:
        return _affine_rule(header, grid)
    rule = _anchored_rule(_exact_fn(header, grid), grid)
    if rule is None or rule.lines()[4].size:
        return None
    return rule


def expand_rule(rule: MapRule, cols: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """Source pixel coordinates ``(x, y)`` ``[H, W]`` of each destination pixel centre.

    ``cols`` picks destination columns (``[0, W - 1]``: the row ends, whose extremes are the
    map's, every row being monotonic); the values are those of the full map.
    """
    width, height = rule.width, rule.height
    idx = np.arange(width) if cols is None else np.asarray(cols)
    px = idx.astype(np.float64) + 0.5
    if rule.kind == AFFINE:
        a, b, c, d, e, f = (float(v) for v in rule.coef)
        py = np.arange(height, dtype=np.float64) + 0.5
        xs = a * px[None, :] + b * py[:, None] + c
        ys = d * px[None, :] + e * py[:, None] + f
        return xs, ys
    x0, dx, y0, dy, _ = rule.lines()
    dist = px - 0.5
    xs = np.multiply.outer(dx, dist)  # in place from here: two full passes per axis
    xs += x0[:, None]
    ys = np.multiply.outer(dy, dist)
    ys += y0[:, None]
    return xs, ys


def row_lines(rule: MapRule) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(x0, dx, y0, dy)`` ``[H]``: row ``r`` of the map is ``x0[r] + dx[r] * col`` (up to
    float rounding), which is what the footprint of a row needs."""
    if rule.kind == AFFINE:
        a, b, c, d, e, f = (float(v) for v in rule.coef)
        py = np.arange(rule.height, dtype=np.float64) + 0.5
        return (a * 0.5 + b * py + c, np.full(rule.height, a), d * 0.5 + e * py + f,
                np.full(rule.height, d))
    x0, dx, y0, dy, _ = rule.lines()
    return x0, dx, y0, dy


def pixel_map(header: RasterHeader, grid: Grid, same_crs: bool,
              factor: tuple[float, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Source pixel coordinates ``(x, y)`` ``[H, W]`` of each destination pixel centre.

    Mirrors GDAL's approximate transformer (see the module docstring) so that nearest-neighbour
    picks the same source pixels as ``rasterio.warp.reproject``. ``factor``: the map will be
    read at an overview ``factor`` times the size, whose pixels GDAL's tolerance is in (the
    coordinates stay the full resolution's).
    """
    width, height = grid.width, grid.height
    if same_crs:
        return expand_rule(_affine_rule(header, grid))
    px = np.arange(width, dtype=np.float64) + 0.5
    py = np.arange(height, dtype=np.float64) + 0.5
    exact = _exact_fn(header, grid)
    if width <= 5:
        cx = np.broadcast_to(px[None, :], (height, width))
        cy = np.broadcast_to(py[:, None], (height, width))
        return exact(cx, cy)
    rule = _anchored_rule(exact, grid)
    if rule is not None:
        xs, ys = expand_rule(rule)
        bad = rule.lines()[4] if factor is None else _row_lines(*_anchors(rule), width, factor)[2]
    else:  # every row of the anchor columns transformed exactly (short or curved maps)
        sx, sy = exact(np.broadcast_to(px[None, [0, (width - 1) // 2, width - 1]], (height, 3)),
                       np.broadcast_to(py[:, None], (height, 3)))
        dx, dy, bad = _row_lines(sx, sy, width, factor)
        dist = px - px[0]
        xs = np.multiply.outer(dx, dist)
        xs += sx[:, :1]
        ys = np.multiply.outer(dy, dist)
        ys += sy[:, :1]
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

    def crop(self, rows: slice, cols: slice) -> Footprint | None:
        """The part of this footprint in the destination box ``rows`` x ``cols`` (absolute,
        unit-step slices); ``None`` when no centre inside the raster falls there."""
        r0, r1 = max(rows.start, self.rows.start), min(rows.stop, self.rows.stop)
        c0, c1 = max(cols.start, self.cols.start), min(cols.stop, self.cols.stop)
        if r1 <= r0 or c1 <= c0:
            return None
        if (r0, r1, c0, c1) == (self.rows.start, self.rows.stop, self.cols.start,
                                self.cols.stop):
            return self
        local = (slice(r0 - self.rows.start, r1 - self.rows.start),
                 slice(c0 - self.cols.start, c1 - self.cols.start))
        xs, ys = self.xs[local], self.ys[local]
        inside = None if self.inside is None else self.inside[local]
        floors = None if self.floors is None else (self.floors[0][local],
                                                    self.floors[1][local])
        if inside is None:
            bounds = (float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max()))
        elif not inside.any():
            return None
        else:
            xin, yin = xs[inside], ys[inside]
            bounds = (float(xin.min()), float(xin.max()), float(yin.min()), float(yin.max()))
            if inside.all():
                inside = None
        return Footprint(xs, ys, slice(r0, r1), slice(c0, c1), bounds, inside, floors)

    def indices(self) -> tuple[np.ndarray, np.ndarray]:
        """Column and row (int64) of the source pixel holding each centre (0 where outside).

        Nearest picks ``floor(x + 1e-10)`` like GDAL's kernel.
        """
        if self.floors is not None:
            return self.floors
        return (self.xs + 1e-10).astype(np.int64), (self.ys + 1e-10).astype(np.int64)


def _inside(xs: np.ndarray, ys: np.ndarray, width: int, height: int
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whether each position lies in a pixel of a ``width`` x ``height`` raster (the pixel
    holding it, ``floor(x + 1e-10)``, is one of the raster's), and those floors ``(ix, iy)``
    as floats. A centre on the raster's west or north edge is inside even where float
    rounding puts it a hair outside (-1e-12): GDAL, computing the same point its own way, keeps
    it, and a tile seam must not become a line of nodata."""
    ixf, iyf = np.floor(xs + 1e-10), np.floor(ys + 1e-10)
    return (ixf >= 0) & (iyf >= 0) & (ixf < width) & (iyf < height), ixf, iyf


def footprint(xs: np.ndarray, ys: np.ndarray, width: int, height: int,
              monotonic: bool = False) -> Footprint | None:
    """The footprint of the pixel map ``xs``/``ys`` in a ``width`` x ``height`` raster.

    A centre is inside when the pixel holding it is. ``None`` when no centre is inside.
    ``monotonic``: each row of the map is monotonic along both axes (a :class:`MapRule`'s
    map), so its extremes are at the row's ends, which spares scanning every pixel.
    """
    ends = (xs[:, [0, -1]], ys[:, [0, -1]]) if monotonic and xs.shape[1] > 2 else (xs, ys)
    xmin, xmax = float(ends[0].min()), float(ends[0].max())
    ymin, ymax = float(ends[1].min()), float(ends[1].max())
    if (xmin + 1e-10 >= 0 and ymin + 1e-10 >= 0 and xmax + 1e-10 < width
            and ymax + 1e-10 < height):
        h, w = xs.shape
        return Footprint(xs, ys, slice(0, h), slice(0, w), (xmin, xmax, ymin, ymax))
    inside, ixf, iyf = _inside(xs, ys, width, height)
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


@functools.lru_cache(maxsize=64)
def _outline_points(width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """Destination ``(col, row)`` of 21 points along each edge of a ``width`` x ``height``
    grid (top, right, bottom, left)."""
    t = np.linspace(0.0, 1.0, 21)
    u = np.concatenate([t, np.ones_like(t), t, np.zeros_like(t)]) * width
    v = np.concatenate([np.zeros_like(t), t, np.ones_like(t), t]) * height
    u.setflags(write=False)
    v.setflags(write=False)
    return u, v


def _map_at(rule: MapRule, factor: tuple[float, float] | None, rows: np.ndarray,
            cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The map at destination pixels ``(rows, cols)`` (int arrays of one shape): the very
    values of ``expand_rule`` (times ``factor``), the same float operations in the same
    order."""
    px = cols.astype(np.float64) + 0.5
    if rule.kind == AFFINE:
        a, b, c, d, e, f = (float(v) for v in rule.coef)
        py = rows.astype(np.float64) + 0.5
        xs, ys = a * px + b * py + c, d * px + e * py + f
    else:
        x0, dx, y0, dy, _ = rule.lines()
        dist = px - 0.5
        xs, ys = dx[rows] * dist + x0[rows], dy[rows] * dist + y0[rows]
    if factor is not None:
        xs, ys = xs * factor[0], ys * factor[1]
    return xs, ys


def inside_bounds(rule: MapRule, factor: tuple[float, float] | None, width: int,
                  height: int) -> tuple[float, float, float, float] | None:
    """``footprint(xs, ys, width, height).bounds`` of the rule's map (times ``factor``),
    bit for bit, from its row lines: no per-pixel map. ``None`` when no centre is inside.

    Each row's inside pixels are one run of columns (the row is monotonic along each
    axis), found from the lines and proven with the exact map at its ends and just past
    them; where that proof fails (a row close to degenerate), the per-pixel map decides.
    """
    x0, dx, y0, dy = row_lines(rule)
    if factor is not None:
        x0, dx, y0, dy = x0 * factor[0], dx * factor[0], y0 * factor[1], dy * factor[1]
    last = rule.width - 1
    lo, hi = np.zeros(rule.height), np.full(rule.height, float(last))
    with np.errstate(divide="ignore", invalid="ignore"):
        for start, step, size in ((x0, dx, width), (y0, dy, height)):
            # columns where -eps <= start + step * col <= size + eps (a little wider than
            # the raster: the run found is then within it, and checked below)
            a, b = (-1e-6 - start) / step, (size + 1e-6 - start) / step
            flat = step == 0
            inside = (start >= -1e-6) & (start <= size + 1e-6)
            lo = np.maximum(lo, np.where(flat, np.where(inside, 0.0, np.inf),
                                         np.minimum(a, b)))
            hi = np.minimum(hi, np.where(flat, np.where(inside, last, -np.inf),
                                         np.maximum(a, b)))
    if np.isnan(lo).any() or np.isnan(hi).any():
        return _full_bounds(rule, factor, width, height)
    first, end = np.ceil(lo), np.floor(hi)
    rows = np.flatnonzero(first <= end)
    if not rows.size:
        return None
    first, end = first[rows].astype(np.int64), end[rows].astype(np.int64)
    for _ in range(2):  # the run's ends: step in over the margin's pixels
        xs, ys = _map_at(rule, factor, rows, first)
        first = np.where(_inside(xs, ys, width, height)[0], first, first + 1)
        xs, ys = _map_at(rule, factor, rows, end)
        end = np.where(_inside(xs, ys, width, height)[0], end, end - 1)
    keep = first <= end
    rows, first, end = rows[keep], first[keep], end[keep]
    if not rows.size:
        return _full_bounds(rule, factor, width, height)
    xa, ya = _map_at(rule, factor, rows, first)
    xb, yb = _map_at(rule, factor, rows, end)
    # the proof: both ends inside, the pixels just past them outside (or past the grid)
    before = _map_at(rule, factor, rows, np.maximum(first - 1, 0))
    after = _map_at(rule, factor, rows, np.minimum(end + 1, last))
    if not (_inside(xa, ya, width, height)[0].all() and _inside(xb, yb, width, height)[0].all()
            and not (_inside(*before, width, height)[0] & (first > 0)).any()
            and not (_inside(*after, width, height)[0] & (end < last)).any()):
        return _full_bounds(rule, factor, width, height)
    return (float(min(xa.min(), xb.min())), float(max(xa.max(), xb.max())),
            float(min(ya.min(), yb.min())), float(max(ya.max(), yb.max())))


def _full_bounds(rule: MapRule, factor: tuple[float, float] | None, width: int, height: int
                 ) -> tuple[float, float, float, float] | None:
    """:func:`inside_bounds` from the per-pixel map."""
    xs, ys = expand_rule(rule)
    if factor is not None:
        xs, ys = xs * factor[0], ys * factor[1]
    fp = footprint(xs, ys, width, height)
    return None if fp is None else fp.bounds


def outline(header: RasterHeader, grid: Grid, same_crs: bool
             ) -> tuple[float, float, float, float] | None:
    """Bounds ``(x0, x1, y0, y1)`` in source pixels of the destination grid's outline.

    Sampled like GDAL's ``ComputeSourceWindow``: 21 points along each edge of the grid.
    ``None`` when no outline point can be transformed.
    """
    u, v = _outline_points(grid.width, grid.height)
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


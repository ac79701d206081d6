"""The warp engine: pixel-aligned patches from source files on any grid.

Given one source scene (one or several files on the same pixel grid), a destination grid (CRS,
transform, size) and a resampling method, :func:`read_source` returns the destination-grid
pixels that the scene covers. It is built to give the same answer as GDAL
(``rasterio.warp.reproject`` of the whole scene onto the destination grid) for a fraction of
the cost:

* **Aligned fast path.** When the source (or one of its overviews) has the destination's CRS
  and resolution and the grids are offset by whole pixels, the patch is a plain windowed read.
* **Warped path.** Otherwise the destination-to-source pixel map is computed the way GDAL's
  approximate transformer does (the ``tolerance=0.125`` default of ``reproject``): each
  destination row is known at its first, middle and last pixel centres and interpolated
  linearly in between (a row whose middle deviates by more than the tolerance is transformed
  exactly). Those three columns are transformed exactly (PROJ via pyproj) at five rows and
  interpolated along the column (~1e-10 pixels off, checked at three more rows; every row is
  transformed where the check fails). Only the source window the map touches is read, once for
  all bands, and resampled in one vectorised step (a gather for ``nearest``, a four-tap
  weighted gather for ``bilinear``) straight onto the destination grid: one resampling, never
  an intermediate grid.
* Nearest picks ``floor(x + 1e-10)`` like GDAL's kernel; bilinear (``torch`` ``grid_sample``
  over all bands at once) renormalises over the valid (in-raster, non-nodata) neighbours like
  GDAL's; a destination pixel is valid when the source pixel containing its centre is inside
  the raster and not nodata.
* Bilinear follows GDAL's kernel choice too: GDAL computes a kernel scale per axis from the
  source window the destination grid covers (destination pixels per source pixel, snapped
  to 1/n when within 0.05 of it). While both are at least 0.95 it uses the plain four-tap
  formula; below that (downsampling, or a grid rotated by more than about 3 degrees against
  the source, e.g. adjacent UTM zones) it widens the triangle kernel to a half-width of
  1/scale source pixels. geoplug computes the same scales for each patch and applies the
  same widened kernel, so such patches also match ``reproject`` within rounding.
* **Overviews** are used when downsampling: the coarsest overview not coarser than the
  destination is read instead of the full resolution.
* Other resampling methods (cubic, lanczos, average, mode, ...) fall back to
  ``rasterio.warp.reproject`` of the covering source window (still never the whole scene).

Handles come from :mod:`geoplug.core.handles` (cached per process, fork/spawn safe).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import rasterio.warp
import torch
import torch.nn.functional as F
from affine import Affine
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.errors import RasterioError
from rasterio.io import DatasetReader
from rasterio.windows import Window

from geoplug.core import handles
from geoplug.core.errors import InvalidDataError
from geoplug.core.headers import RasterHeader, transformer

__all__ = ["Deferred", "Grid", "Patch", "Source", "plan_source", "read_source",
           "resampling_of", "source_scale"]

#: GDAL's default maximum error of the approximate transformer, in source pixels.
TOLERANCE = 0.125
_ALIGN_EPS = 1e-6  # a grid offset this close to a whole pixel counts as aligned
_NATIVE = (Resampling.nearest, Resampling.bilinear)
#: GDAL keeps its four-tap bilinear formula while both kernel scales are at least this.
_FOUR_TAP_MIN_SCALE = 0.95


def resampling_of(value: str | int | Resampling) -> Resampling:
    """Parse a resampling method name (``"nearest"``, ``"bilinear"``, ``"cubic"``, ...).

    Raises:
        ValueError: unknown method.
    """
    if isinstance(value, Resampling):
        return value
    try:
        return Resampling[value] if isinstance(value, str) else Resampling(value)
    except (KeyError, ValueError) as err:
        names = ", ".join(r.name for r in Resampling)
        raise ValueError(f"unknown resampling {value!r}; choose one of {names}") from err


@dataclass(frozen=True, slots=True)
class Grid:
    """A destination pixel grid: CRS, north-up affine transform and size."""

    crs: CRS
    crs_wkt: str
    transform: Affine
    width: int
    height: int

    @classmethod
    def from_bounds(cls, crs: CRS, res: tuple[float, float], minx: float, maxy: float,
                    width: int, height: int, crs_wkt: str | None = None) -> Grid:
        return cls(crs, crs_wkt or crs.to_wkt(),
                   Affine(res[0], 0.0, minx, 0.0, -res[1], maxy), width, height)


@dataclass(frozen=True, slots=True)
class Source:
    """One scene to read: files sharing ``header``'s grid, and the bands taken from each."""

    paths: tuple[str, ...]
    indexes: tuple[tuple[int, ...], ...]  # 1-based band indexes read from each path
    header: RasterHeader
    nodata: float | None

    @property
    def count(self) -> int:
        return sum(len(i) for i in self.indexes)


@dataclass(slots=True)
class Patch:
    """Destination pixels a source covers: ``data[:, i, j]`` is pixel ``(rows.start + i, ...)``.

    ``valid`` is ``None`` when every pixel of the box holds data.
    """

    data: np.ndarray  # [C, h, w], the source dtype
    valid: np.ndarray | None  # [h, w] bool
    rows: slice
    cols: slice
    #: nodata not yet applied to ``valid`` (the aligned path defers it: a lone source skips it)
    nodata: float | None = None

    def mask(self) -> np.ndarray | None:
        """Valid pixels including the deferred nodata check (``None``: all valid)."""
        if self.nodata is None:
            return self.valid
        nd = _nodata_valid(self.data, self.nodata)
        self.nodata = None
        if nd is not None and nd.all():
            nd = None
        if nd is not None and self.valid is not None:
            nd &= self.valid
        self.valid = nd if nd is not None else self.valid
        return self.valid


@dataclass(slots=True)
class Deferred:
    """A warped read whose resampling is left to :class:`geoplug.core.resample.Resample`.

    ``window`` is the covering source window (source dtype, clipped to the raster) and
    ``xs``/``ys`` ``[H, W]`` the window-relative source pixel coordinates of each destination
    pixel centre (for ``nearest`` already snapped to the chosen source pixel's centre, so the
    device picks exactly the pixel the eager path picks).
    """

    window: np.ndarray  # [C, wh, ww], the source dtype
    xs: np.ndarray  # [H, W] float64
    ys: np.ndarray  # [H, W] float64
    resampling: Resampling
    #: every destination pixel centre lies inside the raster
    inside_all: bool = False
    #: bilinear kernel half-widths (x, y) in source pixels: above 1 where GDAL widens it
    half: tuple[float, float] = (1.0, 1.0)

    def covers(self, nodata: float | None) -> bool:
        """Whether every destination pixel gets data: inside the raster, no nodata in reach.

        Such a source alone answers a ``first`` composite (the others are never read).
        """
        if not self.inside_all:
            return False
        valid = _nodata_valid(self.window, nodata)
        return valid is None or bool(valid.all())


# --------------------------------------------------------------------------------------------
# reading windows


def _read_window(source: Source, level: int | None, window: Window,
                 out: np.ndarray | None = None) -> np.ndarray:
    """Read ``window`` of every band of ``source`` at overview ``level`` into one array.

    Several band files at full resolution are read with one call through a VRT stacking them
    (:func:`handles.stack_handle`); on a read error they are re-read file by file, so that the
    error names the broken file.

    Raises:
        InvalidDataError: a file cannot be read (truncated, corrupt) or differs in size.
    """
    h, w = int(window.height), int(window.width)
    if out is None:
        out = np.empty((source.count, h, w), dtype=source.header.dtype)
    if len(source.paths) > 1 and level is None:
        header = source.header
        stack = handles.stack_handle(source.paths, source.indexes, header.width, header.height,
                                     out.dtype)
        if stack is not None:
            try:
                return stack.read(window=window, out=out)
            except (RasterioError, OSError):
                pass  # find and name the broken file below
    k = 0
    for path, idx in zip(source.paths, source.indexes):
        handle = handles.read_handle(path, level)
        if k and level is None:
            handles.check_sibling(handle, source.paths[0], source.header.width,
                                  source.header.height)
        try:
            handle.read(list(idx), window=window, out=out[k:k + len(idx)])
        except (RasterioError, OSError) as err:
            raise InvalidDataError(
                f"cannot read window {window!r} of {path!r}: {str(err).rstrip('.')}. The "
                "file is probably truncated or corrupt; re-download or re-create it."
            ) from err
        k += len(idx)
    return out


# --------------------------------------------------------------------------------------------
# choosing the source level


def _level_handle(source: Source, level: int | None) -> DatasetReader:
    return handles.read_handle(source.paths[0], level)


def _pick_overview(source: Source, scale: float) -> int | None:
    """Index of the coarsest overview whose decimation is at most ``scale``, or None."""
    best = None
    for i, factor in enumerate(source.header.overviews):
        if factor <= scale * (1 + 1e-9) and factor > 1:
            best = i
    return best


# --------------------------------------------------------------------------------------------
# the destination -> source pixel map


@functools.lru_cache(maxsize=1024)
def _inverse(transform: tuple[float, float, float, float, float, float]) -> Affine:
    """Map -> pixel transform of a source (inverting an ``Affine`` costs ~60 us each time)."""
    return ~Affine(*transform)


#: Rows of each anchor column that are transformed exactly (Chebyshev nodes); the rows between
#: are interpolated, ~1e-10 source pixels off on UTM, Albers, Web Mercator and geographic grids
#: (PROJ costs ~0.4 us a point: 15 points instead of 3 per row).
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


# --------------------------------------------------------------------------------------------
# the two paths


def _aligned(source: Source, level: int | None, src_t: Affine, src_w: int, src_h: int,
             grid: Grid) -> tuple[int, int] | None:
    """Whole-pixel offset (col, row) of the grid in the source, or None when not aligned."""
    g = grid.transform
    if src_t.b != 0 or src_t.d != 0 or g.b != 0 or g.d != 0:
        return None
    if not (math.isclose(g.a, src_t.a, rel_tol=1e-9) and math.isclose(g.e, src_t.e, rel_tol=1e-9)):
        return None
    col = (g.c - src_t.c) / src_t.a
    row = (g.f - src_t.f) / src_t.e
    c, r = round(col), round(row)
    if abs(col - c) > _ALIGN_EPS or abs(row - r) > _ALIGN_EPS:
        return None
    return c, r


def _read_aligned(source: Source, level: int | None, off: tuple[int, int], src_w: int,
                  src_h: int, grid: Grid) -> Patch | None:
    c, r = off
    c0, r0 = max(c, 0), max(r, 0)
    c1, r1 = min(c + grid.width, src_w), min(r + grid.height, src_h)
    if c1 <= c0 or r1 <= r0:
        return None
    data = _read_window(source, level, Window(c0, r0, c1 - c0, r1 - r0))
    return Patch(data, None, slice(r0 - r, r1 - r), slice(c0 - c, c1 - c), source.nodata)


def _nodata_valid(data: np.ndarray, nodata: float | None) -> np.ndarray | None:
    """Pixels where at least one band is not nodata (GDAL's unified source nodata)."""
    if nodata is None:
        return None
    if isinstance(nodata, float) and math.isnan(nodata):
        return ~np.isnan(data).all(axis=0)
    return (data != nodata).any(axis=0)


def _round_to(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Cast resampled floats to ``dtype`` the way GDAL does (round half up, clamp).

    Rounds ``values`` (a scratch array) in place.
    """
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        values += 0.5
        np.floor(values, out=values)
        np.clip(values, info.min, info.max, out=values)
    return values.astype(dtype, copy=False)


def _outline(header: RasterHeader, grid: Grid, same_crs: bool
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
    box = _outline(header, grid, same_crs)
    if box is None:
        return 1.0, 1.0
    fx, fy = factor
    width, height = size if size is not None else (header.width, header.height)
    x0, x1, y0, y1 = box
    return (_kernel_scale(x0 * fx, x1 * fx, width, grid.width),
            _kernel_scale(y0 * fy, y1 * fy, height, grid.height))


def _tap_pairs(pos: np.ndarray, half: float, size: int, outer: bool = True
               ) -> list[tuple[np.ndarray, np.ndarray | float, np.ndarray | None]]:
    """(normalised sample coordinate, weight, pixels) of each pair of taps along one axis.

    Pair ``k`` holds taps ``floor(pos) + 2k`` and ``+ 2k + 1`` (pixel ``k`` centred at ``k``),
    weighing ``1 - |tap - pos| / half`` each; one bilinear sample at the pair's weighted centre
    times the pair's weight equals the two taps. Pair 0 reaches every pixel with the same
    weight ``2 - 1 / half`` (``pixels`` is ``None``); an outer pair reaches only the pixels
    listed (``half`` > 1), and only those are sampled; ``outer=False`` leaves them out.
    """
    frac = pos - np.floor(pos)
    scale = 2.0 / size
    # pair 0 centre: floor(pos) + 0.5 + (half - 1 + frac) / (2 half - 1), normalised
    a = (2.0 * half - 2.0) / (2.0 * half - 1.0)
    b = 0.5 + (half - 1.0) / (2.0 * half - 1.0)
    centre = (pos - a * frac + b) * scale - 1.0
    out: list[tuple[np.ndarray, np.ndarray | float, np.ndarray | None]] = [
        (centre, 2.0 - 1.0 / half, None)]
    reach = math.ceil(half) if outer else 1
    for k in range(-(reach // 2), reach // 2 + 1):
        if k == 0:
            continue
        # the nearer tap of the pair is within reach for these pixels only
        near = frac < half + 2 * k + 1 if k < 0 else frac > 2 * k - half
        where = np.flatnonzero(near)
        if where.size == 0:
            continue
        d = frac[where]
        wa = np.maximum(0.0, 1.0 - np.abs(2 * k - d) / half)
        wb = np.maximum(0.0, 1.0 - np.abs(2 * k + 1 - d) / half)
        weight = wa + wb
        at = (pos[where] - d + (2 * k + 0.5) + wb / weight) * scale - 1.0
        out.append((at, weight, where))
    return out


def _narrow_axis(pos: np.ndarray, half: float, size: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One axis of a kernel with ``1 <= half < 1.5``, weights relative to the central pair's.

    Returns ``(centre, pixels, outer, weight)``: the normalised sample coordinate of the
    central pair of taps ``floor(pos)``, ``+ 1`` for every pixel (the pair weighs
    ``2 - 1 / half``, the unit here), and for the ``pixels`` that reach a third tap (at most
    one: ``floor(pos) - 1`` when ``frac < half - 1``, ``+ 2`` when ``frac > 2 - half``) that
    tap's normalised coordinate and relative weight.
    """
    scale = 2.0 / size
    frac = np.floor(pos)
    np.subtract(pos, frac, out=frac)
    if half > 1.0:
        # frac < half - 1 or frac > 2 - half (a tap at the threshold weighs 0 either way)
        pixels = np.flatnonzero(np.abs(frac - 0.5) > 1.5 - half)
        d = frac[pixels]
        left = d < 0.5
        outer = (pos[pixels] - d + np.where(left, -0.5, 2.5)) * scale - 1.0
        weight = (1.0 - np.where(left, 1.0 + d, 2.0 - d) / half) / (2.0 - 1.0 / half)
    else:
        pixels, outer, weight = np.empty(0, dtype=np.int64), np.empty(0), np.empty(0)
    # the pair's weighted centre, floor(pos) + (half - 1 + frac) / (2 half - 1), normalised
    a = (2.0 * half - 2.0) / (2.0 * half - 1.0)
    b = (0.5 + (half - 1.0) / (2.0 * half - 1.0)) * scale - 1.0
    centre = frac  # reused in place: one temporary less on this hot path
    centre *= -a
    centre += pos
    centre *= scale
    centre += b
    return centre, pixels, outer, weight


def _narrow_taps(source: torch.Tensor, u: np.ndarray, v: np.ndarray,
                 half: tuple[float, float], shape: tuple[int, int]
                 ) -> tuple[torch.Tensor, np.ndarray, float]:
    """Weighted tap sums ``[P, N]`` of a kernel with both half-widths below 1.5.

    The central 2 x 2 block reaches every pixel: one bilinear ``grid_sample`` on the patch's
    shape. The outer taps (one extra column, row or corner at most) are sampled only at the
    pixels they reach, all in one more ``grid_sample``. Weights are relative to the central
    block's, which saves scaling the whole patch. Returns ``(sums, full, unit)``: the sums,
    the relative weight of all taps of each pixel, and the central block's absolute weight.
    """
    gx, ix, ox, owx = _narrow_axis(u, half[0], source.shape[3])
    gy, iy, oy, owy = _narrow_axis(v, half[1], source.shape[2])
    coords = np.empty((1, *shape, 2), dtype=np.float32)
    coords[..., 0] = gx.reshape(shape)
    coords[..., 1] = gy.reshape(shape)
    total = F.grid_sample(source, torch.from_numpy(coords), mode="bilinear",
                          padding_mode="zeros", align_corners=False)[0].reshape(
                              source.shape[1], -1)
    full_x, full_y = np.ones(u.size, dtype=np.float32), np.ones(v.size, dtype=np.float32)
    full_x[ix] += owx
    full_y[iy] += owy
    # pixels reaching both an outer column and an outer row, and where they sit in ix / iy
    in_x = np.zeros(u.size, dtype=bool)
    in_x[ix] = True
    both = iy[in_x[iy]]
    bx, by = np.searchsorted(ix, both), np.searchsorted(iy, both)
    pixels = np.concatenate([ix, iy, both])
    if pixels.size:
        grid = np.empty((1, 1, pixels.size, 2), dtype=np.float32)
        grid[0, 0, :, 0] = np.concatenate([ox, gx[iy], ox[bx]])
        grid[0, 0, :, 1] = np.concatenate([gy[ix], oy, oy[by]])
        weights = np.concatenate([owx, owy, owx[bx] * owy[by]]).astype(np.float32)
        taps = F.grid_sample(source, torch.from_numpy(grid), mode="bilinear",
                             padding_mode="zeros", align_corners=False)[0, :, 0]
        taps *= torch.from_numpy(weights)
        total.index_add_(1, torch.from_numpy(pixels), taps)
    unit = (2.0 - 1.0 / half[0]) * (2.0 - 1.0 / half[1])
    return total, full_x * full_y, unit


def _general_taps(source: torch.Tensor, u: np.ndarray, v: np.ndarray,
                  half: tuple[float, float], shape: tuple[int, int]
                  ) -> tuple[torch.Tensor, np.ndarray]:
    """Weighted tap sums ``[P, N]`` of a kernel of any half-widths, and the full weight sum.

    Taps are taken two by two along each axis (:func:`_tap_pairs`): a 2 x 2 block of taps is
    one bilinear ``grid_sample``. The central block reaches every pixel; the outer blocks
    reach some pixels only, and only those are sampled.
    """
    across = _tap_pairs(u, half[0], source.shape[3])
    down = _tap_pairs(v, half[1], source.shape[2])
    (gx, wx, _), (gy, wy, _) = across[0], down[0]
    coords = np.empty((1, *shape, 2), dtype=np.float32)
    coords[..., 0] = gx.reshape(shape)
    coords[..., 1] = gy.reshape(shape)
    total = F.grid_sample(source, torch.from_numpy(coords), mode="bilinear",
                          padding_mode="zeros", align_corners=False)[0].reshape(
                              source.shape[1], -1)
    total *= float(wx) * float(wy)
    for gy, wy, iy in down:
        for gx, wx, ix in across:
            if ix is None and iy is None:
                continue
            sel: np.ndarray
            if ix is None:
                assert iy is not None
                sel, x_at, y_at, weight = iy, gx[iy], gy, wx * wy
            elif iy is None:
                sel, x_at, y_at, weight = ix, gx, gy[ix], wx * wy
            else:
                mask = np.zeros(u.size, dtype=bool)
                mask[ix] = True
                sel = iy[mask[iy]]
                if sel.size == 0:
                    continue
                in_x, in_y = np.searchsorted(ix, sel), np.searchsorted(iy, sel)
                x_at, y_at = gx[in_x], gy[in_y]
                weight = np.asarray(wx)[in_x] * np.asarray(wy)[in_y]
            block = np.empty((1, 1, sel.size, 2), dtype=np.float32)
            block[0, 0, :, 0] = x_at
            block[0, 0, :, 1] = y_at
            taps = F.grid_sample(source, torch.from_numpy(block), mode="bilinear",
                                 padding_mode="zeros", align_corners=False)[0, :, 0]
            taps *= torch.from_numpy(np.asarray(weight, dtype=np.float32))
            total[:, torch.from_numpy(sel)] += taps  # pixels are unique within a block
    sums = []  # the weight sum is separable: (sum over x taps) * (sum over y taps)
    for pairs, n in ((across, u.size), (down, v.size)):
        axis = np.full(n, float(pairs[0][1]))
        for _, weight, where in pairs[1:]:
            axis[where] += weight
        sums.append(axis)
    return total, sums[0] * sums[1]


def _widened_bilinear(win: np.ndarray, win_valid: np.ndarray | None, u: np.ndarray,
                      v: np.ndarray, half: tuple[float, float], shape: tuple[int, int],
                      complete: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """GDAL's general-case bilinear: a separable triangle kernel of half-widths ``half``.

    ``u``/``v`` are window-relative positions (pixel ``k`` centred at ``k``) of the ``shape``
    destination pixels, flattened. Every window pixel within reach weighs
    ``(1 - |k - u| / hx) * (1 - |l - v| / hy)``; taps outside the window (the raster) or at
    nodata are left out and the others renormalised, as in GDAL's ``GWKResample``: the valid
    taps' weights are summed in one more plane. ``complete`` says that no tap can be missing
    (the window holds every tap within reach and no nodata), so the weight sum is known
    without sampling it. Returns ``(values [C, N], weight sum [N])``.
    """
    channels = win.shape[0]
    # channels last: grid_sample then reads a tap's bands from one cache line (1.4-1.8x
    # faster sampling here, of which the transposing copy costs back about half)
    planes = np.empty((*win.shape[1:], channels + (not complete)), dtype=np.float32)
    planes[..., :channels] = np.moveaxis(win, 0, -1)
    if not complete:
        if win_valid is None:
            planes[..., channels] = 1.0
        else:
            planes[..., channels] = win_valid
            planes[..., :channels] *= planes[..., channels:]
    source = torch.from_numpy(planes).permute(2, 0, 1)[None]
    unit = 1.0
    if max(half) < 1.5:  # at most one outer tap per axis: the common, fast case
        total, full, unit = _narrow_taps(source, u, v, half, shape)
    else:
        total, full = _general_taps(source, u, v, half, shape)
    if complete:
        den = torch.from_numpy(full.astype(np.float32, copy=False))
        return total.div_(den).numpy(), full * unit
    den = total[channels]
    values = total[:channels].div_(den.clamp_min(1e-12)).numpy()
    return values, den.numpy() * unit


def _read_warped(source: Source, level: int | None, xs: np.ndarray, ys: np.ndarray,
                 src_w: int, src_h: int, grid: Grid, resampling: Resampling,
                 scales: tuple[float, float] = (1.0, 1.0)) -> Patch | None:
    xmin, xmax, ymin, ymax = float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max())
    full = xmin >= 0 and ymin >= 0 and xmax + 1e-10 < src_w and ymax + 1e-10 < src_h
    if full:  # the common case: the patch lies inside the source, no per-pixel bounds work
        ix = (xs + 1e-10).astype(np.int64)
        iy = (ys + 1e-10).astype(np.int64)
        inside = np.ones(xs.shape, dtype=bool)
        box_r, box_c = slice(0, grid.height), slice(0, grid.width)
    else:
        ixf = np.floor(xs + 1e-10)
        iyf = np.floor(ys + 1e-10)
        inside = (xs >= 0) & (ys >= 0) & (ixf < src_w) & (iyf < src_h)
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
        ix, iy, inside = ix[box_r, box_c], iy[box_r, box_c], inside[box_r, box_c]
        xin, yin = xs[inside], ys[inside]
        xmin, xmax = float(xin.min()), float(xin.max())
        ymin, ymax = float(yin.min()), float(yin.max())
    bounds = (xmin, xmax, ymin, ymax)  # of the pixels inside the raster
    h, w = xs.shape
    nodata = source.nodata
    dtype = np.dtype(source.header.dtype)

    if resampling == Resampling.nearest:
        # the extreme indices, from the extreme coordinates (floor is monotonic)
        c0, c1 = math.floor(xmin + 1e-10), math.floor(xmax + 1e-10) + 1
        r0, r1 = math.floor(ymin + 1e-10), math.floor(ymax + 1e-10) + 1
        win = _read_window(source, level, Window(c0, r0, c1 - c0, r1 - r0))
        if full:  # every index is inside the window: (iy - r0) * width + (ix - c0)
            flat = iy - r0
            flat *= c1 - c0
            flat += ix
            flat -= c0
            flat = flat.ravel()
        else:
            flat = (np.clip(iy - r0, 0, r1 - r0 - 1) * (c1 - c0)
                    + np.clip(ix - c0, 0, c1 - c0 - 1)).ravel()
        data = np.take(win.reshape(win.shape[0], -1), flat, axis=1).reshape(-1, h, w)
        valid = inside
        nd = _nodata_valid(data, nodata)
        if nd is not None:
            valid = valid & nd
        return Patch(data, None if valid.all() else valid, box_r, box_c)

    if min(scales) < _FOUR_TAP_MIN_SCALE:
        return _read_widened(source, level, xs, ys, ix, iy, inside, src_w, src_h, box_r, box_c,
                             scales, full, bounds)
    # bilinear: taps around (x - 0.5, y - 0.5). The window is clipped to the raster, and
    # grid_sample's border padding then equals GDAL's renormalisation over in-raster taps.
    c0, c1 = max(math.floor(xmin - 0.5), 0), min(math.floor(xmax - 0.5) + 2, src_w)
    r0, r1 = max(math.floor(ymin - 0.5), 0), min(math.floor(ymax - 0.5) + 2, src_h)
    win = _read_window(source, level, Window(c0, r0, c1 - c0, r1 - r0))
    ww, wh = c1 - c0, r1 - r0
    grid_xy = np.empty((1, h, w, 2), dtype=np.float32)
    grid_xy[0, :, :, 0] = (xs - c0) * (2.0 / ww) - 1.0
    grid_xy[0, :, :, 1] = (ys - r0) * (2.0 / wh) - 1.0
    grid_t = torch.from_numpy(grid_xy)
    win_t = torch.from_numpy(win.astype(np.float32, copy=False))
    win_valid = _nodata_valid(win, nodata)
    valid = inside
    if win_valid is not None and not win_valid.all():
        # nodata-aware: average the valid taps only (GDAL renormalises their weights)
        vmask = torch.from_numpy(win_valid.astype(np.float32))
        stacked = torch.cat([win_t * vmask, vmask[None]], dim=0)[None]
        res = F.grid_sample(stacked, grid_t, mode="bilinear", padding_mode="border",
                            align_corners=False)[0]
        wsum = res[-1]
        values = (res[:-1] / wsum.clamp_min(1e-12)).numpy()
        centre = np.clip(iy - r0, 0, wh - 1) * ww + np.clip(ix - c0, 0, ww - 1)
        valid = valid & (wsum.numpy() >= 1e-5) & win_valid.ravel()[centre]
    else:
        values = F.grid_sample(win_t[None], grid_t, mode="bilinear", padding_mode="border",
                               align_corners=False)[0].numpy()
    data = _round_to(values, dtype)
    return Patch(data, None if valid.all() else valid, box_r, box_c)


def _read_widened(source: Source, level: int | None, xs: np.ndarray, ys: np.ndarray,
                  ix: np.ndarray, iy: np.ndarray, inside: np.ndarray, src_w: int, src_h: int,
                  box_r: slice, box_c: slice, scales: tuple[float, float], full: bool,
                  bounds: tuple[float, float, float, float]) -> Patch:
    """Bilinear with GDAL's widened kernel (a kernel scale below 0.95 on some axis).

    ``bounds`` are the extreme source coordinates of the pixels inside the raster.
    """
    hx, hy = _half_widths(scales)
    xmin, xmax, ymin, ymax = bounds
    # every tap strictly within reach: (x - 0.5 - h, x - 0.5 + h)
    want = (math.floor(xmin - 0.5 - hx) + 1, math.floor(xmax - 0.5 + hx) + 1,
            math.floor(ymin - 0.5 - hy) + 1, math.floor(ymax - 0.5 + hy) + 1)
    c0, c1 = max(want[0], 0), min(want[1], src_w)
    r0, r1 = max(want[2], 0), min(want[3], src_h)
    win = _read_window(source, level, Window(c0, r0, c1 - c0, r1 - r0))
    ww, wh = c1 - c0, r1 - r0
    win_valid = _nodata_valid(win, source.nodata)
    if win_valid is not None and win_valid.all():
        win_valid = None
    h, w = xs.shape
    complete = full and win_valid is None and (c0, c1, r0, r1) == want
    # window-relative positions in float32 (what grid_sample computes in): half the traffic
    u, v = np.empty(xs.shape, dtype=np.float32), np.empty(ys.shape, dtype=np.float32)
    np.subtract(xs, c0 + 0.5, out=u, casting="same_kind")
    np.subtract(ys, r0 + 0.5, out=v, casting="same_kind")
    values, wsum = _widened_bilinear(win, win_valid, u.ravel(), v.ravel(), (hx, hy), (h, w),
                                     complete)
    data = _round_to(values.reshape(-1, h, w), np.dtype(source.header.dtype))
    if complete:  # every pixel inside, every tap present
        return Patch(data, None, box_r, box_c)
    valid = inside & (wsum.reshape(h, w) >= 1e-5)
    if win_valid is not None:
        centre = np.clip(iy - r0, 0, wh - 1) * ww + np.clip(ix - c0, 0, ww - 1)
        valid &= win_valid.ravel()[centre]
    return Patch(data, None if valid.all() else valid, box_r, box_c)


def _half_widths(scales: tuple[float, float]) -> tuple[float, float]:
    """Bilinear kernel half-widths from GDAL's kernel scales (1: the four-tap formula)."""
    if min(scales) >= _FOUR_TAP_MIN_SCALE:
        return 1.0, 1.0
    return tuple(1.0 / s if s < 1.0 else 1.0 for s in scales)  # type: ignore[return-value]


def _defer_warped(source: Source, level: int | None, xs: np.ndarray, ys: np.ndarray,
                  src_w: int, src_h: int, resampling: Resampling,
                  scales: tuple[float, float] = (1.0, 1.0)) -> Deferred | None:
    """The window and coordinates :func:`_read_warped` would use, without resampling.

    Every destination pixel whose centre falls inside the raster falls inside the returned
    window (and vice versa), so the resampler's in-window test is the eager in-raster test.
    """
    inside = (xs >= 0) & (ys >= 0) & (np.floor(xs + 1e-10) < src_w) & (np.floor(ys + 1e-10)
                                                                       < src_h)
    if not inside.any():
        return None
    xin, yin = xs[inside], ys[inside]
    hx, hy = _half_widths(scales)  # bilinear taps reach (u - h, u + h), u = x - 0.5
    if resampling == Resampling.nearest:
        c0, c1 = int(np.floor(xin.min() + 1e-10)), int(np.floor(xin.max() + 1e-10)) + 1
        r0, r1 = int(np.floor(yin.min() + 1e-10)), int(np.floor(yin.max() + 1e-10)) + 1
    else:
        c0 = max(int(np.floor(xin.min() - 0.5 - hx)) + 1, 0)
        c1 = min(int(np.floor(xin.max() - 0.5 + hx)) + 1, src_w)
        r0 = max(int(np.floor(yin.min() - 0.5 - hy)) + 1, 0)
        r1 = min(int(np.floor(yin.max() - 0.5 + hy)) + 1, src_h)
    win = _read_window(source, level, Window(c0, r0, c1 - c0, r1 - r0))
    rx, ry = xs - c0, ys - r0
    if resampling == Resampling.nearest:  # snap to the picked pixel's centre: exact on device
        rx = np.floor(rx + 1e-10) + 0.5
        ry = np.floor(ry + 1e-10) + 0.5
    return Deferred(win, rx, ry, resampling, bool(inside.all()), (hx, hy))


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


def _read_reference(source: Source, level: int | None, xs: np.ndarray, ys: np.ndarray,
                    src_t: Affine, src_w: int, src_h: int, grid: Grid,
                    resampling: Resampling) -> Patch | None:
    """Any other method: GDAL reprojects the covering source window (plus a kernel margin)."""
    finite = np.isfinite(xs) & np.isfinite(ys)
    if not finite.any():
        return None
    margin = 4
    c0 = max(int(np.floor(xs[finite].min())) - margin, 0)
    c1 = min(int(np.ceil(xs[finite].max())) + margin, src_w)
    r0 = max(int(np.floor(ys[finite].min())) - margin, 0)
    r1 = min(int(np.ceil(ys[finite].max())) + margin, src_h)
    if c1 <= c0 or r1 <= r0:
        return None
    window = Window(c0, r0, c1 - c0, r1 - r0)
    win = _read_window(source, level, window)
    dtype = np.dtype(source.header.dtype)
    fill = source.nodata if source.nodata is not None else 0
    out = np.full((win.shape[0], grid.height, grid.width), fill, dtype=dtype)
    valid = np.zeros((grid.height, grid.width), dtype=np.uint8)
    src_crs = CRS.from_wkt(source.header.crs_wkt)
    win_t = src_t @ Affine.translation(c0, r0)
    rasterio.warp.reproject(win, out, src_transform=win_t, src_crs=src_crs,
                            src_nodata=source.nodata, dst_transform=grid.transform,
                            dst_crs=grid.crs, dst_nodata=fill, resampling=resampling)
    ones = np.ones(win.shape[1:], dtype=np.uint8)
    if source.nodata is not None:
        nd = _nodata_valid(win, source.nodata)
        ones = nd.astype(np.uint8) if nd is not None else ones
    rasterio.warp.reproject(ones, valid, src_transform=win_t, src_crs=src_crs, src_nodata=0,
                            dst_transform=grid.transform, dst_crs=grid.crs, dst_nodata=0,
                            resampling=Resampling.nearest)
    mask = valid.astype(bool)
    if not mask.any():
        return None
    return Patch(out, None if mask.all() else mask, slice(0, grid.height), slice(0, grid.width))


# --------------------------------------------------------------------------------------------


def read_source(source: Source, grid: Grid, resampling: Resampling, same_crs: bool,
                use_overviews: bool = True) -> Patch | None:
    """Read the part of ``grid`` that ``source`` covers, resampled once, in the source dtype.

    ``same_crs`` says whether the source CRS equals ``grid.crs`` (the caller caches it).
    Returns ``None`` when the source does not cover any destination pixel.

    Raises:
        InvalidDataError: a file cannot be read (truncated, corrupt, inconsistent siblings).
    """
    patch = plan_source(source, grid, resampling, same_crs, use_overviews, defer=False)
    assert not isinstance(patch, Deferred)
    return patch


def plan_source(source: Source, grid: Grid, resampling: Resampling, same_crs: bool,
                use_overviews: bool = True, defer: bool = True) -> Patch | Deferred | None:
    """:func:`read_source`, but with ``defer`` a warped nearest/bilinear read is not resampled.

    It returns a :class:`Deferred` (window and coordinates) for the batched resampler instead;
    the aligned path and the other methods still return a :class:`Patch`.

    Raises:
        InvalidDataError: a file cannot be read (truncated, corrupt, inconsistent siblings).
    """
    header = source.header
    src_t, src_w, src_h = header.affine, header.width, header.height
    level: int | None = None
    xs = ys = None
    if same_crs and src_t.b == 0 and src_t.d == 0:
        scale = grid.transform.a / src_t.a
    else:
        xs, ys = pixel_map(header, grid, same_crs)
        scale = _row_step(xs[0], ys[0])
    if use_overviews and header.overviews and scale >= 2 * (1 - 1e-9):
        level = _pick_overview(source, scale)
    if level is not None:
        handle = _level_handle(source, level)
        fx, fy = handle.width / src_w, handle.height / src_h
        src_t = src_t @ Affine.scale(1 / fx, 1 / fy)
        src_w, src_h = handle.width, handle.height
        if xs is not None and ys is not None:
            xs, ys = xs * fx, ys * fy
    if same_crs:
        off = _aligned(source, level, src_t, src_w, src_h, grid)
        if off is not None:
            return _read_aligned(source, level, off, src_w, src_h, grid)
        if xs is None or ys is None:
            ov_header = header if level is None else _scaled_header(header, src_t, src_w, src_h)
            xs, ys = pixel_map(ov_header, grid, True)
    assert xs is not None and ys is not None
    scales = (1.0, 1.0)
    if resampling == Resampling.bilinear:
        factor = (src_w / header.width, src_h / header.height)
        scales = kernel_scales(header, grid, same_crs, factor, (src_w, src_h))
    if defer and resampling in _NATIVE:
        return _defer_warped(source, level, xs, ys, src_w, src_h, resampling, scales)
    if resampling in _NATIVE:
        return _read_warped(source, level, xs, ys, src_w, src_h, grid, resampling, scales)
    return _read_reference(source, level, xs, ys, src_t, src_w, src_h, grid, resampling)


def _row_step(xs: np.ndarray, ys: np.ndarray) -> float:
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


def _scaled_header(header: RasterHeader, t: Affine, w: int, h: int) -> RasterHeader:
    fields: dict[str, Any] = {f: getattr(header, f) for f in RasterHeader.__slots__}
    fields.update(transform=tuple(t)[:6], width=w, height=h)
    return RasterHeader(**fields)

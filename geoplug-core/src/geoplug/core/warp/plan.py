"""Reading plans: how one source answers one destination grid, decided before pixels are read.

:func:`plan_read` looks at the source's header and the grid (no pixel is read) and picks:

* the **level**: when downsampling, the coarsest overview not coarser than the destination is
  read instead of the full resolution;
* an :class:`AlignedPlan` when the level has the destination's CRS and resolution and the grids
  are offset by whole pixels: the patch is a plain windowed read;
* a :class:`WarpPlan` for ``nearest`` and ``bilinear`` otherwise: the pixel map, its footprint
  in the source, the covering source window (only the window the map touches, once for all
  bands) and the kernel (:mod:`geoplug.core.warp.kernels`);
* a :class:`ReferencePlan` for any other method (cubic, lanczos, average, mode, ...): GDAL
  (``rasterio.warp.reproject``) resamples the covering source window, still never the whole
  scene.

Every plan's ``read()`` returns the :class:`~geoplug.core.warp.sources.Patch`. A
:class:`WarpPlan` can also be carried out in two steps, :meth:`WarpPlan.read_window` then
:meth:`WarpPlan.resample`: deferred resampling (:mod:`geoplug.core.deferred`) reads the same
window and leaves the resampling to a batched step.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import rasterio.warp
from affine import Affine
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.windows import Window

from geoplug.core.headers import RasterHeader
from geoplug.core.warp import kernels
from geoplug.core.warp.chunks import gdal_chunks, sub_grid
from geoplug.core.warp.edges import edges_change, retry_edges
from geoplug.core.warp.pixelmap import (
    ANCHORED,
    Footprint,
    MapRule,
    expand_rule,
    footprint,
    inside_bounds,
    kernel_scales,
    map_rule,
    pixel_map,
    row_step,
)
from geoplug.core.warp.sources import (
    Grid,
    Level,
    Patch,
    Region,
    Source,
    pick_overview,
    read_mask,
    read_window,
)

__all__ = ["AlignedPlan", "ChunkedPlan", "CompactPlan", "Plan", "ReferencePlan", "WarpPlan",
           "plan_compact", "plan_read", "read_source", "source_reader"]

_ALIGN_EPS = 1e-6  # a grid offset this close to a whole pixel counts as aligned
#: methods with a kernel of geoplug's own; the others go through GDAL
NATIVE = (Resampling.nearest, Resampling.bilinear)


@dataclass(frozen=True, slots=True)
class AlignedPlan:
    """A plain windowed read: the level's grid and the destination's coincide.

    ``window`` of the level is destination box ``rows`` x ``cols``.
    """

    level: Level
    window: Window
    rows: slice
    cols: slice

    def read(self) -> Patch:
        """The patch; its nodata is checked lazily (a lone source never needs it).

        Raises:
            InvalidDataError: a file cannot be read.
        """
        data = read_window(self.level, self.window)
        mask = read_mask(self.level, self.window)
        if mask is not None and mask.all():
            mask = None
        return Patch(data, mask, self.rows, self.cols, self.level.source.nodata)


@dataclass(frozen=True, slots=True)
class WarpPlan:
    """A warped ``nearest`` or ``bilinear`` read: one source window, one resampling.

    ``xs``/``ys`` ``[H, W]`` are the source pixel coordinates (at the level) of every
    destination pixel centre, ``footprint`` the part of them inside the raster, ``window`` the
    source window holding every pixel the kernel reaches (clipped to the raster; ``clipped``
    says whether that cut taps of the widened kernel) and ``half`` the bilinear kernel's
    half-widths in source pixels (1: GDAL's four-tap formula).
    """

    level: Level
    resampling: Resampling
    xs: np.ndarray
    ys: np.ndarray
    footprint: Footprint
    window: Window
    half: tuple[float, float] = (1.0, 1.0)
    clipped: bool = False

    def read_window(self) -> np.ndarray:
        """The source window ``[C, h, w]`` in the source dtype.

        Raises:
            InvalidDataError: a file cannot be read.
        """
        return read_window(self.level, self.window)

    def resample(self, win: np.ndarray, mask: np.ndarray | None = None) -> Patch:
        """The patch resampled from ``win`` (what :meth:`read_window` returned; ``mask``:
        where it has data, for a masked source)."""
        nodata = self.level.source.nodata
        if self.resampling == Resampling.nearest:
            return kernels.nearest(win, self.window, self.footprint, nodata, mask)
        if self.half == (1.0, 1.0):
            return kernels.bilinear(win, self.window, self.footprint, nodata, mask)
        return kernels.widened(win, self.window, self.footprint, nodata, self.half,
                               self.clipped, mask)

    def read(self) -> Patch:
        """Read the window (and its mask) and resample it.

        Raises:
            InvalidDataError: a file cannot be read.
        """
        return self.resample(self.read_window(), read_mask(self.level, self.window))


@dataclass(frozen=True, slots=True)
class ReferencePlan:
    """Any other method: GDAL reprojects ``window`` (the covering window plus a kernel margin)."""

    level: Level
    window: Window
    grid: Grid
    resampling: Resampling

    def read(self) -> Patch | None:
        """The patch GDAL computes; ``None`` when none of its pixels gets data.

        Raises:
            InvalidDataError: a file cannot be read.
        """
        level, grid = self.level, self.grid
        source = level.source
        win = read_window(level, self.window)
        mask = read_mask(level, self.window)
        if mask is not None:  # GDAL leaves the masked pixels out, as it would from the file
            win = np.ma.masked_array(win, mask=np.broadcast_to(~mask, win.shape))
        fill = source.nodata if source.nodata is not None else 0
        count = win.shape[0]
        # one more band for GDAL's own alpha: which pixels it gave a value (an area method
        # fills pixels whose centre is off the raster but whose footprint is not)
        out = np.full((count + 1, grid.height, grid.width), fill, dtype=win.dtype)
        out[count] = 0
        win_t = level.transform @ Affine.translation(self.window.col_off, self.window.row_off)
        rasterio.warp.reproject(win, out, src_transform=win_t,
                                src_crs=CRS.from_wkt(source.header.crs_wkt),
                                src_nodata=source.nodata, dst_transform=grid.transform,
                                dst_crs=grid.crs, dst_nodata=fill, dst_alpha=count + 1,
                                resampling=self.resampling)
        mask = out[count] > 0
        out = out[:count]
        if not mask.any():
            return None
        return Patch(out, None if mask.all() else mask, slice(0, grid.height),
                     slice(0, grid.width))


@dataclass(frozen=True, slots=True)
class ChunkedPlan:
    """A warp GDAL carries out in chunks (:mod:`~geoplug.core.warp.chunks`): a
    :class:`WarpPlan` (or, for GDAL's other methods, a :class:`ReferencePlan`) per chunk, on
    its part of the grid, at ``(row, col)``."""

    parts: tuple[tuple[int, int, WarpPlan | ReferencePlan], ...]
    height: int
    width: int

    def read(self) -> Patch | None:
        """Each chunk read and resampled, laid on the whole grid; ``None`` when none of its
        pixels gets data.

        Raises:
            InvalidDataError: a file cannot be read.
        """
        data: np.ndarray | None = None
        valid = np.zeros((self.height, self.width), dtype=bool)
        for row, col, plan in self.parts:
            patch = plan.read()
            if patch is None:
                continue
            if data is None:
                data = np.zeros((patch.data.shape[0], self.height, self.width),
                                dtype=patch.data.dtype)
            rows = slice(row + patch.rows.start, row + patch.rows.stop)
            cols = slice(col + patch.cols.start, col + patch.cols.stop)
            data[:, rows, cols] = patch.data  # chunks do not overlap
            mask = patch.mask()
            valid[rows, cols] = True if mask is None else mask
        if data is None:
            return None
        return Patch(data, None if valid.all() else valid, slice(0, self.height),
                     slice(0, self.width))


@dataclass(frozen=True, slots=True)
class CompactPlan:
    """A :class:`WarpPlan` whose pixel map is kept as its :class:`MapRule` (a few numbers).

    What deferred resampling ships: the map is expanded where the batch is resampled.
    ``factor`` rescales the expanded map onto an overview level (``None``: the rule is at the
    level already); ``full`` says that every destination centre lies inside the raster.
    """

    level: Level
    resampling: Resampling
    rule: MapRule
    factor: tuple[float, float] | None
    window: Window
    full: bool
    half: tuple[float, float] = (1.0, 1.0)
    clipped: bool = False

    def maps(self) -> tuple[np.ndarray, np.ndarray]:
        """The pixel map ``(xs, ys)`` at the level, as :func:`plan_read` computes it."""
        xs, ys = expand_rule(self.rule)
        if self.factor is not None:
            fx, fy = self.factor
            xs, ys = xs * fx, ys * fy
        return xs, ys

    def warp_plan(self) -> WarpPlan:
        """The equivalent :class:`WarpPlan` (the map expanded: the costly part)."""
        xs, ys = self.maps()
        fp = footprint(xs, ys, self.level.width, self.level.height, monotonic=True)
        assert fp is not None  # plan_compact checked it
        return WarpPlan(self.level, self.resampling, xs, ys, fp, self.window, self.half,
                        self.clipped)


Plan = AlignedPlan | WarpPlan | ReferencePlan | ChunkedPlan


def _offset(level: Level, grid: Grid) -> tuple[int, int] | None:
    """Whole-pixel offset (col, row) of ``grid`` in ``level``, or None when not aligned."""
    t, g = level.transform, grid.transform
    if t.b != 0 or t.d != 0 or g.b != 0 or g.d != 0:
        return None
    if not (math.isclose(g.a, t.a, rel_tol=1e-9) and math.isclose(g.e, t.e, rel_tol=1e-9)):
        return None
    col = (g.c - t.c) / t.a
    row = (g.f - t.f) / t.e
    c, r = round(col), round(row)
    if abs(col - c) > _ALIGN_EPS or abs(row - r) > _ALIGN_EPS:
        return None
    return c, r


def _aligned_plan(level: Level, offset: tuple[int, int], grid: Grid,
                  need: Region | None = None) -> AlignedPlan | None:
    """The aligned read of ``grid`` (its box ``need`` only) at ``offset``; ``None`` when it
    misses the level."""
    c, r = offset
    c0, r0 = max(c, 0), max(r, 0)
    c1, r1 = min(c + grid.width, level.width), min(r + grid.height, level.height)
    if need is not None:
        rows, cols = need
        c0, c1 = max(c0, c + cols.start), min(c1, c + cols.stop)
        r0, r1 = max(r0, r + rows.start), min(r1, r + rows.stop)
    if c1 <= c0 or r1 <= r0:
        return None
    return AlignedPlan(level, Window(c0, r0, c1 - c0, r1 - r0), slice(r0 - r, r1 - r),
                       slice(c0 - c, c1 - c))


def _window(level: Level, resampling: Resampling, bounds: tuple[float, float, float, float],
            scales: tuple[float, float]) -> tuple[Window, tuple[float, float], bool]:
    """The window each kernel reaches around a footprint of ``bounds`` (source pixels), the
    kernel's half-widths and whether the raster's edge cut taps of the widened kernel."""
    xmin, xmax, ymin, ymax = bounds
    if resampling == Resampling.nearest:
        # the extreme indices, from the extreme coordinates (floor is monotonic)
        c0, c1 = math.floor(xmin + 1e-10), math.floor(xmax + 1e-10) + 1
        r0, r1 = math.floor(ymin + 1e-10), math.floor(ymax + 1e-10) + 1
        return Window(c0, r0, c1 - c0, r1 - r0), (1.0, 1.0), False
    half = kernels.half_widths(scales)
    src_w, src_h = level.width, level.height
    if half == (1.0, 1.0):  # four taps around (x - 0.5, y - 0.5)
        c0, c1 = max(math.floor(xmin - 0.5), 0), min(math.floor(xmax - 0.5) + 2, src_w)
        r0, r1 = max(math.floor(ymin - 0.5), 0), min(math.floor(ymax - 0.5) + 2, src_h)
        return Window(c0, r0, c1 - c0, r1 - r0), half, False
    hx, hy = half
    # every tap strictly within reach: (x - 0.5 - h, x - 0.5 + h)
    want = (math.floor(xmin - 0.5 - hx) + 1, math.floor(xmax - 0.5 + hx) + 1,
            math.floor(ymin - 0.5 - hy) + 1, math.floor(ymax - 0.5 + hy) + 1)
    c0, c1 = max(want[0], 0), min(want[1], src_w)
    r0, r1 = max(want[2], 0), min(want[3], src_h)
    return Window(c0, r0, c1 - c0, r1 - r0), half, (c0, c1, r0, r1) != want


def _warp_plan(level: Level, resampling: Resampling, xs: np.ndarray, ys: np.ndarray,
               scales: tuple[float, float], need: Region | None = None) -> WarpPlan | None:
    """The window each kernel reaches around the footprint (``None``: no pixel inside), and
    the footprint cropped to the destination box ``need``. The window stays the whole grid's:
    the kernels' float arithmetic is relative to it, so the box's pixels are those of the
    whole grid's read, bit for bit; the resampling (the costly part) is of the box only."""
    fp = footprint(xs, ys, level.width, level.height)
    if fp is None:
        return None
    window, half, clipped = _window(level, resampling, fp.bounds, scales)
    if need is not None:
        fp = fp.crop(*need)
        if fp is None:
            return None
    return WarpPlan(level, resampling, xs, ys, fp, window, half, clipped)


def _reference_plan(level: Level, xs: np.ndarray, ys: np.ndarray, grid: Grid,
                    resampling: Resampling) -> ReferencePlan | None:
    finite = np.isfinite(xs) & np.isfinite(ys)
    if not finite.any():
        return None
    # every source pixel GDAL's kernel may reach from the whole scene: half a destination
    # pixel's footprint plus the widest kernel (lanczos, 3 taps) scaled by the downsampling
    step = max(row_step(xs[0], ys[0]), row_step(xs[:, 0], ys[:, 0]), 1.0)
    margin = math.ceil(3.5 * step) + 4 if math.isfinite(step) else 4
    xmin, xmax = float(xs[finite].min()), float(xs[finite].max())
    ymin, ymax = float(ys[finite].min()), float(ys[finite].max())
    # GDAL caps the source extent that sets its kernel's scale at what the raster holds past
    # the extent's clamped start: a grid over the raster's west (north) edge needs the window
    # to reach as far east (south) as the whole extent, as the whole scene would
    c0 = max(math.floor(xmin) - margin, 0)
    c1 = min(math.ceil(xmax - min(xmin, 0.0)) + margin, level.width)
    r0 = max(math.floor(ymin) - margin, 0)
    r1 = min(math.ceil(ymax - min(ymin, 0.0)) + margin, level.height)
    if c1 <= c0 or r1 <= r0:
        return None
    return ReferencePlan(level, Window(c0, r0, c1 - c0, r1 - r0), grid, resampling)


def plan_read(source: Source, grid: Grid, resampling: Resampling, same_crs: bool,
              use_overviews: bool = True, need: Region | None = None) -> Plan | None:
    """How ``source`` answers ``grid`` (see the module docstring); reads no pixel.

    ``same_crs`` says whether the source CRS equals ``grid.crs`` (the caller caches it).
    ``need`` limits the read to a box of destination pixels (what a composite still lacks);
    the pixels there are those of the whole grid's read, bit for bit.
    Returns ``None`` when the source covers no destination pixel (of ``need``).
    """
    header = source.header
    src_t = header.affine
    xs = ys = None
    rule: MapRule | None = None
    if same_crs and src_t.b == 0 and src_t.d == 0:
        scale = grid.transform.a / src_t.a
    elif not same_crs and (rule := map_rule(header, grid, False)) is not None:
        # the first row's ends (those of the full map) choose the level: the map itself is
        # made once, at the level's tolerance
        xe, ye = expand_rule(rule, np.array([0, grid.width - 1]))
        scale = math.hypot(xe[0, 1] - xe[0, 0], ye[0, 1] - ye[0, 0]) / (grid.width - 1)
    else:
        xs, ys = pixel_map(header, grid, same_crs)
        scale = row_step(xs[0], ys[0])
    overview = None
    if use_overviews and header.overviews and scale >= 2 * (1 - 1e-9):
        overview = pick_overview(source, scale)
    if overview is None:
        level = Level(source, None, src_t, header.width, header.height)
        if rule is not None:
            xs, ys = expand_rule(rule)
    else:
        level = Level.of(source, overview)
        if not same_crs:  # rows exact at full resolution may be lines at the overview
            xs, ys = _level_map(header, level, overview, grid, False)
        elif xs is not None and ys is not None:
            xs, ys = xs * level.factor[0], ys * level.factor[1]
    if same_crs:
        offset = _offset(level, grid)
        if offset is not None:
            return _aligned_plan(level, offset, grid, need)
        if xs is None or ys is None:
            xs, ys = _level_map(header, level, overview, grid, True)
    assert xs is not None and ys is not None
    inside = (float(xs.min()) >= 0 and float(ys.min()) >= 0
              and float(xs.max()) + 1e-10 <= level.width
              and float(ys.max()) + 1e-10 <= level.height)
    if not inside and max(grid.width, grid.height) > 100:  # partly off: GDAL's chunks?
        chunks = gdal_chunks(header, grid, same_crs, resampling, level.factor,
                             (level.width, level.height))
        if len(chunks) > 1:
            return _chunked_plan(source, level, overview, grid, chunks, resampling, same_crs,
                                 need)
    return _map_plan(level, overview, grid, resampling, same_crs, need, xs, ys, not inside)


def _level_map(header: RasterHeader, level: Level, overview: int | None, grid: Grid,
               same_crs: bool) -> tuple[np.ndarray, np.ndarray]:
    """The pixel map of ``grid`` at ``level`` (an overview's with GDAL's tolerance in its
    pixels)."""
    if same_crs:
        at_level = header if overview is None else dataclasses.replace(
            header, transform=tuple(level.transform)[:6], width=level.width,
            height=level.height)
        return pixel_map(at_level, grid, True)
    if overview is None:
        return pixel_map(header, grid, False)
    fx, fy = level.factor
    xs, ys = pixel_map(header, grid, False, level.factor)
    return xs * fx, ys * fy


def _map_plan(level: Level, overview: int | None, grid: Grid, resampling: Resampling,
              same_crs: bool, need: Region | None, xs: np.ndarray, ys: np.ndarray,
              off_edge: bool = True) -> WarpPlan | ReferencePlan | None:
    """The plan of ``grid`` from its map at ``level``: GDAL's own (on a window) for its other
    methods, else the engine's kernels after GDAL's exact look at positions just outside the
    raster (``off_edge``: some may be; ``False`` when the map is known to lie inside)."""
    if resampling not in NATIVE:
        return _reference_plan(level, xs, ys, grid, resampling)
    header = level.source.header
    if off_edge and not same_crs:
        xs, ys = retry_edges(header, grid, xs, ys, level.width, level.height,
                             None if overview is None else level.factor)
    scales = (1.0, 1.0)
    if resampling == Resampling.bilinear:
        scales = kernel_scales(header, grid, same_crs, level.factor, (level.width, level.height))
    return _warp_plan(level, resampling, xs, ys, scales, need)


def _chunked_plan(source: Source, level: Level, overview: int | None, grid: Grid,
                  chunks: list[tuple[int, int, int, int]], resampling: Resampling,
                  same_crs: bool, need: Region | None) -> ChunkedPlan | None:
    """The plan of each chunk that covers a pixel (of ``need``); ``None`` when none does."""
    parts = []
    for row, col, height, width in chunks:
        part_need = None
        if need is not None:
            r0, r1 = max(need[0].start, row), min(need[0].stop, row + height)
            c0, c1 = max(need[1].start, col), min(need[1].stop, col + width)
            if r1 <= r0 or c1 <= c0:
                continue
            part_need = (slice(r0 - row, r1 - row), slice(c0 - col, c1 - col))
        part = sub_grid(grid, row, col, height, width)
        plan = _map_plan(level, overview, part, resampling, same_crs, part_need,
                         *_level_map(source.header, level, overview, part, same_crs))
        if plan is not None:
            parts.append((row, col, plan))
    return ChunkedPlan(tuple(parts), grid.height, grid.width) if parts else None


def read_source(source: Source, grid: Grid, resampling: Resampling, same_crs: bool,
                use_overviews: bool = True, need: Region | None = None) -> Patch | None:
    """Read the part of ``grid`` (of its box ``need``) that ``source`` covers, resampled once,
    in the source dtype.

    ``same_crs`` says whether the source CRS equals ``grid.crs`` (the caller caches it).
    Returns ``None`` when the source does not cover any destination pixel.

    Raises:
        InvalidDataError: a file cannot be read (truncated, corrupt, inconsistent siblings).
    """
    plan = plan_read(source, grid, resampling, same_crs, use_overviews, need)
    return None if plan is None else plan.read()


def source_reader(source: Source, grid: Grid, resampling: Resampling, same_crs: bool,
                  use_overviews: bool = True) -> Callable[..., Patch | None]:
    """:func:`read_source` of ``source``, to be called as ``reader(need=...)`` by a composite
    when it knows what it still lacks (:func:`geoplug.core.composite.composite`)."""
    return functools.partial(read_source, source, grid, resampling, same_crs, use_overviews)


def plan_compact(source: Source, grid: Grid, resampling: Resampling, same_crs: bool,
                 use_overviews: bool = True) -> Plan | CompactPlan | None:
    """:func:`plan_read`, with a warped ``nearest``/``bilinear`` read as a :class:`CompactPlan`.

    The same decisions as :func:`plan_read` (level, aligned fast path, window, kernel), made
    from the map's rule and its row ends only: the per-pixel map is expanded only for a grid
    partly outside the raster. Falls back to :func:`plan_read`'s plan where the map has no
    rule (see :func:`~geoplug.core.warp.pixelmap.map_rule`) or another method is asked for.
    """
    if resampling not in NATIVE:
        return plan_read(source, grid, resampling, same_crs, use_overviews)
    header = source.header
    src_t = header.affine
    rule: MapRule | None = None
    ends = np.array([0, grid.width - 1])
    xe = ye = None  # the map at the row ends
    if same_crs and src_t.b == 0 and src_t.d == 0:
        scale = grid.transform.a / src_t.a
    else:
        rule = map_rule(header, grid, same_crs)
        if rule is None:
            return plan_read(source, grid, resampling, same_crs, use_overviews)
        xe, ye = expand_rule(rule, ends)
        scale = (math.hypot(xe[0, 1] - xe[0, 0], ye[0, 1] - ye[0, 0]) / (grid.width - 1)
                 if grid.width > 1 else 1.0)
        if not math.isfinite(scale):
            return plan_read(source, grid, resampling, same_crs, use_overviews)
    overview = None
    if use_overviews and header.overviews and scale >= 2 * (1 - 1e-9):
        overview = pick_overview(source, scale)
    factor: tuple[float, float] | None = None
    if overview is None:
        level = Level(source, None, src_t, header.width, header.height)
    else:
        level = Level.of(source, overview)
        if rule is not None:
            factor = level.factor
    if same_crs:
        offset = _offset(level, grid)
        if offset is not None:
            return _aligned_plan(level, offset, grid)
        if rule is None:
            at_level = header if overview is None else dataclasses.replace(
                header, transform=tuple(level.transform)[:6], width=level.width,
                height=level.height)
            rule = map_rule(at_level, grid, True)
    assert rule is not None
    scales = (1.0, 1.0)
    if resampling == Resampling.bilinear:
        scales = kernel_scales(header, grid, same_crs, level.factor, (level.width, level.height))
    if xe is None or ye is None:
        xe, ye = expand_rule(rule, ends)
    if factor is not None:
        xe, ye = xe * factor[0], ye * factor[1]
    # every row is monotonic: the map's extremes are at the row ends
    box = (float(xe.min()), float(xe.max()), float(ye.min()), float(ye.max()))
    if not all(math.isfinite(v) for v in box):
        return plan_read(source, grid, resampling, same_crs, use_overviews)
    full = (box[0] + 1e-10 >= 0 and box[2] + 1e-10 >= 0 and box[1] + 1e-10 < level.width
            and box[3] + 1e-10 < level.height)
    # GDAL transforms pixels just outside the raster again, exactly (warp.edges); where some
    # land inside, the rule alone cannot say so: the per-pixel plan can
    none_retried = (box[0] >= 0 and box[2] >= 0 and box[1] + 1e-10 <= level.width
                    and box[3] + 1e-10 <= level.height)
    if (rule.kind == ANCHORED and not none_retried
            and edges_change(header, grid, rule, level.width, level.height, factor)):
        return plan_read(source, grid, resampling, same_crs, use_overviews)
    if not full and max(grid.width, grid.height) > 100 and len(gdal_chunks(
            header, grid, same_crs, resampling, level.factor, (level.width, level.height))) > 1:
        return plan_read(source, grid, resampling, same_crs, use_overviews)  # GDAL's chunks
    # partly outside: the extremes of the centres inside, from the rule's row lines
    bounds = box if full else inside_bounds(rule, factor, level.width, level.height)
    if bounds is None:
        return None
    window, half, clipped = _window(level, resampling, bounds, scales)
    return CompactPlan(level, resampling, rule, factor, window, full, half, clipped)

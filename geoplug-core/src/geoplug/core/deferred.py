"""Deferred resampling, the worker side of ``RasterDataset(..., defer_resampling=True)``.

A deferred dataset answers a query with the cheap part of a warped read: the reading plan made
from the pixel map's compact rule (:func:`geoplug.core.warp.plan.plan_compact`, no per-pixel
map) and one windowed read in the source dtype, straight into the sample's buffer when the
whole window fits there (:meth:`Deferral.capacity`), else packed to the pixels some kernel tap
reaches, row by row (:mod:`geoplug.core.warp.compact`). The interpolation is left to
:class:`~geoplug.core.resample.Resample`, run on a whole collated batch wherever the batch is.
Each sample's layer is a :class:`~geoplug.core.resample.DeferredLayer` (``resample``
describes how it travels): about the bytes of the finished patch.

What is deferred (merge ``first`` or ``last``): the warped ``nearest``/``bilinear`` read of the
query's first source (by the merge order) when the query hits that source alone or it covers
every pixel by itself (eager compositing would stop there too); and, when the query hits two
sources and the first is on the grid (an aligned window) with pixels left empty (outside it,
or nodata), both, as the two parts of one layer (:meth:`Deferral._behind`): the first's
window as it was read (or only its pixels that have data), and the second's (warped) pixels
where the first has none. Everything
else (aligned reads alone, more sources, other methods and merges, maps without a compact
rule, windows over the buffer's capacity) is finished in the worker from the same reads,
never read twice (a later source only for the box the earlier ones leave unfilled), and
shipped as a :data:`~geoplug.core.resample.FINAL` layer in the same layout, so samples stack.

``&`` and ``|`` of deferred datasets, and which layers of a composition defer, are
:mod:`geoplug.core.deferred_compose`'s. Not available: subclasses that post-process pixels in
``read`` or ``_finish``, and a value lookup (``_lookup``, e.g. class codes) with a method
other than ``nearest``.
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import TYPE_CHECKING, Any

import numpy as np
from rasterio.enums import Resampling
from rasterio.windows import Window

from geoplug.core.bbox import BoundingBox
from geoplug.core.composite import at_fill, composite
from geoplug.core.geodataset import GeoDataset
from geoplug.core.headers import footprints
from geoplug.core.resample import (
    BILINEAR,
    FINAL,
    NEAREST,
    PART_SIZE,
    W_CLIPPED,
    W_COEF,
    W_COL_OFF,
    W_COLS,
    W_FILL,
    W_FX,
    W_FY,
    W_H,
    W_HALF_X,
    W_HALF_Y,
    W_HAS_NODATA,
    W_KIND,
    W_LEVEL_H,
    W_LEVEL_W,
    W_MODE,
    W_NODATA,
    W_ROW_OFF,
    W_ROWS,
    W_SCALED,
    W_SPAN_ROW,
    W_W,
    W_WIN_NODATA,
    DeferredLayer,
    warp_vector,
)
from geoplug.core.warp import AlignedPlan, Grid, Level, Patch
from geoplug.core.warp import compact as packing
from geoplug.core.warp.pixelmap import AFFINE, MapRule, pixel_map
from geoplug.core.warp.plan import CompactPlan, plan_compact
from geoplug.core.warp.sources import Region, nodata_valid, read_window

if TYPE_CHECKING:
    from geoplug.core.raster import RasterDataset

__all__ = ["Deferral", "finish_layer"]


#: Most pixels of a deferred layer's buffer per pixel of its patch when it holds whole windows
#: (the bytes of a deferred sample stay within 1.2x the finished patch's, spans included).
WHOLE_WINDOW_BUDGET = 1.19


def _part_patch(packed: np.ndarray, spans: np.ndarray, warp: np.ndarray,
                need: Region | None = None) -> Patch | None:
    """The patch of one part of a deferred layer (``warp``: its ``PART_SIZE`` numbers), of
    the destination box ``need`` only if given."""
    coef = warp[W_COEF:PART_SIZE]
    height, width = int(warp[W_H]), int(warp[W_W])
    kind = int(warp[W_KIND])
    rule = MapRule(kind, coef[:6].copy() if kind == 0 else coef.reshape(2, 5, 3).copy(),
                   height, width)
    factor = (float(warp[W_FX]), float(warp[W_FY])) if warp[W_SCALED] > 0.5 else None
    window = Window(int(warp[W_COL_OFF]), int(warp[W_ROW_OFF]), int(warp[W_COLS]),
                    int(warp[W_ROWS]))
    method = Resampling.nearest if int(warp[W_MODE]) == NEAREST else Resampling.bilinear
    nodata = float(warp[W_NODATA]) if warp[W_HAS_NODATA] > 0.5 else None
    if nodata is not None and np.issubdtype(packed.dtype, np.integer):
        nodata = int(nodata)  # type: ignore[assignment]
    first = int(warp[W_SPAN_ROW])  # the part's rows and pixels follow the parts before it
    offset = int((spans[:first, 1] - spans[:first, 0]).sum())
    return packing.finish_patch(packed[:, offset:], spans[first:first + int(warp[W_ROWS])],
                                rule, factor, window,
                                (int(warp[W_LEVEL_W]), int(warp[W_LEVEL_H])), method,
                                (float(warp[W_HALF_X]), float(warp[W_HALF_Y])),
                                bool(warp[W_CLIPPED] > 0.5), nodata,
                                bool(warp[W_WIN_NODATA] > 0.5), need)


def finish_layer(packed: np.ndarray, spans: np.ndarray, warp: np.ndarray) -> np.ndarray:
    """The ``[C, H, W]`` pixels of one deferred layer, with the eager path's kernels and
    compositing (what :class:`~geoplug.core.resample.Resample` runs per sample on a CPU)."""
    parts = [warp[:PART_SIZE]]
    if warp.size > PART_SIZE and warp[PART_SIZE + W_MODE] != FINAL:
        parts.append(warp[PART_SIZE:2 * PART_SIZE])
    shape = (packed.shape[0], int(warp[W_H]), int(warp[W_W]))
    # the second part only where the first leaves the patch empty, as the eager composite
    readers = (functools.partial(_part_patch, packed, spans, part) for part in parts)
    array, _ = composite(readers, shape, packed.dtype, float(warp[W_FILL]), "first",
                         single=len(parts) == 1)
    return array


class Deferral:
    """Deferred samples of one raster dataset (what its ``__getitem__`` returns instead).

    Raises:
        ValueError: ``dataset`` post-processes pixels in ``read``/``_finish``, or maps values
            through a lookup with a method other than ``nearest``, or says why not in its
            ``_no_deferral`` (a subclass reading scenes its own way).
    """

    def __init__(self, dataset: RasterDataset) -> None:
        from geoplug.core.raster import RasterDataset  # the base whose reading is deferred

        cls = type(dataset)
        if cls.read is not RasterDataset.read or cls._finish is not GeoDataset._finish:
            raise ValueError(
                f"{cls.__name__} post-processes pixels in read() or _finish(), which "
                "deferred samples do not have; use defer_resampling=False for it")
        if not dataset.keep_dtype and (dataset.band_scale is not None
                                       or dataset.band_offset is not None):
            raise ValueError(
                f"{cls.__name__} scales its pixels (band_scale/band_offset, e.g. a STAC "
                "item's raster:bands scale), which deferred samples do not; pass "
                "keep_dtype=True (the stored numbers) or defer_resampling=False")
        refusal = getattr(dataset, "_no_deferral", None)  # a subclass's own reason
        if refusal:
            raise ValueError(f"{cls.__name__}: {refusal}")
        if any(h.masked for h in dataset._headers):
            raise ValueError(
                f"{cls.__name__} reads files whose mask (not a nodata value) says where the "
                "data is, which deferred samples do not carry; use defer_resampling=False")
        if dataset._lookup is not None and dataset._resampling != Resampling.nearest:
            raise ValueError(
                f"{cls.__name__} maps pixel values through a lookup, which commutes with "
                f"nearest resampling only, not {dataset._resampling.name}; use "
                "resampling='nearest' or defer_resampling=False")
        self._ds = dataset
        #: (source pixel area, source rows, kernel reach) per destination pixel, at most,
        #: per (CRS, resolution)
        self._scales: dict[tuple[str, tuple[float, float]], tuple[float, float, float]] = {}
        #: :meth:`capacity` per (CRS, resolution, patch height, patch width)
        self._capacities: dict[tuple[str, tuple[float, float], int, int], tuple[int, int]] = {}
        #: :meth:`_premapped_exact` per (nodata, parts)
        self._exact: dict[tuple[float, int], bool] = {}

    def sample(self, query: BoundingBox) -> dict[str, Any]:
        """The deferred sample for ``query``: ``crs``, ``bounds`` and the layer's tensors.

        Raises:
            QueryOutsideDataError: no file intersects ``query``.
            InvalidDataError: a file cannot be read.
        """
        ds = self._ds
        sample: dict[str, Any] = {"crs": ds.crs, "bounds": query}
        sample.update(self.layer(query).entries("image" if ds.is_image else "mask"))
        return sample

    def layer(self, query: BoundingBox, capacity: tuple[int, int] | None = None
              ) -> DeferredLayer:
        """The deferred layer for ``query`` (see the module docstring for what is deferred).

        ``capacity`` ``(pixels, rows)`` overrides the dataset's own (a union's layers share
        the largest).

        Raises:
            QueryOutsideDataError: no file intersects ``query``.
            InvalidDataError: a file cannot be read.
        """
        return self._layer(query, capacity)[0]

    def _layer(self, query: BoundingBox, capacity: tuple[int, int] | None = None,
               check_fill: bool = False) -> tuple[DeferredLayer, bool]:
        """The layer and (``check_fill``) whether it surely leaves no pixel at the fill
        value (``False`` unchecked)."""
        ds = self._ds
        hits = ds._order(ds._hits(query))
        grid = ds._grid(query)
        cap = capacity or self.capacity(grid)
        if ds.merge not in ("first", "last"):
            return self._final(ds._composite(hits, grid), grid, cap, check_fill)
        i = hits[0]
        plan = plan_compact(ds._sources[i], grid, ds._resampling, ds._same_crs[i],
                            ds.use_overviews)
        first: Patch | None = None
        if isinstance(plan, CompactPlan):
            win, packed = self._read(plan.level, plan.window, cap)
            nodata = plan.level.source.nodata
            valid = nodata_valid(win, nodata) if nodata is not None else None
            holes = valid is not None and not bool(valid.all())
            if self._premapped_exact(nodata, parts=1) and (
                    len(hits) == 1 or (plan.full and not holes)):
                layer = self._compact(plan, win, packed, grid, cap, holes)
                if layer is not None:
                    return layer, (check_fill and plan.full and not holes
                                   and self._no_fill(win, plan))
            first = plan.warp_plan().resample(win)  # finished here, from the same window
        elif isinstance(plan, AlignedPlan) and (len(hits) > 1 or (
                plan.window.height, plan.window.width) == (grid.height, grid.width)):
            # a file on the grid: the whole patch is read straight into the buffer and done
            # unless it has holes; what it leaves empty, the next file gives (a second part)
            whole = (plan.window.height, plan.window.width) == (grid.height, grid.width)
            array, packed = self._read(plan.level, plan.window, (cap[0], grid.height))
            valid = (None if ds._lone(hits)  # its nodata pixels hold the fill already
                     else nodata_valid(array, plan.level.source.nodata))
            if whole and (valid is None or bool(valid.all())):
                return self._final(array, grid, cap, check_fill, packed)
            if valid is None:
                valid = np.ones(array.shape[1:], dtype=bool)
            if len(hits) == 2 and packed is not None:  # the next file behind it, warped on
                # the batch's device too
                layer = self._behind(plan, array, packed, valid, hits[1], grid, cap)
                if layer is not None:
                    return layer, False
            first = Patch(array, valid, plan.rows, plan.cols)
        elif plan is not None:
            first = plan.read()
        patches = itertools.chain([first], ds._patches(hits[1:], grid))
        array, _ = composite(patches, (ds._count, grid.height, grid.width), ds._dtype,
                             ds.fill_value, "first", single=ds._lone(hits))
        return self._final(array, grid, cap, check_fill)

    def _read(self, level: Level, window: Window, cap: tuple[int, int]
              ) -> tuple[np.ndarray, np.ndarray | None]:
        """The source ``window`` ``[C, h, w]``, read straight into the start of a packed
        buffer (returned too, its tail zeroed) when it fits there whole, else on its own."""
        size, rows = cap
        h, w = int(window.height), int(window.width)
        if h > rows or h * w > size:
            return read_window(level, window), None
        source = level.source
        # the dataset's dtype: files of several dtypes give one that holds them all
        packed = np.empty((source.count, size), dtype=self._ds._dtype)
        packed[:, h * w:] = 0
        win = read_window(level, window, out=packed[:, :h * w].reshape(-1, h, w))
        return win, packed

    def _no_fill(self, win: np.ndarray, plan: CompactPlan) -> bool:
        """Whether no resampled pixel can equal the fill value in every band: no window pixel
        does (a bilinear mean of unsigned values is all-fill only if its taps are)."""
        if plan.resampling != Resampling.nearest and win.dtype.kind != "u":
            return False
        return not bool(at_fill(win, self._ds.fill_value).all(axis=0).any())

    def _compact(self, plan: CompactPlan, win: np.ndarray, packed: np.ndarray | None,
                 grid: Grid, cap: tuple[int, int], holes: bool) -> DeferredLayer | None:
        """The packed window and the compact warp; ``None`` when it exceeds the capacity.

        ``packed`` is the buffer ``win`` was read into whole (:meth:`_read`), or ``None``:
        the window is then packed row span by row span.
        """
        ds = self._ds
        size, rows = cap
        wh, ww = win.shape[1:]
        if wh > rows:
            return None
        spans = None if packed is not None else packing.row_spans(plan)
        if spans is not None and int((spans[:, 1] - spans[:, 0]).sum()) > size:
            return None  # unmapped: the caller resamples ``win`` itself
        if ds._lookup is not None:  # pointwise, before nearest resampling: the same pixels
            win[...] = np.take(ds._lookup, win)
        if spans is None:  # the whole window, in the buffer: no spans, nothing to copy
            spans = np.zeros((wh, 2), dtype=np.int32)
            spans[:, 1] = ww
        else:
            packed = np.empty((win.shape[0], size), dtype=ds._dtype)
            packed[:, packing.pack(win, spans, packed):] = 0
        assert packed is not None
        all_spans = np.zeros((rows, 2), dtype=np.int32)
        all_spans[:wh] = spans
        return DeferredLayer(packed, all_spans, self._warp(plan, grid, holes))

    def _warp(self, plan: CompactPlan | AlignedPlan, grid: Grid, holes: bool,
              span_row: int = 0) -> np.ndarray:
        """The warp vector of a layer whose (first) part is ``plan``'s window; an aligned
        window is a nearest part whose rule is a whole-pixel shift (an exact copy).
        ``span_row``: the part's first row in the spans."""
        ds = self._ds
        level = plan.level
        if isinstance(plan, AlignedPlan):
            mode, half, clipped, factor = NEAREST, (1.0, 1.0), False, None
            # the grid's corner in the level's pixels: whole, as the plan found them
            col = int(plan.window.col_off) - plan.cols.start
            row = int(plan.window.row_off) - plan.rows.start
            rule = MapRule(AFFINE, np.array([1.0, 0.0, col, 0.0, 1.0, row]), grid.height,
                           grid.width)
        else:
            mode = NEAREST if plan.resampling == Resampling.nearest else BILINEAR
            half, clipped, factor, rule = plan.half, plan.clipped, plan.factor, plan.rule
        warp = warp_vector(mode, level.source.nodata, self._fill(), ds.keep_dtype,
                           grid.height, grid.width)
        w = plan.window
        warp[[W_ROWS, W_COLS, W_COL_OFF, W_ROW_OFF]] = w.height, w.width, w.col_off, w.row_off
        warp[[W_HALF_X, W_HALF_Y]] = half
        warp[W_CLIPPED], warp[W_WIN_NODATA], warp[W_SPAN_ROW] = clipped, holes, span_row
        warp[[W_LEVEL_W, W_LEVEL_H]] = level.width, level.height
        if factor is not None:
            warp[[W_FX, W_FY]] = factor
            warp[W_SCALED] = 1.0
        warp[W_KIND] = rule.kind
        warp[W_COEF:W_COEF + rule.coef.size] = rule.coef.ravel()
        return warp

    def _behind(self, plan: AlignedPlan, array: np.ndarray, packed: np.ndarray,
                valid: np.ndarray, second: int, grid: Grid, cap: tuple[int, int]
                ) -> DeferredLayer | None:
        """A two-part layer: ``plan``'s aligned pixels ``array`` (read into the start of
        ``packed``; with data where ``valid``) and, behind them, file ``second``'s warped
        pixels where those leave the patch empty. The first part ships its whole window where
        it lies when the second's pixels fit after it, else only its rows' valid pixels; the
        second keeps only the pixels it gives. ``None`` when the second file has no compact
        warp (aligned too, other methods) or the parts overflow the buffer: the caller then
        merges them itself."""
        ds = self._ds
        size, rows = cap
        h, w = grid.height, grid.width
        behind = plan_compact(ds._sources[second], grid, ds._resampling, ds._same_crs[second],
                              ds.use_overviews)
        if (not isinstance(behind, CompactPlan)
                or behind.level.source.header.dtype != array.dtype
                or not self._premapped_exact(plan.level.source.nodata, parts=2)
                or not self._premapped_exact(behind.level.source.nodata, parts=2)):
            return None
        wh, ww = valid.shape
        wh_b = int(behind.window.height)
        if wh + wh_b > rows:
            return None
        covered = np.zeros((h, w), dtype=bool)
        covered[plan.rows, plan.cols] = valid
        start, end = _row_extents(~covered)  # the second part: the pixels left empty
        needed = (start.astype(np.float64), end.astype(np.float64) - 1)  # none: start > last
        spans = np.zeros((rows, 2), dtype=np.int32)
        behind_spans = spans[wh:wh + wh_b]
        behind_spans[...] = packing.row_spans(behind, needed)
        more = int((behind_spans[:, 1] - behind_spans[:, 0]).sum())
        if wh * ww + more <= size:  # the first part's window stays where it was read
            spans[:wh, 1] = ww
            k = wh * ww
        else:  # only the first part's valid pixels, packed row by row
            spans[:wh, 0], spans[:wh, 1] = _row_extents(valid)
            k = int((spans[:wh, 1] - spans[:wh, 0]).sum())
            if k + more > size:
                return None
            first = np.empty_like(packed)
            packing.pack(array, spans[:wh], first)
            packed = first
        # only the part of the second window that its spans keep is read (often a strip
        # along the first file's edge): the same pixels are packed
        used = np.flatnonzero(behind_spans[:, 1] > behind_spans[:, 0])
        holes = False
        if used.size:
            r0, r1 = int(used[0]), int(used[-1]) + 1
            c0 = int(behind_spans[used, 0].min())
            c1 = int(behind_spans[used, 1].max())
            at = behind.window
            win = read_window(behind.level, Window(int(at.col_off) + c0, int(at.row_off) + r0,
                                                   c1 - c0, r1 - r0))
            # whether the kept pixels hold nodata: the resampler's nodata branch
            has_data = nodata_valid(win, behind.level.source.nodata)
            holes = has_data is not None and not bool(has_data.all())
            local = np.maximum(behind_spans[r0:r1] - c0, 0)
            k += packing.pack(win, local, packed[:, k:])
        packed[:, k:] = 0
        if ds._lookup is not None:  # pointwise, before nearest resampling: the same pixels
            packed[:, :k] = np.take(ds._lookup, packed[:, :k])
        warp = self._warp(plan, grid, True)
        warp[PART_SIZE:] = self._warp(behind, grid, holes, span_row=wh)[:PART_SIZE]
        return DeferredLayer(packed, spans, warp)

    def _final(self, array: np.ndarray, grid: Grid, cap: tuple[int, int],
               check_fill: bool = False, packed: np.ndarray | None = None,
               mapped: bool = False) -> tuple[DeferredLayer, bool]:
        """Finished pixels ``[C, H, W]`` in the layout of a deferred layer, and
        (``check_fill``) whether no pixel is at the fill value. ``packed``: the buffer
        ``array`` already lies at the start of (:meth:`_read`); ``mapped``: ``array`` went
        through the lookup already (a union's merged pixels)."""
        ds = self._ds
        lut = None if mapped else ds._lookup
        c, h, w = array.shape
        if packed is None:
            packed = np.empty((c, cap[0]), dtype=array.dtype)
            packed[:, h * w:] = 0
            view = packed[:, :h * w].reshape(c, h, w)
            view[...] = array if lut is None else np.take(lut, array)
            array = view
        elif lut is not None:
            array[...] = np.take(lut, array)
        warp = warp_vector(FINAL, None, self._fill(), ds.keep_dtype, h, w)
        no_fill = check_fill and not bool(at_fill(array, ds.fill_value).all(axis=0).any())
        return DeferredLayer(packed, np.zeros((cap[1], 2), dtype=np.int32), warp), no_fill

    def _fill(self) -> float:
        """The fill value of the layer's pixels: the dataset's, through its lookup (the
        eager path maps its empty pixels too)."""
        ds = self._ds
        fill, lut = ds.fill_value, ds._lookup
        if lut is None or not (math.isfinite(fill) and fill == int(fill)
                               and 0 <= fill < lut.size):
            return fill
        return float(lut[int(fill)])

    def _premapped_exact(self, nodata: float | None, parts: int) -> bool:
        """Whether pixels mapped through the lookup in the worker, then tested against the
        source's (raw) ``nodata`` by the resampler, give the eager pixels (where a nodata
        pixel takes the mapped fill). One part: a nodata pixel must map to nodata or to the
        mapped fill, and a code mapped onto nodata must be worth the mapped fill. Two parts
        (the second shows where the first has nodata): nodata must map to itself, and no
        other code onto it."""
        lut = self._ds._lookup
        if lut is None or nodata is None or not math.isfinite(nodata):
            return True
        key = (nodata, parts)
        if key not in self._exact:
            own = lut[int(nodata)] if nodata == int(nodata) and 0 <= nodata < lut.size else None
            onto = np.flatnonzero(lut == nodata)
            alone = onto.size == 0 or (onto.size == 1 and own is not None and onto[0] == nodata)
            fill = self._fill()
            if parts > 1:
                ok = alone and (own is None or own == nodata)
            else:
                ok = (own is None or own in (nodata, fill)) and (alone or fill == nodata)
            self._exact[key] = bool(ok)
        return self._exact[key]

    def _scale(self) -> tuple[float, float, float]:
        """Per destination pixel, at most over all files: source pixel area, source rows
        spanned along (a destination row + a destination column), and kernel reach."""
        ds = self._ds
        key = (ds._crs_wkt, ds._res)
        if key not in self._scales:
            boxes = footprints(ds._headers, ds._crs)
            n = 9
            best = (1.0, 1.0, 1.0)
            for header, same, box in zip(ds._headers, ds._same_crs, boxes):
                # a coarse grid spanning about a 1000-pixel patch at the file's centre
                f = 1000.0 / (n - 1)
                res = (ds._res[0] * f, ds._res[1] * f)
                cx, cy = (box[0] + box[1]) / 2, (box[2] + box[3]) / 2
                grid = Grid.from_bounds(ds._crs, res, cx - res[0] * n / 2,
                                        cy + res[1] * n / 2, n, n, crs_wkt=ds._crs_wkt)
                xs, ys = pixel_map(header, grid, same)
                a, c = (xs[0, -1] - xs[0, 0]) / (n - 1) / f, (ys[0, -1] - ys[0, 0]) / (n - 1) / f
                b, d = (xs[-1, 0] - xs[0, 0]) / (n - 1) / f, (ys[-1, 0] - ys[0, 0]) / (n - 1) / f
                found = (abs(a * d - b * c), abs(c) + abs(d), max(abs(a) + abs(b),
                                                                   abs(c) + abs(d)))
                if all(math.isfinite(v) for v in found):
                    best = (max(best[0], found[0]), max(best[1], found[1]),
                            max(best[2], found[2]))
            self._scales[key] = best
        return self._scales[key]

    def _whole_rows(self) -> bool:
        """Whether to ship whole window rows: for a light layer (at most 2 bytes a pixel,
        e.g. a uint8 mask) the bytes saved by spans do not pay for computing them."""
        ds = self._ds
        return ds._count * ds._dtype.itemsize <= 2

    def capacity(self, grid: Grid) -> tuple[int, int]:
        """``(pixels, rows)`` of the packed buffer of a ``grid``-sized patch: the patch's
        pixels times the largest source pixel area per destination pixel, plus each row's
        kernel margin (2 %, at least the finished patch); rows for two parts
        (:meth:`_behind`). It holds the whole window of a
        light layer (:meth:`_whole_rows`), and of any layer whose window takes at most
        :data:`WHOLE_WINDOW_BUDGET` times the patch's pixels (a grid rotated by a few
        degrees): a window that fits is shipped whole, which spares computing and packing
        the spans (most of the worker's time after the read)."""
        ds = self._ds
        key = (ds._crs_wkt, ds._res, grid.height, grid.width)
        if key not in self._capacities:
            self._capacities[key] = self._capacity(grid.height, grid.width)
        return self._capacities[key]

    def _capacity(self, h: int, w: int) -> tuple[int, int]:
        """:meth:`capacity` of an ``h`` x ``w`` patch, computed."""
        area, rows_per, reach = self._scale()
        margin = 2 * math.ceil(reach) + 4
        rows = math.ceil(rows_per * max(h, w) * 1.01) + margin
        size = max(math.ceil(area * h * w * 1.02) + rows * margin, h * w)
        if self._whole_rows():
            size = max(size, rows * (math.ceil(reach * max(h, w) * 1.01) + margin))
        else:
            # the window's sides: the map's extent plus the kernel's reach on both sides
            side_w = math.ceil(reach * (w - 1) * 1.002 + 2 * reach + 1)
            side_h = math.ceil(reach * (h - 1) * 1.002 + 2 * reach + 1)
            if side_w * side_h <= WHOLE_WINDOW_BUDGET * h * w:
                size = max(size, side_w * side_h)
                rows = max(rows, side_h)
        # the spans hold a second part's rows after an aligned first part's (at most h)
        return -(-size // 64) * 64, max(rows, h) + h


def _row_extents(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``mask`` ``[h, w]``, the columns ``[start, end)`` from its first to its last
    set pixel (``(0, 0)`` where none is set)."""
    some = mask.any(axis=1)
    start = np.where(some, mask.argmax(axis=1), 0)
    return start, np.where(some, mask.shape[1] - mask[:, ::-1].argmax(axis=1), 0)

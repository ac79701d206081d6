"""Deferred resampling, the worker side of ``RasterDataset(..., defer_resampling=True)``.

A deferred dataset answers a query with the cheap part of a warped read: the reading plan made
from the pixel map's compact rule (:func:`geoplug.core.warp.plan.plan_compact`, no per-pixel
map) and one windowed read in the source dtype, straight into the sample's buffer when the
whole window fits there (:meth:`Deferral.capacity`), else packed to the pixels some kernel tap
reaches, row by row (:mod:`geoplug.core.warp.compact`). The interpolation is left to
:class:`~geoplug.core.resample.Resample`, run on a whole collated batch wherever the batch is.
Each sample's layer is a :class:`~geoplug.core.resample.DeferredLayer` (``resample``
describes how it travels): about the bytes of the finished patch.

What is deferred: the warped ``nearest``/``bilinear`` read of the query's first source (by the
merge order), when the merge is ``first`` or ``last`` and either the query hits that source
alone or it covers every pixel by itself (eager compositing would stop there too). Everything
else (aligned reads, several sources, other methods and merges, maps without a compact rule,
windows over the buffer's capacity) is finished in the worker from the same reads, never read
twice (a later source only for the box the earlier ones leave unfilled), and shipped as a
:data:`~geoplug.core.resample.FINAL` layer in the same layout, so that samples stack.

``a | b`` of deferred datasets defers too (:func:`union_sample`): the first dataset hitting
the query gives the layer when it leaves no pixel at the fill value (or no other dataset has
data there); otherwise the union's pixels are merged in the worker, as the eager union does.

Not available: two deferred image datasets combined with ``&`` (their keys would clash), ``|``
of a deferred and an eager dataset, subclasses that post-process pixels in ``read`` or
``_finish``, and a value lookup (``_lookup``, e.g. class codes) with a method other than
``nearest``.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any

import numpy as np
from rasterio.enums import Resampling
from rasterio.windows import Window

from geoplug.core.bbox import BoundingBox
from geoplug.core.composite import composite
from geoplug.core.geodataset import INDEX_LOCK, GeoDataset
from geoplug.core.headers import footprints
from geoplug.core.resample import (
    BILINEAR,
    FINAL,
    NEAREST,
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
    W_W,
    W_WIN_NODATA,
    DeferredLayer,
    warp_vector,
)
from geoplug.core.warp import AlignedPlan, Grid, Level, Patch
from geoplug.core.warp import compact as packing
from geoplug.core.warp.pixelmap import MapRule, pixel_map
from geoplug.core.warp.plan import CompactPlan, plan_compact
from geoplug.core.warp.sources import nodata_valid, read_window

if TYPE_CHECKING:
    from geoplug.core.raster import RasterDataset

__all__ = ["Deferral", "auto_defer", "check_intersection", "check_union", "finish_layer",
           "union_sample"]


#: Most pixels of a deferred layer's buffer per pixel of its patch when it holds whole windows
#: (the bytes of a deferred sample stay within 1.2x the finished patch's, spans included).
WHOLE_WINDOW_BUDGET = 1.19


def _defers(dataset: Any) -> bool:
    return bool(getattr(dataset, "defer_resampling", False))


def check_intersection(a: GeoDataset, b: GeoDataset) -> None:
    """Refuse ``a & b`` of two image datasets when one defers resampling.

    Raises:
        ValueError: both are image datasets and one defers resampling.
    """
    if ((_defers(a) or _defers(b)) and getattr(a, "is_image", False)
            and getattr(b, "is_image", False)):
        raise ValueError("cannot intersect two image datasets when one has "
                         "defer_resampling=True; use eager resampling for one of them")


def check_union(a: GeoDataset, b: GeoDataset) -> None:
    """Refuse ``a | b`` of a deferred and an eager dataset (their samples do not merge).

    Raises:
        ValueError: exactly one of them defers resampling, or they differ in ``is_image``.
    """
    if _defers(a) != _defers(b):
        raise ValueError("| of a dataset with defer_resampling=True and one without: create "
                         "both with the same defer_resampling to combine them with |")
    if _defers(a) and getattr(a, "is_image", True) != getattr(b, "is_image", True):
        raise ValueError("| of deferred datasets needs two image or two mask datasets")


def finish_layer(packed: np.ndarray, spans: np.ndarray, warp: np.ndarray) -> np.ndarray:
    """The ``[C, H, W]`` pixels of one deferred layer, with the eager path's kernels (what
    :class:`~geoplug.core.resample.Resample` runs per sample on a CPU)."""
    coef = warp[W_COEF:]
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
    return packing.finish(packed, spans[:int(warp[W_ROWS])], rule, factor, window,
                          (int(warp[W_LEVEL_W]), int(warp[W_LEVEL_H])), method,
                          (float(warp[W_HALF_X]), float(warp[W_HALF_Y])),
                          bool(warp[W_CLIPPED] > 0.5), nodata, float(warp[W_FILL]),
                          bool(warp[W_WIN_NODATA] > 0.5))


class Deferral:
    """Deferred samples of one raster dataset (what its ``__getitem__`` returns instead).

    Raises:
        ValueError: ``dataset`` post-processes pixels in ``read``/``_finish``, or maps values
            through a lookup with a method other than ``nearest``.
    """

    def __init__(self, dataset: RasterDataset) -> None:
        from geoplug.core.raster import RasterDataset  # the base whose reading is deferred

        cls = type(dataset)
        if cls.read is not RasterDataset.read or cls._finish is not GeoDataset._finish:
            raise ValueError(
                f"{cls.__name__} post-processes pixels in read() or _finish(), which "
                "deferred samples do not have; use defer_resampling=False for it")
        if dataset._lookup is not None and dataset._resampling != Resampling.nearest:
            raise ValueError(
                f"{cls.__name__} maps pixel values through a lookup, which commutes with "
                f"nearest resampling only, not {dataset._resampling.name}; use "
                "resampling='nearest' or defer_resampling=False")
        self._ds = dataset
        #: (source pixel area, source rows, kernel reach) per destination pixel, at most,
        #: per (CRS, resolution)
        self._scales: dict[tuple[str, tuple[float, float]], tuple[float, float, float]] = {}

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
            if len(hits) == 1 or (plan.full and not holes):
                layer = self._compact(plan, win, packed, grid, cap, holes)
                if layer is not None:
                    return layer, (check_fill and plan.full and not holes
                                   and self._no_fill(win, plan))
            first = plan.warp_plan().resample(win)  # finished here, from the same window
        elif isinstance(plan, AlignedPlan) and (
                plan.window.height, plan.window.width) == (grid.height, grid.width):
            # the whole patch in one file: read straight into the buffer, done unless it has
            # holes that the next files fill
            array, packed = self._read(plan.level, plan.window, (cap[0], grid.height))
            nodata = plan.level.source.nodata
            valid = nodata_valid(array, nodata) if len(hits) > 1 else None
            if valid is None or bool(valid.all()):
                return self._final(array, grid, cap, check_fill, packed)
            first = Patch(array, valid, plan.rows, plan.cols)
        elif plan is not None:
            first = plan.read()
        patches = itertools.chain([first], ds._patches(hits[1:], grid))
        array, _ = composite(patches, (ds._count, grid.height, grid.width), ds._dtype,
                             ds.fill_value, "first", single=len(hits) == 1)
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
        packed = np.empty((source.count, size), dtype=source.header.dtype)
        packed[:, h * w:] = 0
        win = read_window(level, window, out=packed[:, :h * w].reshape(-1, h, w))
        return win, packed

    def _no_fill(self, win: np.ndarray, plan: CompactPlan) -> bool:
        """Whether no resampled pixel can equal the fill value in every band: no window pixel
        does (a bilinear mean of unsigned values is all-fill only if its taps are)."""
        if plan.resampling != Resampling.nearest and win.dtype.kind != "u":
            return False
        return not bool((win == self._ds.fill_value).all(axis=0).any())

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
        if ds._lookup is not None:  # pointwise, before nearest resampling: the same pixels
            win[...] = np.take(ds._lookup, win)
        if packed is not None:  # the whole window: no spans to compute, nothing to copy
            spans = np.zeros((wh, 2), dtype=np.int32)
            spans[:, 1] = ww
        else:
            spans = packing.row_spans(plan)
            if int((spans[:, 1] - spans[:, 0]).sum()) > size:
                return None
            packed = np.empty((win.shape[0], size), dtype=win.dtype)
            packed[:, packing.pack(win, spans, packed):] = 0
        all_spans = np.zeros((rows, 2), dtype=np.int32)
        all_spans[:wh] = spans
        level = plan.level
        mode = NEAREST if plan.resampling == Resampling.nearest else BILINEAR
        warp = warp_vector(mode, level.source.nodata, ds.fill_value, ds.keep_dtype,
                           grid.height, grid.width)
        w = plan.window
        warp[[W_ROWS, W_COLS, W_COL_OFF, W_ROW_OFF]] = w.height, w.width, w.col_off, w.row_off
        warp[[W_HALF_X, W_HALF_Y]] = plan.half
        warp[W_CLIPPED], warp[W_WIN_NODATA] = plan.clipped, holes
        warp[[W_LEVEL_W, W_LEVEL_H]] = level.width, level.height
        if plan.factor is not None:
            warp[[W_FX, W_FY]] = plan.factor
            warp[W_SCALED] = 1.0
        rule = plan.rule
        warp[W_KIND] = rule.kind
        warp[W_COEF:W_COEF + rule.coef.size] = rule.coef.ravel()
        return DeferredLayer(packed, all_spans, warp)

    def _final(self, array: np.ndarray, grid: Grid, cap: tuple[int, int],
               check_fill: bool = False, packed: np.ndarray | None = None
               ) -> tuple[DeferredLayer, bool]:
        """Finished pixels ``[C, H, W]`` in the layout of a deferred layer, and
        (``check_fill``) whether no pixel is at the fill value. ``packed``: the buffer
        ``array`` already lies at the start of (:meth:`_read`)."""
        ds = self._ds
        c, h, w = array.shape
        if packed is None:
            packed = np.empty((c, cap[0]), dtype=array.dtype)
            packed[:, h * w:] = 0
            view = packed[:, :h * w].reshape(c, h, w)
            view[...] = array if ds._lookup is None else np.take(ds._lookup, array)
            array = view
        elif ds._lookup is not None:
            array[...] = np.take(ds._lookup, array)
        warp = warp_vector(FINAL, None, ds.fill_value, ds.keep_dtype, h, w)
        no_fill = check_fill and not bool((array == ds.fill_value).all(axis=0).any())
        return DeferredLayer(packed, np.zeros((cap[1], 2), dtype=np.int32), warp), no_fill

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
        kernel margin (2 %, at least the finished patch). It holds the whole window of a
        light layer (:meth:`_whole_rows`), and of any layer whose window takes at most
        :data:`WHOLE_WINDOW_BUDGET` times the patch's pixels (a grid rotated by a few
        degrees): a window that fits is shipped whole, which spares computing and packing
        the spans (most of the worker's time after the read)."""
        area, rows_per, reach = self._scale()
        h, w = grid.height, grid.width
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
        return -(-size // 64) * 64, max(rows, h)


def _leaves(dataset: GeoDataset) -> list[RasterDataset]:
    """The raster datasets of a (nested) union, in merge order."""
    from geoplug.core.geodataset import UnionDataset

    if isinstance(dataset, UnionDataset):
        return [leaf for part in dataset.datasets for leaf in _leaves(part)]
    return [dataset]  # type: ignore[list-item]


def _finished(ds: RasterDataset, query: BoundingBox) -> np.ndarray:
    """The eager sample's pixels (source dtype, lookup applied)."""
    array = ds.read(query)
    if ds._lookup is not None:
        array = np.take(ds._lookup, array).astype(array.dtype, copy=False)
    return array


def union_sample(union: GeoDataset, query: BoundingBox) -> dict[str, Any]:
    """The deferred sample of ``a | b`` (and deeper unions) of deferred raster datasets.

    The first dataset with data at ``query`` gives the layer when no other has data there or
    when its layer leaves no pixel at the fill value; otherwise the pixels are merged here as
    the eager union merges them (the first's, the next's where the first is at its fill value
    in every band) and shipped finished.

    Raises:
        QueryOutsideDataError: no dataset has data at ``query``.
    """
    leaves = _leaves(union)
    with INDEX_LOCK:
        hitting = [ds for ds in leaves
                   if next(iter(ds.index.intersection(tuple(query))), None) is not None]
    if not hitting:
        raise union._outside(query)
    grid = hitting[0]._grid(query)
    caps = [ds._deferral.capacity(grid) for ds in leaves if ds._deferral is not None]
    cap = (max(c[0] for c in caps), max(c[1] for c in caps))
    first = hitting[0]
    assert first._deferral is not None
    key = "image" if first.is_image else "mask"
    sample: dict[str, Any] = {"crs": union.crs, "bounds": query}
    layer, no_fill = first._deferral._layer(query, cap, check_fill=len(hitting) > 1)
    if len(hitting) == 1 or no_fill:
        sample.update(layer.entries(key))
        return sample
    array = _finished(first, query)
    fill = first.fill_value
    for other in hitting[1:]:
        more = _finished(other, query)
        if more.shape != array.shape:
            continue
        empty = (array == fill).all(axis=0, keepdims=True)
        array = np.where(empty, more.astype(array.dtype), array)
    sample.update(first._deferral._final(array, grid, cap)[0].entries(key))
    return sample


def auto_defer(dataset: GeoDataset) -> list[str]:
    """Turn on deferred resampling for the warped raster layers of ``dataset`` (a layer or a
    composition of ``&`` and ``|``) where it can be; returns the names of those layers.

    A layer is warped when some file is not on the composed grid (another CRS or
    resolution). At most one image layer (or union of image layers) and one mask layer
    defer, since their keys would clash; a union defers all its members or none; layers
    that cannot defer (see :class:`Deferral`) stay eager.
    """
    from geoplug.core.geodataset import IntersectionDataset, UnionDataset
    from geoplug.core.raster import RasterDataset

    def parts(ds: GeoDataset) -> list[GeoDataset]:
        if isinstance(ds, IntersectionDataset):
            return [p for d in ds.datasets for p in parts(d)]
        return [ds]

    def warped(leaf: RasterDataset) -> bool:
        res = leaf.res
        return any(not same or not (math.isclose(abs(h.transform[0]), res[0], rel_tol=1e-9)
                                    and math.isclose(abs(h.transform[4]), res[1],
                                                     rel_tol=1e-9))
                   for h, same in zip(leaf._headers, leaf._same_crs))

    done: list[str] = []
    taken: set[bool] = set()
    for part in parts(dataset):
        leaves = _leaves(part)
        if not all(isinstance(leaf, RasterDataset) for leaf in leaves):
            continue
        kind = bool(leaves[0].is_image)
        if kind in taken or any(_defers(leaf) for leaf in leaves):
            taken.add(kind)
            continue
        if not any(warped(leaf) for leaf in leaves):
            continue
        try:
            deferrals = [Deferral(leaf) for leaf in leaves]
        except ValueError:
            continue
        if not kind and any(not leaf.keep_dtype and np.dtype(leaf.mask_dtype) != np.int64
                            for leaf in leaves):
            continue
        for leaf, deferral in zip(leaves, deferrals):
            leaf.defer_resampling, leaf._deferral = True, deferral
            done.append(type(leaf).__name__)
        if isinstance(part, UnionDataset):
            part.defer_resampling = True  # type: ignore[attr-defined]
        taken.add(kind)
    return done


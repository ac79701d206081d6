"""Deferred resampling, the worker side of ``RasterDataset(..., defer_resampling=True)``.

A deferred dataset answers a query with the cheap part of a warped read, the reading plan
(:func:`geoplug.core.warp.plan_read`) and one windowed read in the source dtype, and leaves the
interpolation to :class:`~geoplug.core.resample.Resample`, run on a whole collated batch
wherever the batch is. Each sample's layer is a :class:`~geoplug.core.resample.DeferredLayer`
(``resample`` describes how it travels).

What is deferred: the warped ``nearest``/``bilinear`` read of the query's first source (by the
merge order), when the merge is ``first`` or ``last`` and either the query hits that source
alone or it covers every pixel by itself (eager compositing would stop there too). Everything
else (aligned reads, several sources, other methods and merges) is finished in the worker from
the same reads, never read twice, and shipped as a :data:`~geoplug.core.resample.FINAL` layer
in the same layout, so that samples stack.

Not available: ``|`` (it merges pixels), two deferred image datasets combined with ``&`` (their
keys would clash), subclasses that post-process pixels in ``read`` or ``_finish``, and a value
lookup (``_lookup``, e.g. class codes) with a method other than ``nearest``.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING, Any

import numpy as np
from rasterio.enums import Resampling

from geoplug.core.bbox import BoundingBox
from geoplug.core.composite import composite
from geoplug.core.geodataset import GeoDataset
from geoplug.core.headers import footprints
from geoplug.core.resample import BILINEAR, FINAL, NEAREST, DeferredLayer
from geoplug.core.warp import Grid, Patch, WarpPlan, plan_read, source_scale
from geoplug.core.warp.sources import nodata_valid

if TYPE_CHECKING:
    from geoplug.core.raster import RasterDataset

__all__ = ["Deferral", "check_intersection", "check_union"]


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
    """Refuse ``a | b`` when either defers resampling: a union merges finished pixels.

    Raises:
        ValueError: either dataset defers resampling.
    """
    if _defers(a) or _defers(b):
        raise ValueError("| merges pixels and needs them resampled: create the datasets "
                         "with defer_resampling=False to combine them with |")


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
        #: largest source pixels per destination pixel, per (CRS, resolution)
        self._scales: dict[tuple[str, tuple[float, float]], tuple[float, float]] = {}

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

    def layer(self, query: BoundingBox) -> DeferredLayer:
        """The deferred layer for ``query`` (see the module docstring for what is deferred).

        Raises:
            QueryOutsideDataError: no file intersects ``query``.
            InvalidDataError: a file cannot be read.
        """
        ds = self._ds
        hits = ds._order(ds._hits(query))
        grid = ds._grid(query)
        side = self._side(grid)
        if ds.merge not in ("first", "last"):
            return self._final(ds._composite(hits, grid), side)
        i = hits[0]
        plan = plan_read(ds._sources[i], grid, ds._resampling, ds._same_crs[i],
                         ds.use_overviews)
        first: Patch | None = None
        if isinstance(plan, WarpPlan):
            win = plan.read_window()
            if (max(win.shape[1:]) <= side
                    and (len(hits) == 1 or self._covers(plan, win))):
                return self._warped(plan, win, side)
            first = plan.resample(win)  # finished here, from the same window
        elif plan is not None:
            first = plan.read()
        patches = itertools.chain([first], ds._patches(hits[1:], grid))
        array, _ = composite(patches, (ds._count, grid.height, grid.width), ds._dtype,
                             ds.fill_value, "first", single=len(hits) == 1)
        return self._final(array, side)

    @staticmethod
    def _covers(plan: WarpPlan, win: np.ndarray) -> bool:
        """Whether ``plan`` gives every destination pixel data: inside, no nodata in reach.

        Such a source alone answers a ``first`` composite (the others are never read).
        """
        if not plan.footprint.full:
            return False
        valid = nodata_valid(win, plan.level.source.nodata)
        return valid is None or bool(valid.all())

    def _warped(self, plan: WarpPlan, win: np.ndarray, side: int) -> DeferredLayer:
        """The window padded to ``side`` and the grid sampling it (nearest: snapped)."""
        ds = self._ds
        _, wh, ww = win.shape
        if ds._lookup is not None:  # pointwise, before nearest resampling: the same pixels
            win = np.take(ds._lookup, win).astype(win.dtype, copy=False)
        # edge-replicated padding keeps the eager path's border behaviour
        buf = np.pad(win, ((0, 0), (0, side - wh), (0, side - ww)), mode="edge")
        rx = plan.xs - plan.window.col_off
        ry = plan.ys - plan.window.row_off
        nearest = plan.resampling == Resampling.nearest
        if nearest:  # snap to the picked pixel's centre: exact on the device
            rx = np.floor(rx + 1e-10) + 0.5
            ry = np.floor(ry + 1e-10) + 0.5
        coords = np.empty((*rx.shape, 2), dtype=np.float32)
        coords[..., 0] = rx * (2.0 / side) - 1.0
        coords[..., 1] = ry * (2.0 / side) - 1.0
        return DeferredLayer(buf, coords, NEAREST if nearest else BILINEAR, wh, ww,
                             plan.level.source.nodata, ds.fill_value, ds.keep_dtype,
                             plan.half)

    def _final(self, array: np.ndarray, side: int) -> DeferredLayer:
        """Finished pixels ``[C, H, W]`` in the layout of a deferred layer."""
        ds = self._ds
        if ds._lookup is not None:
            array = np.take(ds._lookup, array).astype(array.dtype, copy=False)
        c, h, w = array.shape
        buf = np.zeros((c, side, side), dtype=array.dtype)
        buf[:, :h, :w] = array
        return DeferredLayer(buf, np.zeros((h, w, 2), dtype=np.float32), FINAL, h, w, None,
                             ds.fill_value, ds.keep_dtype)

    def _scale(self) -> tuple[float, float]:
        """Largest source pixels per destination pixel (rows, cols) over all files."""
        ds = self._ds
        key = (ds._crs_wkt, ds._res)
        if key not in self._scales:
            boxes = footprints(ds._headers, ds._crs)
            n = 9
            best = (1.0, 1.0)
            for header, same, box in zip(ds._headers, ds._same_crs, boxes):
                # a coarse grid spanning about a 1000-pixel patch at the file's centre
                f = 1000.0 / (n - 1)
                res = (ds._res[0] * f, ds._res[1] * f)
                cx, cy = (box[0] + box[1]) / 2, (box[2] + box[3]) / 2
                grid = Grid.from_bounds(ds._crs, res, cx - res[0] * n / 2,
                                        cy + res[1] * n / 2, n, n, crs_wkt=ds._crs_wkt)
                sr, sc = source_scale(header, grid, same)
                best = (max(best[0], sr / f), max(best[1], sc / f))
            self._scales[key] = best
        return self._scales[key]

    def _side(self, grid: Grid) -> int:
        """Side of the square buffer every deferred layer of this size is padded to."""
        sr, sc = self._scale()
        side = max(grid.height, grid.width)
        # the window spans about scale x side pixels, plus the bilinear kernel's reach (GDAL
        # widens it to 1 / kernel scale source pixels on each side when downsampling)
        need = math.ceil(max(sr, sc) * side * 1.02) + 2 * math.ceil(max(sr, sc)) + 3
        return max(side, -(-need // 8) * 8)

"""Compositing: merging the patches of overlapping sources onto one destination grid.

Sources arrive in a meaningful order (a raster dataset sorts them by date, then path), so a
user can build temporal composites: ``first`` / ``last`` keep the earliest / latest valid
pixel, ``min`` / ``max`` / ``mean`` / ``median`` reduce over every source that has a valid
pixel there (``median`` of an even count is the mean of the two middle values, as in NumPy).
Nodata pixels of a source never contribute; pixels no source covers get the fill value.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

import numpy as np

from geoplug.core.warp import Patch
from geoplug.core.warp.sources import Region

__all__ = ["METHODS", "Merge", "Reader", "at_fill", "composite", "lacking", "same_fill"]

Merge = Literal["first", "last", "min", "max", "mean", "median"]
#: A source's read, made when the composite asks for it: ``reader(need=box)`` gives the
#: source's patch of the destination box ``need`` (``None``: the whole grid), or ``None``.
Reader = Callable[..., Patch | None]
METHODS: tuple[str, ...] = ("first", "last", "min", "max", "mean", "median")


def same_fill(a: float | None, b: float | None) -> bool:
    """Whether two fill (or nodata) values are the same; NaN is NaN (which ``==`` denies)."""
    if a is None or b is None:
        return a is b
    return a == b or (math.isnan(a) and math.isnan(b))


def at_fill(values: np.ndarray, fill: float) -> np.ndarray:
    """Where ``values`` equal the fill value; a NaN fill matches NaN values (which ``==``
    never does)."""
    return np.isnan(values) if math.isnan(fill) else values == fill


def _check(method: str) -> None:
    if method not in METHODS:
        raise ValueError(f"unknown merge method {method!r}; choose one of {', '.join(METHODS)}")


def lacking(covered: np.ndarray) -> Region:
    """The smallest box of destination pixels holding every pixel not yet ``covered``."""
    rows = np.flatnonzero(~covered.all(axis=1))
    cols = np.flatnonzero(~covered.all(axis=0))
    return slice(int(rows[0]), int(rows[-1]) + 1), slice(int(cols[0]), int(cols[-1]) + 1)


def composite(patches: Iterable[Patch | Reader | None], shape: tuple[int, int, int],
              dtype: np.dtype, fill: float, method: str = "first", single: bool = False,
              nodata: Sequence[float | None] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Merge ``patches`` (in priority order) into an array of ``shape`` and ``dtype``.

    ``patches`` may be a lazy iterator: for ``first`` it stops being consumed once every pixel
    is filled, so a query fully covered by its first source reads nothing else. An item may
    also be a :data:`Reader`, called as ``item(need=box)``: for ``first`` the box is the one
    the sources before it left unfilled (a source partly behind another reads and resamples
    only that box), for the other methods ``None`` (the whole grid). For ``last`` pass the
    sources in reverse order. ``single`` says there is only one source, so its nodata pixels
    need no checking (they stay nodata either way). Returns ``(array, covered)`` where
    ``covered`` marks the pixels some source filled.

    A pixel is nodata where every band is (GDAL's unified source nodata); ``nodata`` (each
    source's value, in order) also leaves a single band's nodata out of that band's ``min``,
    ``max``, ``mean`` or ``median`` (a source with data in other bands there).

    Raises:
        ValueError: unknown ``method``.
    """
    _check(method)
    _channels, height, width = shape
    if method in ("first", "last"):
        out: np.ndarray | None = None
        covered = np.zeros((height, width), dtype=bool)
        for item in patches:
            patch = item(need=None if out is None else lacking(covered)) if callable(
                item) else item
            if patch is None:
                continue
            if out is None:
                if (patch.data.shape == shape and patch.data.dtype == dtype
                        and (single or patch.mask() is None) and patch.valid is None):
                    return patch.data, np.ones((height, width), dtype=bool)  # the common case
                out = np.full(shape, fill, dtype=dtype)
            valid = patch.mask()
            region = out[:, patch.rows, patch.cols]
            cov = covered[patch.rows, patch.cols]
            take = ~cov if valid is None else (valid & ~cov)
            if take.all():
                region[...] = patch.data
            else:  # a masked copy, without the temporaries of boolean indexing
                np.copyto(region, patch.data, where=take)
            cov |= take
            if covered.all():
                break
        if out is None:
            out = np.full(shape, fill, dtype=dtype)
        return out, covered

    layers: list[np.ndarray] = []
    for item, band_nodata in zip(patches, nodata or itertools.repeat(None)):
        patch = item(need=None) if callable(item) else item
        if patch is None:
            continue
        layer = np.full(shape, np.nan, dtype=np.float64)
        region = layer[:, patch.rows, patch.cols]
        valid = patch.mask()
        if valid is None:
            region[...] = patch.data
        else:
            region[:, valid] = patch.data[:, valid]
        if band_nodata is not None:
            region[at_fill(region, band_nodata)] = np.nan
        layers.append(layer)
    if not layers:
        return np.full(shape, fill, dtype=dtype), np.zeros((height, width), dtype=bool)
    stack = np.stack(layers)
    reducers: dict[str, Callable[..., np.ndarray]] = {
        "min": np.nanmin, "max": np.nanmax, "mean": np.nanmean, "median": np.nanmedian}
    reducer = reducers[method]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN pixels: handled below
        values = reducer(stack, axis=0)
    covered = ~np.isnan(values).all(axis=0)
    values = np.where(np.isnan(values), fill, values)
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        values = np.clip(np.floor(values + 0.5), info.min, info.max)
    return values.astype(dtype), covered

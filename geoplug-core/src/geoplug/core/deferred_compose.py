"""Deferred datasets combined with ``&`` and ``|``, and which layers of a composition defer.

``a | b`` of deferred datasets defers too (:func:`union_sample`): the first dataset hitting
the query gives the layer when it leaves no pixel at the fill value (or no other dataset has
data there); otherwise the union's pixels are merged in the worker, as the eager union does.
:func:`auto_defer` turns deferral on for the warped layers of a composition (what the data
modules do on a GPU).

Not available: two deferred image datasets combined with ``&`` (their keys would clash), and
``|`` of a deferred and an eager dataset.
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING, Any

import numpy as np

from geoplug.core.bbox import BoundingBox
from geoplug.core.composite import at_fill, same_fill
from geoplug.core.deferred import Deferral
from geoplug.core.geodataset import INDEX_LOCK, GeoDataset, union_shape_error

if TYPE_CHECKING:
    from geoplug.core.raster import RasterDataset

__all__ = ["auto_defer", "check_intersection", "check_union", "union_sample"]


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
    fill = union.fill_value  # the first leaf's; another's empty pixels are set to it
    own_fill = same_fill(first.fill_value, fill)
    layer, no_fill = first._deferral._layer(query, cap, check_fill=len(hitting) > 1
                                            or not own_fill)
    kept = getattr(union, "kept_dtype", None)  # the members' dtypes, in one that holds them
    if (len(hitting) == 1 and own_fill) or no_fill:
        if kept is not None and layer.packed.dtype != kept:
            layer = dataclasses.replace(layer, packed=layer.packed.astype(kept))
        sample.update(layer.entries(key))
        return sample
    array = _refilled(_finished(first, query), first.fill_value, fill)
    for other in hitting[1:]:
        more = _finished(other, query)
        if more.shape != array.shape:
            raise union_shape_error(key, array.shape, more.shape)
        take = (at_fill(array, fill).all(axis=0, keepdims=True)
                & ~at_fill(more, other.fill_value).all(axis=0, keepdims=True))
        array = np.where(take, more, array)  # in the dtype that holds both
    if kept is not None:
        array = array.astype(kept, copy=False)
    sample.update(first._deferral._final(array, grid, cap, mapped=True)[0].entries(key))
    return sample


def _refilled(array: np.ndarray, fill: float, target: float) -> np.ndarray:
    """``array`` ``[C, H, W]`` with its pixels at ``fill`` in every band set to ``target``
    (where the dtype holds it)."""
    if same_fill(fill, target) or (math.isnan(target) and array.dtype.kind != "f"):
        return array
    empty = at_fill(array, fill).all(axis=0, keepdims=True)
    return np.where(empty, np.asarray(target).astype(array.dtype), array)


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


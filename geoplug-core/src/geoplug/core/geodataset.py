"""``GeoDataset``: datasets indexed by spatial (and temporal) query, and their composition.

A geo dataset has an rtree ``index`` over (x, y, t) of its items (files or features) in its
``crs``, a resolution ``res`` (x, y in CRS units per pixel) and ``bounds``. ``ds[query]`` with a
:class:`~geoplug.core.bbox.BoundingBox` returns a dict sample on the grid ``(crs, res, query)``
with at least ``crs`` and ``bounds`` (the query); TorchGeo 0.8's slice query
``ds[xmin:xmax:xres, ymin:ymax:yres, tmin:tmax]`` gives the same sample for the same window.
``a & b`` keeps only where both have data and merges their samples (image and mask together);
``a | b`` covers where either has data. Both reproject ``b`` onto ``a``'s CRS and resolution
(by setting ``b.crs`` and ``b.res``, which re-indexes ``b`` from cached headers without opening
files).
"""

from __future__ import annotations

import abc
import math
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import torch
from rasterio.crs import CRS
from rtree.index import Index, Property
from torch import Tensor

import geoplug.core.collate  # noqa: F401  (lets default_collate batch crs/bounds)
from geoplug.core.bbox import BoundingBox, GeoQuery
from geoplug.core.errors import InvalidDataError, QueryOutsideDataError

if TYPE_CHECKING:  # pragma: no cover
    from geoplug.core.specs import DatasetSpec

__all__ = [
    "GeoDataset",
    "IntersectionDataset",
    "UnionDataset",
    "check_res",
    "new_index",
    "parse_crs",
]

Transform = Callable[[dict[str, Any]], dict[str, Any]]

#: held around rtree queries made while a sample is read: libspatialindex is not safe to query
#: from several threads at once, and a batch's samples may be read by several
#: (:mod:`geoplug.core.concurrency`)
INDEX_LOCK = threading.Lock()


def new_index() -> Index:
    """An empty in-memory 3-D rtree (x, y, t) with non-interleaved coordinates.

    Items are inserted as ``index.insert(id, (minx, maxx, miny, maxy, mint, maxt), obj)``,
    the order of ``tuple(BoundingBox)``.
    """
    return Index(interleaved=False, properties=Property(dimension=3))


def parse_crs(crs: Any) -> CRS:
    """A rasterio ``CRS`` from a CRS, an EPSG code, a WKT/PROJ string or ``"EPSG:xxxx"``.

    Raises:
        InvalidDataError: the value is not a CRS rasterio understands.
    """
    if isinstance(crs, CRS):
        return crs
    try:
        return CRS.from_user_input(crs)
    except Exception as err:  # rasterio raises CRSError (a ValueError) or others
        raise InvalidDataError(
            f"{crs!r} is not a valid CRS; pass e.g. 'EPSG:32615', 32615 or a WKT string"
        ) from err


def check_res(res: float | tuple[float, float] | Any, crs: CRS | None) -> tuple[float, float]:
    """Normalise ``res`` to ``(x, y)`` and reject values in the wrong units for ``crs``.

    A resolution below 1 cm in a metre CRS is almost surely degrees, and one above 5 degrees in
    a geographic CRS is almost surely metres; both are rejected rather than producing a
    gigantic or one-pixel patch.

    Raises:
        InvalidDataError: non-positive resolution, or units that do not match the CRS.
    """
    if isinstance(res, (int, float)):
        pair = (float(res), float(res))
    else:
        values = tuple(float(v) for v in res)
        if len(values) != 2:
            raise InvalidDataError(f"res must be a number or an (x, y) pair, got {res!r}")
        pair = (values[0], values[1])
    if not all(math.isfinite(v) and v > 0 for v in pair):
        raise InvalidDataError(f"res must be positive, got {res!r}")
    if crs is None:
        return pair
    if crs.is_geographic and max(pair) > 5:
        raise InvalidDataError(
            f"res={res!r} looks like metres but the CRS {crs.to_string()} is in degrees; give "
            "the resolution in degrees (e.g. 0.00027 for about 30 m) or choose a projected crs"
        )
    if crs.is_projected:
        factor = crs.linear_units_factor[1] if crs.linear_units_factor else 1.0
        if min(pair) * factor < 0.01:
            raise InvalidDataError(
                f"res={res!r} looks like degrees but the CRS {crs.to_string()} is in "
                f"{crs.linear_units}; give the resolution in those units (e.g. 30 for Landsat)"
            )
    return pair


class GeoDataset(abc.ABC):
    """A dataset queried with ``ds[BoundingBox(...)]`` returning a dict sample.

    Subclasses fill ``self.index`` (one entry per file or feature) and set ``crs`` and ``res``;
    they override :meth:`_set_crs` when changing the CRS needs re-indexing. ``fill_value`` is
    what pixels without data hold (used by ``|`` to merge).
    """

    fill_value: float = 0
    # the facts a spec sets (``class X(RasterDataset, spec=SPEC)``); RasterDataset adds the bands
    spec: ClassVar[DatasetSpec | None] = None
    name: ClassVar[str] = ""
    task: ClassVar[str] = ""
    classes: ClassVar[tuple[str, ...]] = ()
    splits: ClassVar[tuple[str, ...]] = ()
    #: whether several threads may read samples of one instance at once (each through its own
    #: file handles); a dataset that sets it keeps no per-read state on ``self``
    thread_safe_reads: bool = False

    def __init_subclass__(cls, spec: DatasetSpec | Mapping[str, Any] | None = None,
                          **kwargs: Any) -> None:
        """``class MyLayer(RasterDataset, spec=SPEC)`` reads the class facts from its spec.

        Sets ``spec``, ``name``, ``task``, ``all_bands``, ``rgb_bands``, ``classes`` and
        ``splits`` (see :mod:`geoplug.core.specfacts`).

        Raises:
            DatasetSpecError: the spec is invalid, not ``kind="geo"``, names RGB bands that
                are not among its bands, or the class body restates a fact it sets.
        """
        super().__init_subclass__(**kwargs)
        if spec is not None:
            from geoplug.core.specfacts import apply_spec

            apply_spec(cls, spec, "geo")

    def __init__(self, transforms: Transform | None = None) -> None:
        self.index = new_index()
        self.transforms = transforms
        self._crs: CRS = CRS.from_epsg(4326)
        self._res: tuple[float, float] = (0.0, 0.0)

    @abc.abstractmethod
    def __getitem__(self, query: GeoQuery) -> dict[str, Any]:
        """Return the sample covering ``query`` on this dataset's grid (crs, res).

        Implementations also accept TorchGeo's slices by starting with
        ``query = self._box(query)``.
        """

    def __len__(self) -> int:
        """Number of items (files or features) in the index."""
        return len(self.index)

    @property
    def read_threads(self) -> int:
        """Threads that read the samples of one DataLoader batch at once (1: one by one).

        Above 1 only where reads wait on a network (a :class:`~geoplug.core.RasterDataset`
        given URLs uses :data:`~geoplug.core.concurrency.REMOTE_READ_THREADS`) and the dataset
        is :attr:`thread_safe_reads`; setting it overrides that choice for this instance.
        """
        chosen = getattr(self, "_read_threads", None)
        return chosen if chosen is not None else self._default_read_threads()

    @read_threads.setter
    def read_threads(self, value: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"read_threads must be a whole number >= 1, got {value!r}")
        if value > 1 and not self.thread_safe_reads:
            raise ValueError(
                f"{type(self).__name__} cannot be read by several threads at once "
                "(thread_safe_reads is False); keep read_threads=1")
        self._read_threads = value

    def _default_read_threads(self) -> int:
        return 1

    # -- grid ---------------------------------------------------------------------------------
    @property
    def crs(self) -> CRS:
        """The CRS of the index and of the samples; setting it re-indexes the dataset."""
        return self._crs

    @crs.setter
    def crs(self, value: Any) -> None:
        crs = parse_crs(value)
        if crs != self._crs:
            self._set_crs(crs)
        self._crs = crs

    def _set_crs(self, crs: CRS) -> None:
        """Re-index for a new CRS; subclasses whose index depends on the CRS override this."""
        return None

    @property
    def res(self) -> tuple[float, float]:
        """Pixel size ``(x, y)`` of the samples in CRS units."""
        return self._res

    @res.setter
    def res(self, value: float | tuple[float, float]) -> None:
        self._res = check_res(value, None)
        self._set_res(self._res)

    def _set_res(self, res: tuple[float, float]) -> None:
        """Take a new resolution; composites pass it on to their children."""
        return None

    @property
    def grid_origin(self) -> tuple[float, float] | None:
        """A pixel corner ``(x, y)`` of the dataset's native grid, or ``None`` if it has none.

        Samplers snap patches to ``grid_origin + k * res`` so that data already on that grid
        is read without resampling (and without a needless interpolation of its values).
        """
        return None

    @property
    def bounds(self) -> BoundingBox:
        """Extent of all items, in ``self.crs`` (and time).

        Raises:
            InvalidDataError: the dataset is empty.
        """
        if len(self) == 0:
            raise InvalidDataError(f"{type(self).__name__} is empty: it has no bounds")
        minx, maxx, miny, maxy, mint, maxt = self.index.bounds
        return BoundingBox(minx, maxx, miny, maxy, mint, maxt)

    # -- helpers for subclasses -----------------------------------------------------------------
    def _box(self, query: GeoQuery) -> BoundingBox:
        """``query`` as a box: a ``BoundingBox`` as is, TorchGeo 0.8 slices converted.

        Raises:
            TypeError: ``query`` is neither.
            ValueError: a slice step is not this dataset's resolution, or the box is invalid.
        """
        return BoundingBox.from_query(query, self._res, lambda: self.bounds)

    def _hits(self, query: BoundingBox) -> list[int]:
        """Ids of the items intersecting ``query``.

        Raises:
            QueryOutsideDataError: none does.
        """
        with INDEX_LOCK:
            hits = list(self.index.intersection(tuple(query)))
        if not hits:
            raise self._outside(query)
        return hits

    def _outside(self, query: BoundingBox) -> QueryOutsideDataError:
        try:
            where = f"the data lies within {self.bounds}"
        except InvalidDataError:
            where = "the dataset is empty"
        return QueryOutsideDataError(
            f"query {query} does not intersect any item of {type(self).__name__} (crs "
            f"{self.crs.to_string()}): {where}. Sample inside the dataset's bounds, e.g. with a "
            "geoplug sampler."
        )

    def _items(self) -> Iterator[tuple[int, BoundingBox]]:
        if len(self) == 0:
            return
        for item in self.index.intersection(self.index.bounds, objects=True):
            yield item.id, BoundingBox(*item.bounds)

    def _overlapping(self, query: BoundingBox) -> Iterator[BoundingBox]:
        """Footprints of the items meeting ``query``: what ``&`` intersects with.

        A point layer yields its envelope instead (its points have no area).
        """
        for hit in self.index.intersection(tuple(query), objects=True):
            yield BoundingBox(*hit.bounds)

    def _finish(self, sample: dict[str, Any]) -> dict[str, Any]:
        return self.transforms(sample) if self.transforms is not None else sample

    def __getitems__(self, queries: list[GeoQuery]) -> list[dict[str, Any]]:
        """The samples of one DataLoader batch (PyTorch's batched fetch), in order.

        Samples skipped for an unreadable file (``on_error="skip"``) are left out, so the
        batch may be smaller (:func:`geoplug.core.faults.fetch_batch`).

        Raises:
            SampleSkippedError: every sample was skipped and none was read before.
        """
        from geoplug.core.faults import fetch_batch

        return fetch_batch(self, queries)

    def __and__(self, other: GeoDataset) -> IntersectionDataset:
        return IntersectionDataset(self, other)

    def __or__(self, other: GeoDataset) -> UnionDataset:
        return UnionDataset(self, other)

    def __str__(self) -> str:
        try:
            bounds = str(self.bounds)
        except InvalidDataError:
            bounds = "(empty)"
        return (f"{type(self).__name__}: {len(self)} items, crs {self.crs.to_string()}, "
                f"res {self.res}, bounds {bounds}")


def _children_threads(dataset: IntersectionDataset | UnionDataset) -> int:
    """A composite's read threads: its children's most, when both may be read by threads."""
    if not dataset.thread_safe_reads:
        return 1
    return max(ds.read_threads for ds in dataset.datasets)


def _merge_intersection(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """Both samples' keys; images are stacked along channels, other keys of ``first`` win."""
    merged = dict(second)
    merged.update(first)
    for key in ("image",):
        if key in first and key in second:
            a, b = first[key], second[key]
            if a.dtype != b.dtype:
                dtype = torch.promote_types(a.dtype, b.dtype)
                a, b = a.to(dtype), b.to(dtype)
            merged[key] = torch.cat([a, b], dim=-3)
    return merged


class IntersectionDataset(GeoDataset):
    """``a & b``: samples where both datasets have data, on ``a``'s CRS and resolution.

    The sample holds the keys of both (``image`` channels of ``a`` then ``b``; ``mask`` from
    whichever provides it), so imagery and labels come together. A point layer
    (:class:`~geoplug.core.points.PointDataset`) adds ``points``/``time`` of the box; what
    is intersected is its points' envelope (see ``_overlapping``).

    Raises:
        InvalidDataError: the datasets do not overlap in space and time.
        ValueError: both are image datasets and one defers resampling.
    """

    def __init__(self, dataset1: GeoDataset, dataset2: GeoDataset,
                 transforms: Transform | None = None) -> None:
        from geoplug.core.deferred_compose import check_intersection

        check_intersection(dataset1, dataset2)  # two deferred image layers would clash
        super().__init__(transforms)
        self.datasets = [dataset1, dataset2]
        self._crs = dataset1.crs
        self._res = dataset1.res
        dataset2.crs = dataset1.crs
        dataset2.res = dataset1.res
        n = 0
        for _, box1 in dataset1._items():
            for box2 in dataset2._overlapping(box1):
                if box1.intersects(box2):
                    inter = box1 & box2
                    # touching in time (one ends as the other starts) is no overlap either;
                    # an instant item overlaps the spans that hold it
                    in_time = (inter.maxt > inter.mint or box1.maxt == box1.mint
                               or box2.maxt == box2.mint)
                    if inter.area > 0 and in_time:
                        self.index.insert(n, tuple(inter))
                        n += 1
        self.thread_safe_reads = dataset1.thread_safe_reads and dataset2.thread_safe_reads
        if n == 0:
            raise InvalidDataError(
                f"{type(dataset1).__name__} and {type(dataset2).__name__} have no "
                f"spatio-temporal overlap in {self.crs.to_string()}: {dataset1.bounds} vs "
                f"{dataset2.bounds}"
            )

    def _set_crs(self, crs: CRS) -> None:
        raise NotImplementedError(
            "set the crs of the datasets before combining them with &"
        )

    def _set_res(self, res: tuple[float, float]) -> None:
        for ds in self.datasets:  # (a & (b | c)): the union's members too
            ds.res = res

    def _default_read_threads(self) -> int:
        return _children_threads(self)

    @property
    def grid_origin(self) -> tuple[float, float] | None:
        """The first dataset's grid (samples are on its CRS and resolution)."""
        return self.datasets[0].grid_origin

    def __getitem__(self, query: GeoQuery) -> dict[str, Any]:
        """Merged sample of both datasets (``query``: a box or TorchGeo 0.8 slices).

        Raises:
            QueryOutsideDataError: the query is outside the overlap of the datasets.
            TypeError, ValueError: ``query`` is not a valid box or slice query.
        """
        query = self._box(query)
        self._hits(query)
        first = self.datasets[0][query]
        second = self.datasets[1][query]
        return self._finish(_merge_intersection(first, second))


class UnionDataset(GeoDataset):
    """``a | b``: samples wherever either dataset has data, on ``a``'s CRS and resolution.

    Where both have data, ``a``'s pixels win and ``b`` fills the pixels ``a`` leaves at its
    ``fill_value`` (in every channel). A union of datasets with ``defer_resampling=True``
    defers too (:func:`geoplug.core.deferred_compose.union_sample`).

    Raises:
        ValueError: one dataset defers resampling and the other does not.
    """

    def __init__(self, dataset1: GeoDataset, dataset2: GeoDataset,
                 transforms: Transform | None = None) -> None:
        from geoplug.core.deferred_compose import check_union

        check_union(dataset1, dataset2)
        super().__init__(transforms)
        self.defer_resampling = bool(getattr(dataset1, "defer_resampling", False))
        self.is_image = bool(getattr(dataset1, "is_image", True))
        self.datasets = [dataset1, dataset2]
        self._crs = dataset1.crs
        self._res = dataset1.res
        self.fill_value = dataset1.fill_value
        kept = [getattr(ds, "kept_dtype", None) for ds in (dataset1, dataset2)]
        #: the dtype that holds both members' pixels where both keep their files' dtypes
        #: (every sample has it, whichever member answers); ``None``: as they come
        self.kept_dtype: np.dtype | None = (None if None in kept
                                            else np.result_type(*kept))  # type: ignore[arg-type]
        dataset2.crs = dataset1.crs
        dataset2.res = dataset1.res
        n = 0
        for ds in self.datasets:
            for _, box in ds._items():
                self.index.insert(n, tuple(box))
                n += 1
        self.thread_safe_reads = dataset1.thread_safe_reads and dataset2.thread_safe_reads

    def _set_crs(self, crs: CRS) -> None:
        raise NotImplementedError("set the crs of the datasets before combining them with |")

    def _set_res(self, res: tuple[float, float]) -> None:
        for ds in self.datasets:
            ds.res = res

    def _default_read_threads(self) -> int:
        return _children_threads(self)

    @property
    def grid_origin(self) -> tuple[float, float] | None:
        """The first dataset's grid (samples are on its CRS and resolution)."""
        return self.datasets[0].grid_origin

    def __getitem__(self, query: GeoQuery) -> dict[str, Any]:
        """The first dataset's sample, completed by the second where it has no data.

        ``query``: a box or TorchGeo 0.8 slices.

        Raises:
            QueryOutsideDataError: neither dataset has data there.
            TypeError, ValueError: ``query`` is not a valid box or slice query.
        """
        query = self._box(query)
        self._hits(query)
        if self.defer_resampling:
            from geoplug.core.deferred_compose import union_sample

            return self._finish(union_sample(self, query))
        samples = []
        for ds in self.datasets:
            try:
                samples.append((ds, ds[query]))
            except QueryOutsideDataError:
                continue
        if not samples:
            raise self._outside(query)
        merged: dict[str, Any] = {}
        for ds, other in samples:
            for key, value in other.items():
                if key in ("image", "mask") and isinstance(value, torch.Tensor):
                    if self.kept_dtype is not None and value.numpy().dtype != self.kept_dtype:
                        value = torch.from_numpy(value.numpy().astype(self.kept_dtype))
                    # empty pixels hold the union's fill value, whichever dataset left them
                    value, empty = _refilled(value, ds.fill_value, self.fill_value, key)
                    if key in merged:
                        merged[key] = _merged(merged[key], value, empty, self.fill_value, key)
                        continue
                merged.setdefault(key, value)
        return self._finish(merged)


def union_shape_error(key: str, first: tuple[int, ...], second: tuple[int, ...]) -> ValueError:
    """The error of ``a | b`` whose ``key`` arrays differ in shape (bands) at a query."""
    return ValueError(
        f"| of datasets whose {key}s differ in shape: {first} and {second} at the same query; "
        "combine datasets with the same bands (choose bands= on each), or use & to stack "
        "different ones")


def _empty(value: Tensor, fill: float, key: str) -> Tensor:
    """Where ``value`` (an image ``[..., C, H, W]`` or a mask) is at ``fill`` (in every band)."""
    from geoplug.core.composite import at_fill

    empty = torch.from_numpy(at_fill(value.numpy(), fill))
    return empty.all(dim=-3, keepdim=True) if key == "image" else empty


def _refilled(value: Tensor, fill: float, target: float, key: str) -> tuple[Tensor, Tensor]:
    """``value`` with its empty pixels (at ``fill``) set to ``target``, and where they are."""
    from geoplug.core.composite import same_fill

    empty = _empty(value, fill, key)
    if not same_fill(fill, target) and (not math.isnan(target) or value.dtype.is_floating_point):
        value = torch.where(empty, torch.tensor(target).to(value.dtype), value)
    return value, empty


def _merged(mine: Tensor, other: Tensor, other_empty: Tensor, fill: float, key: str
            ) -> Tensor:
    """``mine`` completed by ``other`` where ``mine`` is empty and ``other`` is not, in the
    dtype that holds both (``keep_dtype`` layers of several dtypes).

    Raises:
        ValueError: the two differ in shape (bands): a union merges like with like.
    """
    if mine.shape != other.shape:
        raise union_shape_error(key, tuple(mine.shape), tuple(other.shape))
    take = _empty(mine, fill, key) & ~other_empty
    return torch.from_numpy(np.where(take.numpy(), other.numpy(), mine.numpy()))


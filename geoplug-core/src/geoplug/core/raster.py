"""``RasterDataset``: a folder (or list, or URLs) of georeferenced rasters as one geo dataset.

A subclass describes a product with class attributes — which files (``filename_glob``,
``filename_regex`` with optional named groups ``date`` and ``band``, ``date_format``), which
bands (``all_bands``, ``rgb_bands``, ``separate_files`` for one-file-per-band products), and
what it holds (``is_image``; ``cmap``, ``nodata``, ``resampling``). Queries are answered by the
warp engine (:mod:`geoplug.core.warp`) on the dataset's grid (``crs``, ``res``), which defaults
to the first file's, and overlapping files are merged by :mod:`geoplug.core.composite`.

Samples: ``image`` float32 ``[C, H, W]`` (or ``mask`` int64 ``[H, W]`` when ``is_image`` is
false), ``crs`` and ``bounds`` (the query). ``keep_dtype=True`` keeps the files' dtype (e.g.
uint16) so batches are cheap to move and can be normalised on the GPU.

``defer_resampling=True`` (opt-in) leaves the resampling of warped queries to a batched
:class:`geoplug.core.resample.Resample` after collation (on whatever device the batch is on);
:mod:`geoplug.core.deferred` builds those samples. It moves the interpolation off the workers,
shipping the source pixels the patch needs and a compact description of the warp: about the
bytes of the finished patch.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

import numpy as np
import torch
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.warp import calculate_default_transform
from rtree.index import Index, Property

from geoplug.core import handles
from geoplug.core.bbox import BoundingBox, GeoQuery
from geoplug.core.composite import METHODS, Reader, composite, same_fill
from geoplug.core.concurrency import REMOTE_READ_THREADS
from geoplug.core.deferred import Deferral
from geoplug.core.deferred_compose import check_intersection, check_union
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError, UnreadableFileError
from geoplug.core.faults import ON_ERROR, SkipCounter, skip
from geoplug.core.filematch import PathsLike, date_range, find_files, name_dates, path_list
from geoplug.core.geodataset import GeoDataset, Transform, check_res, parse_crs
from geoplug.core.headers import RasterHeader, footprints, gc_paused, read_headers
from geoplug.core.warp import Grid, Source, resampling_of
from geoplug.core.warp.plan import source_reader

__all__ = ["RasterDataset", "date_range", "find_files"]

class RasterDataset(GeoDataset):
    """Georeferenced raster files answered as pixel-aligned patches.

    Args:
        paths: a folder (searched recursively with ``filename_glob``), a file, a URL (COGs over
            HTTP are read with range requests), or a list of them.
        crs: target CRS (default: the first file's).
        res: target resolution in the target CRS's units, a number or ``(x, y)`` (default: the
            first file's, converted to the target CRS).
        bands: band names to read, in order (default ``all_bands``, or every band).
        transforms: a callable applied to each sample dict.
        merge: how overlapping files combine: ``first``, ``last`` (by date, then path),
            ``min``, ``max``, ``mean``, ``median`` (nodata-aware).
        keep_dtype: keep the files' dtype (uint16, uint8, ...) instead of float32 / int64.
        resampling: ``"nearest"``, ``"bilinear"`` (native, fast) or any other rasterio method
            (through GDAL); default the class's ``resampling``, else bilinear for images and
            nearest for masks.
        cache: cache file headers on disk (see :mod:`geoplug.core.headers`).
        use_overviews: read overviews when the target is coarser than the files.
        defer_resampling: leave the resampling of warped queries served by one file to a
            batched :class:`~geoplug.core.resample.Resample` run after collation (see
            :mod:`geoplug.core.deferred` for what is deferred and what is refused). Off by
            default. ``transforms`` then see the deferred keys: apply pixel transforms after
            ``Resample``.
        on_error: ``"raise"`` (default): a file that cannot be read while sampling (deleted,
            truncated, corrupt) raises :class:`~geoplug.core.errors.UnreadableFileError`
            naming it, in the main process also when a DataLoader worker hit it. ``"skip"``:
            warn once per file (:class:`~geoplug.core.errors.SkippedSampleWarning`), count the
            sample in :attr:`skipped_samples` and drop it from its DataLoader batch (see
            :mod:`geoplug.core.faults`); a sample is never filled with zeros instead.

    Raises:
        DatasetNotFoundError: no file matches.
        InvalidDataError: a file is unreadable or lacks a CRS, band counts do not match, or
            ``res`` is in the wrong units for ``crs``.
        ValueError: unknown band names, merge or resampling method, ``defer_resampling``
            where it cannot be (see :class:`geoplug.core.deferred.Deferral`), or integer
            masks of files whose nodata is NaN.
    """

    filename_glob: ClassVar[str] = "*"
    filename_regex: ClassVar[str] = ".*"
    #: the files in words, for the error when none is found (e.g. "Landsat 8 band files")
    files_wanted: ClassVar[str] = ""
    date_format: ClassVar[str] = "%Y%m%d"
    is_image: ClassVar[bool] = True
    separate_files: ClassVar[bool] = False
    all_bands: ClassVar[tuple[str, ...]] = ()
    rgb_bands: ClassVar[tuple[str, ...]] = ()
    cmap: ClassVar[dict[int, tuple[int, int, int, int]]] = {}
    nodata: ClassVar[float | None] = None  # overrides the files' nodata when set
    resampling: ClassVar[str | None] = None
    #: dtype of ``mask`` samples without ``keep_dtype``: ``"int64"`` for class codes, a float
    #: dtype (``"float32"``) for continuous layers (biomass, canopy height) read as targets
    mask_dtype: ClassVar[str] = "int64"
    #: per-band ``value * scale + offset`` of ``image`` samples without ``keep_dtype``, one
    #: entry per band of ``bands`` (a product publishing its gains, e.g. EnMAP's metadata,
    #: sets them); pixels equal to the fill value stay the fill value. Deferred resampling
    #: returns the stored numbers (the product's loader refuses it when it scales)
    band_scale: np.ndarray | None = None
    band_offset: np.ndarray | None = None
    #: one file per band: the headers of the first scene's other band files
    _sibling_headers: Sequence[RasterHeader] = ()
    _sources: Sequence[Source]
    # a sample's reads keep their state on the stack and use the thread's own file handles
    thread_safe_reads = True
    #: a subclass recoding integer pixel values (e.g. sparse class codes) sets a lookup table:
    #: a pixel ``v`` of a sample becomes ``_lookup[v]`` (``read`` returns the raw values)
    _lookup: np.ndarray | None = None

    def __init__(
        self,
        paths: PathsLike = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        bands: Sequence[str] | None = None,
        transforms: Transform | None = None,
        *,
        merge: str = "first",
        keep_dtype: bool = False,
        resampling: str | Resampling | None = None,
        cache: bool = True,
        use_overviews: bool = True,
        defer_resampling: bool = False,
        on_error: str = "raise",
    ) -> None:
        super().__init__(transforms)
        if merge not in METHODS:
            raise ValueError(f"unknown merge {merge!r}; choose one of {', '.join(METHODS)}")
        if on_error not in ON_ERROR:
            raise ValueError(f"unknown on_error {on_error!r}; choose one of "
                             f"{', '.join(map(repr, ON_ERROR))}")
        self.on_error = on_error
        self._skips = SkipCounter() if on_error == "skip" else None
        self.paths = paths
        self.merge = merge
        self.keep_dtype = keep_dtype
        self.use_overviews = use_overviews
        self.defer_resampling = defer_resampling
        method = resampling or type(self).resampling or (
            "bilinear" if self.is_image else "nearest")
        self._resampling = resampling_of(method)
        if (defer_resampling and not self.is_image and not keep_dtype
                and np.dtype(self.mask_dtype) != np.int64):
            raise ValueError(f"{type(self).__name__} has {self.mask_dtype} masks; deferred "
                             "resampling returns int64 masks, so pass keep_dtype=True with "
                             "defer_resampling=True")
        self.bands = self._check_bands(bands)

        with gc_paused():  # tens of thousands of small objects: skip the GC's passes over them
            headers = self._index_files(paths, cache)
        first = headers[0]
        fill = self._sources[0].nodata
        self.fill_value = fill if fill is not None else 0
        if (not self.is_image and not keep_dtype and math.isnan(self.fill_value)
                and np.issubdtype(np.dtype(self.mask_dtype), np.integer)):
            raise ValueError(
                f"{type(self).__name__}: the mask files' nodata is NaN ({first.path!r}), "
                f"which {self.mask_dtype} masks cannot hold (it became "
                f"{np.iinfo(np.dtype(self.mask_dtype)).min}); set mask_dtype = 'float32' on "
                "the class or pass keep_dtype=True, and map NaN to your ignore index in a "
                "transform")
        self._dtype = self._common_dtype(headers)
        if any(np.dtype(h.dtype) != self._dtype for h in self._sibling_headers):
            # a scene's band files are read into one array: of the dtype that holds them all
            self._sources = [dataclasses.replace(s, header=dataclasses.replace(
                s.header, dtype=self._dtype.name)) for s in self._sources]
        self._count = self._sources[0].count

        target = parse_crs(crs) if crs is not None else CRS.from_wkt(first.crs_wkt)
        self._crs = target
        self._reindex()
        if res is None:
            res = self._default_res(first, target)
        self._res = check_res(res, target)
        # once indexed: what the files say (a STAC item's scale) decides whether it can defer
        self._deferral = Deferral(self) if defer_resampling else None

    def _default_read_threads(self) -> int:
        """Several threads for URLs (a sample waits on round trips), one for local files."""
        remote = self.__dict__.get("_reads_remote")
        if remote is None:  # the files do not change: look once
            remote = self._reads_remote = self._any_remote()
        return REMOTE_READ_THREADS if remote else 1

    def _any_remote(self) -> bool:
        return any(handles.is_remote(p) for source in self._sources for p in source.paths)

    # -- construction helpers ----------------------------------------------------------------
    def _index_files(self, paths: PathsLike, cache: bool) -> list[RasterHeader]:
        """Match the files, read (or load) their headers and set ``_sources`` and ``_dates``.

        Raises:
            DatasetNotFoundError: nothing matches.
            InvalidDataError: a file cannot be read or does not match its siblings.
        """
        files, dates, siblings = self._match_files(paths)
        key = None
        if cache:
            key = json.dumps(["raster", sorted(path_list(paths)), self.filename_glob])
        headers = read_headers(files, cache_key=key)
        # one file per band: the other bands' files of the first scene tell their dtypes
        self._sibling_headers = (
            read_headers(siblings[0][1:], cache_key=None if key is None else key + "/bands")
            if self.separate_files and siblings and len(siblings[0]) > 1 else [])
        self._check_sibling_nodata(headers)
        self._headers = headers
        self._dates = dates
        indexes = self._check_band_counts(headers)
        self._sources = [
            Source(
                paths=tuple(sib),
                indexes=indexes if not self.separate_files else tuple((1,) for _ in sib),
                header=h,
                nodata=self.nodata if self.nodata is not None else h.nodata,
            )
            for h, sib in zip(headers, siblings)
        ]
        return headers

    def _check_sibling_nodata(self, headers: Sequence[RasterHeader]) -> None:
        """Refuse band files of one scene that disagree on nodata (one value, the first
        band's, is read for all: another band's nodata would be averaged in as data), unless
        the class declares the nodata.

        Raises:
            InvalidDataError: they disagree.
        """
        if self.nodata is not None or not headers or not self._sibling_headers:
            return
        first = headers[0].nodata
        for h in self._sibling_headers:  # (a band without nodata, e.g. a count, is no conflict)
            if first is not None and h.nodata is not None and not same_fill(h.nodata, first):
                raise InvalidDataError(
                    f"the band files of one scene give different nodata values ({first} in "
                    f"{headers[0].path!r}, {h.nodata} in {h.path!r}); one value is used for "
                    f"every band: declare it on the class (class {type(self).__name__}(...): "
                    "nodata = ...)")

    def _check_bands(self, bands: Sequence[str] | None) -> tuple[str, ...]:
        if bands is None:
            return tuple(self.all_bands)
        bands = tuple(bands)
        if self.all_bands:
            unknown = [b for b in bands if b not in self.all_bands]
            if unknown:
                raise ValueError(
                    f"unknown band(s) {unknown} for {type(self).__name__}; choose from "
                    f"{list(self.all_bands)}"
                )
        elif bands:
            raise ValueError(f"{type(self).__name__} has no band names (all_bands is empty); "
                             "leave bands=None to read every band")
        if not bands:
            raise ValueError("bands must name at least one band")
        return bands

    def _match_files(self, paths: PathsLike) -> tuple[list[str], list[tuple[float, float]],
                                                     list[list[str]]]:
        """Index files, their date ranges and, per file, the files read for its bands.

        Raises:
            DatasetNotFoundError: nothing matches.
            InvalidDataError: a band file of a one-file-per-band product is missing.
        """
        regex = re.compile(self.filename_regex, re.VERBOSE)
        if self.separate_files and "band" not in regex.groupindex:
            raise ValueError(f"{type(self).__name__}.separate_files needs a 'band' group in "
                             "filename_regex")
        files: list[str] = []
        dates: list[tuple[float, float]] = []
        siblings: list[list[str]] = []
        for path in find_files(paths, self.filename_glob):
            name = path.rstrip("/").rsplit("/", 1)[-1] if "/" in path else os.path.basename(path)
            match = regex.match(name)
            if match is None:
                continue
            dates.append(name_dates(match, self.date_format, path))
            if self.separate_files:
                folder = path[: len(path) - len(name)]
                if match.group("band") != self.bands[0]:
                    dates.pop()
                    self._check_first_band(path, folder + self._band_file(
                        name, match, self.bands[0]), match.group("band"))
                    continue
                group = [folder + self._band_file(name, match, band) for band in self.bands]
                missing = [p for p in group if not handles.is_remote(p) and not os.path.exists(p)]
                if missing:
                    raise InvalidDataError(
                        f"{path!r} has no sibling band file {missing[0]!r}; every band of "
                        f"{list(self.bands)} must exist for each scene"
                    )
                siblings.append(group)
            else:
                siblings.append([path])
            files.append(path)
        if not files:
            raise DatasetNotFoundError(
                type(self).__name__, path_list(paths),
                hint=self._no_files_hint(),
            )
        return files, dates, siblings

    def _check_first_band(self, path: str, first: str, band: str) -> None:
        """A scene is indexed through its first band's file: one holding another requested
        band (``path``) but not that file (``first``) was left out without a word.

        Raises:
            InvalidDataError: ``first`` does not exist.
        """
        if (band in self.bands and type(self)._band_file is RasterDataset._band_file
                and not handles.is_remote(path) and not os.path.exists(first)):
            raise InvalidDataError(
                f"{path!r} has no sibling band file {first!r}; every band of "
                f"{list(self.bands)} must exist for each scene")

    def _band_file(self, name: str, match: re.Match[str], band: str) -> str:
        """Name of the file of ``band`` beside ``name`` (the first band's file, ``match`` its
        ``filename_regex`` match) in a one-file-per-band product: ``band`` put in place of the
        ``band`` group. A product whose band files also differ elsewhere (Landsat 7 Irish:
        ``L71..._B10``, ``L72..._B62``) overrides it."""
        start, end = match.span("band")
        return name[:start] + band + name[end:]

    def _no_files_hint(self) -> str:
        """What was looked for, in words (never a raw regular expression)."""
        glob = f"filename_glob {self.filename_glob!r}"
        what = f"{self.files_wanted} ({glob})" if self.files_wanted else f"file matching {glob}"
        return (f"No {what} found there (folders are searched recursively). Point paths at "
                "the folder or files holding the data.")

    @property
    def kept_dtype(self) -> np.dtype | None:
        """The files' dtype that samples keep (``keep_dtype``); ``None``: converted."""
        return self._dtype if self.keep_dtype else None

    def _common_dtype(self, headers: Sequence[RasterHeader]) -> np.dtype:
        """The dtype of samples: one that holds every file's values (uint8 and int16 files
        give int16; the first file's dtype would wrap the others' values), the band files of
        a one-file-per-band product included (a uint8 mask band and uint16 bands)."""
        return np.result_type(*{np.dtype(h.dtype) for h in (*headers, *self._sibling_headers)})

    def _check_band_counts(self, headers: Sequence[RasterHeader]) -> tuple[tuple[int, ...], ...]:
        """Band indexes read from each (non-separate) file; all files must provide them.

        Raises:
            InvalidDataError: a file has fewer bands than needed, or counts differ.
        """
        if self.separate_files:
            for h in headers:
                if h.count < 1:
                    raise InvalidDataError(f"{h.path!r} has no band")
            return ((1,),)
        if self.all_bands:
            needed = tuple(self.all_bands.index(b) + 1 for b in self.bands)
            for h in headers:
                if h.count < max(needed):
                    raise InvalidDataError(
                        f"{h.path!r} has {h.count} band(s) but {type(self).__name__} expects "
                        f"{len(self.all_bands)} ({', '.join(self.all_bands)}); is it the right "
                        "product?"
                    )
            return (needed,)
        count = headers[0].count
        for h in headers:
            if h.count != count:
                raise InvalidDataError(
                    f"mismatched band counts: {headers[0].path!r} has {count} band(s) but "
                    f"{h.path!r} has {h.count}; files of one dataset must have the same bands "
                    "(split them into separate datasets, or set all_bands and bands)"
                )
        if not self.is_image:
            return ((1,),)
        return (tuple(range(1, count + 1)),)

    @staticmethod
    def _default_res(header: RasterHeader, target: CRS) -> tuple[float, float]:
        src = CRS.from_wkt(header.crs_wkt)
        if src == target:
            return header.res
        a, b, c, d, e, f = header.transform
        left, top = c, f
        right, bottom = c + a * header.width + b * header.height, f + d * header.width + e * \
            header.height
        transform, _, _ = calculate_default_transform(
            src, target, header.width, header.height,
            left=min(left, right), bottom=min(top, bottom), right=max(left, right),
            top=max(top, bottom))
        return (abs(transform.a), abs(transform.e))

    def _reindex(self) -> None:
        """(Re)build the rtree and the per-file CRS flags for ``self._crs`` (no file opened)."""
        crs = self._crs
        boxes = footprints(self._headers, crs)
        same: dict[str, bool] = {}
        for h in self._headers:
            if h.crs_wkt not in same:
                same[h.crs_wkt] = CRS.from_wkt(h.crs_wkt) == crs
        self._same_crs = [same[h.crs_wkt] for h in self._headers]
        self._crs_wkt = crs.to_wkt()

        # bulk-loaded from arrays (x, y, t lows and highs; ids are positions in the file list)
        dates = np.asarray(self._dates, dtype=np.float64).reshape(-1, 2)
        lows = np.column_stack([boxes[:, 0], boxes[:, 2], dates[:, 0]])
        highs = np.column_stack([boxes[:, 1], boxes[:, 3], dates[:, 1]])
        ids = np.arange(len(self._headers), dtype=np.int64)
        self.index = Index((ids, lows, highs), interleaved=False,
                           properties=Property(dimension=3))

    def _set_crs(self, crs: CRS) -> None:
        self._crs = crs
        self._reindex()

    @property
    def grid_origin(self) -> tuple[float, float] | None:
        """Upper-left corner of the first file already on the dataset's grid (CRS and res).

        Patches snapped to it read such files with the aligned fast path (a plain window),
        whichever scene a sampler drew them from; ``None`` when no file is on the grid.
        """
        resx, resy = self._res
        for header, same in zip(self._headers, self._same_crs):
            a, b, c, d, e, f = header.transform
            if (same and b == 0 and d == 0 and math.isclose(abs(a), resx, rel_tol=1e-9)
                    and math.isclose(abs(e), resy, rel_tol=1e-9)):
                return (c, f)
        return None

    # -- reading -----------------------------------------------------------------------------
    def _order(self, hits: list[int]) -> list[int]:
        hits.sort(key=lambda i: (self._dates[i][0], self._headers[i].path))
        if self.merge == "last":
            hits.reverse()
        return hits

    def read(self, query: BoundingBox) -> np.ndarray:
        """The ``[C, H, W]`` array (source dtype) for ``query`` on this dataset's grid.

        Raises:
            QueryOutsideDataError: no file intersects ``query``.
            InvalidDataError: a file cannot be read.
        """
        hits = self._order(self._hits(query))
        try:
            return self._composite(hits, self._grid(query))
        except UnreadableFileError as err:
            named = self._named(err)
            if named is err:
                raise
            raise named from err

    def _named(self, err: UnreadableFileError) -> UnreadableFileError:
        """``err`` with what a subclass knows of its file added (``StacDataset``: the item
        and the asset); the error itself when there is nothing to add."""
        return err

    def _grid(self, query: BoundingBox) -> Grid:
        resx, resy = self._res
        width = max(1, round((query.maxx - query.minx) / resx))
        height = max(1, round((query.maxy - query.miny) / resy))
        return Grid.from_bounds(self._crs, self._res, query.minx, query.maxy, width, height,
                                crs_wkt=self._crs_wkt)

    def _patches(self, hits: Sequence[int], grid: Grid) -> Iterator[Reader]:
        """The read of each file of ``hits`` on ``grid``, in order, made when the composite
        asks for it (of the box it still lacks)."""
        return (source_reader(self._sources[i], grid, self._resampling, self._same_crs[i],
                              self.use_overviews) for i in hits)

    def _lone(self, hits: Sequence[int]) -> bool:
        """One file, whose nodata pixels already hold the fill value: the composite may pass
        its pixels on unchecked. (Files may differ in nodata; the fill is the first's.)"""
        if len(hits) != 1:
            return False
        nodata = self._sources[hits[0]].nodata
        return nodata is None or same_fill(nodata, self.fill_value)

    def _composite(self, hits: list[int], grid: Grid) -> np.ndarray:
        """The ``[C, H, W]`` merge of the files ``hits`` (in merge order) on ``grid``."""
        method = "first" if self.merge == "last" else self.merge
        array, _ = composite(self._patches(hits, grid), (self._count, grid.height, grid.width),
                             self._merge_dtype, self.fill_value, method, single=self._lone(hits),
                             nodata=[self._sources[i].nodata for i in hits])
        return array

    def __getitem__(self, query: GeoQuery) -> dict[str, Any]:
        """Sample for ``query`` (a BoundingBox or TorchGeo's slices): ``image`` (or ``mask``),
        ``crs``, ``bounds``.

        Raises:
            QueryOutsideDataError: no file intersects ``query``.
            UnreadableFileError: a file cannot be read (``on_error="raise"``).
            SampleSkippedError: a file cannot be read (``on_error="skip"``).
            InvalidDataError: the band files of a scene do not share one grid.
        """
        query = self._box(query)
        try:
            if self._deferral is not None:  # the opt-in deferred resampling
                return self._finish(self._deferral.sample(query))
            array = self.read(query)
        except UnreadableFileError as err:
            named = self._named(err)  # read() has named it; a deferred sample's is named here
            if self._skips is None:
                if named is err:
                    raise
                raise named from err
            raise skip(type(self).__name__, query, named, self._skips) from err
        sample: dict[str, Any] = {"crs": self._crs, "bounds": query}
        if self._lookup is not None:
            array = np.take(self._lookup, array).astype(array.dtype, copy=False)
        if self.is_image:
            tensor = torch.from_numpy(array if self.keep_dtype else self._scaled(array))
            sample["image"] = tensor
        else:
            band = array[0]
            sample["mask"] = torch.from_numpy(
                band if self.keep_dtype else band.astype(self.mask_dtype))
        return self._finish(sample)

    @property
    def _merge_dtype(self) -> np.dtype:
        """The files' dtype, or float32 for a mean or median of integer images that become
        float32 anyway (rounding them to whole numbers lost their fractions)."""
        if (self.merge in ("mean", "median") and self.is_image and not self.keep_dtype
                and self._dtype.kind in "iu"):
            return np.dtype(np.float32)
        return self._dtype

    def _scaled(self, array: np.ndarray) -> np.ndarray:
        """``array`` as float32 with :attr:`band_scale` and :attr:`band_offset` applied."""
        out = array.astype(np.float32)
        if self.band_scale is None and self.band_offset is None:
            return out
        count = out.shape[0]
        scale = np.ones(count, np.float32) if self.band_scale is None else self.band_scale
        offset = np.zeros(count, np.float32) if self.band_offset is None else self.band_offset
        scaled = (out * np.asarray(scale, np.float32)[:, None, None]
                  + np.asarray(offset, np.float32)[:, None, None])
        return np.where(array == self.fill_value, out, scaled).astype(np.float32, copy=False)

    @property
    def skipped_samples(self) -> int:
        """Samples skipped for unreadable files (``on_error="skip"``), summed over the
        DataLoader workers reading this dataset; 0 with ``on_error="raise"``."""
        return 0 if self._skips is None else self._skips.total

    @property
    def files(self) -> list[str]:
        """The indexed files (for one-file-per-band products, the first band's)."""
        return [h.path for h in self._headers]

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """A matplotlib figure of ``sample`` (``rgb_bands`` for images, ``cmap`` for masks)."""
        from geoplug.core.plot import plot_sample

        rgb = [self.bands.index(b) for b in self.rgb_bands if b in self.bands]
        return plot_sample(sample, rgb_indices=rgb if len(rgb) == 3 else (),
                           show_titles=show_titles, suptitle=suptitle)

    def __and__(self, other: GeoDataset) -> Any:
        """``self & other``; two image datasets cannot both defer (their keys would clash).

        Raises:
            ValueError: both are image datasets and one defers resampling.
        """
        check_intersection(self, other)
        return super().__and__(other)

    def __or__(self, other: GeoDataset) -> Any:
        """``self | other``; both or neither may defer resampling.

        Raises:
            ValueError: one dataset defers resampling and the other does not.
        """
        check_union(self, other)
        return super().__or__(other)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["index"] = None  # rebuilt on unpickling (spawned DataLoader workers)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._reindex()


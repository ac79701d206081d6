"""``StacDataset``: a geo dataset indexed from STAC items, read where the assets lie.

Quick start (three lines from a STAC API to samples)::

    ds = StacDataset("https://earth-search.aws.element84.com/v1", assets=["red", "green",
                     "blue", "nir"], collections=["sentinel-2-l2a"], bbox=[...],
                     datetime="2024-06", query={"eo:cloud_cover": {"lt": 10}}, crs="EPSG:32633")
    sampler = RandomGeoSampler(ds, size=224, length=10_000)
    loader = DataLoader(ds, sampler=sampler, batch_size=16, num_workers=4,
                        collate_fn=stack_samples)

The index is the one :class:`~geoplug.core.raster.RasterDataset` builds from file headers —
per scene its files, CRS, affine transform, size, dtype, nodata and time — but taken from the
items' projection, raster and eo fields (:mod:`geoplug.core.stac_index`), so a catalog of a
million scenes is indexed without opening one. Only items lacking those fields have their file
headers read. The items are held as columns (:mod:`geoplug.core.stac_table`; a STAC-GeoParquet
table is read column by column, never item by item, and its index cached for re-opening) and
footprints go into a :class:`~geoplug.core.gridindex.GridIndex`: a million items open in about
2 s and re-open in about 0.5 s (``benchmarks/stac_index.py``). Everything after indexing
is RasterDataset's: the warp engine, compositing, ``&``/``|``, samplers, per-worker handles,
``on_error``. Assets of an item that share one grid are read as one scene (one window per
file); assets on different grids (Sentinel-2's 10 m and 20 m bands) are each warped onto the
dataset's grid and stacked.

Remote assets (``https://``, ``s3://``, ``gs://``, ``az://``) are read through GDAL with the COG
settings of :mod:`geoplug.core.remote`, signed by the ``geoplug_sign_url`` plugin hook; a read
that fails for a transient reason (dropped connection, server error left after GDAL's own
retries) is retried on a fresh connection (by :mod:`geoplug.core.handles`, for any dataset
given URLs); a permanent one (404, 403) raises
:class:`~geoplug.core.errors.UnreadableFileError` naming the URL, the item and the asset.

:meth:`StacDataset.save` writes the item table (ItemCollection JSON or STAC-GeoParquet) so a
training run can be repeated without calling the API: ``StacDataset(saved_path, assets=...)``.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np
from rasterio.crs import CRS

from geoplug.core import handles, remote
from geoplug.core.composite import Reader, composite, same_fill
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError, UnreadableFileError
from geoplug.core.geodataset import Transform
from geoplug.core.headers import RasterHeader, read_headers, refuse_wrapped, transformer
from geoplug.core.raster import RasterDataset
from geoplug.core.stac_index import SEARCH_KEYS, load_items
from geoplug.core.stac_table import AssetColumns, ItemTable, from_dicts, read_table
from geoplug.core.warp import Grid, Source
from geoplug.core.warp.plan import source_reader

__all__ = ["StacDataset"]



def _wkt(crs: str) -> str:
    return CRS.from_user_input(crs).to_wkt()


class StacDataset(RasterDataset):
    """A geo dataset whose scenes are STAC items and whose bands are their assets.

    Args:
        source: where the items are: the URL of a STAC API (with search arguments), the path
            or URL of an ItemCollection / item / static catalog JSON or of a STAC-GeoParquet
            table, pystac objects (Item, ItemCollection, Catalog), or a list of items.
        assets: asset keys read as bands, in order (e.g. ``["B04", "B03", "B02"]``); an asset
            holding several bands (per ``eo:bands``/``raster:bands``) gives them all.
        crs: target CRS (default: the first item's).
        res: target resolution in ``crs`` units (default: the first item's first asset's).
        transforms: a callable applied to each sample dict.
        collections: STAC API item search (pystac-client), with ``bbox``, ``intersects``,
            ``datetime``, ``query``, ``filter``, ``filter_lang``, ``ids``, ``max_items``,
            ``limit`` and ``sortby``; ``bbox``, ``datetime``, ``collections``, ``ids`` and
            ``max_items`` also filter items read from files. ``max_items`` (at least 1) counts
            the items the search matches, as pystac-client does, whatever the source's form
            (API, JSON, GeoParquet): items that ``missing_assets="skip"`` then leaves out are
            not replaced, so the dataset may hold fewer.
        timeout: seconds to wait for a STAC API or catalog document.
        is_image: ``False`` to read the first asset as a ``mask`` (labels) instead of an image.
        missing_assets: ``"raise"`` (an item lacking an asset is an error naming it) or
            ``"skip"`` (such items are left out).
        **kwargs: RasterDataset's keyword options (``merge``, ``keep_dtype``, ``resampling``,
            ``use_overviews``, ``defer_resampling``, ``on_error``).

    Raises:
        StacSourceError: the API or file cannot be read (timeout, HTTP error, malformed JSON).
        DatasetNotFoundError: no item matched (never an empty dataset).
        InvalidDataError: an item lacks an asset, has malformed projection fields or no time,
            or the assets of the items disagree in band count.
        ValueError: no assets given, ``max_items`` below 1, or unknown keyword options.
    """

    def __init__(
        self,
        source: Any,
        assets: Sequence[str] | None = None,
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        transforms: Transform | None = None,
        *,
        collections: Sequence[str] | str | None = None,
        bbox: Sequence[float] | None = None,
        intersects: Any = None,
        datetime: str | Any = None,
        query: Any = None,
        filter: Any = None,
        filter_lang: str | None = None,
        ids: Sequence[str] | None = None,
        max_items: int | None = None,
        limit: int | None = None,
        sortby: Any = None,
        timeout: float = 30.0,
        is_image: bool = True,
        missing_assets: str = "raise",
        **kwargs: Any,
    ) -> None:
        if not assets:
            raise ValueError("StacDataset needs assets=[...]: the asset keys to read as bands "
                             "(e.g. ['B04', 'B03', 'B02'] or ['red', 'green', 'blue'])")
        if isinstance(assets, str):
            assets = [assets]
        if missing_assets not in ("raise", "skip"):
            raise ValueError(f"missing_assets must be 'raise' or 'skip', not {missing_assets!r}")
        if max_items is not None and max_items < 1:  # pystac-client reads 0 as "no limit"
            raise ValueError(f"max_items must be at least 1, not {max_items!r}")
        self.assets = tuple(assets)
        self.is_image = is_image  # type: ignore[misc]  # per dataset here, not per class
        self.missing_assets = missing_assets
        values = dict(collections=collections, bbox=bbox, intersects=intersects,
                      datetime=datetime, query=query, filter=filter, filter_lang=filter_lang,
                      ids=ids, max_items=max_items, limit=limit, sortby=sortby)
        self.search = {k: v for k, v in values.items() if v is not None}
        assert set(values) <= set(SEARCH_KEYS)
        self.source = source
        where = source if isinstance(source, (str, os.PathLike)) else type(source).__name__
        if _is_table(source):  # STAC-GeoParquet: read in columns, no per-item objects
            table = read_table(os.fspath(source), self.assets, self.search, missing_assets)
        else:
            items = load_items(source, self.search, timeout=timeout)
            table = from_dicts([_trim(item, self.assets) for item in items], self.assets,
                               missing_assets)
        if not len(table):
            asked = f" the search {self.search!r}" if self.search else ""
            raise DatasetNotFoundError(
                "StacDataset", [str(where)],
                hint=f"No STAC item matched{asked} (with assets {list(self.assets)}). Widen "
                "the search (bbox, datetime, collections, query) or check the source.")
        self._table = table
        #: overview factors of the files read in this process (STAC items do not list them)
        self._overviews: dict[str, tuple[int, ...]] = {}
        #: files whose grid and data type were found to be what their items say
        self._checked: set[str] = set()
        #: assets whose nodata the items leave out and a file's header has since given
        self._nodata_learnt: set[int] = set()
        super().__init__(str(where), crs=crs, res=res, bands=self.assets,
                         transforms=transforms, cache=False, **kwargs)

    # -- the index, from the item table ------------------------------------------------------
    def _check_bands(self, bands: Sequence[str] | None) -> tuple[str, ...]:
        return self.assets

    # the item table's lazy, array-backed rows stand in for RasterDataset's lists
    def _index_files(  # type: ignore[override]
            self, paths: Any, cache: bool) -> Sequence[RasterHeader]:
        """Set ``_headers``, ``_dates`` and ``_sources`` from the item table (file headers
        read only for assets whose STAC fields do not place them).

        Raises:
            UnreadableFileError: the header of an asset lacking projection fields cannot be
                read (the message names the item and asset).
            ValueError: ``defer_resampling`` with assets on several grids.
        """
        table = self._table
        try:
            _complete(table)
        except UnreadableFileError as err:
            raise self._named(err) from err
        self._dates = table.times  # type: ignore[assignment]  # an [N, 2] array of the rows
        self._wkts = [_wkt(c) for c in table.crs_table]
        first = table.assets[0]
        grids = any(
            bool(((a.crs != first.crs) | (a.shape != first.shape).any(axis=1)
                  | (a.transform != first.transform).any(axis=1)).any())
            for a in table.assets[1:])
        # assets of one grid read as one source, whose nodata is the first asset's: assets
        # with other nodata values are read one by one, as on several grids
        nodata = [a.nodata for a in table.assets]
        self._mixed = grids or not all(same_fill(v, nodata[0]) for v in nodata)
        if self.nodata is None and any(a.mixed_nodata for a in table.assets):
            mixed = [a.key for a in table.assets if a.mixed_nodata]
            raise InvalidDataError(
                f"the items give asset(s) {mixed} different nodata values (collections or "
                "processing versions mixed), and one is used for every item, where another "
                "item's nodata would be mosaicked as data: declare the value to leave out "
                "of every item (class Items(StacDataset): nodata = 0) or use items of one "
                "nodata value")
        if not self.keep_dtype and any(a.mixed_scale for a in table.assets):
            mixed = [a.key for a in table.assets if a.mixed_scale]
            raise InvalidDataError(
                f"the items' raster:bands give asset(s) {mixed} different scales or offsets "
                "(Sentinel-2 before and after processing baseline 04.00, say), and samples are "
                "scaled with one: pass keep_dtype=True (the stored numbers) or items of one "
                "scale")
        if not self.keep_dtype and any(a.scale for a in table.assets):
            # raster:bands scale and offset: samples in the units they give (reflectance)
            self.band_scale = np.concatenate([np.asarray(a.scale or (1.0,) * a.count)
                                              for a in table.assets]).astype(np.float32)
            self.band_offset = np.concatenate([np.asarray(a.offset or (0.0,) * a.count)
                                               for a in table.assets]).astype(np.float32)
        dtypes = [a.dtype for a in table.assets if a.dtype]
        self._dtype_name = np.result_type(*dtypes).name if dtypes else "float32"
        self._headers = _Headers(self, 0)  # type: ignore[assignment]  # lazy rows
        self._sources = _Sources(self, None)  # type: ignore[assignment]  # lazy rows
        if self._mixed and self.defer_resampling:
            raise ValueError("defer_resampling needs the assets of each item on one grid, "
                             f"with one nodata value; {list(self.assets)} are on several "
                             f"grids or have several nodata values ({sorted(map(str, nodata))}"
                             "): choose assets of one resolution and nodata, or leave "
                             "defer_resampling off")
        return self._headers

    def _common_dtype(self, headers: Sequence[RasterHeader]) -> np.dtype:
        return np.dtype(self._dtype_name)  # the items' data types, without a row per file

    def _any_remote(self) -> bool:
        return any(remote.is_remote(str(h)) for a in self._table.assets for h in a.href)

    def _header(self, i: int, k: int, count: int | None = None) -> RasterHeader:
        a = self._table.assets[k]
        height, width = (int(v) for v in a.shape[i])
        return RasterHeader(
            path=str(a.href[i]), crs_wkt=self._wkts[int(a.crs[i])],
            transform=tuple(float(v) for v in a.transform[i]),  # type: ignore[arg-type]
            width=width, height=height, count=count or a.count, dtype=self._dtype_name,
            nodata=a.nodata, overviews=self._overviews.get(str(a.href[i]), ()))

    def _source(self, i: int, k: int | None) -> Source:
        """Item ``i`` as one scene (``k`` None: every asset, on one grid) or its asset ``k``."""
        assets = self._table.assets
        chosen = assets if k is None else [assets[k]]
        header = self._header(i, 0 if k is None else k, sum(a.count for a in chosen))
        return Source(paths=tuple(str(a.href[i]) for a in chosen),
                      indexes=tuple(tuple(range(1, a.count + 1)) for a in chosen),
                      header=header,
                      nodata=self.nodata if self.nodata is not None else header.nodata)

    def _reindex(self) -> None:
        """The index of the items' footprints in ``self._crs``, built from arrays."""
        from geoplug.core.gridindex import GridIndex

        crs = self._crs
        self._crs_wkt = crs.to_wkt()
        first = self._table.assets[0]
        same = np.array([CRS.from_wkt(w) == crs for w in self._wkts] or [True])
        self._same_crs = same[first.crs]
        boxes = _footprints(first, self._wkts, self._crs_wkt, same)
        self._footprint_width = boxes[:, 1] - boxes[:, 0]  # in CRS units, for _learn_overviews
        dates = np.asarray(self._dates, dtype=np.float64).reshape(-1, 2)
        # a GridIndex answers rtree's queries (intersection, bounds) for arrays of boxes
        self.index = GridIndex(  # type: ignore[assignment]
            np.column_stack([boxes[:, 0], boxes[:, 2], dates[:, 0]]),
            np.column_stack([boxes[:, 1], boxes[:, 3], dates[:, 1]]))

    # -- reading -----------------------------------------------------------------------------
    def _composite(self, hits: list[int], grid: Grid) -> np.ndarray:
        """Merge the scenes ``hits`` on ``grid`` (assets on different grids one by one), then
        check the files read against their items (:meth:`_check_files`).

        Raises:
            InvalidDataError: a file's size, transform, CRS or data type is not its item's.
        """
        array = self._merged(hits, grid)
        for i in hits:
            self._check_files(i)
        return array

    def _merged(self, hits: list[int], grid: Grid) -> np.ndarray:
        if not self._mixed:
            return super()._composite(hits, grid)
        method = "first" if self.merge == "last" else self.merge
        layers = []
        for k in range(len(self.assets)):
            patches = (source_reader(s, grid, self._resampling, self._same_crs_of(s),
                                     self.use_overviews)
                       for _, s in self._learnt_sources(hits, k))
            array, _ = composite(patches, (self._table.assets[k].count, grid.height, grid.width),
                                 self._dtype, self.fill_value, method, single=len(hits) == 1)
            layers.append(array)
        return np.concatenate(layers, axis=0)

    def _patches(self, hits: Sequence[int], grid: Grid) -> Iterator[Reader]:
        """The read of each item of ``hits`` on ``grid``, in order, made when the composite
        asks for it (an item's overviews learnt just before)."""
        return (source_reader(s, grid, self._resampling, self._same_crs[i], self.use_overviews)
                for i, s in self._learnt_sources(hits, None))

    def _learnt_sources(self, hits: Sequence[int], k: int | None
                        ) -> Iterator[tuple[int, Source]]:
        """Each item of ``hits`` and its scene (``k`` None) or asset ``k``, made when the
        composite asks for it, after its overviews are learnt."""
        for i in hits:
            self._learn_overviews(i)
            yield i, self._source(i, k)

    def _order(self, hits: list[int]) -> list[int]:
        hits = super()._order(hits)
        if hits:
            self._learn_nodata(hits[0])
        return hits

    def _learn_nodata(self, i: int) -> None:
        """Take the nodata of each asset whose items leave it out from item ``i``'s file,
        just before it is read (its empty pixels are not data; the items are not opened
        when indexed, and one file per asset and process answers for all, as for the dtype).

        Raises:
            InvalidDataError: with ``defer_resampling``, the assets' nodata values differ.
        """
        learnt = False
        for k, a in enumerate(self._table.assets):
            if a.nodata is not None or k in self._nodata_learnt:
                continue
            try:
                a.nodata = handles.read_handle(str(a.href[i])).nodata
            except InvalidDataError:
                return  # the read names the file
            self._nodata_learnt.add(k)
            learnt = True
        if not learnt:  # the common case: nothing new since the last read
            return
        values = [a.nodata for a in self._table.assets]
        if not all(same_fill(v, values[0]) for v in values) and not self._mixed:
            if self.defer_resampling:
                raise InvalidDataError(
                    f"the assets {list(self.assets)} have several nodata values in their "
                    f"files ({sorted(map(str, values))}), which defer_resampling cannot read "
                    "as one scene; leave defer_resampling off")
            self._mixed = True  # read asset by asset, each with its own nodata

    def _same_crs_of(self, source: Source) -> bool:
        return source.header.crs_wkt == self._crs_wkt or CRS.from_wkt(
            source.header.crs_wkt) == self._crs

    def _learn_overviews(self, i: int) -> None:
        """Record the overviews of item ``i``'s files, from their headers, so that a
        downsampled read uses them: STAC items do not list overviews. Only for an asset whose
        pixels are at least 1.5x finer than the dataset's (overviews serve from 2x), once per
        file and process, through the handle the read opens next anyway; a file that cannot be
        opened is left to the read, which names it."""
        if not self.use_overviews:
            return
        width = float(self._footprint_width[i])
        for a in self._table.assets:
            path = str(a.href[i])
            if path not in self._overviews and self._res[0] >= 1.5 * width / int(a.shape[i][1]):
                try:
                    self._overviews[path] = tuple(handles.read_handle(path).overviews(1))
                except InvalidDataError:
                    return

    def _check_files(self, i: int) -> None:
        """Check item ``i``'s files against the grid and data type its STAC fields give
        (what the reads were planned with), once per file and process, through the handles
        the reads opened (a file not read is not opened for it).

        Raises:
            InvalidDataError: a file's size, transform, CRS or data type is not its item's.
        """
        for k, a in enumerate(self._table.assets):
            path = str(a.href[i])
            if path in self._checked or not a.located_row(i):
                continue
            handle = handles.opened_handle(path)
            if handle is None:
                continue
            said = self._header(i, k)
            wrong = []
            if (handle.height, handle.width) != (said.height, said.width):
                wrong.append(f"proj:shape {[said.height, said.width]}, the file "
                             f"{[handle.height, handle.width]}")
            elif not np.allclose(tuple(handle.transform)[:6], said.transform, rtol=0,
                                 atol=1e-6 * max(said.res)):
                wrong.append(f"proj:transform {list(said.transform)}, the file "
                             f"{list(tuple(handle.transform)[:6])}")
            if handle.crs is not None and handle.crs != CRS.from_wkt(said.crs_wkt):
                wrong.append(f"CRS {CRS.from_wkt(said.crs_wkt).to_string()}, the file "
                             f"{handle.crs.to_string()}")
            if a.dtype is not None and not np.can_cast(handle.dtypes[0], said.dtype):
                wrong.append(f"data_type {said.dtype}, the file {handle.dtypes[0]}")
            if wrong:
                raise InvalidDataError(
                    f"STAC item {self._table.ids[i]!r}, asset {a.key!r}: the item says "
                    f"{'; '.join(wrong)}. Its pixels would be read misplaced or cut; correct "
                    "the item's proj:/raster:bands fields (or drop them: the file's own are "
                    f"then read) [{path}]")
            self._checked.add(path)

    def _named(self, err: UnreadableFileError) -> UnreadableFileError:
        """``err`` with the STAC item and asset of its file added to the message (once)."""
        if "[STAC item " in str(err):
            return err
        for a in self._table.assets:
            rows = np.flatnonzero(a.href == (err.path or ""))
            if len(rows):
                item = self._table.ids[rows[0]]
                return UnreadableFileError(f"{err} [STAC item {item!r}, asset {a.key!r}]",
                                           path=err.path)
        return err

    # -- the item table ----------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the indexed items (``.json`` ItemCollection or ``.parquet`` STAC-GeoParquet)
        so that ``StacDataset(path, assets=...)`` rebuilds this index without the API.

        Raises:
            ValueError: another file extension.
        """
        return self._table.save(path)

    @property
    def item_ids(self) -> list[str]:
        """The indexed items' ids, in index order."""
        return [str(i) for i in self._table.ids]

    @property
    def band_info(self) -> list[dict[str, Any]]:
        """One dict per output channel: ``asset``, and the ``eo``/``raster`` band fields
        (``name``, ``common_name``, ``center_wavelength``, ``full_width_half_max``, ...)."""
        out: list[dict[str, Any]] = []
        for a in self._table.assets:
            bands: tuple[dict[str, Any], ...] = a.bands or ({},)
            for k, band in enumerate(bands):
                info = {"asset": a.key, **band}
                if a.scale:  # raster:bands' scale and offset, beside eo:bands' names
                    info.setdefault("scale", a.scale[min(k, len(a.scale) - 1)])
                    info.setdefault("offset", a.offset[min(k, len(a.offset) - 1)])
                out.append(info)
        return out


class _Headers(Sequence[RasterHeader]):
    """The first asset's header of every item, made when asked (a million items need no
    million objects up front)."""

    def __init__(self, dataset: StacDataset, k: int) -> None:
        self._dataset, self._k = dataset, k

    def __len__(self) -> int:
        return len(self._dataset._table)

    @overload
    def __getitem__(self, i: int) -> RasterHeader: ...

    @overload
    def __getitem__(self, i: slice) -> list[RasterHeader]: ...

    def __getitem__(self, i: int | slice) -> RasterHeader | list[RasterHeader]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._dataset._header(i % len(self), self._k)


class _Sources(Sequence[Source]):
    """Every item as a scene to read, made when asked."""

    def __init__(self, dataset: StacDataset, k: int | None) -> None:
        self._dataset, self._k = dataset, k

    def __len__(self) -> int:
        return len(self._dataset._table)

    @overload
    def __getitem__(self, i: int) -> Source: ...

    @overload
    def __getitem__(self, i: slice) -> list[Source]: ...

    def __getitem__(self, i: int | slice) -> Source | list[Source]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self._dataset._source(i % len(self), self._k)


def _is_table(source: Any) -> bool:
    if not isinstance(source, (str, os.PathLike)):
        return False
    path = urllib.parse.urlparse(os.fspath(source)).path.lower()
    return path.endswith((".parquet", ".geoparquet", ".pq"))


def _complete(table: ItemTable) -> None:
    """Fill, in place, the grids the STAC fields left unknown from those files' headers, and
    unknown dtypes from the first item's header of each asset.

    Raises:
        UnreadableFileError: a header cannot be read (the message names the file).
    """
    # every (asset, row) a file answers for: items may share a file, and assets of one item
    todo: dict[str, list[tuple[int, int]]] = {}
    located = [a.located() for a in table.assets]
    for k, a in enumerate(table.assets):
        for row in np.flatnonzero(~located[k]).tolist():
            todo.setdefault(str(a.href[row]), []).append((k, row))
        if a.dtype is None or not a.bands:  # its dtype, or its band count, from one file
            todo.setdefault(str(a.href[0]), []).append((k, 0))
    if not todo:
        return
    codes = {c: n for n, c in enumerate(table.crs_table)}
    for header in read_headers(sorted(todo)):
        for k, i in todo[header.path]:
            a = table.assets[k]
            if not located[k][i]:
                a.crs[i] = codes.setdefault(header.crs_wkt, len(codes))
                a.transform[i] = header.transform
                a.shape[i] = (header.height, header.width)
            if not a.bands:  # no band list: every band of the file
                a.count = header.count
            if a.dtype is None:
                a.dtype = header.dtype
            if a.nodata is None:
                a.nodata = header.nodata
    table.crs_table[:] = list(codes)


def _footprints(asset: AssetColumns, wkts: Sequence[str], dst_wkt: str, same: np.ndarray,
                densify: int = 21) -> np.ndarray:
    """``[n, 4]`` (minx, maxx, miny, maxy) of the asset's grids in the target CRS: the exact
    corners where the CRS is the target's, a densified outline elsewhere.

    Raises:
        InvalidDataError: an extent cannot be expressed in the target CRS.
    """
    n = len(asset.href)
    out = np.empty((n, 4))
    codes = np.unique(asset.crs)
    target = CRS.from_wkt(dst_wkt)
    t = np.linspace(0.0, 1.0, densify)
    for code in codes:
        rows: Any = slice(None) if len(codes) == 1 else np.flatnonzero(asset.crs == code)
        a, b, c, d, e, f = (asset.transform[rows, j] for j in range(6))
        h, w = asset.shape[rows, 0].astype(float), asset.shape[rows, 1].astype(float)
        if same[code]:  # an affine grid's extent is the box of its four corners
            xs = (c, c + a * w, c + b * h, c + a * w + b * h)
            ys = (f, f + d * w, f + e * h, f + d * w + e * h)
            out[rows, 0], out[rows, 1] = np.minimum.reduce(xs), np.maximum.reduce(xs)
            out[rows, 2], out[rows, 3] = np.minimum.reduce(ys), np.maximum.reduce(ys)
            continue
        u = np.concatenate([t, np.ones_like(t), t[::-1], np.zeros_like(t)])[None, :]
        v = np.concatenate([np.zeros_like(t), t, np.ones_like(t), t[::-1]])[None, :]
        cols, rws = u * w[:, None], v * h[:, None]
        x = a[:, None] * cols + b[:, None] * rws + c[:, None]
        y = d[:, None] * cols + e[:, None] * rws + f[:, None]
        x, y = (np.asarray(p) for p in transformer(wkts[code], dst_wkt).transform(x, y))
        refuse_wrapped(x, target, [str(h) for h in asset.href[rows]])
        bad = ~(np.isfinite(x).all(axis=1) & np.isfinite(y).all(axis=1))
        if bad.any():
            where = np.arange(n)[rows][np.flatnonzero(bad)[0]]
            raise InvalidDataError(
                f"the extent of {asset.href[where]!r} cannot be transformed into the target "
                "CRS; choose a crs that covers the data")
        out[rows, 0], out[rows, 1] = x.min(axis=1), x.max(axis=1)
        out[rows, 2], out[rows, 3] = y.min(axis=1), y.max(axis=1)
    return out


def _trim(item: dict[str, Any], assets: Iterable[str]) -> dict[str, Any]:
    """The parts of ``item`` the index and a saved table need (the chosen assets only)."""
    keep = set(assets)
    out = {k: v for k, v in item.items() if k not in ("links", "assets")}
    out["assets"] = {k: v for k, v in (item.get("assets") or {}).items() if k in keep}
    out["links"] = []
    return out

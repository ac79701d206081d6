"""The item table of a STAC dataset, in columns: one row per item, arrays per asset.

A million items as a million dicts (and a million header objects) take minutes and gigabytes;
the same facts as numpy columns take a second and a few hundred megabytes. :class:`ItemTable`
holds, per item, its id and time range and, per chosen asset, its href, CRS (a code into a
shared table), affine transform and size (NaN/0 where the STAC fields do not say). It is built
from item dicts (:func:`from_dicts`, any source) or straight from a STAC-GeoParquet table with
vectorised Arrow reads (:func:`from_arrow`), and written back as either
(:meth:`ItemTable.save`), so a run can be repeated without the API.
"""

from __future__ import annotations

import json
import math
import os
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.core.stac_index import (
    MissingAssetError,
    _absolute,
    _crs_of,
    _interval,
    _need,
    _resolve_assets,
    _timestamp,
    asset_grid,
    bbox_2d,
    bbox_meets,
    item_time,
    read_url,
    save_items,
)

__all__ = ["AssetColumns", "ItemTable", "from_arrow", "from_dicts", "read_table"]


@dataclass
class AssetColumns:
    """One asset of every item: where it is and on which grid (``crs`` -1, ``transform`` NaN
    and ``shape`` 0 where unknown); ``count``, ``dtype``, ``nodata`` and ``bands`` are the
    asset's (taken from its first item)."""

    key: str
    href: np.ndarray  # object array of str
    crs: np.ndarray  # int32 index into ItemTable.crs_table, -1: unknown
    transform: np.ndarray  # float64 [n, 6]
    shape: np.ndarray  # int64 [n, 2]: height, width
    count: int
    dtype: str | None
    nodata: float | None
    bands: tuple[dict[str, Any], ...]
    relative: bool = False  # some hrefs are relative to the table they were read from
    scale: tuple[float, ...] = ()  # raster:bands scale per band (the first item's), () none
    offset: tuple[float, ...] = ()
    #: the items' scales or offsets differ (Sentinel-2 before and after baseline 04.00)
    mixed_scale: bool = False
    #: the items' nodata values differ (collections or processing versions mixed)
    mixed_nodata: bool = False

    def located(self) -> np.ndarray:
        """Rows whose grid the STAC fields give (no header needed)."""
        return ((self.crs >= 0) & np.isfinite(self.transform).all(axis=1)
                & (self.shape > 0).all(axis=1))

    def located_row(self, i: int) -> bool:
        """:meth:`located` of row ``i`` alone (a table may hold millions of rows)."""
        return bool(self.crs[i] >= 0 and np.isfinite(self.transform[i]).all()
                    and (self.shape[i] > 0).all())

    def take(self, rows: np.ndarray) -> AssetColumns:
        return replace(self, href=self.href[rows], crs=self.crs[rows],
                       transform=self.transform[rows], shape=self.shape[rows])


@dataclass
class ItemTable:
    """Items as columns (see the module docstring); ``items`` or ``arrow`` keep the source
    rows for :meth:`save`."""

    ids: np.ndarray  # object array of str
    times: np.ndarray  # float64 [n, 2]: mint, maxt (POSIX seconds)
    assets: list[AssetColumns]
    crs_table: list[str]
    items: list[dict[str, Any]] | None = None
    #: the STAC-GeoParquet file the rows come from, and their positions in it (for save)
    file: str | None = None
    rows: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, rows: np.ndarray) -> ItemTable:
        """The table of ``rows`` (a boolean mask or indices), in that order."""
        rows = np.flatnonzero(rows) if rows.dtype == bool else rows
        items = None if self.items is None else [self.items[i] for i in rows]
        kept = None if self.rows is None else self.rows[rows]
        return ItemTable(self.ids[rows], self.times[rows], [a.take(rows) for a in self.assets],
                         self.crs_table, items, self.file, kept)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the items as ``.parquet`` (STAC-GeoParquet) or ``.json`` (ItemCollection).

        Raises:
            ValueError: another extension.
        """
        path = Path(path)
        items = self.items
        if items is None and self.file is not None and self.rows is not None:
            table = _open(self.file).read().take(self.rows)  # every column of those rows
            relative = any(a.relative for a in self.assets)
            if path.suffix.lower() in (".parquet", ".geoparquet") and not relative:
                pq = _need("pyarrow.parquet")
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(path.name + ".tmp")
                pq.write_table(table, str(tmp))
                os.replace(tmp, path)
                return path
            sga = _need("stac_geoparquet.arrow")
            items = list(sga.stac_table_to_items(table))
            if relative:  # relative to the table read, not to the one written elsewhere
                items = [_resolve_assets(item, self.file) for item in items]
        return save_items(items or [], path)


def _code(table: dict[str, int], crs: str | None) -> int:
    return -1 if crs is None else table.setdefault(crs, len(table))


def from_dicts(items: Sequence[dict[str, Any]], keys: Sequence[str],
               missing: str = "raise") -> ItemTable:
    """The table of item dicts (the assets ``keys``).

    Raises:
        InvalidDataError: an item lacks an asset (``missing="raise"``), has malformed
            projection fields or no time.
    """
    kept, grids = [], []
    for item in items:
        try:
            grids.append([asset_grid(item, key) for key in keys])
        except MissingAssetError:  # skipped on request; malformed fields never are
            if missing == "raise":
                raise
            continue
        kept.append(item)
    crs_codes: dict[str, int] = {}
    n = len(kept)
    columns = []
    for k, key in enumerate(keys):
        col = [row[k] for row in grids]
        first = col[0] if col else None
        transform = np.full((n, 6), np.nan)
        shape = np.zeros((n, 2), dtype=np.int64)
        for i, g in enumerate(col):
            if g.transform is not None:
                transform[i] = g.transform
            if g.width and g.height:
                shape[i] = (g.height, g.width)
        counts = {g.count for g in col}
        if len(counts) > 1:
            raise InvalidDataError(f"the items' asset {key!r} holds different band counts "
                                   f"({sorted(counts)}); the items of one dataset must hold "
                                   "the same bands")
        columns.append(AssetColumns(
            key=key, href=np.array([g.href for g in col], dtype=object),
            crs=np.array([_code(crs_codes, g.crs) for g in col], dtype=np.int32),
            transform=transform, shape=shape, count=first.count if first else 1,
            dtype=_common_dtype(g.dtype for g in col),
            nodata=first.nodata if first else None, bands=first.bands if first else (),
            scale=first.scale if first else (), offset=first.offset if first else (),
            mixed_scale=len({(g.scale, g.offset) for g in col}) > 1,
            mixed_nodata=len({repr(g.nodata) for g in col}) > 1))
    times = np.array([item_time(item) for item in kept], dtype=np.float64).reshape(-1, 2)
    return ItemTable(np.array([str(i.get("id")) for i in kept], dtype=object), times, columns,
                     list(crs_codes), items=list(kept))


# -- STAC-GeoParquet, vectorised ---------------------------------------------------------------
def _fixed(array: Any, width: int) -> np.ndarray:
    """``[n, width]`` float64 of an Arrow list column (NaN rows where null or shorter)."""
    pa = _need("pyarrow")
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    n = len(array)
    out = np.full((n, width), np.nan)
    if n == 0:
        return out
    offsets = np.asarray(array.offsets)
    values = np.asarray(array.values.to_numpy(zero_copy_only=False), dtype=np.float64)
    lengths = np.diff(offsets)
    step = int(lengths[0])
    if (array.null_count == 0 and step >= width and offsets[0] == 0
            and len(values) == n * step and (lengths == step).all()):
        return values.reshape(n, step)[:, :width].copy()  # every row the same length
    valid = (lengths >= width) & ~np.asarray(array.is_null().to_numpy(zero_copy_only=False))
    index = offsets[:-1][valid, None] + np.arange(width)[None, :]
    out[valid] = values[index]
    return out


def _posix(table: Any, name: str) -> np.ndarray | None:
    """POSIX seconds of a timestamp (or RFC 3339 string) column, NaN where null."""
    if name not in table.column_names:
        return None
    pa = _need("pyarrow")
    pc = _need("pyarrow.compute")
    column = table[name]
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        try:  # RFC 3339, fractional seconds and offsets included
            column = pc.cast(column, pa.timestamp("us", tz="UTC"))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # a bad value: that one null
            return np.array([_seconds_or_nan(v) for v in column.to_pylist()],
                            dtype=np.float64)
    micro = pc.cast(pc.cast(column, pa.timestamp("us", tz="UTC")), pa.int64())
    return np.asarray(micro.to_numpy(zero_copy_only=False), dtype=np.float64) / 1e6


def _seconds_or_nan(value: Any) -> float:
    """POSIX seconds of one RFC 3339 value, NaN where it is null or does not parse."""
    try:
        seconds = _timestamp(value)
    except ValueError:
        return math.nan
    return math.nan if seconds is None else seconds


def _common_dtype(names: Iterable[str | None]) -> str | None:
    """A dtype holding every item's ``data_type`` of an asset (uint8 and uint16 items: uint16;
    the first item's would clip the others' values); ``None`` when none is given."""
    found = {name for name in names if name}
    return np.result_type(*found).name if found else None


def _arrow_data_types(asset: Any) -> list[str]:
    """The distinct ``raster:bands`` data types of an Arrow asset column."""
    pc = _need("pyarrow.compute")
    bands = _struct_field(asset, "raster:bands")
    if bands is None:
        return []
    flat = pc.list_flatten(bands)
    types = _struct_field(flat, "data_type")
    return [] if types is None else [t for t in pc.unique(types).to_pylist() if t]


def _arrow_bands_differ(asset: Any, present: np.ndarray, names: Sequence[str]) -> bool:
    """Whether the rows (``present``) of an Arrow asset column give different ``raster:bands``
    fields ``names`` (scale and offset, or nodata)."""
    bands = _struct_field(asset, "raster:bands")
    if bands is None or not present.any():
        return False
    pc = _need("pyarrow.compute")
    flat = pc.list_flatten(bands)
    rows = np.asarray(pc.list_parent_indices(bands).to_numpy(zero_copy_only=False))
    keep = present[rows]
    rows = rows[keep]
    counts = np.bincount(rows, minlength=len(present))[present]
    for name in names:
        field = _struct_field(flat, name)
        if field is None:
            continue
        values = np.asarray(field.to_numpy(zero_copy_only=False), dtype=np.float64)[keep]
        values = np.nan_to_num(values, nan=-np.inf)  # a missing value is one value too
        if (counts != counts[0]).any():  # band lists of other lengths: other scales
            return True
        if counts[0] and (values.reshape(-1, counts[0]) != values[:counts[0]]).any():
            return True
    return False


def _bbox_transforms(transform: np.ndarray, shape: np.ndarray, item_bbox: np.ndarray,
                     asset_bbox: Any, own_transform: np.ndarray) -> np.ndarray:
    """``transform`` ``[n, 6]`` completed from ``proj:bbox`` and ``proj:shape`` (rows,
    cols), as :func:`~geoplug.core.stac_index.asset_grid` does: the item's bbox where no
    transform is known, the asset's own bbox before the item's transform (not before the
    asset's own, ``own_transform``)."""
    out = transform.copy()
    candidates = [(item_bbox, ~np.isfinite(out).all(axis=1))]
    if asset_bbox is not None:
        candidates.append((_fixed(asset_bbox, 4), ~own_transform))
    for bbox, use in candidates:
        use = use & np.isfinite(bbox).all(axis=1) & (shape > 0).all(axis=1)
        if not use.any():
            continue
        xmin, ymin, xmax, ymax = bbox[use].T
        rows, cols = shape[use].T
        out[use] = np.stack([(xmax - xmin) / cols, np.zeros_like(xmin), xmin,
                             np.zeros_like(xmin), -(ymax - ymin) / rows, ymax], axis=1)
    return out


def _struct_field(column: Any, name: str) -> Any:
    """Field ``name`` of an Arrow struct column, or ``None``."""
    pc = _need("pyarrow.compute")
    if column is None or name not in [f.name for f in column.type]:
        return None
    return pc.struct_field(column, name)


#: the CRS fields, weakest first (a later one wins, as in ``stac_index._crs_of``)
_CRS_KINDS = ("proj:projjson", "proj:epsg", "proj:wkt2", "proj:code")


def _without_nulls(value: Any) -> Any:
    """A PROJJSON read from Arrow without the null fields its struct type adds."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _crs_column(column: Any, kind: str, codes: dict[str, int], n: int) -> np.ndarray:
    """Codes (into the CRS table) of a ``proj:code``/``proj:epsg``/``proj:wkt2``/
    ``proj:projjson`` column."""
    out = np.full(n, -1, dtype=np.int32)
    if column is None:
        return out
    if kind == "proj:projjson":  # a struct (or JSON text) per row: row by row, but rare
        found: dict[str, int] = {}
        for i, value in enumerate(column.to_pylist()):
            if isinstance(value, str):
                value = json.loads(value)
            if isinstance(value, dict):
                text = json.dumps(_without_nulls(value), sort_keys=True)
                if text not in found:
                    crs = _crs_of({kind: json.loads(text)})
                    found[text] = -1 if crs is None else _code(codes, crs)
                out[i] = found[text]
        return out
    encoded = column.dictionary_encode().combine_chunks() if hasattr(
        column, "combine_chunks") else column.dictionary_encode()
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    valid = ~np.asarray(encoded.is_null().to_numpy(zero_copy_only=False))
    for j, value in enumerate(encoded.dictionary.to_pylist()):
        crs = _crs_of({kind: value})
        if crs is not None:
            out[valid & (indices == j)] = _code(codes, crs)
    return out


def _item_times(table: Any) -> np.ndarray:
    """``[n, 2]`` (mint, maxt) POSIX seconds of an Arrow table's items (as ``item_time``).

    Raises:
        InvalidDataError: an item has no time (the message names the first).
    """
    start, end, instant = (_posix(table, c) for c in ("start_datetime", "end_datetime",
                                                        "datetime"))
    times = np.full((table.num_rows, 2), np.nan)
    if instant is not None:
        times[:] = instant[:, None]
    if start is not None and end is not None:
        both = np.isfinite(start) & np.isfinite(end)
        times[both, 0], times[both, 1] = start[both], end[both]
    bad = ~np.isfinite(times).all(axis=1)
    if bad.any():
        first = table["id"][int(np.flatnonzero(bad)[0])].as_py()
        raise InvalidDataError(f"STAC item {first!r} has neither datetime nor "
                               "start_datetime/end_datetime")
    return times


def from_arrow(table: Any, keys: Sequence[str], missing: str = "raise",
               asset_columns: Mapping[str, Any] | None = None) -> ItemTable:
    """The table of a STAC-GeoParquet Arrow table, column by column (no per-item objects).

    ``asset_columns``: the struct column of each asset, when read apart from ``table``
    (default: fields of its ``assets`` column).

    Raises:
        InvalidDataError: an item lacks an asset (``missing="raise"``; the message names it) or
            has no time.
    """
    n = table.num_rows
    ids = np.asarray(table["id"].to_numpy(zero_copy_only=False), dtype=object)
    times = _item_times(table)
    codes: dict[str, int] = {}
    item_crs = np.full(n, -1, dtype=np.int32)
    for kind in _CRS_KINDS:  # later kinds win, as in _crs_of
        if kind in table.column_names:
            found = _crs_column(table[kind], kind, codes, n)
            item_crs = np.where(found >= 0, found, item_crs)
    item_transform = (_fixed(table["proj:transform"], 6) if "proj:transform" in
                      table.column_names else np.full((n, 6), np.nan))
    item_shape = (_fixed(table["proj:shape"], 2) if "proj:shape" in table.column_names
                  else np.full((n, 2), np.nan))
    item_bbox = (_fixed(table["proj:bbox"], 4) if "proj:bbox" in table.column_names
                 else np.full((n, 4), np.nan))
    assets_col = (table["assets"].combine_chunks() if asset_columns is None
                  and "assets" in table.column_names else None)
    keep = np.ones(n, dtype=bool)
    columns = []
    for key in keys:
        asset = (_struct_field(assets_col, key) if asset_columns is None
                 else asset_columns.get(key))
        hrefs = _struct_field(asset, "href")
        present = (np.zeros(n, dtype=bool) if hrefs is None else
                   ~np.asarray(hrefs.is_null().to_numpy(zero_copy_only=False)))
        if not present.all():
            first = ids[np.flatnonzero(~present)[0]]
            if missing == "raise":
                raise InvalidDataError(
                    f"STAC item {first!r} has no asset {key!r}; choose assets that every item "
                    "has, or pass missing_assets='skip'")
            keep &= present
        href = np.asarray(hrefs.to_numpy(zero_copy_only=False), dtype=object) if hrefs \
            is not None else np.full(n, "", dtype=object)
        relative = hrefs is not None and _any_relative(hrefs)
        crs = item_crs.copy()
        for kind in _CRS_KINDS:
            sub = _struct_field(asset, kind)
            if sub is not None:
                found = _crs_column(sub, kind, codes, n)
                crs = np.where(found >= 0, found, crs)
        transform, shape = item_transform.copy(), item_shape.copy()
        sub = _struct_field(asset, "proj:transform")
        own_transform = np.zeros(n, dtype=bool)
        if sub is not None:
            own = _fixed(sub, 6)
            own_transform = np.isfinite(own).all(axis=1)
            transform = np.where(own_transform[:, None], own, transform)
        sub = _struct_field(asset, "proj:shape")
        if sub is not None:
            own = _fixed(sub, 2)
            shape = np.where(np.isfinite(own).all(axis=1)[:, None], own, shape)
        transform = _bbox_transforms(transform, shape, item_bbox,
                                     _struct_field(asset, "proj:bbox"), own_transform)
        _check_transforms(transform, ids, key, present)
        first_row = int(np.flatnonzero(present)[0]) if present.any() else None
        meta = asset[first_row].as_py() if asset is not None and first_row is not None else {}
        grid = asset_grid({"id": "", "assets": {key: {**meta, "href": "x"}}}, key) if meta \
            else None
        columns.append(AssetColumns(
            key=key, href=href, crs=crs, transform=transform,
            shape=np.nan_to_num(shape, nan=0).astype(np.int64),
            count=grid.count if grid else 1,
            dtype=_common_dtype([*_arrow_data_types(asset), grid.dtype if grid else None]),
            nodata=grid.nodata if grid else None, bands=grid.bands if grid else (),
            scale=grid.scale if grid else (), offset=grid.offset if grid else (),
            mixed_scale=_arrow_bands_differ(asset, present, ("scale", "offset")),
            mixed_nodata=_arrow_bands_differ(asset, present, ("nodata",)),
            relative=relative))
    out = ItemTable(ids, times, columns, list(codes), rows=np.arange(n))
    return out if keep.all() else out.take(keep)


def _check_transforms(transform: np.ndarray, ids: np.ndarray, key: str,
                      present: np.ndarray) -> None:
    """The check :func:`~geoplug.core.stac_index.asset_grid` makes of each item, on a
    column: a given ``proj:transform`` is finite and invertible (NaN rows are not given).

    Raises:
        InvalidDataError: one is not (the message names the first such item).
    """
    given = present & ~np.isnan(transform).all(axis=1)
    det = transform[:, 0] * transform[:, 4] - transform[:, 1] * transform[:, 3]
    bad = given & (~np.isfinite(transform).all(axis=1) | (det == 0))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InvalidDataError(f"STAC item {ids[row]!r}, asset {key!r}: proj:transform "
                               f"{transform[row].tolist()} is not an invertible affine "
                               "transform")


def _any_relative(hrefs: Any) -> bool:
    """True if any href of an Arrow string array is relative (neither a URL nor an absolute
    path)."""
    if not len(hrefs):
        return False
    pc = _need("pyarrow.compute")
    absolute = pc.match_substring_regex(hrefs,
                                        r"^([A-Za-z][A-Za-z0-9+.-]*:|/|\\\\)")
    return not pc.all(pc.fill_null(absolute, True)).as_py()


def _open(href: str) -> Any:
    """A ``pyarrow.parquet.ParquetFile`` of a local path or URL (http(s) read into memory;
    ``s3://``/``gs://`` through pyarrow's file systems).

    Raises:
        StacSourceError: it cannot be opened or is not Parquet.
    """
    from geoplug.core.stac_index import StacSourceError

    pq, pa = _need("pyarrow.parquet"), _need("pyarrow")
    try:
        scheme = urllib.parse.urlparse(href).scheme
        if scheme in ("http", "https"):  # transient failures asked again (read_url)
            return pq.ParquetFile(pa.BufferReader(read_url(href, timeout=60)))
        if scheme in ("s3", "gs", "az", "abfs"):
            fs, path = _need("pyarrow.fs").FileSystem.from_uri(href)
            return pq.ParquetFile(fs.open_input_file(path))
        return pq.ParquetFile(href)
    except (OSError, ValueError) as err:
        raise StacSourceError(f"cannot read the STAC-GeoParquet table {href!r}: {err}") from err


def _only(column: Any, key: str) -> Any:
    """The asset ``key`` of a column read as ``assets.<key>``: Parquet readers give either the
    asset's struct or an ``assets`` struct holding only it."""
    pa = _need("pyarrow")
    names = [f.name for f in column.type] if pa.types.is_struct(column.type) else []
    return column.field(key) if names == [key] else column


_COLUMNS = ("id", "collection", "bbox", "datetime", "start_datetime", "end_datetime",
            "proj:code", "proj:epsg", "proj:wkt2", "proj:transform", "proj:shape")


def read_table(href: str, keys: Sequence[str], search: Mapping[str, Any] | None = None,
               missing: str = "raise") -> ItemTable:
    """The :class:`ItemTable` of a STAC-GeoParquet file (local or URL), reading only the
    columns the index needs, filtered by ``bbox``, ``datetime``, ``collections``, ``ids`` and
    ``max_items`` in columns; ``max_items`` counts the search's items before ``missing="skip"``
    leaves any out, as the JSON and API paths do (:func:`~geoplug.core.stac_index.load_items`).

    Raises:
        StacSourceError: the table cannot be read or is not STAC-GeoParquet.
        ValueError: ``query``/``filter``/``intersects`` given (those need an API).
    """

    search = dict(search or {})
    unsupported = [k for k in ("query", "filter", "intersects") if k in search]
    if unsupported:
        raise ValueError(f"{', '.join(unsupported)} need a STAC API; for an item file, filter "
                         "with bbox, datetime, collections and ids")
    from geoplug.core import stac_table_cache  # it builds tables: imported when read

    cache = stac_table_cache.cache_file(href, keys, search, missing)
    if cache is not None:
        cached = stac_table_cache.load(cache)
        if cached is not None:
            cached.file = href
            return cached
    out = _read_table(href, keys, search, missing)
    if cache is not None:
        stac_table_cache.store(cache, out)
    return out


def _read_table(href: str, keys: Sequence[str], search: Mapping[str, Any],
                missing: str) -> ItemTable:
    from geoplug.core.stac_index import StacSourceError

    pa = _need("pyarrow")
    handle = _open(href)
    names = handle.schema_arrow.names
    if "id" not in names:
        raise StacSourceError(f"{href!r} is not a STAC-GeoParquet table (no 'id' column)")
    try:
        needed = {"collection": "collections" in search, "bbox": "bbox" in search}
        table = handle.read(columns=[c for c in _COLUMNS if c in names and needed.get(c, True)])
        present = ([f.name for f in handle.schema_arrow.field("assets").type]
                   if "assets" in names else [])
        assets = {k: _only(handle.read(columns=[f"assets.{k}"]).column(0).combine_chunks(), k)
                  for k in keys if k in present}
    except (OSError, ValueError) as err:
        raise StacSourceError(f"cannot read the STAC-GeoParquet table {href!r}: {err}") from err
    rows = np.ones(table.num_rows, dtype=bool)
    if "collections" in search and "collection" in table.column_names:
        wanted = search["collections"]
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        rows &= np.isin(np.asarray(table["collection"].to_numpy(zero_copy_only=False),
                                   dtype=object), wanted)
    if "ids" in search:
        rows &= np.isin(np.asarray(table["id"].to_numpy(zero_copy_only=False), dtype=object),
                        list(search["ids"]))
    if "bbox" in search and "bbox" in table.column_names:
        box = table["bbox"].combine_chunks()
        get = {f.name: np.asarray(box.field(f.name).to_numpy(zero_copy_only=False),
                                  dtype=np.float64) for f in box.type}
        rows &= bbox_meets(get["xmin"], get["ymin"], get["xmax"], get["ymax"],
                           bbox_2d(search["bbox"]))
    positions = np.flatnonzero(rows)
    if "datetime" in search:
        times = _item_times(table.take(pa.array(positions, type=pa.int64())))
        lo, hi = _interval(search["datetime"])
        positions = positions[(times[:, 0] <= hi) & (times[:, 1] >= lo)]
    if "max_items" in search:  # the search's first items, before missing_assets skips any
        positions = positions[: max(0, int(search["max_items"]))]
    if len(positions) < table.num_rows:
        index = pa.array(positions)
        table = table.take(index)
        assets = {k: v.take(index) for k, v in assets.items()}
    out = from_arrow(table, keys, missing, asset_columns=assets)
    out.file = href
    out.rows = positions if out.rows is None else positions[out.rows]
    for a in out.assets:  # relative hrefs are relative to the table
        if a.relative:
            a.href = np.array([_absolute(h, href) if isinstance(h, str) else h
                               for h in a.href], dtype=object)
    return out

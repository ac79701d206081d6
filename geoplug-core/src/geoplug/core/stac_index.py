"""STAC items in, index rows out: loading items from every kind of source, and reading their grids.

A :class:`~geoplug.core.stac.StacDataset` is built from STAC items wherever they come from:

- pystac objects (``Item``, ``ItemCollection``, ``Catalog``/``Collection``, or a list of items
  or of item dicts);
- a file or URL: an ItemCollection (GeoJSON ``FeatureCollection``), a single item, a static
  catalog or collection (walked recursively), or a STAC-GeoParquet table (``.parquet``,
  ``.geoparquet``; local, ``https://`` or ``s3://``/``gs://``/``az://`` through pyarrow);
- a STAC API (pystac-client): the URL of its landing page plus search arguments
  (``collections``, ``bbox``, ``intersects``, ``datetime``, ``query``, ``filter``, ``ids``,
  ``max_items``). ``max_items`` limits the items the search matches, whatever the source's
  form; a dataset's ``missing_assets="skip"`` leaves items out of those, never beyond them.

Each item's assets become a :class:`AssetGrid` (href, CRS, affine transform, size, bands,
dtype, nodata) from the projection extension (``proj:code``/``proj:epsg``/``proj:wkt2``/
``proj:projjson``, ``proj:transform``, ``proj:shape``, ``proj:bbox``) and the ``raster``/``eo``
extensions (or STAC 1.1 ``bands``), asset fields overriding item fields. Nothing is opened:
the fields left unknown are filled from the file headers by the dataset, for those items only.

The packages (pystac, pystac-client, stac-geoparquet, pyarrow) are the optional extra
``geoplug-core[stac]``, imported only when a source needs them.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import posixpath
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

from geoplug.core.errors import GeoplugError, InvalidDataError

__all__ = ["SEARCH_KEYS", "AssetGrid", "MissingAssetError", "StacSourceError", "asset_grid",
           "item_dicts", "item_time", "load_items", "save_items"]

#: search arguments of a STAC API (pystac-client's ``Client.search``)
SEARCH_KEYS = ("collections", "bbox", "intersects", "datetime", "query", "filter",
               "filter_lang", "ids", "max_items", "limit", "sortby")
_PARQUET = (".parquet", ".geoparquet", ".pq")
_EXTRA = "pip install 'geoplug-core[stac]'"


class StacSourceError(GeoplugError, OSError):
    """A STAC source (API, catalog file, table) could not be read; the message names it."""


def _need(module: str) -> Any:
    """Import an optional dependency, saying how to install it.

    Raises:
        ImportError: it is not installed.
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise ImportError(f"reading STAC {module.split('.')[0]} sources needs the optional "
                          f"dependencies: {_EXTRA}") from err


# -- items from sources ------------------------------------------------------------------------
def _is_url(text: str) -> bool:
    return urllib.parse.urlparse(text).scheme in ("http", "https", "s3", "gs", "az", "file")


def _fetch_json(href: str, timeout: float) -> Any:
    """The JSON document at ``href`` (path or URL).

    Raises:
        StacSourceError: it cannot be fetched (missing, HTTP error, timeout) or is not JSON.
    """
    try:
        if urllib.parse.urlparse(href).scheme in ("http", "https", "file"):
            raw = read_url(href, timeout)
        else:
            raw = Path(href).read_bytes()
    except (OSError, ValueError) as err:  # URLError, HTTPError, timeouts are OSErrors
        raise StacSourceError(f"cannot read the STAC document {href!r}: {err}. Check the "
                              "path or URL and the network.") from err
    try:
        return json.loads(raw)
    except ValueError as err:
        raise StacSourceError(f"the STAC document {href!r} is not valid JSON ({err}); is it "
                              "a STAC file or API?") from err


#: HTTP statuses worth asking again: too many requests, and a server's passing trouble
_TRANSIENT = frozenset({429, 500, 502, 503, 504})
#: The tries of a STAC document and the first wait between them (doubling), in seconds
_TRIES, _WAIT = 4, 0.25


def read_url(href: str, timeout: float) -> bytes:
    """The body at ``href``, asked again (after 0.25, 0.5, 1 s) when the server answers a
    transient status or drops the connection; a timeout or another status is final.

    Raises:
        OSError: the last try failed (``urllib.error.HTTPError``, ``URLError``, ...).
    """
    for attempt in range(_TRIES):
        try:
            with urllib.request.urlopen(href, timeout=timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as err:
            if err.code not in _TRANSIENT or attempt + 1 == _TRIES:
                raise
        except (ConnectionResetError, ConnectionAbortedError, http.client.RemoteDisconnected):
            if attempt + 1 == _TRIES:
                raise
        time.sleep(_WAIT * 2 ** attempt)
    raise AssertionError("unreachable")


def _absolute(href: str, base: str | None) -> str:
    """``href`` resolved against the document ``base`` it was read from."""
    if base is None or _is_url(href) or os.path.isabs(href):
        return href
    if _is_url(base):
        parts = urllib.parse.urlsplit(base)
        if parts.scheme in ("http", "https", "file"):
            return urllib.parse.urljoin(base, href)
        # s3://, gs://, az://...: urljoin joins only the schemes it knows (it would return
        # the href as it is, to be read from the working directory)
        path = posixpath.normpath(posixpath.join(posixpath.dirname(parts.path), href))
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(base)), href))


def _resolve_assets(item: dict[str, Any], base: str | None) -> dict[str, Any]:
    """``item`` with asset hrefs made absolute (against its ``self`` link, else ``base``)."""
    self_href = next((lk.get("href") for lk in item.get("links", ())
                      if isinstance(lk, dict) and lk.get("rel") == "self"), None)
    where = self_href if isinstance(self_href, str) else base
    assets = item.get("assets")
    if not isinstance(assets, dict) or where is None:
        return item
    fixed = {k: ({**a, "href": _absolute(a["href"], where)}
                 if isinstance(a, dict) and isinstance(a.get("href"), str) else a)
             for k, a in assets.items()}
    return {**item, "assets": fixed}


def _from_pystac(obj: Any) -> list[dict[str, Any]] | None:
    """Item dicts (absolute hrefs) of a pystac object; ``None`` if ``obj`` is not one."""
    try:
        import pystac
    except ImportError:
        return None
    if isinstance(obj, pystac.Item):
        items: Iterable[Any] = [obj]
    elif isinstance(obj, pystac.ItemCollection):
        items = obj.items
    elif isinstance(obj, pystac.Catalog):  # also Collection
        items = obj.get_items(recursive=True)
    else:
        return None
    out = []
    for item in items:
        d = item.to_dict(include_self_link=False, transform_hrefs=False)
        for key, asset in item.assets.items():
            d["assets"][key]["href"] = asset.get_absolute_href() or asset.href
        out.append(d)
    return out


def item_dicts(doc: Any, base: str | None = None) -> list[dict[str, Any]]:
    """Item dicts in a STAC JSON document (an item, a FeatureCollection, or a list of items).

    Raises:
        StacSourceError: ``doc`` is none of them (a catalog is walked by :func:`load_items`).
    """
    if isinstance(doc, list):
        return [_resolve_assets(d, base) for d in doc if isinstance(d, dict)]
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        return [_resolve_assets(doc, base)]
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        return [_resolve_assets(d, base) for d in doc.get("features") or []]
    raise StacSourceError(f"{base or 'the document'} is not a STAC item, ItemCollection or "
                          f"catalog (type {doc.get('type') if isinstance(doc, dict) else doc!r})")


def _read_parquet(href: str) -> list[dict[str, Any]]:
    """Items of a STAC-GeoParquet table (local path or URL).

    Raises:
        StacSourceError: the table cannot be read or is not STAC-GeoParquet.
    """
    pq = _need("pyarrow.parquet")
    sga = _need("stac_geoparquet.arrow")
    try:
        if urllib.parse.urlparse(href).scheme in ("http", "https"):
            pa = _need("pyarrow")
            with urllib.request.urlopen(href, timeout=60) as response:
                table = pq.read_table(pa.BufferReader(response.read()))
        else:
            table = pq.read_table(href)
        return [_resolve_assets(d, href) for d in sga.stac_table_to_items(table)]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise StacSourceError(f"cannot read the STAC-GeoParquet table {href!r}: {err}") from err


def _search_api(url: str, search: Mapping[str, Any], timeout: float) -> list[dict[str, Any]]:
    """Items a STAC API returns for ``search`` (all pages).

    Raises:
        StacSourceError: the API cannot be reached, times out, answers an error or malformed
            JSON.
    """
    client_mod = _need("pystac_client")
    args = {k: v for k, v in search.items() if v is not None}
    if "filter" in args and "filter_lang" not in args and isinstance(args["filter"], dict):
        args["filter_lang"] = "cql2-json"
    try:
        client = client_mod.Client.open(url, timeout=timeout)
        return [_resolve_assets(d, url) for d in client.search(**args).items_as_dicts()]
    except Exception as err:  # requests, pystac-client and JSON errors alike: name the URL
        raise StacSourceError(
            f"the STAC API {url!r} failed to answer the search {args!r}: "
            f"{type(err).__name__}: {err}. Check the URL, the search arguments and the network "
            "(timeout is the `timeout` argument)."
        ) from err


def _conforms_to_search(doc: Any) -> bool:
    conforms = doc.get("conformsTo") if isinstance(doc, dict) else None
    return isinstance(conforms, list) and any(
        isinstance(c, str) and "item-search" in c for c in conforms)


def load_items(source: Any, search: Mapping[str, Any] | None = None,
               timeout: float = 30.0) -> list[dict[str, Any]]:
    """STAC item dicts (asset hrefs absolute) from any source (see the module docstring).

    ``search`` holds the API search arguments. With an ``http(s)`` URL that is not a JSON or
    GeoParquet file they go to the STAC API there (so does a URL whose landing page conforms to
    item-search); items read from files and pystac objects are filtered here by ``bbox``,
    ``datetime``, ``collections``, ``ids`` and ``max_items`` (the first that many matching
    items, as pystac-client gives them from an API).

    Raises:
        StacSourceError: the source cannot be read (network, timeout, malformed JSON).
        TypeError: ``source`` is not a kind of STAC source.
        ValueError: ``query``/``filter``/``intersects`` given for a file (an API does those),
            or ``max_items`` below 1 (pystac-client would read 0 as no limit, a file as none).
        ImportError: a needed optional package is missing (``geoplug-core[stac]``).
    """
    search = {k: v for k, v in (search or {}).items() if v is not None}
    if int(search.get("max_items", 1)) < 1:
        raise ValueError(f"max_items must be at least 1, not {search['max_items']!r}")
    if isinstance(source, (str, os.PathLike)):
        href = os.fspath(source)
        lower = urllib.parse.urlparse(href).path.lower()
        if lower.endswith(_PARQUET):
            return _filter_locally(_read_parquet(href), search)
        is_http = urllib.parse.urlparse(href).scheme in ("http", "https")
        if search and is_http and not lower.endswith((".json", ".geojson")):
            return _search_api(href, search, timeout)
        doc = _fetch_json(href, timeout)
        if isinstance(doc, dict) and doc.get("type") in ("Catalog", "Collection"):
            if _conforms_to_search(doc) and is_http:
                return _search_api(href, search, timeout)
            pystac = _need("pystac")
            try:
                cat = pystac.read_dict(doc, href=href)
            except Exception as err:
                raise StacSourceError(f"cannot read the STAC catalog {href!r}: {err}") from err
            return _filter_locally(_from_pystac(cat) or [], search)
        return _filter_locally(item_dicts(doc, href), search)
    found = _from_pystac(source)
    if found is None and isinstance(source, Mapping):
        found = item_dicts(dict(source))
    elif found is None and isinstance(source, Sequence):
        found = []
        for element in source:
            found.extend(item_dicts(element) if isinstance(element, dict)
                         else load_items(element, timeout=timeout))
    if found is None:
        raise TypeError(f"cannot read STAC items from a {type(source).__name__}; give a path "
                        "or URL (JSON, STAC-GeoParquet, API), pystac objects, or item dicts")
    return _filter_locally(found, search)


def save_items(items: Sequence[Mapping[str, Any]], path: str | os.PathLike[str]) -> Path:
    """Write ``items`` as an ItemCollection (``.json``/``.geojson``) or STAC-GeoParquet
    (``.parquet``), atomically; :func:`load_items` reads either back.

    Raises:
        ValueError: another file extension.
        ImportError: STAC-GeoParquet needs ``geoplug-core[stac]``.
    """
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in _PARQUET:
        sga = _need("stac_geoparquet.arrow")
        reader = sga.parse_stac_items_to_arrow(list(items))
        table = reader.read_all() if hasattr(reader, "read_all") else reader
        sga.to_parquet(table, str(tmp))
    elif path.suffix.lower() in (".json", ".geojson"):
        tmp.write_text(json.dumps({"type": "FeatureCollection", "features": list(items)}))
    else:
        raise ValueError(f"save the item table as .json/.geojson (an ItemCollection) or "
                         f".parquet (STAC-GeoParquet), not {path.name!r}")
    os.replace(tmp, path)
    return path


# -- rows from items ---------------------------------------------------------------------------
def _timestamp(value: Any) -> float | None:
    """POSIX seconds of an RFC 3339 string or datetime (naive means UTC); ``None`` if absent."""
    if value is None:
        return None
    if isinstance(value, datetime):
        when = value
    else:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00").replace("z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


def item_time(item: Mapping[str, Any]) -> tuple[float, float]:
    """``(mint, maxt)`` of an item: ``start_datetime``/``end_datetime`` when both exist, else
    the instant ``datetime``.

    Raises:
        InvalidDataError: no usable time, or a time that does not parse.
    """
    props = item.get("properties") or {}
    try:
        start = _timestamp(props.get("start_datetime"))
        end = _timestamp(props.get("end_datetime"))
        if start is not None and end is not None:
            return (start, end)
        instant = _timestamp(props.get("datetime"))
    except ValueError as err:
        raise InvalidDataError(f"STAC item {item.get('id')!r} has a time that is not RFC 3339: "
                               f"{err}") from err
    if instant is None:
        raise InvalidDataError(f"STAC item {item.get('id')!r} has neither datetime nor "
                               "start_datetime/end_datetime")
    return (instant, instant)


@dataclass(frozen=True, slots=True)
class AssetGrid:
    """What an asset holds and where, as far as its STAC fields tell (``None``: unknown)."""

    href: str
    crs: str | None  # anything rasterio's CRS.from_user_input takes (a WKT/PROJJSON string)
    transform: tuple[float, float, float, float, float, float] | None
    width: int | None
    height: int | None
    count: int
    dtype: str | None
    nodata: float | None
    bands: tuple[dict[str, Any], ...]  # eo/raster band objects (name, common_name, ...)
    #: ``raster:bands`` scale and offset per band (value * scale + offset), () when none given
    scale: tuple[float, ...] = ()
    offset: tuple[float, ...] = ()

    @property
    def located(self) -> bool:
        """True when the grid (CRS, transform, size) is known without opening the file."""
        return None not in (self.crs, self.transform, self.width, self.height)


def _crs_of(fields: Mapping[str, Any]) -> str | None:
    for key in ("proj:code", "proj:wkt2"):
        if isinstance(fields.get(key), str) and fields[key]:
            return str(fields[key])
    epsg = fields.get("proj:epsg")
    if isinstance(epsg, int) and not isinstance(epsg, bool):
        return f"EPSG:{epsg}"
    if isinstance(fields.get("proj:projjson"), dict):
        return json.dumps(fields["proj:projjson"])
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and value.lower() in ("nan", "inf", "-inf"):
        return float(value)
    return None


class MissingAssetError(InvalidDataError):
    """An item lacks an asset that was asked for (``missing_assets="skip"`` leaves such
    items out; malformed ones are never left out silently)."""


def asset_grid(item: Mapping[str, Any], key: str) -> AssetGrid:
    """The :class:`AssetGrid` of asset ``key`` of ``item`` from its STAC fields alone.

    Raises:
        InvalidDataError: the item has no such asset (the message names the item and lists its
            assets), or its projection fields are malformed.
    """
    item_id = item.get("id")
    assets = item.get("assets") or {}
    asset = assets.get(key)
    if not isinstance(asset, dict) or not isinstance(asset.get("href"), str):
        raise MissingAssetError(
            f"STAC item {item_id!r} has no asset {key!r} (it has {sorted(assets)}); choose "
            "assets that every item has, or pass missing_assets='skip' to leave such items out"
        )
    props = item.get("properties") or {}
    # asset-level fields win, but not a null one (a GeoParquet round trip writes them)
    own = {k: v for k, v in asset.items() if v is not None}
    fields = {**props, **own}
    try:
        transform = None
        if fields.get("proj:transform") is not None:
            values = [float(v) for v in fields["proj:transform"]]
            if len(values) not in (6, 9):
                raise ValueError(f"proj:transform has {len(values)} values, not 6 or 9")
            transform = tuple(values[:6])
        width = height = None
        if fields.get("proj:shape") is not None:
            height, width = (int(v) for v in fields["proj:shape"])  # [rows, cols]
        # the asset's own bbox places it before the item's transform (a 20 m band of an
        # item whose proj:transform is its 10 m bands')
        own_bbox = "proj:bbox" in own and "proj:transform" not in own
        if (transform is None or own_bbox) and width and height \
                and fields.get("proj:bbox") is not None:
            xmin, ymin, xmax, ymax = bbox_2d(fields["proj:bbox"])
            transform = ((xmax - xmin) / width, 0.0, xmin, 0.0, -(ymax - ymin) / height, ymax)
    except (TypeError, ValueError) as err:
        raise InvalidDataError(f"STAC item {item_id!r}, asset {key!r}: malformed projection "
                               f"fields ({err})") from err
    if transform is not None and (not all(map(math.isfinite, transform))
                                  or transform[0] * transform[4] - transform[1] * transform[3]
                                  == 0):
        raise InvalidDataError(f"STAC item {item_id!r}, asset {key!r}: proj:transform "
                               f"{list(transform)} is not an invertible affine transform")
    bands = next((b for b in (asset.get("eo:bands"), asset.get("raster:bands"),
                              asset.get("bands")) if isinstance(b, list) and b), [])
    raster: list[Any] = next((b for b in (asset.get("raster:bands"), asset.get("bands"))
                   if isinstance(b, list) and b and isinstance(b[0], dict)), [{}])
    dtype = raster[0].get("data_type") or asset.get("data_type")
    nodata = _number(raster[0].get("nodata", asset.get("nodata")))
    count = max(1, len(bands))
    scale, offset = _rescaling(raster, count)
    return AssetGrid(
        # the asset's own CRS fields, whichever kind, before the item's (as a table reads)
        href=asset["href"], crs=_crs_of(asset) or _crs_of(props),
        transform=transform,  # type: ignore[arg-type]
        width=width, height=height, count=count,
        dtype=str(dtype) if dtype else None, nodata=nodata,
        bands=tuple(b for b in bands if isinstance(b, dict)), scale=scale, offset=offset)


def _rescaling(raster: list[Any], count: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Per band ``scale`` and ``offset`` of ``raster:bands`` objects (one for all bands, or
    one per band); ``((), ())`` when they give none."""
    if not any(isinstance(b, dict) and ("scale" in b or "offset" in b) for b in raster):
        return (), ()
    if len(raster) == 1:
        raster = raster * count
    if len(raster) != count:
        return (), ()
    scale = tuple(float(_number(b.get("scale")) or 1.0) if isinstance(b, dict) else 1.0
                  for b in raster)
    offset = tuple(float(_number(b.get("offset")) or 0.0) if isinstance(b, dict) else 0.0
                   for b in raster)
    return scale, offset


def _filter_locally(items: list[dict[str, Any]], search: dict[str, Any]) -> list[dict[str, Any]]:
    """Apply ``bbox``, ``datetime``, ``collections`` and ``ids`` to items read from a file.

    Raises:
        ValueError: ``query``/``filter``/``intersects`` were given for a file (an API does
            those).
    """
    unsupported = [k for k in ("query", "filter", "intersects") if k in search]
    if unsupported:
        raise ValueError(f"{', '.join(unsupported)} need a STAC API; for an item file, filter "
                         "with bbox, datetime, collections and ids")
    out = items
    if "collections" in search:
        wanted = {search["collections"]} if isinstance(search["collections"], str) else set(
            search["collections"])
        out = [i for i in out if i.get("collection") in wanted]
    if "ids" in search:
        out = [i for i in out if i.get("id") in set(search["ids"])]
    if "bbox" in search:
        area = bbox_2d(search["bbox"])
        out = [i for i in out if not isinstance(i.get("bbox"), list) or _meets(i, area)]
    if "datetime" in search:
        lo, hi = _interval(search["datetime"])
        out = [i for i in out if item_time(i)[0] <= hi and item_time(i)[1] >= lo]
    if "max_items" in search:
        out = out[: int(search["max_items"])]
    return out


def bbox_2d(values: Sequence[Any]) -> tuple[float, float, float, float]:
    """``(west, south, east, north)`` of a STAC bbox of 4 numbers, or of 6 (with heights:
    west, south, zmin, east, north, zmax)."""
    v = [float(x) for x in values]
    if len(v) == 6:
        return v[0], v[1], v[3], v[4]
    if len(v) != 4:
        raise ValueError(f"a bbox has 4 or 6 numbers, got {len(v)}")
    return v[0], v[1], v[2], v[3]


def bbox_meets(west: np.ndarray, south: np.ndarray, east: np.ndarray, north: np.ndarray,
               box: tuple[float, float, float, float]) -> np.ndarray:
    """Whether each bbox ``(west, south, east, north)`` meets ``box``; a bbox whose west
    lies east of its east crosses the antimeridian (STAC's convention) and is the two
    longitude ranges on either side of it."""
    def pieces(w: Any, e: Any) -> list[tuple[Any, Any]]:
        crosses = np.asarray(w) > np.asarray(e)
        return [(w, np.where(crosses, 180.0, e)),
                (np.where(crosses, -180.0, np.nan), np.where(crosses, e, np.nan))]

    bw, bs, be, bn = box
    lon = np.zeros(np.shape(west), dtype=bool)
    for lo1, hi1 in pieces(west, east):
        for lo2, hi2 in pieces(bw, be):
            lon |= (lo1 <= hi2) & (hi1 >= lo2)
    return lon & (south <= bn) & (north >= bs)


def _meets(item: Mapping[str, Any], box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = (np.array([v]) for v in bbox_2d(item["bbox"]))
    return bool(bbox_meets(west, south, east, north, box)[0])


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _bound(value: str | datetime, end: bool) -> float:
    """POSIX seconds of one end of a datetime search. A date without a time, a month or a
    year spans the whole period, as pystac-client sends it to an API: its start, or its last
    second (``23:59:59Z``) at the ``end``."""
    match = _PARTIAL_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        when = _timestamp(value)
        assert when is not None
        return when
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    start = datetime(year, month, day, tzinfo=timezone.utc)
    if not end:
        return start.timestamp()
    if match[3]:
        stop = start + timedelta(days=1)
    elif match[2]:
        stop = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=timezone.utc)
    else:
        stop = datetime(year + 1, 1, 1, tzinfo=timezone.utc)
    return stop.timestamp() - 1.0


def _interval(value: Any) -> tuple[float, float]:
    """``(lo, hi)`` POSIX seconds of a STAC datetime search value ("a/b", "../b", one time,
    or a pair), with partial dates spanning their period (:func:`_bound`).

    Raises:
        ValueError: it does not parse.
    """
    parts: list[str | datetime | None]
    if isinstance(value, (list, tuple)):
        parts = [v if v is None or isinstance(v, datetime) else str(v) for v in value]
    else:
        text = str(value) if not isinstance(value, datetime) else value
        parts = (list(text.split("/")) if isinstance(text, str) and "/" in text
                 else [text, text])
    lo = -math.inf if parts[0] in (None, "", "..") else _bound(parts[0], end=False)
    hi = math.inf if parts[-1] in (None, "", "..") else _bound(parts[-1], end=True)
    return float(lo), float(hi)

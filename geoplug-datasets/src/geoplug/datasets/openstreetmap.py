"""OpenStreetMap: features of chosen tags, fetched from an Overpass API endpoint, as masks.

OpenStreetMap publishes no per-area files; the Overpass API answers Overpass QL queries. With
``download=True`` the loader asks ``endpoint`` (default the public instance
``https://overpass-api.de/api/interpreter``, any mirror or private instance works) for the
nodes, ways and relations of ``bbox`` carrying the ``classes``' tags, in JSON with ``out
geom`` (ways list their node coordinates under ``geometry``; relations list their members,
each with its ``role`` and ``geometry``), and caches the answer as a GeoJSON
``openstreetmap_<key>.geojson`` (``key`` hashes the bbox and the filters), each feature's
properties being its OSM tags plus ``@id`` (``way/123``), as overpass turbo exports them. The
download goes through the shared path (atomic write, retries), so an interrupted run leaves
no cache that looks complete.

Under ``paths`` the loader reads those caches, GeoJSON exported by overpass turbo (flat tags,
or the older ``tags`` object) and raw Overpass JSON answers (``{"elements": [...]}``) saved by
hand, with ``out geom`` or in the classic form ``out body; >; out skel qt;`` (ways list node
ids, relation members way ids: they are resolved against the answer's own nodes and ways; a
way still without coordinates is left out with a warning). Closed ways are areas or lines by
overpass turbo's rules (OSM wiki, "Overpass_turbo/Polygon_Features"); ``multipolygon`` and
``boundary`` relations are assembled from their outer and inner rings (islands in holes kept).
Mask value ``k`` is the first of ``classes`` whose filter the feature's tags meet; 0 is
background. Where features of a file overlap, the first filter wins (its features are burnt
last).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import urllib.parse
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import numpy as np
import shapely
from rasterio.crs import CRS

from geoplug.core.download import download_answer
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.geodataset import GeoDataset, check_res, parse_crs
from geoplug.core.headers import transformer
from geoplug.core.raster import find_files, path_list
from geoplug.core.vector import VectorDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.vector_openstreetmap import OVERPASS_URL
from geoplug.datasets._geodownload import download_folder
from geoplug.datasets._webmercator import check_lonlat_box

__all__ = ["OVERPASS_URL", "OpenStreetMap", "overpass_query", "parse_filter"]

_WGS84 = CRS.from_epsg(4326).to_wkt()
_HOMEPAGE = "https://wiki.openstreetmap.org/wiki/Overpass_API"
#: closed ways with one of these keys are areas (overpass turbo, "Polygon Features")
_AREA_KEYS = frozenset({"building", "building:part", "landuse", "amenity", "leisure", "shop",
                        "tourism", "historic", "place", "office", "craft", "military",
                        "public_transport", "ruins", "area:highway", "boundary", "golf",
                        "indoor"})
#: closed ways with one of these keys are lines, unless its value is listed
_LINE_UNLESS = {"highway": frozenset({"services", "rest_area", "escape", "elevator"}),
                "barrier": frozenset({"city_wall", "ditch", "hedge", "retaining_wall", "wall",
                                      "spikes"}),
                "railway": frozenset({"station", "turntable", "roundhouse", "platform"}),
                "waterway": frozenset({"riverbank", "dock", "boatyard", "dam"}),
                "power": frozenset({"plant", "substation", "generator", "transformer"}),
                "route": frozenset(), "aerialway": frozenset({"station"})}
#: closed ways with one of these tags are lines
_LINE_VALUES = {"natural": frozenset({"coastline", "cliff", "ridge", "arete", "tree_row"}),
                "man_made": frozenset({"cutline", "embankment", "pipeline"}),
                "aeroway": frozenset({"taxiway"})}
#: what a filter cannot say: negations and regular expressions
_UNSUPPORTED = re.compile(r"^\s*!|!=|~")
#: the metacharacters of a POSIX extended regular expression (Overpass' ``~``)
_REGEX_META = re.compile(r"([.\[\]{}()\\*+?^$|])")
_FILTER = re.compile(r"^\s*([^=\"\s][^=\"]*?)\s*(?:=\s*([^\"]+?)\s*)?$")


def parse_filter(text: str) -> tuple[str, frozenset[str] | None]:
    """A tag filter ``key``, ``key=*``, ``key=value`` or ``key=v1|v2`` as ``(key, values)``
    (``values`` None: any value).

    Raises:
        ValueError: an empty key, a quote in the filter (Overpass QL would break on it), or a
            negation (``!key``, ``key!=value``) or regular expression (``key~regex``).
    """
    if _UNSUPPORTED.search(text):
        raise ValueError(f"tag filter {text!r}: negations ('!key', 'key!=value') and regular "
                         "expressions ('key~regex') are not supported; use 'key', 'key=*', "
                         "'key=value' or 'key=v1|v2'")
    match = _FILTER.match(text)
    if match is None or not match.group(1):
        raise ValueError(f"tag filter {text!r} is not 'key', 'key=value' or 'key=v1|v2' "
                         "(no quotes)")
    key, raw = match.group(1), match.group(2)
    if raw is None or raw == "*":
        return key, None
    values = frozenset(v.strip() for v in raw.split("|") if v.strip())
    if not values:
        raise ValueError(f"tag filter {text!r} has no value after '='")
    return key, values


def _matches(tags: Mapping[str, Any], rule: tuple[str, frozenset[str] | None]) -> bool:
    key, values = rule
    value = tags.get(key)
    if value is None:
        return False
    return values is None or str(value) in values


def _ql(text: str) -> str:
    """``text`` as the body of an Overpass QL string literal, which reads ``\\x`` as ``x``."""
    return text.replace("\\", "\\\\")


def overpass_query(bbox: Sequence[float], classes: Sequence[str], timeout: int = 180) -> str:
    """The Overpass QL asking for the nodes, ways and relations of ``bbox`` (west, south,
    east, north in degrees) meeting any of ``classes``, with their geometry (``out geom``).

    Raises:
        ValueError: a bad filter.
    """
    west, south, east, north = (f"{float(v):.7f}".rstrip("0").rstrip(".") for v in bbox)
    box = f"({south},{west},{north},{east})"  # Overpass QL order: south, west, north, east
    lines = []
    for text in classes:
        key, values = parse_filter(text)
        if values is None:
            lines.append(f'  nwr["{_ql(key)}"]{box};')
        elif len(values) == 1:
            lines.append(f'  nwr["{_ql(key)}"="{_ql(next(iter(values)))}"]{box};')
        else:  # a metacharacter escaped for the regex, that backslash doubled for the string
            regex = "|".join(_REGEX_META.sub(r"\\\1", v) for v in sorted(values))
            lines.append(f'  nwr["{_ql(key)}"~"^({_ql(regex)})$"]{box};')
    return f"[out:json][timeout:{timeout}];\n(\n" + "\n".join(lines) + "\n);\nout geom;"


def cache_name(bbox: Sequence[float], classes: Sequence[str]) -> str:
    """The cache file of one query: ``openstreetmap_<12 hex digits>.geojson``."""
    key = json.dumps({"bbox": [round(float(v), 9) for v in bbox], "classes": list(classes)})
    return f"openstreetmap_{hashlib.sha256(key.encode()).hexdigest()[:12]}.geojson"


# -- Overpass JSON -> shapely ------------------------------------------------------------------
def _coords(points: Any) -> list[tuple[float, float]]:
    """``[{"lat", "lon"}, ...]`` as (lon, lat) pairs; entries out of a clipped answer (null)
    are dropped."""
    return [(float(p["lon"]), float(p["lat"])) for p in points or () if p]


def _is_area(tags: Mapping[str, Any]) -> bool:
    """Whether a closed way with ``tags`` is an area, by overpass turbo's rules (OSM wiki,
    "Overpass_turbo/Polygon_Features"): ``area=no`` never, ``area=yes`` or an area key
    (``building``, ``landuse``, ``amenity``...) always; a ``highway``, ``railway``, ``power``...
    way only with a listed value (``railway=platform``); ``natural=coastline`` and the other
    linear values never. A closed way of other tags (``landcover=grass``), a line for overpass
    turbo, is an area here: a mask filter on such a key asks for one."""
    if tags.get("area") == "no":
        return False
    if tags.get("area") == "yes" or any(k in tags for k in _AREA_KEYS):
        return True
    if any(k in tags and tags[k] not in v for k, v in _LINE_UNLESS.items()):
        return False
    return not any(tags.get(k) in v for k, v in _LINE_VALUES.items())


def _way(coords: list[tuple[float, float]], tags: Mapping[str, Any]) -> Any:
    if len(coords) >= 4 and coords[0] == coords[-1] and _is_area(tags):
        return shapely.Polygon(coords)
    return shapely.LineString(coords) if len(coords) >= 2 else None


def _relation(element: Mapping[str, Any]) -> Any:
    """A multipolygon of a ``multipolygon``/``boundary`` relation: each outer ring less the
    inner rings inside it (an island in a hole is an outer ring of its own, kept), joined;
    None for other relations or one without usable rings."""
    if (element.get("tags") or {}).get("type") not in ("multipolygon", "boundary"):
        return None
    rings: dict[str, list[Any]] = {"outer": [], "inner": []}
    for member in element.get("members") or ():
        coords = _coords(member.get("geometry"))
        if member.get("type") == "way" and len(coords) >= 2:
            role = "inner" if member.get("role") == "inner" else "outer"
            rings[role].append(shapely.LineString(coords))
    shells, holes = ([shapely.Polygon(p.exterior) for p in shapely.polygonize(rings[role]).geoms]
                     for role in ("outer", "inner"))
    parts = []
    for shell in shells:
        inside = [h for h in holes if shell.covers(h) and not h.covers(shell)]
        parts.append(shell.difference(shapely.union_all(inside)) if inside else shell)
    merged = shapely.union_all(parts) if parts else None
    return None if merged is None or merged.is_empty else merged


def _element(element: Mapping[str, Any]) -> Any:
    """The geometry of an Overpass ``out geom`` element (None when it has none)."""
    kind, tags = element.get("type"), element.get("tags") or {}
    if kind == "node" and "lat" in element and "lon" in element:
        return shapely.Point(float(element["lon"]), float(element["lat"]))
    if kind == "way":
        return _way(_coords(element.get("geometry")), tags)
    if kind == "relation":
        return _relation(element)
    return None


def _resolve(elements: list[Any]) -> tuple[list[Any], int]:
    """The tagged elements of an answer, ways and multipolygon members without ``geometry``
    (``out body; >; out skel qt;``: node ids under ``nodes``, way ids under ``ref``) given it
    from the answer's own nodes and ways; and how many ways lack a node's coordinates (left
    out)."""
    points = {e.get("id"): {"lat": e["lat"], "lon": e["lon"]} for e in elements
              if e.get("type") == "node" and "lat" in e and "lon" in e}
    way_nodes = {e.get("id"): e.get("nodes") for e in elements if e.get("type") == "way"}

    def geometry(refs: Any) -> list[Any] | None:
        found = [points.get(ref) for ref in refs or ()]
        return found if found and None not in found else None

    out, missing = [], 0
    for element in elements:
        kind, tags = element.get("type"), element.get("tags") or {}
        if not tags:  # a node or way of the recursion (out skel): no filter can match it
            continue
        if kind == "way" and "geometry" not in element:
            found = geometry(element.get("nodes"))
            missing += found is None
            element = {**element, "geometry": found or []}
        elif kind == "relation" and tags.get("type") in ("multipolygon", "boundary"):
            members = []
            for member in element.get("members") or ():
                if member.get("type") == "way" and "geometry" not in member:
                    found = geometry(way_nodes.get(member.get("ref")))
                    missing += found is None
                    member = {**member, "geometry": found or []}
                members.append(member)
            element = {**element, "members": members}
        out.append(element)
    return out, missing


def overpass_features(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """GeoJSON features (tags and ``@id`` as properties) of an Overpass JSON answer, with
    ``out geom`` or ``out body; >; out skel qt;``. Warns of ways left out for want of node
    coordinates."""
    elements, missing = _resolve(list(doc.get("elements") or ()))
    if missing:
        warnings.warn(f"{missing} way(s) of an Overpass answer have no node coordinates; they "
                      "are left out (ask with 'out geom;' or 'out body; >; out skel qt;')",
                      UserWarning, stacklevel=2)
    features = []
    for element in elements:
        try:
            geom = _element(element)
        except (KeyError, TypeError, ValueError, shapely.errors.GEOSException):
            geom = None
        if geom is None or geom.is_empty:
            continue
        props = dict(element.get("tags") or {})
        props["@id"] = f"{element.get('type')}/{element.get('id')}"
        features.append({"type": "Feature", "properties": props,
                         "geometry": shapely.geometry.mapping(geom)})
    return features


def _tags(props: Mapping[str, Any]) -> Mapping[str, Any]:
    """A GeoJSON feature's OSM tags: the older overpass turbo ``tags`` object, else the
    properties but the ``@`` metadata."""
    if isinstance(props.get("tags"), Mapping):
        return props["tags"]  # type: ignore[no-any-return]
    return {k: v for k, v in props.items() if not k.startswith("@")}


def _read(path: str) -> tuple[list[tuple[Any, Mapping[str, Any]]], list[float] | None]:
    """``(geometry, tags)`` of a cache, an overpass turbo export or a raw Overpass answer,
    and the bbox a cache was fetched for (None if it does not say); nothing for other JSON.

    Raises:
        InvalidDataError: the file is not JSON, or holds an unreadable geometry.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            doc = json.load(handle)
    except (OSError, ValueError) as err:
        raise InvalidDataError(f"cannot read the OpenStreetMap file {path!r}: {err}") from err
    if isinstance(doc, dict) and "elements" in doc:
        features = overpass_features(doc)
    elif isinstance(doc, dict) and isinstance(doc.get("features"), list):
        features = doc["features"]
    else:
        return [], None  # other JSON lying in the folder (metadata, ...): not ours
    out = []
    for feature in features:
        geometry = (feature or {}).get("geometry")
        if not geometry:
            continue
        try:
            geom = shapely.geometry.shape(geometry)
        except (KeyError, TypeError, ValueError, shapely.errors.GEOSException) as err:
            raise InvalidDataError(f"{path!r} holds an unreadable geometry: {err}") from err
        out.append((geom, _tags(feature.get("properties") or {})))
    bbox = doc.get("bbox") if isinstance(doc.get("bbox"), list) else None
    return out, bbox


class OpenStreetMap(VectorDataset, spec=spec("openstreetmap")):
    """Masks of OpenStreetMap features of chosen tags (``mask`` int64 ``[H, W]``).

    Args:
        paths: the folder of the GeoJSON caches (and of overpass turbo exports or saved
            Overpass answers, ``.geojson``/``.json``), or such files.
        crs: target CRS (default EPSG:4326, the data's); pick a UTM zone for metre patches.
        res: resolution in ``crs`` units (default 1e-5 degree, or 1 m).
        bands: unused (masks only); must be ``None``.
        transforms: a callable applied to each sample.
        classes: tag filters, mask value ``k`` for the ``k``-th (first match wins, for a
            feature's tags and where features of a file overlap): ``"building"`` (any value),
            ``"highway=primary"``, ``"landuse=forest|meadow"`` (no ``!=``, ``~`` or ``!key``).
        bbox: (west, south, east, north) in degrees: the area to download, and, when given,
            the one cache read.
        endpoint: the Overpass API ``interpreter`` URL (default :data:`OVERPASS_URL`).
        timeout: the Overpass server's query timeout, in seconds.
        all_touched: burn every pixel a geometry touches (thin features show up at coarse
            ``res``), not only those whose centre is in.
        download: fetch ``bbox``'s features into ``paths`` unless cached.
        checksum: unused (the answers change as the map is edited); accepted for the common
            signature.

    Raises:
        DatasetNotFoundError: no OpenStreetMap file under ``paths`` (or no cache of ``bbox``).
        InvalidDataError: a ``.geojson``/``.json`` file is not JSON (named), or the server
            answered with an error.
        ValueError: ``bands`` given, a bad filter or ``bbox``, or ``download`` without
            ``bbox``.
        OSError: the endpoint cannot be reached.
    """

    filename_glob: ClassVar[str] = "*"
    extensions: ClassVar[tuple[str, ...]] = (".geojson", ".json")

    def __init__(
        self,
        paths: Any = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        bands: Sequence[str] | None = None,
        transforms: Any = None,
        *,
        classes: Sequence[str] = ("building",),
        bbox: Sequence[float] | None = None,
        endpoint: str | None = None,
        timeout: int = 180,
        all_touched: bool = False,
        download: bool = False,
        checksum: bool = False,
    ) -> None:
        if bands is not None:
            raise ValueError("OpenStreetMap has no bands (it yields masks)")
        if isinstance(classes, str) or not classes:
            raise ValueError(f"classes is a non-empty list of tag filters, got {classes!r}")
        self.rules = [parse_filter(c) for c in classes]
        self.classes = ("background", *classes)  # type: ignore[misc]
        box = check_lonlat_box(bbox) if bbox is not None else None
        if download:
            if box is None:
                raise ValueError("download=True needs bbox=(west, south, east, north) in "
                                 "degrees: the area to fetch")
            self._download(paths, box, list(classes), endpoint or OVERPASS_URL, timeout)
        GeoDataset.__init__(self, transforms)
        self.paths = paths
        self.label_name = None
        self.layer = None
        self.all_touched = all_touched
        self.bbox = box
        files = [f for f in find_files(paths, self.filename_glob)
                 if f.lower().endswith(self.extensions)]
        if box is not None:
            files = [f for f in files if os.path.basename(f) == cache_name(box, classes)]
        self._files, self._src = [], []
        for path in files:
            extent = self._extent(path)
            if extent is not None:
                self._files.append(path)
                self._src.append((_WGS84, extent))
        if not self._files:
            where = (f"the cache {cache_name(box, classes)} of bbox {list(box)}"
                     if box is not None else "OpenStreetMap GeoJSON or Overpass JSON files")
            raise DatasetNotFoundError(
                type(self).__name__, path_list(paths),
                hint=f"Expected {where}. Pass download=True with bbox=(west, south, east, "
                     f"north) to fetch them from an Overpass API endpoint ({_HOMEPAGE}).")
        self._dtype = np.dtype("int64")
        self._crs = parse_crs(crs) if crs is not None else CRS.from_epsg(4326)
        self._features = {}
        self._reindex()
        self._res = check_res(res if res is not None else (
            1e-5 if self._crs.is_geographic else 1.0), self._crs)

    def _download(self, paths: Any, box: tuple[float, float, float, float],
                  classes: list[str], endpoint: str, timeout: int) -> None:
        """Ask ``endpoint`` for ``box``'s features and cache them as GeoJSON (atomically).

        Raises:
            OSError: the endpoint cannot be reached or answers with an HTTP error.
            InvalidDataError: the answer is not JSON, or reports a runtime error.
        """
        folder = download_folder(paths, type(self).__name__)
        target = folder / cache_name(box, classes)
        if target.is_file():
            return
        query = overpass_query(box, classes, timeout)
        url = f"{endpoint}?{urllib.parse.urlencode({'data': query})}"
        raw = download_answer(url, folder, ".overpass.json", timeout=timeout + 30.0)
        try:
            try:
                doc = json.loads(raw.read_text(encoding="utf-8"))
            except ValueError as err:
                raise InvalidDataError(f"{endpoint} did not answer with JSON ({err}); is it "
                                       "an Overpass API interpreter URL?") from err
            remark = str(doc.get("remark") or "")
            if "error" in remark.lower():  # Overpass reports timeouts and such with HTTP 200
                raise InvalidDataError(f"{endpoint} answered with an error: {remark}")
            collection = {"type": "FeatureCollection", "bbox": list(box),
                          "query": {"classes": classes, "endpoint": endpoint},
                          "osm3s": doc.get("osm3s", {}), "features": overpass_features(doc)}
            part = target.with_name(f".{target.name}.part")
            part.write_text(json.dumps(collection), encoding="utf-8")
            os.replace(part, target)
        finally:
            raw.unlink(missing_ok=True)

    def _extent(self, path: str) -> tuple[float, float, float, float] | None:
        """A file's extent: the bbox it was fetched for (ways reaching out of it are not
        complete there), else its matching features' bounds; None for a file with neither."""
        features, bbox = _read(path)
        if bbox is not None and len(bbox) == 4:
            west, south, east, north = (float(v) for v in bbox)
            return west, south, east, north
        geoms = [g for g, tags in features if self.label(tags)]
        if not geoms:
            return None
        west, south, east, north = (float(v) for v in shapely.bounds(shapely.union_all(geoms)))
        return west, south, east, north

    def _burn_order(self, shapes: list[tuple[Any, int]]) -> list[tuple[Any, int]]:
        """Every hit file's features by descending label, so that the first filter's are
        burnt last and win overlaps across files too (two caches over one area), not only
        within a file; a stable sort keeps each file's order otherwise."""
        return sorted(shapes, key=lambda shape: -shape[1])

    def label(self, tags: Mapping[str, Any]) -> int:
        """Mask value of a feature's tags: 1 + the index of the first matching filter, or 0."""
        for k, rule in enumerate(self.rules):
            if _matches(tags, rule):
                return k + 1
        return 0

    def _load(self, i: int) -> tuple[shapely.STRtree, list[Any], np.ndarray]:
        """Labelled features of file ``i`` in the dataset CRS, cached per process."""
        cached = self._features.get(i)
        if cached is not None:
            return cached
        features, _ = _read(self._files[i])
        pairs = [(g, v) for g, tags in features if (v := self.label(tags))]
        # burnt in this order, the last wins overlaps: the first filter's features go last
        pairs.sort(key=lambda pair: -pair[1])
        geoms = [g for g, _ in pairs]
        dst = self._crs.to_wkt()
        if dst != _WGS84 and geoms:
            tr = transformer(_WGS84, dst)
            geoms = list(shapely.transform(np.asarray(geoms), lambda c: np.column_stack(
                tr.transform(c[:, 0], c[:, 1]))))
        entry = (shapely.STRtree(geoms), geoms, np.asarray([v for _, v in pairs],
                                                            dtype=np.int64))
        self._features[i] = entry
        return entry

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The class mask (and prediction, if present), filters as class names; returns the
        Figure."""
        from geoplug.core.plot import plot_sample

        return plot_sample(sample, classes=self.classes, show_titles=show_titles,
                           suptitle=suptitle)


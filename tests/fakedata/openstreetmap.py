"""Fake OpenStreetMap data as the Overpass API returns it (``[out:json]`` with ``out geom``):
``{"version", "generator", "osm3s", "elements": [...]}``, ways with ``bounds``, ``nodes`` and
``geometry`` (``{"lat", "lon"}`` per node), relations with ``members`` (``type``, ``ref``,
``role``, ``geometry``), nodes with ``lat``/``lon``; the same in the classic form (``out body;
>; out skel qt;``: ways list node ids, relation members way ids, then the untagged nodes and
member ways); and an overpass turbo GeoJSON export (flat tags plus ``@id``).

Features lie on a 1e-4 degree grid whose origin is (:data:`LON0`, :data:`LAT0`), the
lower-left corner of :data:`QUERY`, so a test at ``res=1e-4`` knows each pixel's class.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["AREA_CASES", "BBOX", "CLASSES", "LAT0", "LON0", "QUERY_BOUNDS", "SECOND",
           "area_rules_answer", "classic_answer", "overpass_answer", "turbo_geojson",
           "write_answer"]

LON0, LAT0, STEP = 13.4000, 52.5200, 1e-4
#: the area fetched: (west, south, east, north); the query box of the tests is the same
BBOX = (LON0, LAT0, LON0 + 40 * STEP, LAT0 + 20 * STEP)
QUERY_BOUNDS = BBOX
#: the filters of the tests: 1 buildings, 2 main roads, 3 forest
CLASSES = ["building", "highway=primary|secondary", "landuse=forest"]
#: a second area (an overpass turbo export), 0.01 degree east
SECOND = (LON0 + 0.01, LAT0, LON0 + 0.01 + 40 * STEP, LAT0 + 20 * STEP)


def _pt(col: float, row: float, dx: float = 0.0) -> dict[str, float]:
    """The node at grid column ``col`` east and ``row`` north of the origin."""
    return {"lat": round(LAT0 + row * STEP, 7), "lon": round(LON0 + dx + col * STEP, 7)}


def _ring(c0: float, r0: float, c1: float, r1: float, dx: float = 0.0) -> list[dict[str, float]]:
    return [_pt(c0, r0, dx), _pt(c1, r0, dx), _pt(c1, r1, dx), _pt(c0, r1, dx), _pt(c0, r0, dx)]


def _way(wid: int, geometry: list[dict[str, float]], tags: dict[str, str]) -> dict[str, Any]:
    lats = [p["lat"] for p in geometry]
    lons = [p["lon"] for p in geometry]
    return {"type": "way", "id": wid,
            "bounds": {"minlat": min(lats), "minlon": min(lons), "maxlat": max(lats),
                       "maxlon": max(lons)},
            "nodes": [wid * 100 + k for k in range(len(geometry))],
            "geometry": geometry, "tags": tags}


def _answer(elements: list[dict[str, Any]]) -> dict[str, Any]:
    return {"version": 0.6, "generator": "Overpass API 0.7.62.1 084b4234",
            "osm3s": {"timestamp_osm_base": "2026-12-01T00:00:00Z",
                      "copyright": "The data included in this document is from "
                                   "www.openstreetmap.org. The data is made available under "
                                   "ODbL."},
            "elements": elements}


def overpass_answer() -> dict[str, Any]:
    """An Overpass answer for :data:`BBOX`. In pixels of a 40 x 20 query at 1e-4 degree
    (row 0 at the north edge):

    - way 1 ``building=yes``: columns 0..9, rows 4..9 (class 1)
    - way 2 ``building=garage``: columns 20..27, rows 16..19 (class 1)
    - way 3 ``highway=primary`` line through the centres of row 7, columns 12..37 (class 2)
    - way 4 ``highway=secondary`` closed loop (a roundabout: a line, interior left empty)
      around columns 5..14, rows 13..18 (class 2)
    - way 5 ``highway=residential`` closed loop: matches no filter
    - way 6 ``highway=primary`` line through the centres of row 2 from column 30 east, on
      past the area to column 60 (as Overpass returns whole ways) (class 2)
    - way 8 ``building=house``: columns 38..39, rows 18..19, inside the forest (class 1)
    - relation 9 ``type=multipolygon landuse=forest``: outer ring (two ways) columns 30..39,
      rows 10..19, less an inner ring columns 32..37, rows 12..17, in which an island (an
      outer ring) columns 34..35, rows 14..15 is forest again (class 3)
    - node 7 ``amenity=cafe``: matches no filter
    """
    forest_a = [_pt(30, 0), _pt(40, 0), _pt(40, 10)]
    forest_b = [_pt(40, 10), _pt(30, 10), _pt(30, 0)]
    elements: list[dict[str, Any]] = [
        {"type": "node", "id": 7, **_pt(2.5, 2.5), "tags": {"amenity": "cafe"}},
        _way(1, _ring(0, 10, 10, 16), {"building": "yes"}),
        _way(2, _ring(20, 0, 28, 4), {"building": "garage", "roof:shape": "flat"}),
        _way(3, [_pt(12.5, 12.5), _pt(37.5, 12.5)], {"highway": "primary", "name": "B 2"}),
        _way(4, _ring(5.5, 1.5, 14.5, 6.5), {"highway": "secondary", "junction": "roundabout"}),
        _way(5, _ring(16, 1, 19, 3), {"highway": "residential"}),
        _way(6, [_pt(30.5, 17.5), _pt(60.5, 17.5)], {"highway": "primary", "name": "B 1"}),
        _way(8, _ring(38, 0, 40, 2), {"building": "house"}),
        {"type": "relation", "id": 9,
         "bounds": {"minlat": LAT0, "minlon": LON0 + 30 * STEP, "maxlat": LAT0 + 10 * STEP,
                    "maxlon": LON0 + 40 * STEP},
         "members": [
             {"type": "way", "ref": 91, "role": "outer", "geometry": forest_a},
             {"type": "way", "ref": 92, "role": "outer", "geometry": forest_b},
             {"type": "way", "ref": 93, "role": "inner", "geometry": _ring(32, 2, 38, 8)},
             {"type": "way", "ref": 95, "role": "outer", "geometry": _ring(34, 4, 36, 6)},
             {"type": "node", "ref": 94, "role": "", "lat": LAT0, "lon": LON0},
         ],
         "tags": {"type": "multipolygon", "landuse": "forest"}},
    ]
    return _answer(elements)


def classic_answer(recurse: bool = True) -> dict[str, Any]:
    """:func:`overpass_answer`'s data as ``out body; >; out skel qt;`` returns it: the tagged
    nodes, the ways with node ids (a closed way repeats its first node's id) and the relation
    with member ids, no coordinates; then (``recurse``, the ``>``) the untagged nodes of those
    ways and the relation's member ways."""
    ids: dict[tuple[float, float], int] = {}

    def node_ids(geometry: list[dict[str, float]]) -> list[int]:
        return [ids.setdefault((p["lat"], p["lon"]), 1000 + len(ids)) for p in geometry]

    body: list[dict[str, Any]] = []
    skeleton: list[dict[str, Any]] = []
    for element in overpass_answer()["elements"]:
        if element["type"] == "node":
            body.append(element)
        elif element["type"] == "way":
            body.append({"type": "way", "id": element["id"],
                         "nodes": node_ids(element["geometry"]), "tags": element["tags"]})
        else:
            members = []
            for member in element["members"]:
                members.append({k: member[k] for k in ("type", "ref", "role")})
                if member["type"] == "way":
                    skeleton.append({"type": "way", "id": member["ref"],
                                     "nodes": node_ids(member["geometry"])})
                else:
                    skeleton.append({"type": "node", "id": member["ref"],
                                     "lat": member["lat"], "lon": member["lon"]})
            body.append({"type": "relation", "id": element["id"], "members": members,
                         "tags": element["tags"]})
    nodes = [{"type": "node", "id": i, "lat": lat, "lon": lon} for (lat, lon), i in ids.items()]
    return _answer(body + (nodes + skeleton if recurse else []))


#: tags of the closed ways of :func:`area_rules_answer`
AREA_CASES: list[dict[str, str]] = [
    {"building": "train_station", "railway": "station"},
    {"power": "substation"},
    {"barrier": "hedge"},
    {"railway": "platform"},
    {"natural": "wood"},
    {"highway": "pedestrian", "area": "yes"},
    {"natural": "coastline"},
    {"highway": "pedestrian"},
    {"leisure": "track", "area": "no"},
    {"man_made": "pipeline"},
    {"power": "line"},
    {"barrier": "fence"},
]


def area_rules_answer() -> dict[str, Any]:
    """An ``out geom`` answer of closed ways, the ``k``-th tagged ``AREA_CASES[k]``: a square
    through the pixel centres of columns ``6k`` and ``6k + 4``, rows 0 and 4 of a ``res=1e-4``
    query of ``LON0``..``LON0 + 6 * len(AREA_CASES) * STEP``, ``LAT0``..``LAT0 + 5 * STEP``
    (row 0 north); its centre is column ``6k + 2``, row 2."""
    return _answer([_way(10 + k, _ring(6 * k + 0.5, 0.5, 6 * k + 4.5, 4.5), tags)
                    for k, tags in enumerate(AREA_CASES)])


def write_answer(path: str | Path) -> Path:
    """Write :func:`overpass_answer` to ``path`` (e.g. the served ``api/interpreter``)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(overpass_answer()))
    return target


def turbo_geojson(path: str | Path) -> Path:
    """An overpass turbo export of :data:`SECOND`: one ``building=school`` polygon, columns
    10..19, rows 5..14 of that area, and one ``shop=bakery`` point."""
    dx = SECOND[0] - LON0
    ring = [[p["lon"], p["lat"]] for p in _ring(10, 5, 20, 15, dx)]
    doc = {"type": "FeatureCollection", "generator": "overpass-turbo",
           "copyright": "The data included in this document is from www.openstreetmap.org.",
           "features": [
               {"type": "Feature", "id": "way/501",
                "properties": {"@id": "way/501", "building": "school", "name": "Schule"},
                "geometry": {"type": "Polygon", "coordinates": [ring]}},
               {"type": "Feature", "id": "node/502",
                "properties": {"@id": "node/502", "shop": "bakery"},
                "geometry": {"type": "Point", "coordinates": ring[0]}},
           ]}
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(doc))
    return target

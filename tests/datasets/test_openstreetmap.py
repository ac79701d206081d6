"""OpenStreetMap: Overpass API answers cached as GeoJSON and rasterised by tag filter."""

from __future__ import annotations

import json
import pickle
import re
import urllib.parse
from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata.openstreetmap import (
    AREA_CASES,
    BBOX,
    CLASSES,
    LAT0,
    LON0,
    SECOND,
    area_rules_answer,
    classic_answer,
    overpass_answer,
    turbo_geojson,
    write_answer,
)
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import openstreetmap as osm_module
from geoplug.datasets.openstreetmap import OpenStreetMap, cache_name, overpass_query, parse_filter

QUERY = BoundingBox(BBOX[0], BBOX[2], BBOX[1], BBOX[3])  # 40 columns x 20 rows at 1e-4


def _expected() -> np.ndarray:
    """The mask of :data:`QUERY` as the generator's docstring lays it out."""
    want = np.zeros((20, 40), dtype=np.int64)
    want[4:10, 0:10] = 1  # way 1, building=yes
    want[16:20, 20:28] = 1  # way 2, building=garage
    want[10:20, 30:40] = 3  # relation 9, forest ...
    want[12:18, 32:38] = 0  # ... less its inner ring ...
    want[14:16, 34:36] = 3  # ... but for the island in it
    want[18:20, 38:40] = 1  # way 8, a house in the forest: the first filter wins
    return want


def _served(http_root: Path) -> str:
    write_answer(http_root / "api" / "interpreter")
    return "/api/interpreter"


@pytest.fixture
def cached(tmp_path: Path, http_root: Path, http_server: object) -> Path:
    """A folder with the cache of BBOX, fetched from the local Overpass stand-in."""
    endpoint = http_server.url + _served(http_root)  # type: ignore[attr-defined]
    OpenStreetMap(tmp_path / "osm", classes=CLASSES, bbox=BBOX, endpoint=endpoint,
                  download=True)
    return tmp_path / "osm"


def test_download_query_and_cache(tmp_path: Path, http_root: Path, http_server: object) -> None:
    tmp_path = tmp_path / "osm"
    endpoint = http_server.url + _served(http_root)  # type: ignore[attr-defined]
    ds = OpenStreetMap(tmp_path, res=1e-4, classes=CLASSES, bbox=BBOX, endpoint=endpoint,
                       download=True)
    requests = http_server.stats.requests  # type: ignore[attr-defined]
    assert len(requests) == 1 and requests[0].path.startswith("/api/interpreter?data=")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(requests[0].path).query)["data"][0]
    assert query == overpass_query(BBOX, CLASSES)
    assert "(52.52,13.4,52.522,13.404)" in query  # south, west, north, east
    assert 'nwr["highway"~"^(primary|secondary)$"]' in query and 'nwr["building"]' in query
    cache = tmp_path / cache_name(BBOX, CLASSES)
    assert sorted(p.name for p in tmp_path.iterdir()) == [cache.name]  # raw answer removed
    doc = json.loads(cache.read_text())
    assert doc["bbox"] == list(BBOX) and doc["osm3s"]["copyright"].endswith("ODbL.")
    ids = {f["properties"]["@id"] for f in doc["features"]}
    assert ids == {"node/7", "way/1", "way/2", "way/3", "way/4", "way/5", "way/6", "way/8",
                   "relation/9"}
    assert len(ds) == 1 and ds.crs.to_epsg() == 4326
    # the fetched bbox, not grown by way 6 reaching out of it (nothing was fetched there)
    b = ds.bounds
    assert (b.minx, b.maxx, b.miny, b.maxy) == pytest.approx((13.4, 13.404, 52.52, 52.522))
    # cached: a second download asks nothing
    OpenStreetMap(tmp_path, classes=CLASSES, bbox=BBOX, endpoint=endpoint, download=True)
    assert len(requests) == 1


def test_mask_values(cached: Path) -> None:
    ds = OpenStreetMap(cached, res=1e-4, classes=CLASSES, bbox=BBOX)
    sample = ds[QUERY]
    mask = sample["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (20, 40)
    assert sample["crs"] == ds.crs and sample["bounds"] == QUERY
    got = mask.numpy().copy()
    # the roads: the primary along row 7, the roundabout's outline (a line, not an area)
    assert (got[7, 13:37] == 2).all() and not (got[6, 13:37] == 2).any()
    assert (got[13, 6:14] == 2).all() and (got[18, 6:14] == 2).all()
    assert (got[14:18, 6:14] == 0).all()  # the roundabout's inside stays background
    assert (got[2, 31:40] == 2).all()  # way 6, up to the edge of the area
    got[got == 2] = 0
    np.testing.assert_array_equal(got, _expected())
    assert ds.classes == ("background", *CLASSES)
    assert ds.plot(sample).axes
    # as a DataLoader worker gets it: pickled, features read again
    again = pickle.loads(pickle.dumps(ds))[QUERY]["mask"]
    assert torch.equal(again, mask)


def test_window_and_first_filter_wins(cached: Path) -> None:
    """A window of the grid reads the matching pixels; a feature meeting two filters takes
    the first one's value."""
    ds = OpenStreetMap(cached, res=1e-4, classes=CLASSES, bbox=BBOX)
    window = BoundingBox(13.4025, 13.4035, 52.5200, 52.5205)  # columns 25..34, rows 15..19
    np.testing.assert_array_equal(ds[window]["mask"].numpy(), _expected()[15:20, 25:35])
    # ordering matters: the file of other filters is another cache (none yet)
    with pytest.raises(DatasetNotFoundError, match=cache_name(BBOX, ["landuse=forest"])):
        OpenStreetMap(cached, classes=["landuse=forest"], bbox=BBOX)
    only_garages = OpenStreetMap(cached, res=1e-4, classes=["building=garage"])
    mask = only_garages[QUERY]["mask"].numpy()
    assert mask[16:20, 20:28].all() and mask.sum() == 32  # the garage only


def test_overlaps_first_filter_wins(tmp_path: Path) -> None:
    """Where features overlap, the first filter's value is burnt last, whatever the order of
    the features in the answer (the forest relation comes after the house in it)."""
    write_answer(tmp_path / "export.json")
    house, forest = np.s_[18:20, 38:40], np.s_[10:12, 30:32]
    mask = OpenStreetMap(tmp_path, res=1e-4, classes=["building", "landuse=forest"])[QUERY]
    assert (mask["mask"][house] == 1).all() and (mask["mask"][forest] == 2).all()
    mask = OpenStreetMap(tmp_path, res=1e-4, classes=["landuse=forest", "building"])[QUERY]
    assert (mask["mask"][house] == 1).all() and (mask["mask"][forest] == 1).all()


def test_first_filter_wins_across_files(tmp_path: Path) -> None:
    # two answers over one area (two caches, two exports): the file read later painted its
    # forest over the other file's house, whatever the order of the filters
    answer = overpass_answer()
    forest = [e for e in answer["elements"] if e.get("tags", {}).get("landuse") == "forest"]
    rest = [e for e in answer["elements"] if e not in forest]
    (tmp_path / "a.json").write_text(json.dumps({**answer, "elements": rest}))
    (tmp_path / "b.json").write_text(json.dumps({**answer, "elements": forest}))
    house = np.s_[18:20, 38:40]
    mask = OpenStreetMap(tmp_path, res=1e-4, classes=["building", "landuse=forest"])[QUERY]
    assert (mask["mask"][house] == 1).all() and (mask["mask"][10:12, 30:32] == 2).all()
    mask = OpenStreetMap(tmp_path, res=1e-4, classes=["landuse=forest", "building"])[QUERY]
    assert (mask["mask"][house] == 1).all() and (mask["mask"][10:12, 30:32] == 1).all()


def test_area_rules(tmp_path: Path) -> None:
    """Closed ways are areas or lines by overpass turbo's "Polygon Features" rules."""
    (tmp_path / "areas.json").write_text(json.dumps(area_rules_answer()))
    areas = [True] * 6 + [False] * 6  # AREA_CASES: six areas, then six lines
    keys = sorted({k for tags in AREA_CASES for k in tags if k != "area"})
    ds = OpenStreetMap(tmp_path, res=1e-4, classes=keys)
    width = 6 * len(AREA_CASES)
    mask = ds[BoundingBox(LON0, LON0 + width * 1e-4, LAT0, LAT0 + 5e-4)]["mask"].numpy()
    assert mask.shape == (5, width)
    for k, (tags, area) in enumerate(zip(AREA_CASES, areas)):
        assert bool(mask[2, 6 * k + 2]) == area, tags  # the centre: an area's only
        if not area:  # a line still, its outline burnt (through the pixel centres)
            assert mask[0, 6 * k + 2] and mask[2, 6 * k], tags


def test_classic_answer(tmp_path: Path) -> None:
    """A saved ``out body; >; out skel qt;`` answer (no coordinates in its ways and relation)
    is read as the ``out geom`` one; without the recursion's nodes, with a warning."""
    (tmp_path / "geom").mkdir()
    write_answer(tmp_path / "geom" / "export.json")
    (tmp_path / "classic").mkdir()
    (tmp_path / "classic" / "export.json").write_text(json.dumps(classic_answer()))
    geom = OpenStreetMap(tmp_path / "geom", res=1e-4, classes=CLASSES)[QUERY]["mask"]
    classic = OpenStreetMap(tmp_path / "classic", res=1e-4, classes=CLASSES)[QUERY]["mask"]
    np.testing.assert_array_equal(classic.numpy(), geom.numpy())
    got = classic.numpy().copy()
    got[got == 2] = 0
    np.testing.assert_array_equal(got, _expected())
    (tmp_path / "body").mkdir()
    (tmp_path / "body" / "export.json").write_text(json.dumps(classic_answer(recurse=False)))
    with pytest.warns(UserWarning, match="11 way.*no node coordinates"), \
            pytest.raises(DatasetNotFoundError):
        OpenStreetMap(tmp_path / "body", classes=CLASSES)


def _overpass_string(literal: str) -> str:
    """An Overpass QL string literal's value: Overpass reads ``\\x`` as ``x``."""
    return re.sub(r"\\(.)", r"\1", literal)


def test_filters(tmp_path: Path) -> None:
    """Alternations are regular expressions matching the values literally; negations and
    regular expressions are refused with what is supported."""
    query = overpass_query(BBOX, ["name=St. Mary|A+B (alt)|x[1]"])
    literal = re.search(r'nwr\["name"~"((?:[^"\\]|\\.)*)"\]', query)
    assert literal is not None
    regex = re.compile(_overpass_string(literal.group(1)))  # as the server compiles it
    for name in ("St. Mary", "A+B (alt)", "x[1]"):
        assert regex.fullmatch(name), name
    for name in ("StX Mary", "AAB (alt)", "AB alt", "x1"):
        assert not regex.fullmatch(name), name
    for text in ("highway!=primary", "name~^B", "!building", " ! building"):
        with pytest.raises(ValueError, match=r"not supported.*'key=v1\|v2'"):
            parse_filter(text)
    with pytest.raises(ValueError, match="not supported"):
        OpenStreetMap(tmp_path, classes=["highway!=motorway"], bbox=BBOX, download=True)
    assert not any(tmp_path.iterdir())  # refused before anything is asked


def test_raw_answer_and_turbo_export(tmp_path: Path) -> None:
    """Hand-saved Overpass answers and overpass turbo exports are read, each its own item."""
    write_answer(tmp_path / "export.json")
    turbo_geojson(tmp_path / "school.geojson")
    ds = OpenStreetMap(tmp_path, res=1e-4, classes=CLASSES)
    assert len(ds) == 2
    got = ds[QUERY]["mask"].numpy()
    assert (got[4:10, 0:10] == 1).all() and (got[10:20, 30:32] == 3).all()
    second = BoundingBox(SECOND[0], SECOND[2], SECOND[1], SECOND[3])
    mask = ds[second]["mask"].numpy()
    assert (mask[5:15, 10:20] == 1).all() and mask.sum() == 100  # the school; no bakery


def test_utm_area(cached: Path) -> None:
    ds = OpenStreetMap(cached, crs="EPSG:32633", res=1.0, classes=["building=yes"])
    b = ds.bounds
    mask = ds[BoundingBox(b.minx, b.maxx, b.miny, b.maxy)]["mask"]
    # way 1: 0.001 x 0.0006 degree at 52.52 N is about 67.8 m x 66.8 m
    assert mask.sum().item() == pytest.approx(67.8 * 66.8, rel=0.03)


def test_errors(tmp_path: Path, http_root: Path, http_server: object) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True with bbox"):
        OpenStreetMap(tmp_path / "empty")
    with pytest.raises(ValueError, match="needs bbox"):
        OpenStreetMap(tmp_path, download=True)
    with pytest.raises(ValueError, match="no bands"):
        OpenStreetMap(tmp_path, bands=["x"])
    with pytest.raises(ValueError, match="west < east"):
        OpenStreetMap(tmp_path, bbox=(13.5, 52.5, 13.4, 52.6))
    with pytest.raises(ValueError, match="no quotes"):
        parse_filter('name="x"')
    assert parse_filter("landuse = forest|meadow") == ("landuse", frozenset({"forest",
                                                                            "meadow"}))
    assert parse_filter("building=*") == ("building", None)
    (tmp_path / "metadata.json").write_text('{"title": "not OpenStreetMap"}')  # skipped
    with pytest.raises(DatasetNotFoundError):
        OpenStreetMap(tmp_path)
    (tmp_path / "broken.geojson").write_text("{not json")
    with pytest.raises(InvalidDataError, match=r"broken\.geojson"):
        OpenStreetMap(tmp_path)
    # an Overpass runtime error comes with HTTP 200: no cache is written
    (http_root / "busy").write_text(json.dumps(
        {"elements": [], "remark": "runtime error: Query timed out in \"query\" at line 3"}))
    out = tmp_path / "busy"
    with pytest.raises(InvalidDataError, match="timed out"):
        OpenStreetMap(out, bbox=BBOX, download=True,
                      endpoint=http_server.url + "/busy")  # type: ignore[attr-defined]
    assert not any(out.iterdir())
    with pytest.raises(OSError):
        OpenStreetMap(out, bbox=BBOX, download=True,
                      endpoint=http_server.url + "/missing")  # type: ignore[attr-defined]


def test_default_endpoint(tmp_path: Path, http_root: Path, http_server: object,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(osm_module, "OVERPASS_URL",
                        http_server.url + _served(http_root))  # type: ignore[attr-defined]
    ds = OpenStreetMap(tmp_path / "osm", res=1e-4, bbox=BBOX, download=True)
    assert ds[QUERY]["mask"].sum().item() == 60 + 32 + 4  # the three buildings
    assert overpass_answer()["elements"]


def test_conformance(cached: Path) -> None:
    check_dataset_plugin("openstreetmap", cached, kwargs={"classes": CLASSES})

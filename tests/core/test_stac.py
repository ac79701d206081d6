"""StacDataset: an index from STAC items (files, pystac, STAC-GeoParquet, a real STAC API).

Scenes are generated COGs (one per band) whose pixel values encode scene, band, row and column;
items are generated STAC dicts with the projection extension. Every sample is compared with a
rasterio read of the local file (or ``rasterio.warp.reproject`` where the grid changes).
"""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pystac  # geoplug-core[stac]: the nox core session installs it
import pytest
import rasterio
import torch
from rasterio.enums import Resampling
from rasterio.warp import reproject
from rasterio.windows import Window

from geoplug.core import handles, remote
from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError, UnreadableFileError
from geoplug.core.pluginmanager import plugin_manager
from geoplug.core.plugins import hookimpl
from geoplug.core.raster import RasterDataset
from geoplug.core.stac import StacDataset
from geoplug.core.stac_index import StacSourceError, save_items
from geoplug.core.testing.http import LocalHTTPServer
from geoplug.core.testing.rasters import SceneSet
from geoplug.core.testing.stac import stac_items, write_stac_scenes
from testkit.stac_api import optional, serve

BANDS = ("B02", "B03", "B04")


@pytest.fixture
def scenes(tmp_path: Path) -> SceneSet:
    return write_stac_scenes(tmp_path / "cogs", bands=BANDS, count=3, size=64)


def write_collection(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": items}))
    return path


def box(scenes: SceneSet, scene: int, col: int, row: int, width: int, height: int
        ) -> BoundingBox:
    """The map box of pixels ``[row:row+height, col:col+width]`` of ``scene``."""
    a, _, c, _, e, f = scenes.scenes[scene].transform
    return BoundingBox(c + col * a, c + (col + width) * a, f + (row + height) * e, f + row * e,
                       -np.inf, np.inf)


def local(scenes: SceneSet, scene: int, band: str, col: int, row: int, width: int,
          height: int) -> np.ndarray:
    """Reference: rasterio's window read of the local band file."""
    with rasterio.open(scenes.scenes[scene].paths[BANDS.index(band)]) as src:
        return src.read(1, window=Window(col, row, width, height))


def test_item_collection_file_is_indexed_without_opening_a_raster(scenes: SceneSet,
                                                                  tmp_path: Path) -> None:
    path = write_collection(tmp_path / "items.json", stac_items(scenes))
    opened = handles.OPEN_COUNT
    ds = StacDataset(path, assets=["B04", "B02"])
    assert opened == handles.OPEN_COUNT  # footprints, grid and dtype from proj/raster fields
    assert len(ds) == 3
    assert ds.crs.to_epsg() == 32631
    assert ds.res == (10.0, 10.0)
    minx, maxx, miny, maxy = scenes.bounds
    assert (ds.bounds.minx, ds.bounds.maxx, ds.bounds.miny, ds.bounds.maxy) == (
        minx, maxx, miny, maxy)
    sample = ds[box(scenes, 1, 5, 10, 20, 16)]
    image = sample["image"].numpy()
    assert image.shape == (2, 16, 20) and image.dtype == np.float32
    np.testing.assert_array_equal(image[0], local(scenes, 1, "B04", 5, 10, 20, 16))
    np.testing.assert_array_equal(image[1], local(scenes, 1, "B02", 5, 10, 20, 16))
    assert [b["name"] for b in ds.band_info] == ["B04", "B02"]


def test_item_time_comes_from_datetime(scenes: SceneSet, tmp_path: Path) -> None:
    items = stac_items(scenes)
    items[2]["properties"].update(start_datetime="2024-03-01T00:00:00Z",
                                  end_datetime="2024-03-31T23:59:59Z")
    ds = StacDataset(write_collection(tmp_path / "items.json", items), assets=["B03"])
    times = sorted((hit.mint, hit.maxt) for _, hit in ds._items())
    assert times[0][0] == times[0][1] == pytest.approx(1704105000.0)  # 2024-01-01T10:30Z
    assert times[2] == (pytest.approx(1709251200.0), pytest.approx(1711929599.0))


def test_pystac_objects_give_the_same_index(scenes: SceneSet) -> None:
    collection = pystac.ItemCollection([pystac.Item.from_dict(d) for d in stac_items(scenes)])
    ds = StacDataset(collection, assets=["B03"])
    assert ds.item_ids == ["fake-s2-00", "fake-s2-01", "fake-s2-02"]
    single = StacDataset(collection.items[2], assets=["B03"], keep_dtype=True)
    image = single[box(scenes, 2, 40, 0, 24, 24)]["image"].numpy()
    assert image.dtype == np.uint16
    np.testing.assert_array_equal(image[0], local(scenes, 2, "B03", 40, 0, 24, 24))


@pytest.mark.parametrize("name", ["table.parquet", "table.json"])
def test_saved_item_table_reopens_without_the_source(scenes: SceneSet, tmp_path: Path,
                                                     name: str) -> None:
    source = write_collection(tmp_path / "items.json", stac_items(scenes))
    ds = StacDataset(source, assets=["B02", "B04"], datetime="2024-01-02T00:00:00Z/..")
    saved = ds.save(tmp_path / "run" / name)
    source.unlink()  # the run is reproducible from the saved table alone
    opened = handles.OPEN_COUNT
    again = StacDataset(saved, assets=["B02", "B04"])
    assert opened == handles.OPEN_COUNT
    assert again.item_ids == ds.item_ids == ["fake-s2-01", "fake-s2-02"]
    query = box(scenes, 2, 3, 7, 30, 12)
    np.testing.assert_array_equal(again[query]["image"].numpy(), ds[query]["image"].numpy())
    np.testing.assert_array_equal(again[query]["image"][1].numpy(),
                                  local(scenes, 2, "B04", 3, 7, 30, 12))


def test_geoparquet_table_filters_by_bbox_and_time(scenes: SceneSet, tmp_path: Path) -> None:
    table = StacDataset(stac_items(scenes), assets=["B02"]).save(tmp_path / "all.parquet")
    lon = [item["bbox"] for item in stac_items(scenes)]
    west = [lon[1][0] + 1e-4, lon[1][1] + 1e-4, lon[1][2] - 1e-4, lon[1][3] - 1e-4]
    ds = StacDataset(table, assets=["B02"], bbox=west)
    assert ds.item_ids == ["fake-s2-01"]
    ds = StacDataset(table, assets=["B02"], datetime="2024-01-03T00:00:00Z/2024-01-03T23:00:00Z")
    assert ds.item_ids == ["fake-s2-02"]
    with pytest.raises(DatasetNotFoundError, match="No STAC item matched"):
        StacDataset(table, assets=["B02"], datetime="2030-01-01T00:00:00Z/..")


def test_dates_without_a_time_span_their_day_month_or_year(scenes: SceneSet,
                                                          tmp_path: Path) -> None:
    # the items are at 10:30 on 1, 2 and 3 January 2024. A date alone means the whole day
    # (pystac-client sends "2024-01-03" as the end 2024-01-03T23:59:59Z), as do a month and a
    # year, in a table and in a file alike: a saved search finds what the API found
    table = StacDataset(stac_items(scenes), assets=["B02"]).save(tmp_path / "all.parquet")
    collection = write_collection(tmp_path / "all.json", stac_items(scenes))
    expect = {"2024-01-02/2024-01-03": ["fake-s2-01", "fake-s2-02"],
              "2024-01-02": ["fake-s2-01"],
              "../2024-01-01": ["fake-s2-00"],
              "2024-01": ["fake-s2-00", "fake-s2-01", "fake-s2-02"],
              "2024": ["fake-s2-00", "fake-s2-01", "fake-s2-02"],
              "2024-01-02T10:30:00Z": ["fake-s2-01"]}
    for source in (table, collection):
        for when, ids in expect.items():
            assert StacDataset(source, assets=["B02"], datetime=when).item_ids == ids, when
        with pytest.raises(DatasetNotFoundError, match="No STAC item matched"):
            StacDataset(source, assets=["B02"], datetime="2023-12")


def test_items_without_projection_fields_read_only_their_headers(scenes: SceneSet,
                                                                tmp_path: Path) -> None:
    items = stac_items(scenes)
    bare = stac_items(scenes, projection=False)
    items[1] = bare[1]  # only this item lacks proj:* fields
    opened = handles.OPEN_COUNT
    ds = StacDataset(items, assets=["B02", "B03"])
    assert handles.OPEN_COUNT - opened == 2  # the two asset files of item 1, nothing else
    image = ds[box(scenes, 1, 0, 50, 64, 14)]["image"].numpy()
    np.testing.assert_array_equal(image[1], local(scenes, 1, "B03", 0, 50, 64, 14))


def test_an_item_missing_an_asset_is_named(scenes: SceneSet) -> None:
    items = stac_items(scenes)
    del items[1]["assets"]["B03"]
    with pytest.raises(InvalidDataError, match=r"item 'fake-s2-01' has no asset 'B03'"):
        StacDataset(items, assets=["B02", "B03"])
    ds = StacDataset(items, assets=["B02", "B03"], missing_assets="skip")
    assert ds.item_ids == ["fake-s2-00", "fake-s2-02"]


def test_no_assets_is_a_clear_error(scenes: SceneSet) -> None:
    with pytest.raises(ValueError, match="needs assets"):
        StacDataset(stac_items(scenes))


class Mask(RasterDataset):
    is_image = False


def test_stac_layer_intersects_a_local_mask(scenes: SceneSet, tmp_path: Path) -> None:
    scene = scenes.scenes[0]
    rows, cols = np.mgrid[0:32, 0:32]
    labels = (rows * 7 + cols * 3) % 11
    a, _, c, _, e, f = scene.transform
    mask_path = tmp_path / "mask.tif"
    with rasterio.open(mask_path, "w", driver="GTiff", width=32, height=32, count=1,
                       dtype="uint8", crs=scenes.crs,
                       transform=rasterio.Affine(a, 0, c + 16 * a, 0, e, f + 8 * e)) as dst:
        dst.write(labels.astype("uint8"), 1)
    both = StacDataset(stac_items(scenes), assets=["B04"]) & Mask(mask_path)
    sample = both[box(scenes, 0, 20, 12, 16, 16)]
    np.testing.assert_array_equal(sample["image"][0].numpy(),
                                  local(scenes, 0, "B04", 20, 12, 16, 16))
    np.testing.assert_array_equal(sample["mask"].numpy(), labels[4:20, 4:20])


def test_assets_on_different_grids_are_each_warped(scenes: SceneSet, tmp_path: Path) -> None:
    items = stac_items(scenes)
    coarse = write_stac_scenes(tmp_path / "b11", bands=("B11",), count=3, size=32, res=20.0,
                               origin=(scenes.scenes[0].transform[2],
                                       scenes.scenes[0].transform[5]))
    for item, scene in zip(items, coarse.scenes):
        a, b, c, d, e, f = scene.transform
        item["assets"]["B11"] = {"href": str(scene.paths[0]), "raster:bands": [
            {"data_type": "uint16"}], "proj:shape": [32, 32],
            "proj:transform": [a, b, c, d, e, f]}
    ds = StacDataset(items, assets=["B04", "B11"], resampling="nearest")
    query = box(scenes, 0, 10, 6, 24, 20)
    image = ds[query]["image"].numpy()
    np.testing.assert_array_equal(image[0], local(scenes, 0, "B04", 10, 6, 24, 20))
    expected = np.zeros((20, 24), dtype=np.uint16)
    with rasterio.open(coarse.scenes[0].paths[0]) as src:
        reproject(rasterio.band(src, 1), expected, dst_crs=scenes.crs,
                  dst_transform=rasterio.Affine(10, 0, query.minx, 0, -10, query.maxy),
                  resampling=Resampling.nearest)
    np.testing.assert_array_equal(image[1], expected)


# -- remote assets ------------------------------------------------------------------------------
@pytest.fixture
def served(scenes: SceneSet, http_root: Path, http_server: LocalHTTPServer
           ) -> Iterator[LocalHTTPServer]:
    for path in scenes.files:
        shutil.copy(path, http_root / path.name)
    handles.clear()
    yield http_server
    handles.clear()


def test_http_assets_read_the_same_values_and_are_signed(scenes: SceneSet,
                                                         served: LocalHTTPServer) -> None:
    class Signer:
        @hookimpl
        def geoplug_sign_url(self, url: str) -> str | None:
            return url + "?token=s3cret" if url.startswith(served.url) else None

    signer = Signer()
    plugin_manager().register(signer)
    try:
        ds = StacDataset(stac_items(scenes, base_url=served.url), assets=["B02", "B04"])
        opened = handles.OPEN_COUNT
        query = box(scenes, 2, 8, 30, 40, 20)
        image = ds[query]["image"].numpy()
        image_again = ds[box(scenes, 2, 0, 0, 10, 10)]["image"].numpy()
        assert handles.OPEN_COUNT - opened == 2  # each asset file opened once, then reused
    finally:
        plugin_manager().unregister(signer)
    np.testing.assert_array_equal(image[0], local(scenes, 2, "B02", 8, 30, 40, 20))
    np.testing.assert_array_equal(image[1], local(scenes, 2, "B04", 8, 30, 40, 20))
    np.testing.assert_array_equal(image_again[1], local(scenes, 2, "B04", 0, 0, 10, 10))
    asked = [r.path for r in served.stats.requests]
    assert asked and all(p.endswith("?token=s3cret") for p in asked)
    assert all(r.range is not None for r in served.stats.requests if r.method == "GET")


def test_a_signed_urls_token_stays_out_of_error_messages(scenes: SceneSet,
                                                         served: LocalHTTPServer) -> None:
    # a file that is not a raster, and one cut short: GDAL's messages quote the URL it
    # read, the signed one; the error names the asset's URL without the token
    class Signer:
        @hookimpl
        def geoplug_sign_url(self, url: str) -> str | None:
            return url + "?sig=SECRET-TOKEN" if url.startswith(served.url) else None

    (served.root / "scene_01_B02.tif").write_bytes(b"<html>sign in</html>" * 100)
    whole = (served.root / "scene_02_B02.tif").read_bytes()
    (served.root / "scene_02_B02.tif").write_bytes(whole[: len(whole) // 3])
    items = stac_items(scenes, base_url=served.url)
    signer = Signer()
    plugin_manager().register(signer)
    try:
        for scene in (1, 2):
            handles.clear()
            with pytest.raises(UnreadableFileError) as caught:
                StacDataset(items[scene:scene + 1], assets=["B02"])[box(scenes, scene, 0, 0,
                                                                        64, 64)]
            message = str(caught.value)
            assert f"{served.url}/scene_0{scene}_B02.tif" in message
            assert "SECRET-TOKEN" not in message, message
    finally:
        plugin_manager().unregister(signer)
    assert any(r.path.endswith("?sig=SECRET-TOKEN") for r in served.stats.requests)


def test_stac_documents_are_asked_again_after_a_transient_failure(
        scenes: SceneSet, served: LocalHTTPServer, tmp_path: Path) -> None:
    # the first two GETs of each document are answered 503: the third one is served
    write_collection(served.root / "items.json", stac_items(scenes))
    save_items(stac_items(scenes), served.root / "items.parquet")
    for name in ("items.json", "items.parquet"):
        before = len(served.stats.requests)
        gets = sum(r.method == "GET" for r in served.stats.requests)
        served.fail_status, served.fail_requests = 503, gets + 2  # the next two GETs
        served.on_request = None
        ds = StacDataset(f"{served.url}/{name}", assets=["B02"])
        assert ds.item_ids == ["fake-s2-00", "fake-s2-01", "fake-s2-02"], name
        statuses = [r.status for r in served.stats.requests[before:]][:3]
        assert statuses == [503, 503, 200], name
    served.fail_status, served.fail_requests = 404, 10**6  # permanent: one try, named
    with pytest.raises(StacSourceError, match=r"items\.json"):
        StacDataset(f"{served.url}/items.json", assets=["B02"])


@pytest.mark.parametrize("status", [404, 403])
def test_a_permanently_missing_asset_names_url_and_item(scenes: SceneSet,
                                                        served: LocalHTTPServer,
                                                        status: int) -> None:
    items = stac_items(scenes, base_url=served.url)
    href = items[1]["assets"]["B03"]["href"]
    if status == 404:
        (served.root / href.rsplit("/", 1)[1]).unlink()
    else:
        served.fail_status, served.fail_requests = 403, 10**6
        served.on_request = None
    ds = StacDataset(items[1:2], assets=["B02", "B03"])
    with pytest.raises(UnreadableFileError) as caught:
        ds[box(scenes, 1, 0, 0, 16, 16)]
    message = str(caught.value)
    assert "fake-s2-01" in message and (href in message or served.url in message)
    assert caught.value.path is not None and caught.value.path.startswith(served.url)


# -- STAC sources that fail ----------------------------------------------------------------------
def test_a_stac_api_that_times_out_names_the_url() -> None:
    with socket.socket() as listener:  # accepts connections and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/api"
        with pytest.raises(StacSourceError, match=r"127\.0\.0\.1:\d+/api"):
            StacDataset(url, assets=["B02"], collections=["fake-s2"], timeout=0.5)


def test_malformed_json_is_an_error_not_an_empty_dataset(http_root: Path,
                                                         http_server: LocalHTTPServer) -> None:
    (http_root / "api").write_text("<html>maintenance</html>")
    (http_root / "items.json").write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(StacSourceError, match=f"{http_server.url}/api"):
        StacDataset(f"{http_server.url}/api", assets=["B02"], collections=["x"], timeout=5)
    with pytest.raises(StacSourceError, match="not valid JSON") as caught:
        StacDataset(f"{http_server.url}/items.json", assets=["B02"], timeout=5)
    assert f"{http_server.url}/items.json" in str(caught.value)
    assert isinstance(caught.value, OSError)


# -- a real STAC API ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def stac_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SceneSet]]:
    for module in ("stac_fastapi.geoparquet", "rustac_duckdb_extensions", "uvicorn"):
        optional(module)  # the test server; required in CI

    root = tmp_path_factory.mktemp("stac_api")
    scenes = write_stac_scenes(root / "cogs", bands=BANDS, count=4, size=64)
    items = stac_items(scenes, cloud_cover=[5, 40, 12, 80])
    table = StacDataset(items, assets=list(BANDS)).save(root / "items.parquet")
    with serve(table) as url:
        yield url, scenes


def test_stac_api_search_by_bbox_and_datetime(stac_api: tuple[str, SceneSet]) -> None:
    url, scenes = stac_api
    lonlat = [item["bbox"] for item in stac_items(scenes)]
    around = [lonlat[1][0], lonlat[1][1], lonlat[2][2], lonlat[2][3]]  # scenes 1..2 (and edges)
    ds = StacDataset(url, assets=["B04", "B03"], collections=["fake-s2"], bbox=around,
                     datetime="2024-01-02T00:00:00Z/2024-01-03T23:59:59Z")
    assert sorted(ds.item_ids) == ["fake-s2-01", "fake-s2-02"]
    image = ds[box(scenes, 2, 30, 30, 20, 20)]["image"].numpy()
    np.testing.assert_array_equal(image[0], local(scenes, 2, "B04", 30, 30, 20, 20))
    np.testing.assert_array_equal(image[1], local(scenes, 2, "B03", 30, 30, 20, 20))


def test_stac_api_cql2_filter_on_cloud_cover(stac_api: tuple[str, SceneSet]) -> None:
    url, _scenes = stac_api
    ds = StacDataset(url, assets=["B02"], collections=["fake-s2"],
                     filter={"op": "<", "args": [{"property": "eo:cloud_cover"}, 20]})
    assert sorted(ds.item_ids) == ["fake-s2-00", "fake-s2-02"]
    with pytest.raises(DatasetNotFoundError, match="No STAC item matched"):
        StacDataset(url, assets=["B02"], collections=["fake-s2"],
                    filter={"op": "<", "args": [{"property": "eo:cloud_cover"}, 1]})


def test_api_search_saved_and_reopened_offline(stac_api: tuple[str, SceneSet],
                                               tmp_path: Path) -> None:
    url, scenes = stac_api
    ds = StacDataset(url, assets=["B02"], collections=["fake-s2"], ids=["fake-s2-03"])
    again = StacDataset(ds.save(tmp_path / "run.parquet"), assets=["B02"])
    assert again.item_ids == ds.item_ids == ["fake-s2-03"]
    query = box(scenes, 3, 1, 2, 9, 9)
    np.testing.assert_array_equal(again[query]["image"][0].numpy(),
                                  local(scenes, 3, "B02", 1, 2, 9, 9))


def test_max_items_picks_the_same_items_from_every_form_of_a_catalog(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # max_items counts the items the search matches (pystac-client's meaning), before
    # missing_assets="skip" leaves out those lacking an asset: an API, a JSON file, pystac
    # objects and a STAC-GeoParquet table (read, then re-opened from its cache) agree
    for module in ("stac_fastapi.geoparquet", "rustac_duckdb_extensions", "uvicorn"):
        optional(module)
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))
    scenes = write_stac_scenes(tmp_path / "cogs", bands=("B02", "B03"), count=5, size=32)
    items = stac_items(scenes)  # fake-s2-00..04, one a day from 2024-01-01
    del items[1]["assets"]["B03"]
    catalog = write_collection(tmp_path / "items.json", items)
    table = save_items(items, tmp_path / "items.parquet")
    searches = [  # (search, the ids the dataset holds)
        (dict(max_items=3), ["fake-s2-00", "fake-s2-02"]),
        (dict(max_items=2, datetime="2024-01-02/2024-01-05"), ["fake-s2-02"]),
        (dict(max_items=1), ["fake-s2-00"]),
    ]
    with serve(table) as url:
        for search, expected in searches:
            for source in (url, catalog, pystac.ItemCollection.from_file(str(catalog)),
                           table, table):  # the second table read comes from the cache
                ds = StacDataset(source, assets=["B02", "B03"], missing_assets="skip",
                                 collections=["fake-s2"], **search)
                assert ds.item_ids == expected, (source, search)
        assert list((tmp_path / "cache" / "stac").glob("*.npz"))
        for source in (url, catalog, table):  # 0 would be "no limit" to pystac-client
            with pytest.raises(ValueError, match="max_items must be at least 1"):
                StacDataset(source, assets=["B02"], collections=["fake-s2"], max_items=0)



def test_object_storage_urls_go_through_gdal_virtual_file_systems() -> None:
    assert remote.gdal_path("s3://bucket/a/b.tif") == "/vsis3/bucket/a/b.tif"
    assert remote.gdal_path("gs://bucket/b.tif") == "/vsigs/bucket/b.tif"
    assert remote.gdal_path("az://container/b.tif") == "/vsiaz/container/b.tif"
    assert remote.gdal_path("https://h/b.tif?x=1") == "/vsicurl/https://h/b.tif?x=1"
    assert remote.gdal_path("/data/b.tif") == "/data/b.tif"
    assert all(handles.is_remote(u) for u in ("s3://b/k", "gs://b/k", "az://c/k", "https://h"))
    assert not handles.is_remote("/data/s3://odd.tif")


def test_cog_settings_yield_to_the_users(monkeypatch: pytest.MonkeyPatch) -> None:
    options = remote.remote_options()
    assert options["GDAL_DISABLE_READDIR_ON_OPEN"] == "EMPTY_DIR"
    assert options["GDAL_HTTP_MERGE_CONSECUTIVE_RANGES"] == "YES"
    assert int(options["GDAL_HTTP_MAX_RETRY"]) >= 3
    assert options["CPL_VSIL_CURL_CACHE_SIZE"] == str(64 * 1024 * 1024)
    monkeypatch.setenv("GDAL_HTTP_MAX_RETRY", "1")
    monkeypatch.setenv("GEOPLUG_REMOTE_CACHE_MB", "16")
    options = remote.remote_options()
    assert "GDAL_HTTP_MAX_RETRY" not in options
    assert options["CPL_VSIL_CURL_CACHE_SIZE"] == str(16 * 1024 * 1024)
    monkeypatch.setenv("GEOPLUG_REMOTE_CACHE_MB", "lots")
    with pytest.raises(ValueError, match="GEOPLUG_REMOTE_CACHE_MB"):
        remote.remote_options()


def test_an_unreadable_header_names_the_item(scenes: SceneSet, tmp_path: Path) -> None:
    items = stac_items(scenes, projection=False)[:2]
    items[1]["assets"]["B02"]["href"] = str(tmp_path / "gone.tif")
    with pytest.raises(UnreadableFileError, match=r"gone\.tif.*item 'fake-s2-01', asset 'B02'"):
        StacDataset(items, assets=["B02"])


# -- STAC-GeoParquet read in columns ------------------------------------------------------------
def test_geoparquet_missing_asset_and_relative_hrefs(scenes: SceneSet, tmp_path: Path) -> None:
    items = stac_items(scenes)
    for item in items:  # hrefs relative to the table, as a catalog moved with its data
        for asset in item["assets"].values():
            asset["href"] = "cogs/" + Path(asset["href"]).name
    del items[2]["assets"]["B04"]
    table = save_items(items, tmp_path / "rel.parquet")
    with pytest.raises(InvalidDataError, match=r"item 'fake-s2-02' has no asset 'B04'"):
        StacDataset(table, assets=["B02", "B04"])
    ds = StacDataset(table, assets=["B02", "B04"], missing_assets="skip")
    assert ds.item_ids == ["fake-s2-00", "fake-s2-01"]
    assert ds.files[0] == str(tmp_path / "cogs" / "scene_00_B02.tif")
    image = ds[box(scenes, 1, 4, 4, 12, 12)]["image"].numpy()
    np.testing.assert_array_equal(image[1], local(scenes, 1, "B04", 4, 4, 12, 12))


def test_a_table_of_relative_hrefs_saved_elsewhere_still_finds_its_files(
        scenes: SceneSet, tmp_path: Path) -> None:
    # rel.parquet lists "cogs/<file>"; a copy saved in another folder (and a decoy "cogs"
    # beside it) must point at the files the original meant
    items = stac_items(scenes)
    for item in items:
        for asset in item["assets"].values():
            asset["href"] = "cogs/" + Path(asset["href"]).name
    ds = StacDataset(save_items(items, tmp_path / "rel.parquet"), assets=["B04"],
                     keep_dtype=True)
    q = box(scenes, 1, 4, 4, 12, 12)
    (tmp_path / "elsewhere" / "cogs").mkdir(parents=True)
    for path in scenes.files:
        shutil.copy(scenes.files[0], tmp_path / "elsewhere" / "cogs" / path.name)
    reopened = StacDataset(tmp_path / "rel.parquet", assets=["B04"], keep_dtype=True)
    for name, source in (("copy.parquet", ds), ("copy.json", ds),
                         ("cached.parquet", reopened)):  # the re-open cache keeps it too
        again = StacDataset(source.save(tmp_path / "elsewhere" / name), assets=["B04"],
                            keep_dtype=True)
        assert again.files == ds.files == [str(tmp_path / "cogs" / Path(f).name)
                                           for f in ds.files]
        np.testing.assert_array_equal(again[q]["image"][0].numpy(),
                                      local(scenes, 1, "B04", 4, 4, 12, 12))


def test_items_sharing_a_file_without_projection_or_band_lists(tmp_path: Path) -> None:
    # two dates of one 3-band file, the items without proj fields or a band list: both are
    # located from the file (only the last of them was), with all 3 bands (not band 1 only)
    from rasterio.transform import from_origin

    rows, cols = np.mgrid[0:32, 0:32]
    data = np.stack([1000 * b + 40 * rows + cols for b in (1, 2, 3)]).astype("uint16")
    with rasterio.open(tmp_path / "shared.tif", "w", driver="GTiff", width=32, height=32,
                       count=3, dtype="uint16", crs="EPSG:32631",
                       transform=from_origin(500_000, 4_000_320, 10, 10)) as dst:
        dst.write(data)
    items = [{"type": "Feature", "stac_version": "1.0.0", "id": f"t{month}",
              "bbox": [3.0, 36.1, 3.01, 36.2], "geometry": None, "links": [],
              "properties": {"datetime": f"2024-{month:02d}-01T00:00:00Z"},
              "assets": {"data": {"href": str(tmp_path / "shared.tif")}}} for month in (1, 6)]
    ds = StacDataset(items, assets=["data"], keep_dtype=True)
    assert ds.item_ids == ["t1", "t6"]
    for month in (1, 6):
        start = datetime(2024, month, 1, tzinfo=timezone.utc).timestamp()
        image = ds[BoundingBox(500_040, 500_160, 4_000_100, 4_000_280, start, start + 1)]
        np.testing.assert_array_equal(image["image"].numpy(), data[:, 4:22, 4:16])


def test_bboxes_with_heights_or_across_the_antimeridian(scenes: SceneSet,
                                                        tmp_path: Path) -> None:
    # STAC's 6-number bbox (heights) and a bbox whose west lies east of its east (across
    # 180 degrees): searches inside them find the item, in a file and in a table alike
    items = stac_items(scenes)[:2]
    west, south, east, north = items[0]["bbox"]
    items[0]["bbox"] = [west, south, -10.0, east, north, 250.0]
    items[1]["bbox"] = [179.5, -17.0, -179.5, -16.0]
    inside = [west + 1e-4, south + 1e-4, east - 1e-4, north - 1e-4]
    for n, name in enumerate(("heights", "across")):  # a table holds one kind of bbox
        for source in (write_collection(tmp_path / f"{name}.json", items[n:n + 1]),
                       save_items(items[n:n + 1], tmp_path / f"{name}.parquet")):
            found = [StacDataset(source, assets=["B02"], bbox=area).item_ids
                     for area in (inside, [179.6, -16.8, 179.9, -16.2],
                                  [-179.9, -16.8, -179.6, -16.2])
                     if (area is inside) == (n == 0)]
            assert found == [[f"fake-s2-0{n}"]] * (1 if n == 0 else 2), source
    # proj:bbox with heights gives the grid (no proj:transform)
    item = stac_items(scenes)[0]
    a, _, c, _, e, f = scenes.scenes[0].transform
    for asset in item["assets"].values():
        asset.pop("proj:transform", None)
    item["properties"].pop("proj:transform", None)
    height, width = item["properties"].get("proj:shape") or next(
        iter(item["assets"].values()))["proj:shape"]
    item["properties"]["proj:bbox"] = [c, f + height * e, 0.0, c + width * a, f, 100.0]
    ds = StacDataset([item], assets=["B02"], keep_dtype=True)
    assert ds.res == (a, -e) and ds.bounds.minx == c and ds.bounds.maxy == f
    np.testing.assert_array_equal(ds[box(scenes, 0, 4, 4, 12, 12)]["image"][0].numpy(),
                                  local(scenes, 0, "B02", 4, 4, 12, 12))


def test_null_asset_fields_leave_the_items_own(scenes: SceneSet) -> None:
    # a GeoParquet round trip writes "proj:transform": null into assets: the item's fields
    # still give the grid, and no raster is opened to find it
    items = stac_items(scenes)
    for item in items:
        for asset in item["assets"].values():
            for key in ("proj:transform", "proj:shape", "proj:epsg", "proj:code"):
                if key in asset:
                    item["properties"].setdefault(key, asset[key])
                asset[key] = None
    opened = handles.OPEN_COUNT
    ds = StacDataset(items, assets=["B02"], keep_dtype=True)
    assert opened == handles.OPEN_COUNT
    np.testing.assert_array_equal(ds[box(scenes, 1, 4, 4, 12, 12)]["image"][0].numpy(),
                                  local(scenes, 1, "B02", 4, 4, 12, 12))


def test_an_assets_crs_beats_the_items_whatever_their_kinds(scenes: SceneSet,
                                                            tmp_path: Path) -> None:
    # the item says proj:code of another zone, the asset proj:epsg of its file: the asset's
    # wins, from a file as from a table (a file's reader let proj:code win)
    items = stac_items(scenes)
    true = int(items[0]["properties"]["proj:code"].split(":")[1])
    for item in items:
        item["properties"]["proj:code"] = "EPSG:32701"
        for asset in item["assets"].values():
            asset.pop("proj:code", None)
            asset["proj:epsg"] = true
    for source in (write_collection(tmp_path / "crs.json", items),
                   save_items(items, tmp_path / "crs.parquet")):
        assert StacDataset(source, assets=["B02"]).crs.to_epsg() == true, source


def test_a_singular_transform_is_named_and_never_skipped(scenes: SceneSet,
                                                         tmp_path: Path) -> None:
    # item 1's proj:transform has no area: an error naming it, from a file and from a table
    # alike, and missing_assets="skip" (for absent assets) does not drop it silently
    items = stac_items(scenes)
    items[1]["properties"]["proj:transform"] = [0.0, 0.0, 500640.0, 0.0, 0.0, 4000640.0]
    for source in (write_collection(tmp_path / "bad.json", items),
                   save_items(items, tmp_path / "bad.parquet")):
        for missing in ("raise", "skip"):
            with pytest.raises(InvalidDataError, match=r"'fake-s2-01'.*not an invertible"):
                StacDataset(source, assets=["B02"], missing_assets=missing)


def test_a_stac_layer_defers_its_resampling_and_names_its_items(scenes: SceneSet) -> None:
    # read on another UTM zone's grid, with the resampling left to the batch (Resample):
    # the same pixels as the eager read; a missing file still names the item and asset
    from geoplug.core.collate import stack_samples
    from geoplug.core.resample import Resample

    items = stac_items(scenes)
    eager = StacDataset(items, assets=["B02", "B04"], crs="EPSG:32632", keep_dtype=True)
    deferred = StacDataset(items, assets=["B02", "B04"], crs="EPSG:32632", keep_dtype=True,
                           defer_resampling=True)
    b = eager.bounds
    queries = [BoundingBox(b.minx + dx, b.minx + dx + 300, b.maxy - 400, b.maxy - 100,
                           -np.inf, np.inf) for dx in (150.0, 420.0)]
    batch = stack_samples([deferred[q] for q in queries])
    assert "image_warp" in batch  # deferred indeed
    out = Resample()(dict(batch))["image"]
    for k, q in enumerate(queries):
        np.testing.assert_array_equal(out[k].numpy(), eager[q]["image"].numpy())
    on_grid = StacDataset(items, assets=["B02"], keep_dtype=True, defer_resampling=True)
    (scenes.scenes[0].paths[BANDS.index("B02")]).unlink()
    handles.clear()
    with pytest.raises(UnreadableFileError, match=r"\[STAC item 'fake-s2-00', asset 'B02'\]"):
        on_grid[box(scenes, 0, 0, 0, 16, 16)]


def test_a_table_of_rfc3339_strings_keeps_fractional_seconds(scenes: SceneSet,
                                                             tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(save_items(stac_items(scenes), tmp_path / "t.parquet"))
    times = ["2024-01-01T10:30:00.250Z", "2024-01-02T10:30:00+02:00", "not a time"]
    table = table.set_column(table.schema.get_field_index("datetime"), "datetime",
                             pa.array(times))
    pq.write_table(table, tmp_path / "strings.parquet")
    with pytest.raises(InvalidDataError, match="fake-s2-02"):  # the one that does not parse
        StacDataset(tmp_path / "strings.parquet", assets=["B02"])
    ds = StacDataset(tmp_path / "strings.parquet", assets=["B02"], ids=["fake-s2-00",
                                                                        "fake-s2-01"])
    first = datetime(2024, 1, 1, 10, 30, 0, 250000, tzinfo=timezone.utc).timestamp()
    second = datetime(2024, 1, 2, 8, 30, tzinfo=timezone.utc).timestamp()
    assert ds._table.times[:, 0].tolist() == [first, second]


def test_items_in_two_crs_are_warped_onto_the_target(tmp_path: Path) -> None:
    west = write_stac_scenes(tmp_path / "w", bands=("B04",), count=1, size=64,
                             crs="EPSG:32631", origin=(700000.0, 5000640.0))
    east = write_stac_scenes(tmp_path / "e", bands=("B04",), count=1, size=64,
                             crs="EPSG:32632", origin=(300000.0, 5000640.0))
    items = stac_items(west, collection="w") + stac_items(east, collection="e")
    table = StacDataset(items, assets=["B04"]).save(tmp_path / "two.parquet")
    ds = StacDataset(table, assets=["B04"], crs="EPSG:32631", res=10.0, resampling="nearest",
                     keep_dtype=True)
    assert len(ds) == 2
    footprint = dict(ds._items())[ds.item_ids.index("e-00")]
    x = round((footprint.minx + footprint.maxx) / 2 / 10) * 10
    y = round((footprint.miny + footprint.maxy) / 2 / 10) * 10
    query = BoundingBox(x - 160, x + 160, y - 160, y + 160, -np.inf, np.inf)
    image = ds[query]["image"][0].numpy()
    expected = np.zeros((32, 32), dtype=np.uint16)
    with rasterio.open(east.scenes[0].paths[0]) as src:
        reproject(rasterio.band(src, 1), expected, dst_crs="EPSG:32631",
                  dst_transform=rasterio.Affine(10, 0, query.minx, 0, -10, query.maxy),
                  resampling=Resampling.nearest, dst_nodata=0)
    assert (expected > 0).sum() > 100  # the query does cover the eastern scene
    np.testing.assert_array_equal(image, expected)


def test_reopened_table_comes_from_the_cache_until_rewritten(scenes: SceneSet, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))
    items = stac_items(scenes)
    table = save_items(items, tmp_path / "t.parquet")
    first = StacDataset(table, assets=["B03"])
    assert list((tmp_path / "cache" / "stac").glob("*.npz"))  # the index was cached
    again = StacDataset(table, assets=["B03"])  # from the cache
    assert again.item_ids == first.item_ids == ["fake-s2-00", "fake-s2-01", "fake-s2-02"]
    assert again.files == first.files
    query = box(scenes, 0, 10, 10, 16, 16)
    np.testing.assert_array_equal(again[query]["image"][0].numpy(),
                                  local(scenes, 0, "B03", 10, 10, 16, 16))
    saved = again.save(tmp_path / "copy.json")  # every column of the rows, from the file
    assert len(json.loads(saved.read_text())["features"]) == 3
    save_items(items[1:], table)  # rewritten: the cache no longer applies
    assert StacDataset(table, assets=["B03"]).item_ids == ["fake-s2-01", "fake-s2-02"]


def test_random_sampler_and_dataloader_over_a_stac_dataset(scenes: SceneSet) -> None:
    from torch.utils.data import DataLoader

    from geoplug.core.collate import stack_samples
    from geoplug.core.samplers import RandomGeoSampler

    ds = StacDataset(stac_items(scenes), assets=["B04", "B02"], keep_dtype=True)
    sampler = RandomGeoSampler(ds, size=16, length=24, seed=3)
    loader = DataLoader(ds, sampler=sampler, batch_size=8, collate_fn=stack_samples)
    checked = 0
    for batch in loader:
        assert batch["image"].shape == (8, 2, 16, 16)
        for image, query in zip(batch["image"].numpy(), batch["bounds"]):
            for scene in scenes.scenes:  # the scene holding the patch (they do not overlap)
                a, _, c, _, e, f = scene.transform
                col, row = round((query.minx - c) / a), round((query.maxy - f) / e)
                if 0 <= col <= scene.width - 16 and 0 <= row <= scene.height - 16:
                    np.testing.assert_array_equal(
                        image[0], local(scenes, scene.index, "B04", col, row, 16, 16))
                    np.testing.assert_array_equal(
                        image[1], local(scenes, scene.index, "B02", col, row, 16, 16))
                    checked += 1
                    break
    assert checked >= 12  # most patches lie inside one scene


def test_downsampled_reads_use_the_overviews_the_items_do_not_list(tmp_path: Path) -> None:
    """STAC items carry no overview list: the files' own, learnt from the handle a read opens,
    make a patch at 4x the pixel size a read of the 4x overview (its pixels, and its bytes)."""
    scenes = write_stac_scenes(tmp_path / "cogs", bands=BANDS, count=1, size=1024, blocksize=64,
                               overviews=True)
    scene = scenes.scenes[0]
    a, _, c, _, e, f = scene.transform
    query = BoundingBox(c, c + 128 * 4 * a, f + 128 * 4 * e, f, -np.inf, np.inf)  # 40 m pixels
    expected = []
    for path in scene.paths:
        with rasterio.open(path, overview_level=1) as src:  # overviews 2x, 4x, 8x, ...
            assert src.width == 256
            expected.append(src.read(1, window=Window(0, 0, 128, 128)))
    sent = {}
    with LocalHTTPServer(tmp_path / "cogs") as server:
        items = stac_items(scenes, base_url=server.url)
        for use in (False, True):
            ds = StacDataset(items, assets=list(BANDS), res=4 * a, keep_dtype=True,
                             use_overviews=use)
            for url in (f"{server.url}/{p.name}" for p in scene.paths):
                remote.clear_cache(url)
            handles.clear()
            server.stats.reset()
            sample = ds[query]
            sent[use] = server.stats.bytes_sent
        np.testing.assert_array_equal(sample["image"].numpy(), np.stack(expected))
    handles.clear()
    assert sent[True] * 3 < sent[False]  # 128 x 128 pixels of the overview, not 512 x 512


def _tif(path: Path, data: np.ndarray, transform: Any) -> str:
    """A one-band GeoTIFF in UTM 31N."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[1], height=data.shape[0],
                       count=1, dtype=data.dtype, crs="EPSG:32631",
                       transform=transform) as dst:
        dst.write(data[None])
    return str(path)


def _ramp(size: int, base: int, dtype: str) -> np.ndarray:
    rows, cols = np.mgrid[0:size, 0:size]
    return (base + 100 * rows + cols + 1).astype(dtype)


def _item(name: str, assets: dict[str, Any], **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "stac_version": "1.1.0", "id": name, "links": [],
            "bbox": [2.0, 45.0, 3.0, 46.0],
            "geometry": {"type": "Polygon", "coordinates": [[[2, 45], [3, 45], [3, 46],
                                                             [2, 46], [2, 45]]]},
            "properties": {"datetime": "2024-01-01T10:00:00Z", "proj:code": "EPSG:32631",
                           **props},
            "assets": assets}


@pytest.mark.parametrize("table", ["items.json", "items.parquet"])
def test_items_of_different_data_types_read_in_one_that_holds_both(
        tmp_path: Path, table: str) -> None:
    # uint8 and uint16 items of one asset: the first item's uint8 clipped the second's 1001
    # to 255
    from rasterio.transform import from_origin

    t1, t2 = from_origin(500000, 5000000, 10, 10), from_origin(500200, 5000000, 10, 10)
    a = _tif(tmp_path / "a.tif", _ramp(20, 0, "uint8") % 200, t1)
    b = _tif(tmp_path / "b.tif", _ramp(20, 1000, "uint16"), t2)
    items = [_item(n, {"r": {"href": p, "raster:bands": [{"data_type": d}]}},
                   **{"proj:transform": list(t)[:6], "proj:shape": [20, 20]})
             for n, p, d, t in (("A", a, "uint8", t1), ("B", b, "uint16", t2))]
    source = (write_collection(tmp_path / table, items) if table.endswith(".json")
              else save_items(items, tmp_path / table))
    ds = StacDataset(source, assets=["r"], keep_dtype=True)
    q = BoundingBox(500200, 500240, 4999960, 5000000, -np.inf, np.inf)  # item B only
    image = ds[q]["image"]
    assert image.dtype == torch.uint16
    np.testing.assert_array_equal(image[0].numpy(), _ramp(20, 1000, "uint16")[:4, :4])


@pytest.mark.parametrize("table", ["items.json", "items.parquet"])
def test_an_assets_own_bbox_places_it_before_the_items_transform(tmp_path: Path,
                                                                 table: str) -> None:
    # a 20 m band placed by its own proj:bbox + proj:shape, in an item whose proj:transform
    # is its 10 m band's: the item's transform with the asset's shape put 399 of 400 pixels
    # in the wrong place
    from rasterio.transform import from_origin

    t10, t20 = from_origin(500000, 5000000, 10, 10), from_origin(500000, 5000000, 20, 20)
    fine = _tif(tmp_path / "r.tif", _ramp(20, 0, "uint16"), t10)
    coarse = _tif(tmp_path / "n.tif", _ramp(10, 30000, "uint16"), t20)
    bbox = [500000, 4999800, 500200, 5000000]
    item = _item("A", {"r": {"href": fine, "raster:bands": [{"data_type": "uint16"}]},
                       "n": {"href": coarse, "raster:bands": [{"data_type": "uint16"}],
                             "proj:shape": [10, 10], "proj:bbox": bbox}},
                 **{"proj:transform": list(t10)[:6], "proj:shape": [20, 20], "proj:bbox": bbox})
    source = (write_collection(tmp_path / table, [item]) if table.endswith(".json")
              else save_items([item], tmp_path / table))
    opened = handles.OPEN_COUNT
    ds = StacDataset(source, assets=["r", "n"], resampling="nearest", keep_dtype=True)
    assert opened == handles.OPEN_COUNT  # placed from the STAC fields alone
    image = ds[BoundingBox(500000, 500200, 4999800, 5000000, -np.inf, np.inf)]["image"]
    expected = _ramp(10, 30000, "uint16").repeat(2, 0).repeat(2, 1)
    np.testing.assert_array_equal(image[1].numpy(), expected)
    np.testing.assert_array_equal(image[0].numpy(), _ramp(20, 0, "uint16"))


def test_assets_of_one_grid_keep_their_own_nodata(tmp_path: Path) -> None:
    # red (nodata 0) and nir (nodata 65535) on one grid were read as one source whose nodata
    # was red's: item A's empty nir pixels (65535) were data, and item B never filled them
    from rasterio.transform import from_origin

    t = from_origin(500000, 5000000, 10, 10)
    items = []
    for name, base, day in (("A", 0, 1), ("B", 5000, 2)):
        red, nir = _ramp(20, base, "uint16"), _ramp(20, base + 20000, "uint16")
        if name == "A":
            red[:, :10], nir[:, :10] = 0, 65535
        assets = {}
        for key, data, nodata in (("red", red, 0), ("nir", nir, 65535)):
            path = tmp_path / f"{name}_{key}.tif"
            _tif(path, data, t)
            with rasterio.open(path, "r+") as dst:
                dst.nodata = nodata
            assets[key] = {"href": str(path),
                           "raster:bands": [{"data_type": "uint16", "nodata": nodata}]}
        items.append(_item(name, assets, datetime=f"2024-01-0{day}T00:00:00Z",
                           **{"proj:transform": list(t)[:6], "proj:shape": [20, 20]}))
    source = write_collection(tmp_path / "items.json", items)
    q = BoundingBox(500000, 500200, 4999800, 5000000, -np.inf, np.inf)
    for assets in (["red", "nir"], ["nir", "red"]):
        image = StacDataset(source, assets=assets, keep_dtype=True)[q]["image"].numpy()
        for k, key in enumerate(assets):
            base = 5000 if key == "red" else 25000
            np.testing.assert_array_equal(image[k][:, :10], _ramp(20, base, "uint16")[:, :10])
            np.testing.assert_array_equal(image[k][:, 10:],
                                          _ramp(20, base - 5000, "uint16")[:, 10:])
    with pytest.raises(ValueError, match="several nodata values"):
        StacDataset(source, assets=["red", "nir"], defer_resampling=True)


def test_band_files_with_different_overviews_are_read_at_one_level(tmp_path: Path) -> None:
    # r.tif has 2x, 4x, 8x overviews, s.tif only 4x and 8x: read at 20 m, s was read at its
    # first overview (4x) as if it were r's (2x), its pixels from the wrong place. Without a
    # shared overview both are read at full resolution, as with use_overviews=False.
    from rasterio.transform import from_origin

    t = from_origin(500000, 5000000, 10, 10)
    assets = {}
    for key, base, factors in (("r", 0, [2, 4, 8]), ("s", 1_000_000, [4, 8])):
        path = tmp_path / f"{key}.tif"
        rows, cols = np.mgrid[0:256, 0:256]
        with rasterio.open(path, "w", driver="GTiff", width=256, height=256, count=1,
                           dtype="float32", crs="EPSG:32631", transform=t, tiled=True,
                           blockxsize=64, blockysize=64) as dst:
            dst.write((base + 1000 * rows + cols).astype("float32")[None])
        with rasterio.open(path, "r+") as dst:
            dst.build_overviews(factors, Resampling.nearest)
        assets[key] = {"href": str(path), "raster:bands": [{"data_type": "float32"}]}
    source = write_collection(tmp_path / "items.json", [_item(
        "A", assets, **{"proj:transform": list(t)[:6], "proj:shape": [256, 256]})])
    q = BoundingBox(500400, 500720, 4999280, 4999600, -np.inf, np.inf)
    image = StacDataset(source, assets=["r", "s"], res=20, resampling="nearest")[q]["image"]
    full = StacDataset(source, assets=["r", "s"], res=20, resampling="nearest",
                       use_overviews=False)[q]["image"]
    np.testing.assert_array_equal(image.numpy(), full.numpy())
    np.testing.assert_array_equal(image[1].numpy() - image[0].numpy(), 1_000_000)


@pytest.mark.parametrize("defer", [False, True])
def test_nodata_the_items_leave_out_is_the_files(tmp_path: Path, defer: bool) -> None:
    # raster:bands with a data_type but no nodata: the files' nodata (0) was never read, so
    # item A's empty half (0) was data and item B never filled it. It is now taken from the
    # first file read, when it is read: indexing still opens no raster.
    from rasterio.transform import from_origin

    t = from_origin(500000, 5000000, 10, 10)
    items = []
    for name, base, day in (("A", 0, 1), ("B", 5000, 2)):
        data = _ramp(20, base, "uint16")
        if name == "A":
            data[:, :10] = 0
        path = tmp_path / f"{name}.tif"
        _tif(path, data, t)
        with rasterio.open(path, "r+") as dst:
            dst.nodata = 0
        items.append(_item(name, {"red": {"href": str(path), "eo:bands": [{"name": "red"}],
                                          "raster:bands": [{"data_type": "uint16"}]}},
                           datetime=f"2024-01-0{day}T00:00:00Z",
                           **{"proj:transform": list(t)[:6], "proj:shape": [20, 20]}))
    source = write_collection(tmp_path / "items.json", items)
    opened = handles.OPEN_COUNT
    ds = StacDataset(source, assets=["red"], keep_dtype=True, defer_resampling=defer)
    assert opened == handles.OPEN_COUNT  # indexed from the STAC fields alone
    q = BoundingBox(500000, 500200, 4999800, 5000000, -np.inf, np.inf)
    sample = ds[q]
    if defer:
        from geoplug.core.collate import stack_samples
        from geoplug.core.resample import Resample

        sample = {"image": Resample()(stack_samples([sample]))["image"][0]}
    image = sample["image"][0].numpy()
    np.testing.assert_array_equal(image[:, :10], _ramp(20, 5000, "uint16")[:, :10])  # B's
    np.testing.assert_array_equal(image[:, 10:], _ramp(20, 0, "uint16")[:, 10:])  # A's own


@pytest.mark.parametrize("table", ["items.json", "items.parquet"])
def test_raster_bands_scale_and_offset_give_the_units_they_name(tmp_path: Path,
                                                                table: str) -> None:
    # Landsat Collection 2 items: reflectance = DN * 2.75e-5 - 0.2. Samples were the stored
    # numbers whatever the items said; now in reflectance (the fill value kept), the stored
    # numbers with keep_dtype=True
    from rasterio.transform import from_origin

    t = from_origin(500000, 5000000, 10, 10)
    data = _ramp(20, 10000, "uint16")
    data[0, 0] = 0
    path = tmp_path / "red.tif"
    _tif(path, data, t)
    item = _item("A", {"red": {"href": str(path), "eo:bands": [{"name": "SR_B4"}],
                               "raster:bands": [{"data_type": "uint16", "nodata": 0,
                                                 "scale": 2.75e-5, "offset": -0.2}]}},
                 **{"proj:transform": list(t)[:6], "proj:shape": [20, 20]})
    source = (write_collection(tmp_path / table, [item]) if table.endswith(".json")
              else save_items([item], tmp_path / table))
    q = BoundingBox(500000, 500200, 4999800, 5000000, -np.inf, np.inf)
    ds = StacDataset(source, assets=["red"])
    image = ds[q]["image"][0].numpy()
    expected = data.astype(np.float32) * np.float32(2.75e-5) + np.float32(-0.2)
    np.testing.assert_allclose(image[1:], expected[1:], rtol=1e-6)
    assert image[0, 0] == 0  # the fill value is no reflectance
    assert ds.band_info[0]["name"] == "SR_B4" and ds.band_info[0]["scale"] == 2.75e-5
    stored = StacDataset(source, assets=["red"], keep_dtype=True)[q]["image"][0].numpy()
    np.testing.assert_array_equal(stored, data)
    with pytest.raises(ValueError, match="scales its pixels"):
        StacDataset(source, assets=["red"], defer_resampling=True)
    StacDataset(source, assets=["red"], defer_resampling=True, keep_dtype=True)


def _items_across_baselines(tmp_path: Path) -> list[dict[str, Any]]:
    """Two Sentinel-2-like items of one asset, offset 0 then -0.1 (across baseline 04.00)."""
    from rasterio.transform import from_origin

    t = from_origin(500000, 5000000, 10, 10)
    items = []
    for i, offset in enumerate((0.0, -0.1)):
        path = tmp_path / f"b04_{i}.tif"
        _tif(path, _ramp(20, 2000 + 100 * i, "uint16"), t)
        items.append(_item(f"S{i}", {"red": {"href": str(path), "raster:bands": [
            {"data_type": "uint16", "nodata": 0, "scale": 1e-4, "offset": offset}]}},
            **{"proj:transform": list(t)[:6], "proj:shape": [20, 20]}))
    return items


@pytest.mark.parametrize("table", ["items.json", "items.parquet"])
def test_items_of_different_scales_are_not_scaled_with_the_first(tmp_path: Path,
                                                                  table: str) -> None:
    # Sentinel-2 items across processing baseline 04.00: offset 0, then -0.1; every item was
    # scaled with the first's (the later scenes 0.1 reflectance off, without a word)
    items = _items_across_baselines(tmp_path)
    source = (write_collection(tmp_path / table, items) if table.endswith(".json")
              else save_items(items, tmp_path / table))
    with pytest.raises(InvalidDataError, match=r"different scales or offsets"):
        StacDataset(source, assets=["red"])
    StacDataset(source, assets=["red"], keep_dtype=True)  # the stored numbers: no scale
    same = [items[0], {**items[1], "assets": {"red": {**items[1]["assets"]["red"],
                                                      "raster:bands": items[0]["assets"]["red"][
                                                          "raster:bands"]}}}]
    one = (write_collection(tmp_path / f"one_{table}", same) if table.endswith(".json")
           else save_items(same, tmp_path / f"one_{table}"))
    assert StacDataset(one, assets=["red"]).band_offset.tolist() == [0.0]


@pytest.mark.parametrize("table", ["items.json", "items.parquet"])
def test_items_of_different_nodata_are_refused_unless_one_is_given(tmp_path: Path,
                                                                   table: str) -> None:
    # item A's nodata is 0, item B's 65535: one value (A's) was used for both, and B's
    # 65535s were mosaicked over A's valid pixels
    from rasterio.transform import from_origin

    t = from_origin(500000, 5000000, 10, 10)
    items = []
    for i, nodata in enumerate((0, 65535)):
        path = tmp_path / f"b04_{i}.tif"
        data = _ramp(20, 2000 + 100 * i, "uint16")
        data[:, :5] = nodata
        _tif(path, data, t)
        items.append(_item(f"S{i}", {"red": {"href": str(path), "raster:bands": [
            {"data_type": "uint16", "nodata": nodata}]}},
            **{"proj:transform": list(t)[:6], "proj:shape": [20, 20]}))
    source = (write_collection(tmp_path / table, items) if table.endswith(".json")
              else save_items(items, tmp_path / table))
    with pytest.raises(InvalidDataError, match=r"different nodata values"):
        StacDataset(source, assets=["red"], keep_dtype=True)

    class Items(StacDataset):
        nodata = 0  # the user's one value

    Items(source, assets=["red"], keep_dtype=True)


def test_a_cached_table_still_knows_its_items_scales_differ(tmp_path: Path) -> None:
    # the cache of a GeoParquet table forgot mixed scales: the first open refused, the
    # second (a re-run, every DataLoader worker) scaled every item with the first's
    items = _items_across_baselines(tmp_path)
    source = save_items(items, tmp_path / "items.parquet")
    StacDataset(source, assets=["red"], keep_dtype=True)  # builds and caches the table
    for _ in range(2):
        with pytest.raises(InvalidDataError, match=r"different scales or offsets"):
            StacDataset(source, assets=["red"])


@pytest.mark.parametrize("table", ["items.json", "items.parquet"])
def test_an_assets_projjson_places_it_in_every_table(tmp_path: Path, table: str) -> None:
    # the GeoParquet path ignored an asset's proj:projjson and placed the asset in the item's
    # CRS, about 600 km away from where the JSON path (and the file) put it
    import json

    from pyproj import CRS
    from rasterio.transform import from_origin

    t = from_origin(500000, 5000000, 10, 10)
    path = tmp_path / "b04.tif"
    _tif(path, _ramp(20, 2000, "uint16"), t)  # EPSG:32631
    projjson = json.loads(CRS.from_epsg(32631).to_json())
    items = [_item("S0", {"red": {"href": str(path), "proj:projjson": projjson}},
                   **{"proj:code": "EPSG:32632", "proj:transform": list(t)[:6],
                      "proj:shape": [20, 20]})]
    source = (write_collection(tmp_path / table, items) if table.endswith(".json")
              else save_items(items, tmp_path / table))
    ds = StacDataset(source, assets=["red"], keep_dtype=True)
    assert ds.crs.to_epsg() == 32631
    q = BoundingBox(500000, 500200, 4999800, 5000000)
    np.testing.assert_array_equal(ds[q]["image"][0].numpy(), _ramp(20, 2000, "uint16"))


@pytest.mark.parametrize("wrong", ["transform", "shape", "crs", "data_type"])
def test_items_whose_fields_are_not_their_files_are_refused(tmp_path: Path,
                                                           wrong: str) -> None:
    # the reads are planned from the items' fields: a stale proj:transform read every pixel
    # misplaced, a proj:shape of half the file cut it, a narrower data_type wrapped values
    from rasterio.transform import from_origin

    t = from_origin(500000, 5000000, 10, 10)
    path = tmp_path / "b04.tif"
    _tif(path, _ramp(20, 2000, "uint16"), t)  # EPSG:32631, 20 x 20, uint16
    fields: dict[str, Any] = {"proj:transform": list(t)[:6], "proj:shape": [20, 20]}
    band = {"data_type": "uint16"}
    if wrong == "transform":
        fields["proj:transform"] = list(from_origin(500100, 5000000, 10, 10))[:6]
    elif wrong == "shape":
        fields["proj:shape"] = [10, 20]
    elif wrong == "crs":
        fields["proj:code"] = "EPSG:32632"
    else:
        band = {"data_type": "uint8"}
    items = [_item("S0", {"red": {"href": str(path), "raster:bands": [band]}}, **fields)]
    ds = StacDataset(write_collection(tmp_path / "items.json", items), assets=["red"],
                     keep_dtype=True)
    b = ds.bounds
    with pytest.raises(InvalidDataError, match=r"STAC item 'S0', asset 'red': the item says"):
        ds[BoundingBox(b.minx, b.minx + 100, b.maxy - 100, b.maxy)]


def test_a_scene_across_the_antimeridian_is_refused_in_degrees(tmp_path: Path) -> None:
    # a UTM zone 1 scene over 180 degrees: in EPSG:4326 its box spanned every longitude, and
    # almost every patch drawn in it was empty; in its own CRS it is read as usual
    from rasterio.transform import from_origin

    t = from_origin(166_000, 7_300_000, 5000, 5000)  # zone 1 west edge, about 65 N
    path = tmp_path / "am.tif"
    with rasterio.open(path, "w", driver="GTiff", width=60, height=60, count=1,
                       dtype="uint16", crs="EPSG:32601", transform=t) as dst:
        dst.write(_ramp(60, 1000, "uint16")[None])
    with pytest.raises(InvalidDataError, match="crosses the antimeridian"):
        RasterDataset(str(tmp_path), crs="EPSG:4326", res=0.01)
    assert RasterDataset(str(tmp_path)).crs.to_epsg() == 32601
    items = [_item("AM", {"b": {"href": str(path)}},
                   **{"proj:code": "EPSG:32601", "proj:transform": list(t)[:6],
                      "proj:shape": [60, 60]})]
    source = write_collection(tmp_path / "items.json", items)
    with pytest.raises(InvalidDataError, match="crosses the antimeridian"):
        StacDataset(source, assets=["b"], crs="EPSG:4326", res=0.01)
    assert StacDataset(source, assets=["b"]).crs.to_epsg() == 32601

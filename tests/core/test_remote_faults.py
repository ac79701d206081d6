"""Remote reads that survive a bad network: a DataLoader pass over COGs served by a real HTTP
server that fails some requests (HTTP 503) and drops some connections mid-response.

The expected values are the local files read with rasterio; every sample must equal them (a
fault may slow a sample down, never change it or lose it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import rasterio
from torch.utils.data import DataLoader

from geoplug.core import ReadAheadDataset, handles
from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import UnreadableFileError
from geoplug.core.raster import RasterDataset
from geoplug.core.stac import StacDataset
from geoplug.core.testing.http import LocalHTTPServer
from geoplug.core.testing.rasters import SceneSet
from geoplug.core.testing.stac import stac_items, write_stac_scenes
from testkit.stac_api import optional

BANDS = ("B02", "B03", "B04")
SAMPLES = 1000
PATCH = 48


@pytest.fixture
def scenes(tmp_path: Path) -> SceneSet:
    return write_stac_scenes(tmp_path / "cogs", bands=BANDS, count=3, size=384, blocksize=128)


@pytest.fixture
def faulty(scenes: SceneSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
           ) -> Iterator[LocalHTTPServer]:
    root = tmp_path / "served"
    root.mkdir()
    for path in scenes.files:
        shutil.copy(path, root / path.name)
    # small caches, so that the pass keeps fetching ranges instead of reading memory
    monkeypatch.setenv("GDAL_CACHEMAX", "100000")  # bytes: about 3 tiles
    monkeypatch.setenv("CPL_VSIL_CURL_CACHE_SIZE", "262144")
    monkeypatch.setenv("VSI_CACHE", "FALSE")
    monkeypatch.setenv("GDAL_HTTP_RETRY_DELAY", "0.01")
    handles.clear()
    with LocalHTTPServer(root, fail_rate=0.02, drop_rate=0.02, latency=0.001, seed=7) as server:
        yield server
    handles.clear()


def queries(scenes: SceneSet, n: int, seed: int = 0) -> list[BoundingBox]:
    """``n`` pixel-aligned patches, each inside one scene."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        scene = scenes.scenes[int(rng.integers(len(scenes.scenes)))]
        col, row = (int(v) for v in rng.integers(0, scene.width - PATCH, size=2))
        a, _, c, _, e, f = scene.transform
        out.append(BoundingBox(c + col * a, c + (col + PATCH) * a, f + (row + PATCH) * e,
                               f + row * e, -np.inf, np.inf))
    return out


def test_dataloader_pass_over_a_faulty_server_equals_local_reads(
        scenes: SceneSet, faulty: LocalHTTPServer) -> None:
    local = {}
    for scene in scenes.scenes:
        stack = []
        for path in scene.paths:
            with rasterio.open(path) as src:
                stack.append(src.read(1))
        local[scene.index] = (scene.transform, np.stack(stack))
    ds = StacDataset(stac_items(scenes, base_url=faulty.url), assets=list(BANDS),
                     keep_dtype=True)
    boxes = queries(scenes, SAMPLES)
    # collate_fn=list keeps the samples as they are (each is checked on its own); a builtin,
    # so spawned workers can unpickle it without importing this test module
    loader = DataLoader(ds, sampler=boxes, batch_size=10, num_workers=2, collate_fn=list,
                        multiprocessing_context="spawn")
    seen = 0
    for batch in loader:
        for sample in batch:
            query = sample["bounds"]
            for (a, _, c, _, e, f), data in local.values():
                col, row = round((query.minx - c) / a), round((query.maxy - f) / e)
                if 0 <= col <= data.shape[2] - PATCH and 0 <= row <= data.shape[1] - PATCH:
                    expected = data[:, row:row + PATCH, col:col + PATCH]
                    break
            image = sample["image"].numpy()
            assert image.dtype == np.uint16 and image.shape == (3, PATCH, PATCH)
            np.testing.assert_array_equal(image, expected)
            seen += 1
    assert seen == SAMPLES
    statuses = [r.status for r in faulty.stats.requests]
    assert statuses.count(503) >= 5  # the faults did happen, and were survived
    assert faulty.stats.dropped >= 5
    assert statuses.count(206) > 100


def test_raster_dataset_over_urls_survives_a_faulty_server(
        scenes: SceneSet, faulty: LocalHTTPServer) -> None:
    """Retries live where every remote read goes, not in StacDataset: a plain RasterDataset
    given URLs gets them too (its header reads included), also read ahead across batches
    (ReadAheadDataset: the workers split the patches, eight reads in flight each)."""
    local = {}
    for scene in scenes.scenes:
        with rasterio.open(scene.paths[BANDS.index("B04")]) as src:
            local[scene.index] = (scene.transform, src.read())
    urls = [f"{faulty.url}/{Path(scene.paths[BANDS.index('B04')]).name}"
            for scene in scenes.scenes]
    ds = RasterDataset(urls, keep_dtype=True, cache=False)
    assert len(ds) == len(scenes.scenes)
    loader = DataLoader(ReadAheadDataset(ds, queries(scenes, SAMPLES, seed=1), depth=8),
                        batch_size=10, num_workers=2, collate_fn=list,
                        multiprocessing_context="spawn")
    seen = 0
    for batch in loader:
        for sample in batch:
            query = sample["bounds"]
            for (a, _, c, _, e, f), data in local.values():
                col, row = round((query.minx - c) / a), round((query.maxy - f) / e)
                if 0 <= col <= data.shape[2] - PATCH and 0 <= row <= data.shape[1] - PATCH:
                    expected = data[:, row:row + PATCH, col:col + PATCH]
                    break
            image = sample["image"].numpy()
            assert image.dtype == np.uint16 and image.shape == (1, PATCH, PATCH)
            np.testing.assert_array_equal(image, expected)
            seen += 1
    assert seen == SAMPLES
    assert faulty.stats.dropped >= 5  # connections were cut, and the reads still came back
    assert [r.status for r in faulty.stats.requests].count(503) >= 5


def test_raster_dataset_names_a_url_that_is_gone(scenes: SceneSet, faulty: LocalHTTPServer
                                                 ) -> None:
    """A permanent failure (the file deleted from the server: 404) is not retried forever: it
    raises UnreadableFileError naming the URL."""
    faulty.fail_rate = faulty.drop_rate = 0.0
    scene = scenes.scenes[2]
    name = Path(scene.paths[0]).name
    ds = RasterDataset(f"{faulty.url}/{name}", keep_dtype=True, cache=False)
    (faulty.root / name).unlink()
    a, _, c, _, e, f = scene.transform
    with pytest.raises(UnreadableFileError, match=name) as caught:
        ds[BoundingBox(c, c + 32 * a, f + 32 * e, f, -np.inf, np.inf)]
    assert caught.value.path == f"{faulty.url}/{name}"


# -- object storage ------------------------------------------------------------------------------
@pytest.fixture
def s3_bucket(scenes: SceneSet, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A bucket on moto's standalone S3 server (a real HTTP server speaking S3) holding the
    scenes; GDAL's /vsis3/ client is pointed at it through the environment."""
    moto_server = optional("moto.server")  # the test server; required in CI
    boto3 = optional("boto3")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    for key, value in {"AWS_ACCESS_KEY_ID": "geoplug", "AWS_SECRET_ACCESS_KEY": "geoplug",
                       "AWS_REGION": "us-east-1", "AWS_S3_ENDPOINT": f"{host}:{port}",
                       "AWS_HTTPS": "NO", "AWS_VIRTUAL_HOSTING": "FALSE"}.items():
        monkeypatch.setenv(key, value)
    client = boto3.client("s3", endpoint_url=f"http://{host}:{port}", region_name="us-east-1")
    client.create_bucket(Bucket="scenes")
    for path in scenes.files:
        client.upload_file(str(path), "scenes", f"cogs/{path.name}")
    handles.clear()
    try:
        yield "s3://scenes/cogs"
    finally:
        handles.clear()
        server.stop()


def test_a_table_in_a_bucket_resolves_relative_hrefs_in_that_bucket(
        scenes: SceneSet, s3_bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # s3://scenes/items.parquet lists "cogs/<file>": the assets are s3://scenes/cogs/<file>,
    # not files of that name in the working directory (urljoin knows no s3://)
    from geoplug.core.stac_index import save_items

    boto3 = optional("boto3")
    items = stac_items(scenes)
    for item in items:
        for asset in item["assets"].values():
            asset["href"] = "cogs/" + Path(asset["href"]).name
    table = save_items(items, tmp_path / "items.parquet")
    endpoint = f"http://{os.environ['AWS_S3_ENDPOINT']}"  # the fixture's server
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)  # where pyarrow reads the table from
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").upload_file(
        str(table), "scenes", "items.parquet")
    decoy = tmp_path / "cwd" / "cogs"
    decoy.mkdir(parents=True)
    for path in scenes.files:  # same names, other pixels, where a relative href would land
        shutil.copy(scenes.files[0], decoy / path.name)
    monkeypatch.chdir(tmp_path / "cwd")
    ds = StacDataset("s3://scenes/items.parquet", assets=["B04"], keep_dtype=True)
    assert all(f.startswith(f"{s3_bucket}/") for f in ds.files)
    scene = scenes.scenes[1]
    a, _, c, _, e, f = scene.transform
    image = ds[BoundingBox(c + 100 * a, c + 164 * a, f + 290 * e, f + 250 * e, -np.inf,
                           np.inf)]["image"].numpy()
    with rasterio.open(scene.paths[BANDS.index("B04")]) as src:
        np.testing.assert_array_equal(image[0], src.read(1, window=((250, 290), (100, 164))))


def test_s3_assets_read_the_same_values(scenes: SceneSet, s3_bucket: str) -> None:
    ds = StacDataset(stac_items(scenes, base_url=s3_bucket), assets=["B04", "B02"],
                     keep_dtype=True)
    scene = scenes.scenes[1]
    a, _, c, _, e, f = scene.transform
    image = ds[BoundingBox(c + 100 * a, c + 164 * a, f + 290 * e, f + 250 * e, -np.inf,
                           np.inf)]["image"].numpy()
    for k, band in enumerate(("B04", "B02")):
        with rasterio.open(scene.paths[BANDS.index(band)]) as src:
            expected = src.read(1, window=((250, 290), (100, 164)))
        np.testing.assert_array_equal(image[k], expected)
    missing = stac_items(scenes, base_url=s3_bucket + "/nowhere")[1:2]
    with pytest.raises(UnreadableFileError, match="fake-s2-01") as caught:
        StacDataset(missing, assets=["B04"])[BoundingBox(c, c + 100, f - 100, f, -np.inf,
                                                         np.inf)]
    assert "s3://scenes/cogs/nowhere/scene_01_B04.tif" in str(caught.value)

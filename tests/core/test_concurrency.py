"""A batch's samples read by several threads at once (geoplug.core.concurrency): the same
samples, in the same order, as read one by one; requests that really overlap; each thread on
its own file handles; errors raised as a serial read raises them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from torch.utils.data import DataLoader

from geoplug.core import handles
from geoplug.core.bbox import BoundingBox
from geoplug.core.concurrency import REMOTE_READ_THREADS, map_ordered
from geoplug.core.errors import QueryOutsideDataError
from geoplug.core.raster import RasterDataset
from geoplug.core.samplers import RandomGeoSampler
from geoplug.core.testing.http import LocalHTTPServer
from geoplug.core.testing.rasters import write_geotiff_scenes
from geoplug.core.vector import VectorDataset

PATCH = 32


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[list[str], LocalHTTPServer]]:
    scenes = write_geotiff_scenes(tmp_path / "cogs", count=2, size=128, tiled=True,
                                  blocksize=32)
    handles.clear()
    with LocalHTTPServer(tmp_path / "cogs", latency=0.02) as server:
        yield [f"{server.url}/{Path(p).name}" for p in scenes.files], server
    handles.clear()


def boxes(ds: RasterDataset, n: int) -> list[BoundingBox]:
    return list(RandomGeoSampler(ds, PATCH, n, seed=3))


def test_urls_are_read_by_threads_and_local_files_one_by_one(
        served: tuple[list[str], LocalHTTPServer], tmp_path: Path) -> None:
    urls, _ = served
    remote = RasterDataset(urls, keep_dtype=True, cache=False)
    local = RasterDataset(str(tmp_path / "cogs"), keep_dtype=True, cache=False)
    assert remote.read_threads == REMOTE_READ_THREADS
    assert local.read_threads == 1
    assert (remote & local).read_threads == REMOTE_READ_THREADS
    assert (local | remote).read_threads == REMOTE_READ_THREADS
    local.read_threads = 4  # a user may ask for threads on local files too
    assert local.read_threads == 4


def test_threaded_batch_equals_serial_reads_in_order(
        served: tuple[list[str], LocalHTTPServer]) -> None:
    urls, server = served
    ds = RasterDataset(urls, keep_dtype=True, cache=False)
    queries = boxes(ds, 16)
    ds.read_threads = 1
    serial = ds.__getitems__(queries)
    alone = server.stats.most_in_flight  # GDAL's own parallel ranges within one window
    ds.read_threads = 8
    server.stats.reset()
    handles.clear()
    threaded = ds.__getitems__(queries)
    assert server.stats.most_in_flight > alone  # the threads' requests overlapped
    assert [s["bounds"] for s in threaded] == queries
    for one, other in zip(serial, threaded):
        np.testing.assert_array_equal(one["image"].numpy(), other["image"].numpy())
    assert len({s["image"].numpy().tobytes() for s in threaded}) == len(queries)


def test_dataloader_workers_read_their_batches_with_threads(
        served: tuple[list[str], LocalHTTPServer]) -> None:
    urls, server = served
    ds = RasterDataset(urls, keep_dtype=True, cache=False)
    queries = boxes(ds, 24)
    expected = [ds[q]["image"].numpy() for q in queries]
    peaks = []
    for threads in (1, REMOTE_READ_THREADS):
        ds.read_threads = threads
        server.stats.reset()
        loader = DataLoader(ds, sampler=queries, batch_size=8, num_workers=2,
                            collate_fn=list, multiprocessing_context="spawn")
        samples = [s for batch in loader for s in batch]
        assert [s["bounds"] for s in samples] == queries
        for sample, want in zip(samples, expected):
            np.testing.assert_array_equal(sample["image"].numpy(), want)
        peaks.append(server.stats.most_in_flight)
    assert peaks[1] > peaks[0]  # the workers' threads asked more at once than the workers


def test_an_error_in_a_batch_is_raised_as_a_serial_read_raises_it(
        served: tuple[list[str], LocalHTTPServer]) -> None:
    urls, _ = served
    ds = RasterDataset(urls, keep_dtype=True, cache=False)
    queries = boxes(ds, 6)
    b = ds.bounds
    outside = BoundingBox(b.maxx + 1000, b.maxx + 2000, b.miny, b.miny + 1000, b.mint, b.maxt)
    with pytest.raises(QueryOutsideDataError, match="does not intersect"):
        ds.__getitems__([*queries[:3], outside, *queries[3:]])


def test_each_thread_reads_through_its_own_handles(tmp_path: Path) -> None:
    scenes = write_geotiff_scenes(tmp_path, count=1, size=64)
    path = str(scenes.files[0])
    handles.clear()
    mine = handles.read_handle(path)
    assert handles.read_handle(path) is mine  # cached for this thread
    theirs: list[object] = []
    worker = threading.Thread(target=lambda: theirs.append(handles.read_handle(path)))
    worker.start()
    worker.join()
    assert theirs and theirs[0] is not mine  # another thread never shares a GDAL handle
    assert handles.open_files() == 1
    handles.clear()


def test_map_ordered_keeps_order_and_hands_back_errors() -> None:
    def half(x: int) -> float:
        if x == 3:
            raise ValueError("three")
        return x / 2

    results = map_ordered(half, list(range(6)), threads=4)
    assert results[:3] == [0.0, 0.5, 1.0] and results[4:] == [2.0, 2.5]
    assert isinstance(results[3], ValueError) and str(results[3]) == "three"
    assert map_ordered(half, [4], threads=4) == [2.0]


def test_read_threads_refuses_bad_values(served: tuple[list[str], LocalHTTPServer],
                                         tmp_path: Path) -> None:
    urls, _ = served
    ds = RasterDataset(urls, keep_dtype=True, cache=False)
    for bad in (0, -2, 1.5, True):
        with pytest.raises(ValueError, match="whole number >= 1"):
            ds.read_threads = bad  # type: ignore[assignment]
    import fiona

    shapes = tmp_path / "shapes.geojson"
    schema = {"geometry": "Polygon", "properties": {"label": "int"}}
    with fiona.open(shapes, "w", driver="GeoJSON", crs="EPSG:32631", schema=schema) as dst:
        dst.write({"geometry": {"type": "Polygon", "coordinates": [[
            (500000, 0), (500100, 0), (500100, 100), (500000, 100), (500000, 0)]]},
            "properties": {"label": 1}})
    vector = VectorDataset(str(shapes), res=10)
    assert vector.read_threads == 1
    with pytest.raises(ValueError, match="thread_safe_reads is False"):
        vector.read_threads = 2


def test_threads_that_read_headers_or_samples_never_exit(
        served: tuple[list[str], LocalHTTPServer]) -> None:
    """A thread that exits closes its PROJ database after Python's join returns; a DataLoader
    forking its workers then could copy SQLite's locked mutex into them, and they hung on
    their first CRS lookup (reproduced within 150 builds of a dataset, each followed by a fork). So
    headers and batches are read by the process's lasting pool, whose threads stay."""
    urls, _ = served
    RasterDataset(urls, keep_dtype=True, cache=False)  # headers of URLs: read by threads
    readers = [t for t in threading.enumerate() if t.name.startswith("geoplug-read")]
    assert readers
    ds = RasterDataset(urls, keep_dtype=True, cache=False)
    ds.__getitems__(boxes(ds, 8))
    ds.read_threads = 2  # a smaller pool, then a larger one: none is shut down
    ds.__getitems__(boxes(ds, 8))
    ds.read_threads = 24
    ds.__getitems__(boxes(ds, 8))
    assert all(t.is_alive() for t in readers)
    assert len([t for t in threading.enumerate() if t.name.startswith("geoplug-read")]) >= len(
        readers)

"""The per-process handle cache: a rewritten or replaced raster is read anew, never stale."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine

from fakedata import geo
from fakedata.geo import Landsat8
from geoplug.core import handles
from geoplug.core.bbox import BoundingBox
from geoplug.core.raster import RasterDataset

X0, Y0, RES = 500_000.0, 4_400_000.0, 30.0


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))


def pattern(size: int, seed: int) -> np.ndarray:
    """uint16 values that vary across the raster and between ``seed``s (never equal)."""
    rows, cols = np.mgrid[0:size, 0:size]
    return (1000 * seed + 37 * rows + 3 * cols + 1).astype(np.uint16)


def write(path: Path, data: np.ndarray) -> None:
    """A single-band GeoTIFF whose upper-left corner is always (X0, Y0)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[1], height=data.shape[0],
                       count=1, dtype=data.dtype, crs="EPSG:32615",
                       transform=Affine(RES, 0, X0, 0, -RES, Y0)) as dst:
        dst.write(data, 1)


def whole(size: int) -> BoundingBox:
    return BoundingBox(X0, X0 + size * RES, Y0 - size * RES, Y0)


def later() -> None:
    """Let the file system's coarse mtime clock tick, as it has when a user rewrites a file."""
    time.sleep(0.02)


def rewrite(path: Path, data: np.ndarray, how: str, staging: Path) -> None:
    """Give ``path`` the content ``data`` the way ``how`` says a user might."""
    inode = path.stat().st_ino
    if how == "updated in place":  # same size, same file
        with rasterio.open(path, "r+") as dst:
            dst.write(data, 1)
        assert path.stat().st_ino == inode
        return
    write(staging, data)
    if how.startswith("os.replace"):
        os.replace(staging, path)
        assert path.stat().st_ino != inode
    elif how == "recreated by GDAL":  # rasterio's "w" mode deletes the file and creates it
        write(path, data)
    else:  # the same file truncated and filled with other bytes
        with open(path, "r+b") as f:
            f.truncate(0)
            f.write(staging.read_bytes())
        assert path.stat().st_ino == inode


@pytest.mark.parametrize("cache", [True, False])
@pytest.mark.parametrize("how", ["updated in place", "rewritten in place, larger",
                                 "recreated by GDAL", "os.replace", "os.replace, smaller"])
def test_a_rewritten_raster_is_read_anew(tmp_path: Path, how: str, cache: bool) -> None:
    path = tmp_path / "data" / "scene.tif"
    old = pattern(16, seed=1)
    write(path, old)
    first = RasterDataset(tmp_path / "data", keep_dtype=True, cache=cache)
    np.testing.assert_array_equal(first[whole(16)]["image"][0].numpy(), old)

    size = {"rewritten in place, larger": 24, "os.replace, smaller": 8}.get(how, 16)
    new = pattern(size, seed=2)
    later()
    rewrite(path, new, how, tmp_path / "staging" / "scene.tif")

    second = RasterDataset(tmp_path / "data", keep_dtype=True, cache=cache)
    assert (second.bounds.minx, second.bounds.maxx, second.bounds.miny,
            second.bounds.maxy) == tuple(whole(size))[:4]
    np.testing.assert_array_equal(second[whole(size)]["image"][0].numpy(), new)
    # a window of the new file, away from the corner
    q = BoundingBox(X0 + 2 * RES, X0 + 6 * RES, Y0 - 7 * RES, Y0 - 3 * RES)
    np.testing.assert_array_equal(second[q]["image"][0].numpy(), new[3:7, 2:6])


def test_a_file_replaced_on_its_server_is_read_anew_by_a_new_dataset(tmp_path: Path) -> None:
    # GDAL's cached blocks and the cached handle outlived the first dataset: the second read
    # the old file's pixels where they were cached, the new one's elsewhere
    from geoplug.core.testing.http import LocalHTTPServer

    def tiled(path: Path, data: np.ndarray) -> None:
        staging = path.with_suffix(".new")
        with rasterio.open(staging, "w", driver="GTiff", width=64, height=64, count=1,
                           dtype="uint16", crs="EPSG:32615", tiled=True, blockxsize=16,
                           blockysize=16, transform=Affine(RES, 0, X0, 0, -RES, Y0)) as dst:
            dst.write(data, 1)
        os.replace(staging, path)

    served = tmp_path / "served"
    served.mkdir()
    tiled(served / "scene.tif", pattern(64, seed=1))
    corner = BoundingBox(X0, X0 + 16 * RES, Y0 - 16 * RES, Y0)
    with LocalHTTPServer(served) as server:
        url = f"{server.url}/scene.tif"
        first = RasterDataset([url], keep_dtype=True, cache=False)
        np.testing.assert_array_equal(first[corner]["image"][0].numpy(),
                                      pattern(64, seed=1)[:16, :16])
        tiled(served / "scene.tif", pattern(64, seed=2))
        second = RasterDataset([url], keep_dtype=True, cache=False)
        np.testing.assert_array_equal(second[corner]["image"][0].numpy(),
                                      pattern(64, seed=2)[:16, :16])
        np.testing.assert_array_equal(second[whole(64)]["image"][0].numpy(),
                                      pattern(64, seed=2))
    handles.clear()


def test_a_rewritten_band_file_of_a_scene_is_read_anew(tmp_path: Path) -> None:
    # the band files of a scene are read together through one stacked handle
    scene = geo.landsat8_scene(tmp_path, size=16)
    before = Landsat8(tmp_path, keep_dtype=True)
    q = BoundingBox(scene.transform.c, scene.transform.c + 16 * 30,
                    scene.transform.f - 16 * 30, scene.transform.f)
    old = before[q]["image"].numpy()
    band3 = scene.files[2]
    with rasterio.open(band3) as src:
        profile = src.profile
        new = src.read(1) // 2 + 7  # other values, still varying in space
    later()
    with rasterio.open(band3, "w", **profile) as dst:
        dst.write(new, 1)

    image = Landsat8(tmp_path, keep_dtype=True)[q]["image"].numpy()
    np.testing.assert_array_equal(image[2], new)
    assert not np.array_equal(image[2], old[2])
    np.testing.assert_array_equal(np.delete(image, 2, axis=0), np.delete(old, 2, axis=0))


def test_reads_between_constructions_stat_nothing(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "data" / "scene.tif"
    data = pattern(16, seed=3)
    write(path, data)
    ds = RasterDataset(tmp_path / "data", keep_dtype=True)
    ds[whole(16)]  # the handle is open and cached
    RasterDataset(tmp_path / "data", keep_dtype=True)  # a new dataset: handles re-validate

    real_stat = os.stat
    stats: list[str] = []

    def counting_stat(p: object, *args: object, **kwargs: object) -> os.stat_result:
        if os.fspath(p) == str(path):  # type: ignore[arg-type]
            stats.append(str(p))
        return real_stat(p, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", counting_stat)
    for _ in range(5):
        np.testing.assert_array_equal(ds[whole(16)]["image"][0].numpy(), data)
    assert len(stats) == 1  # once, at the first lookup after the new dataset indexed the file


def test_handle_cache_reopens_only_changed_files(tmp_path: Path) -> None:
    a, b = tmp_path / "a.tif", tmp_path / "b.tif"
    write(a, pattern(8, seed=4))
    write(b, pattern(8, seed=5))
    handles.clear()
    ha, hb = handles.read_handle(str(a)), handles.read_handle(str(b))
    assert handles.open_files() == 2
    handles.revalidate()  # nothing changed: the same handles
    assert handles.read_handle(str(a)) is ha and handles.read_handle(str(b)) is hb

    later()
    staged = tmp_path / "staging" / "a.tif"
    write(staged, pattern(8, seed=6))
    os.replace(staged, a)
    assert handles.read_handle(str(a)) is ha  # no new dataset yet: no stat, no re-open
    handles.revalidate()
    fresh = handles.read_handle(str(a))
    assert fresh is not ha and ha.closed
    np.testing.assert_array_equal(fresh.read(1), pattern(8, seed=6))
    assert handles.read_handle(str(b)) is hb
    assert handles.open_files() == 2  # the old handle's file was released
    handles.clear()
    assert handles.open_files() == 0


def test_clear_closes_the_handles_of_every_thread(tmp_path: Path) -> None:
    """A read pool's threads keep their own handles; ``clear()`` in another thread makes each
    close them at its next lookup, so none goes on reading through a handle opened before."""
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "a.tif"
    write(path, pattern(8, seed=7))
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(handles.read_handle, str(path)).result()
        assert pool.submit(handles.read_handle, str(path)).result() is first  # cached
        handles.clear()  # in this thread
        again = pool.submit(handles.read_handle, str(path)).result()
        assert again is not first and first.closed
        assert pool.submit(handles.open_files).result() == 1
        np.testing.assert_array_equal(again.read(1), pattern(8, seed=7))


def test_clear_forgets_what_gdal_fetched_of_a_url(tmp_path: Path) -> None:
    """After ``clear()``, a file replaced on its server is read afresh, not from the ranges
    GDAL's network file system fetched of it before (a handle opened anew would read them)."""
    from geoplug.core.testing.http import LocalHTTPServer

    served = tmp_path / "served"
    served.mkdir()
    write(served / "a.tif", pattern(8, seed=7))
    with LocalHTTPServer(served) as server:
        url = f"{server.url}/a.tif"
        np.testing.assert_array_equal(handles.read_handle(url).read(1), pattern(8, seed=7))
        write(served / "b.tif", pattern(8, seed=8))  # the same layout, other pixels
        os.replace(served / "b.tif", served / "a.tif")
        handles.clear()
        np.testing.assert_array_equal(handles.read_handle(url).read(1), pattern(8, seed=8))
    handles.clear()

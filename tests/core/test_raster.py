"""RasterDataset on Landsat-8-like one-file-per-band scenes and a CDL-like mask."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch
from rasterio.windows import Window
from torch.utils.data import DataLoader

from fakedata import geo
from fakedata.geo import Cdl, Landsat8
from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError, QueryOutsideDataError
from geoplug.core.raster import RasterDataset, date_range
from testkit.http import Served


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))






def window_query(scene: geo.Scene, col: int, row: int, size: int) -> BoundingBox:
    t = scene.transform
    return BoundingBox(t.c + col * 30, t.c + (col + size) * 30, t.f - (row + size) * 30,
                       t.f - row * 30)


def raw(scene: geo.Scene, col: int, row: int, size: int) -> np.ndarray:
    out = []
    for path in scene.files:
        with rasterio.open(path) as src:
            out.append(src.read(1, window=Window(col, row, size, size)))
    return np.stack(out)


def test_landsat_sample(tmp_path: Path) -> None:
    scene = geo.landsat8_scene(tmp_path, size=64)
    ds = Landsat8(tmp_path)
    assert ds.crs.to_epsg() == 32615 and ds.res == (30.0, 30.0) and len(ds) == 1
    assert ds.files == [str(scene.files[0])]
    q = window_query(scene, 20, 24, 16)
    sample = ds[q]
    assert set(sample) == {"image", "crs", "bounds"}
    assert sample["image"].dtype == torch.float32 and sample["image"].shape == (7, 16, 16)
    assert sample["bounds"] == q and sample["crs"] == ds.crs
    np.testing.assert_array_equal(sample["image"].numpy(), raw(scene, 20, 24, 16))
    kept = Landsat8(tmp_path, bands=["SR_B5", "SR_B4"], keep_dtype=True)[q]["image"]
    assert kept.dtype == torch.uint16
    np.testing.assert_array_equal(kept.numpy(), raw(scene, 20, 24, 16)[[4, 3]])


def test_dates_from_file_names(tmp_path: Path) -> None:
    geo.landsat8_scene(tmp_path, acquired=date(2023, 6, 15))
    geo.landsat8_scene(tmp_path, acquired=date(2023, 7, 1))
    ds = Landsat8(tmp_path)
    day = datetime(2023, 6, 15, tzinfo=timezone.utc).timestamp()
    assert ds.bounds.mint == day
    assert ds.bounds.maxt == pytest.approx(datetime(2023, 7, 2, tzinfo=timezone.utc).timestamp())
    b = ds.bounds
    june = BoundingBox(b.minx, b.maxx, b.miny, b.maxy, day, day + 3600)
    assert len(list(ds.index.intersection(tuple(june)))) == 1
    july = BoundingBox(b.minx, b.maxx, b.miny, b.maxy).with_time("2023-08-01", "2023-09-01")
    with pytest.raises(QueryOutsideDataError):
        ds[july]
    assert date_range("2023", "%Y")[1] == pytest.approx(
        datetime(2024, 1, 1, tzinfo=timezone.utc).timestamp() - 1e-6)


def test_cdl_mask(tmp_path: Path) -> None:
    path = geo.cdl(tmp_path)
    ds = Cdl(tmp_path)
    assert ds.crs.to_epsg() == 5070
    b = ds.bounds
    sample = ds[BoundingBox(b.minx, b.minx + 600, b.maxy - 900, b.maxy)]
    mask = sample["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (30, 20)
    with rasterio.open(path) as src:
        np.testing.assert_array_equal(mask.numpy(), src.read(1, window=Window(0, 0, 20, 30)))
    assert set(np.unique(mask.numpy())) <= set(geo.CDL_CLASSES)


def test_target_crs_and_default_res(tmp_path: Path) -> None:
    geo.landsat8_scene(tmp_path, size=32)
    ds = Landsat8(tmp_path, crs="EPSG:32616")
    assert ds.crs.to_epsg() == 32616
    assert ds.res[0] == pytest.approx(30, rel=0.05)
    ds.crs = "EPSG:5070"  # re-indexed from cached headers
    assert 1e5 < ds.bounds.minx < 1e6


def test_http_cog_reads_a_small_fraction(http_server: Served) -> None:
    scene = geo.landsat8_scene(http_server.root, size=512, bands=("SR_B4",), cog=True,
                               blocksize=128)
    name = scene.files[0].relative_to(http_server.root).as_posix()
    url = f"{http_server.url}/{name}"

    class Red(RasterDataset):
        filename_glob = "*"

    local = Red(scene.files[0], keep_dtype=True)
    http_server.stats.reset()
    remote = Red(url, keep_dtype=True)
    q = window_query(scene, 300, 200, 32)
    np.testing.assert_array_equal(remote.read(q), local.read(q))
    size = scene.files[0].stat().st_size
    assert http_server.stats.bytes_sent < 0.15 * size


def test_query_outside(tmp_path: Path) -> None:
    geo.landsat8_scene(tmp_path, size=16)
    ds = Landsat8(tmp_path)
    b = ds.bounds
    with pytest.raises(QueryOutsideDataError, match="does not intersect") as info:
        ds[BoundingBox(b.maxx + 1e4, b.maxx + 2e4, b.miny, b.maxy)]
    assert str(b.minx) in str(info.value)
    assert isinstance(info.value, IndexError)


def test_missing_dataset_and_unknown_band(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="filename_glob"):
        Landsat8(tmp_path / "nothing")
    geo.landsat8_scene(tmp_path, size=16)
    with pytest.raises(ValueError, match="unknown band"):
        Landsat8(tmp_path, bands=["B99"])


def test_file_without_crs(tmp_path: Path) -> None:
    path = tmp_path / "nocrs.tif"
    with rasterio.open(path, "w", driver="GTiff", width=8, height=8, count=1, dtype="uint8",
                       transform=rasterio.Affine(30, 0, 1000, 0, -30, 2000)) as dst:
        dst.write(np.ones((1, 8, 8), dtype="uint8"))
    with pytest.raises(InvalidDataError, match="has no CRS"):
        RasterDataset(path)


def test_truncated_file(tmp_path: Path) -> None:
    scene = geo.landsat8_scene(tmp_path, size=64, bands=("SR_B4",), tiled=False)
    path = scene.files[0]
    data = path.read_bytes()
    ds = RasterDataset(path)
    path.write_bytes(data[: len(data) // 2])  # truncated after indexing
    with pytest.raises(InvalidDataError, match="truncated"):
        ds[ds.bounds]
    with pytest.raises(InvalidDataError, match="cannot open raster"):
        path.write_bytes(data[:100])  # header gone
        RasterDataset(path, cache=False)


def test_truncated_band_file_is_named(tmp_path: Path) -> None:
    scene = geo.landsat8_scene(tmp_path, size=128, tiled=False)  # 8 KiB strips
    broken = scene.files[3]
    data = broken.read_bytes()
    broken.write_bytes(data[: len(data) // 2])  # the lower rows of SR_B4 are gone
    ds = Landsat8(tmp_path, keep_dtype=True)  # indexed from SR_B1's header
    top = window_query(scene, 8, 4, 16)  # all bands are read with one stacked handle
    np.testing.assert_array_equal(ds[top]["image"].numpy(), raw(scene, 8, 4, 16))
    with pytest.raises(InvalidDataError, match=r"SR_B4\.TIF.*truncated"):
        ds[window_query(scene, 8, 100, 16)]


def test_open_files_stay_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from geoplug.core import handles

    scenes = geo.landsat8_scenes(tmp_path, size=32, zones=(15,))  # 2 scenes x 7 band files
    handles.clear()
    monkeypatch.setattr(handles, "MAX_HANDLES", 10)  # a scene's stacked handle holds 7 files
    ds = Landsat8(tmp_path, keep_dtype=True)
    fds = Path("/proc/self/fd")
    before = len(list(fds.iterdir())) if fds.is_dir() else 0
    for scene in scenes * 2:
        q = window_query(scene, 4, 4, 8)
        day = datetime.combine(scene.date, datetime.min.time(), tzinfo=timezone.utc)
        q = BoundingBox(q.minx, q.maxx, q.miny, q.maxy, day.timestamp(), day.timestamp())
        np.testing.assert_array_equal(ds[q]["image"].numpy(), raw(scene, 4, 4, 8))
        assert 0 < handles.open_files() <= 10
        if fds.is_dir():  # the descriptors really held (Linux)
            assert len(list(fds.iterdir())) - before <= 10
    handles.clear()
    assert handles.open_files() == 0


def _mapped(paths: list[Path]) -> set[str]:
    """Which of ``paths`` this process has memory-mapped (Linux ``/proc/self/maps``)."""
    maps = Path("/proc/self/maps").read_text()
    return {p.name for p in paths if str(p) in maps}


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("user_setting", [None, "NO"])
def test_uncompressed_files_are_read_through_memory_maps(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user_setting: str | None) -> None:
    from geoplug.core import handles

    if user_setting is not None:
        monkeypatch.setenv("GTIFF_VIRTUAL_MEM_IO", user_setting)
    scene = geo.landsat8_scene(tmp_path, size=64, tiled=True)  # uncompressed tiles
    for path in scene.files:  # only files that cannot be truncated are mapped (no SIGBUS)
        path.chmod(0o444)
    handles.clear()
    ds = Landsat8(tmp_path, keep_dtype=True)
    np.testing.assert_array_equal(ds[window_query(scene, 8, 4, 16)]["image"].numpy(),
                                  raw(scene, 8, 4, 16))
    # GDAL copies windows from the page cache instead of its per-process block cache, unless
    # the user said otherwise
    expected = {p.name for p in scene.files} if user_setting is None else set()
    assert _mapped(scene.files) == expected
    handles.clear()
    assert _mapped(scene.files) == set()  # closing a handle unmaps its file


def test_band_files_of_different_sizes(tmp_path: Path) -> None:
    scene = geo.landsat8_scene(tmp_path, size=32)
    ds = Landsat8(tmp_path)  # indexed from the first band's file
    odd = scene.files[5]
    odd.unlink()
    geo.landsat8_scene(tmp_path / "other", size=40, bands=("SR_B6",))
    next((tmp_path / "other").rglob("*_SR_B6.TIF")).rename(odd)
    with pytest.raises(InvalidDataError, match="must share one grid"):
        ds[window_query(scene, 0, 0, 8)]


def test_mismatched_band_counts(tmp_path: Path) -> None:
    for name, count in (("a.tif", 3), ("b.tif", 4)):
        with rasterio.open(tmp_path / name, "w", driver="GTiff", width=8, height=8,
                           count=count, dtype="uint8", crs="EPSG:32615",
                           transform=rasterio.Affine(30, 0, 1000, 0, -30, 2000)) as dst:
            dst.write(np.ones((count, 8, 8), dtype="uint8"))
    with pytest.raises(InvalidDataError, match="mismatched band counts"):
        RasterDataset(tmp_path)


def test_resolution_units(tmp_path: Path) -> None:
    geo.landsat8_scene(tmp_path, size=16)
    with pytest.raises(InvalidDataError, match="looks like degrees"):
        Landsat8(tmp_path, res=0.00027)
    with pytest.raises(InvalidDataError, match="looks like metres"):
        Landsat8(tmp_path, crs="EPSG:4326", res=30)
    assert Landsat8(tmp_path, crs="EPSG:4326", res=0.0003).res == (0.0003, 0.0003)


def _first_pixel(sample: dict) -> torch.Tensor:
    return sample["image"][:, 0, 0]


@pytest.mark.parametrize("context", ["fork", pytest.param("spawn", marks=pytest.mark.slow)])
def test_dataloader_workers(tmp_path: Path, context: str) -> None:
    scene = geo.landsat8_scene(tmp_path, size=64)
    ds = Landsat8(tmp_path)
    queries = [window_query(scene, c, 30, 8) for c in (20, 28, 36, 44)]
    ds[queries[0]]  # the parent holds a cached handle before forking
    workers = 2 if context == "fork" else 1  # a spawned worker re-imports torch: keep it to one
    loader = DataLoader(ds, sampler=queries, batch_size=2, num_workers=workers,
                        multiprocessing_context=context, collate_fn=list)
    got = [s["image"] for batch in loader for s in batch]
    assert len(got) == len(queries)  # zip below would hide a lost or extra sample
    for q, image in zip(queries, got, strict=True):
        np.testing.assert_array_equal(image.numpy(), ds[q]["image"].numpy())
    # four different windows: comparing equal images proves little if all were the same
    assert len({image.numpy().tobytes() for image in got}) == len(queries)


def test_pickle_roundtrip(tmp_path: Path) -> None:
    scene = geo.landsat8_scene(tmp_path, size=32)
    ds = Landsat8(tmp_path)
    clone = pickle.loads(pickle.dumps(ds))
    q = window_query(scene, 4, 8, 8)
    assert clone.bounds == ds.bounds
    np.testing.assert_array_equal(clone[q]["image"].numpy(), ds[q]["image"].numpy())


def test_integer_masks_of_files_with_nan_nodata_are_refused(tmp_path: Path) -> None:
    # a float label raster with NaN nodata: int64 masks turned the fill into -2**63 "classes"
    # (and a union could never tell them empty); float masks or the files' own dtype read it
    # faithfully
    from rasterio.transform import from_origin

    labels = (np.arange(16).reshape(1, 4, 4) % 3).astype("float32")
    labels[0, 0, 0] = np.nan
    with rasterio.open(tmp_path / "labels.tif", "w", driver="GTiff", width=4, height=4,
                       count=1, dtype="float32", nodata=np.nan, crs="EPSG:32615",
                       transform=from_origin(0, 40, 10, 10)) as dst:
        dst.write(labels)

    class Labels(RasterDataset):
        is_image = False

    with pytest.raises(ValueError, match=r"nodata is NaN .* int64 masks cannot hold"):
        Labels(tmp_path, cache=False)
    q = BoundingBox(0, 40, 0, 40)
    kept = Labels(tmp_path, cache=False, keep_dtype=True)[q]["mask"]
    assert kept.dtype == torch.float32 and torch.isnan(kept[0, 0])

    class Fractions(Labels):
        mask_dtype = "float32"

    floats = Fractions(tmp_path, cache=False)[q]["mask"]
    assert floats.dtype == torch.float32 and torch.isnan(floats[0, 0])
    assert floats[0, 1] == 1 and floats[1, 1] == 2


@pytest.mark.parametrize("defer", [False, True])
def test_band_files_of_several_dtypes_read_in_one_that_holds_them_all(
        tmp_path: Path, defer: bool) -> None:
    # one file per band: a uint8 mask band, uint16 and int16 bands. The dtype was the first
    # chosen band's file's, so 1102 read 255 and -512 read 0
    from rasterio.transform import from_origin

    rows, cols = np.mgrid[0:8, 0:8]
    values = {"MSK": (rows * 8 + cols).astype("uint8"),
              "NIR": (1000 + 100 * rows + cols).astype("uint16"),
              "TMP": (-500 - 10 * rows - cols).astype("int16")}
    for band, data in values.items():
        with rasterio.open(tmp_path / f"scene_{band}.tif", "w", driver="GTiff", width=8,
                           height=8, count=1, dtype=data.dtype, crs="EPSG:32632",
                           transform=from_origin(0, 80, 10, 10)) as dst:
            dst.write(data, 1)

    class Bands(RasterDataset):
        filename_glob = "scene_*.tif"
        filename_regex = r"^scene_(?P<band>[A-Z]+)\.tif$"
        separate_files = True
        all_bands = ("MSK", "NIR", "TMP")

    q = BoundingBox(0, 80, 0, 80)
    for bands in (["MSK", "NIR", "TMP"], ["NIR", "TMP", "MSK"]):
        for keep in (True, False):
            ds = Bands(tmp_path, bands=bands, keep_dtype=keep, cache=False, resampling="nearest",
                       defer_resampling=defer, res=5.0 if defer else None)
            sample = ds[q]
            if defer:
                from geoplug.core.collate import stack_samples
                from geoplug.core.resample import Resample

                sample = {"image": Resample()(stack_samples([sample]))["image"][0]}
            image = sample["image"].numpy()
            for k, band in enumerate(bands):
                expected = values[band].repeat(2, 0).repeat(2, 1) if defer else values[band]
                np.testing.assert_array_equal(image[k], expected)


def test_band_files_of_different_nodata_are_refused_unless_declared(tmp_path: Path) -> None:
    # one file per band: the first band's nodata (0) was used for every band, so B2's 9999s
    # were data, averaged into means and returned by "first"
    from rasterio.transform import from_origin

    rows, cols = np.mgrid[0:8, 0:8]
    for band, nodata in (("B1", 0), ("B2", 9999)):
        data = (100 * rows + cols + 1).astype("uint16")
        data[:, 0] = nodata
        with rasterio.open(tmp_path / f"scene_{band}.tif", "w", driver="GTiff", width=8,
                           height=8, count=1, dtype="uint16", crs="EPSG:32632", nodata=nodata,
                           transform=from_origin(0, 80, 10, 10)) as dst:
            dst.write(data, 1)

    class Bands(RasterDataset):
        filename_glob = "scene_*.tif"
        filename_regex = r"^scene_(?P<band>B\d)\.tif$"
        separate_files = True
        all_bands = ("B1", "B2")

    with pytest.raises(InvalidDataError, match="different nodata values"):
        Bands(tmp_path, cache=False)

    class Declared(Bands):
        nodata = 0

    assert Declared(tmp_path, cache=False)[BoundingBox(0, 80, 0, 80)]["image"].shape == (2, 8, 8)

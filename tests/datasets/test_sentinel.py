"""Sentinel-2 SAFE granules (real JPEG 2000) and Sentinel-1 RTC products."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata.sentinel import s1_product, s2_granule, s2_value
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.datasets.sentinel import Sentinel1, Sentinel2

ORIGIN = (300000.0, 5600040.0)


def _query(size: float = 240.0) -> BoundingBox:
    x0, y0 = ORIGIN
    return BoundingBox(x0 + 120, x0 + 120 + size, y0 - 120 - size, y0 - 120, 0, 2e9)


def _centres(q: BoundingBox, res: float) -> tuple[np.ndarray, np.ndarray]:
    n = round((q.maxx - q.minx) / res)
    cols, rows = np.meshgrid(np.arange(n), np.arange(n))
    return q.minx + (cols + 0.5) * res, q.maxy - (rows + 0.5) * res


def test_l2a_native_files_on_one_10m_grid(tmp_path: Path) -> None:
    s2_granule(tmp_path, level="L2A")
    ds = Sentinel2(tmp_path, bands=["B04", "B05", "B01"], resampling="nearest", cache=False)
    assert ds.crs.to_epsg() == 32632 and ds.res == (10.0, 10.0)
    assert ds.bounds.minx == ORIGIN[0] and ds.bounds.maxy == ORIGIN[1]
    assert ds.bounds.maxx == ORIGIN[0] + 600
    q = _query()
    image = ds[q]["image"]
    assert image.shape == (3, 24, 24) and image.dtype == torch.float32
    xs, ys = _centres(q, 10.0)
    np.testing.assert_array_equal(image[0].numpy(), s2_value(xs, ys, "B04"))
    # B05 comes from its native 20 m file (copies carry +1), nearest onto 10 m
    x20 = ORIGIN[0] + ((xs - ORIGIN[0]) // 20 + 0.5) * 20
    y20 = ORIGIN[1] - ((ORIGIN[1] - ys) // 20 + 0.5) * 20
    np.testing.assert_array_equal(image[1].numpy(), s2_value(x20, y20, "B05"))
    x60 = ORIGIN[0] + ((xs - ORIGIN[0]) // 60 + 0.5) * 60
    y60 = ORIGIN[1] - ((ORIGIN[1] - ys) // 60 + 0.5) * 60
    np.testing.assert_array_equal(image[2].numpy(), s2_value(x60, y60, "B01"))


def test_l2a_defaults_and_date(tmp_path: Path) -> None:
    s2_granule(tmp_path, level="L2A", bands=("B02", "B03", "B04", "B08", "B01", "B05", "B06",
                                             "B07", "B8A", "B09", "B11", "B12"))
    ds = Sentinel2(tmp_path, cache=False)
    assert "B10" not in ds.bands and len(ds.bands) == 12
    assert ds.bounds.mint == datetime(2020, 1, 1, 10, 34, 31).replace(
        tzinfo=__import__("datetime").timezone.utc).timestamp()
    fig = ds.plot(ds[_query()])
    assert fig.axes[0].images[0].get_array().shape == (24, 24, 3)


def test_l1c_layout_and_coarser_target(tmp_path: Path) -> None:
    s2_granule(tmp_path, level="L1C", bands=("B02", "B10"))
    ds = Sentinel2(tmp_path, bands=["B10", "B02"], res=60, resampling="nearest", cache=False)
    q = BoundingBox(ORIGIN[0], ORIGIN[0] + 240, ORIGIN[1] - 240, ORIGIN[1], 0, 2e9)
    image = ds[q]["image"]
    assert image.shape == (2, 4, 4)
    xs, ys = _centres(q, 60.0)
    np.testing.assert_array_equal(image[0].numpy(), s2_value(xs, ys, "B10"))


def test_a_root_of_l1c_and_l2a_needs_a_level_and_reads_that_level_only(tmp_path: Path) -> None:
    # one granule at both levels, same tile and time: L1C top-of-atmosphere and L2A surface
    # reflectance must never be mixed in one mosaic (L1C's name sorted first and won)
    when = datetime(2020, 1, 1, 10, 34, 31)
    s2_granule(tmp_path, level="L1C", when=when)
    s2_granule(tmp_path, level="L2A", when=when, plus=7)
    with pytest.raises(ValueError, match=r"1 Level-1C .* and 1 Level-2A .*level='L1C'"):
        Sentinel2(tmp_path, cache=False)
    q = _query()
    xs, ys = _centres(q, 10.0)
    l2a = Sentinel2(tmp_path, level="L2A", cache=False)
    assert len(l2a) == 1 and len(l2a.bands) == 12 and "B10" not in l2a.bands
    np.testing.assert_array_equal(l2a[q]["image"][l2a.bands.index("B04")].numpy(),
                                  s2_value(xs, ys, "B04") + 7)
    assert Sentinel2.spec.bands_for({"level": "L2A"}).bands == l2a.bands  # what models see
    l1c = Sentinel2(tmp_path, level="L1C", cache=False)
    assert len(l1c) == 1 and len(l1c.bands) == 13
    assert Sentinel2.spec.bands_for({"level": "L1C"}).bands == l1c.bands
    np.testing.assert_array_equal(l1c[q]["image"][l1c.bands.index("B04")].numpy(),
                                  s2_value(xs, ys, "B04"))
    with pytest.raises(ValueError, match="level is 'L1C' or 'L2A'"):
        Sentinel2(tmp_path, level="L2", cache=False)


def test_missing_band_and_missing_data(tmp_path: Path) -> None:
    s2_granule(tmp_path, level="L1C", bands=("B02", "B03"))
    with pytest.raises(InvalidDataError, match="no file for band B04"):
        Sentinel2(tmp_path, bands=["B02", "B04"], cache=False)
    with pytest.raises(DatasetNotFoundError, match="SAFE"):
        Sentinel2(tmp_path / "nothing", cache=False)


def test_sentinel1_rtc_vv_vh(tmp_path: Path) -> None:
    s1_product(tmp_path)
    ds = Sentinel1(tmp_path, cache=False)
    assert ds.bands == ("VV", "VH") and ds.res == (30.0, 30.0)
    q = BoundingBox(ORIGIN[0], ORIGIN[0] + 300, ORIGIN[1] - 600, ORIGIN[1], 0, 2e9)
    image = ds[q]["image"]
    assert image.shape == (2, 20, 10) and image.dtype == torch.float32
    assert image[0, 0, 0].item() == pytest.approx(0.2)
    assert image[1, -1, 0].item() == pytest.approx(0.025)
    with pytest.raises(ValueError, match="mix VV/VH"):
        Sentinel1(tmp_path, bands=["VV", "HV"], cache=False)
    assert len(ds.plot(ds[q]).axes) == 2


def test_sentinel1_plots_decibels_whatever_the_products_scale(tmp_path: Path) -> None:
    # HyP3 writes power, amplitude or dB (the options' second letter): plot() took every
    # product for power, so amplitude showed half the dB and dB products the log of dB
    q = BoundingBox(ORIGIN[0], ORIGIN[0] + 300, ORIGIN[1] - 600, ORIGIN[1], 0, 2e9)
    shown = {}
    for options in ("gpuned", "gauned", "gduned"):
        s1_product(tmp_path / options, options=options)
        ds = Sentinel1(tmp_path / options, cache=False)
        fig = ds.plot(ds[q])
        shown[ds.scale] = np.asarray(fig.axes[0].images[0].get_array())
    assert set(shown) == {"power", "amplitude", "dB"}
    np.testing.assert_allclose(shown["power"][0, 0], 10 * np.log10(0.2), rtol=1e-5)
    for scale in ("amplitude", "dB"):
        np.testing.assert_allclose(shown[scale], shown["power"], rtol=1e-5, atol=1e-5)
    s1_product(tmp_path / "gpuned", options="gauned", when=datetime(2020, 2, 1))
    with pytest.raises(ValueError, match="several scales"):
        Sentinel1(tmp_path / "gpuned", cache=False)


@pytest.mark.parametrize("merge", ["first", "mean"])
def test_sentinel1_db_products_keep_their_own_nodata(tmp_path: Path, merge: str) -> None:
    # HyP3 fills a dB product's no data with float32's minimum (0 dB, power 1, is a value):
    # with nodata 0 forced, the edge came out as -3.4e38 and 0 dB pixels were dropped
    import rasterio

    low = float(np.finfo(np.float32).min)
    first = s1_product(tmp_path, options="gduned", pols=("VV",))[0]
    s1_product(tmp_path, options="gduned", pols=("VV",), when=datetime(2020, 2, 1, 5, 42, 17))
    with rasterio.open(first, "r+") as dst:
        data = dst.read(1)
        data[:, :3] = low  # the first scene's edge
        data[15, 5] = 0.0  # a bright target
        dst.write(data, 1)
    ds = Sentinel1(tmp_path, bands=["VV"], merge=merge, resampling="nearest", cache=False)
    q = BoundingBox(ORIGIN[0], ORIGIN[0] + 600, ORIGIN[1] - 600, ORIGIN[1], 0, 2e9)
    image = ds[q]["image"][0].numpy()
    later = np.full((20, 20), 10 * np.log10(0.05), dtype=np.float32)
    later[:10] = 10 * np.log10(0.2)
    np.testing.assert_allclose(image[:, :3], later[:, :3], rtol=1e-6)  # the later scene's
    assert image[15, 5] == pytest.approx(0.0 if merge == "first" else later[15, 5] / 2)
    np.testing.assert_allclose(image[:, 6:], later[:, 6:], rtol=1e-6)


def test_sentinel1_hyp3_zip_is_extracted(tmp_path: Path) -> None:
    """HyP3 delivers ``<product>.zip`` holding ``<product>/``; a zip found is extracted."""
    import shutil

    files = s1_product(tmp_path / "staging")
    folder = files[0].parent
    shutil.make_archive(str(tmp_path / "data" / folder.name), "zip", folder.parent, folder.name)
    ds = Sentinel1(tmp_path / "data", cache=False)
    assert (tmp_path / "data" / folder.name / files[0].name).is_file()
    q = BoundingBox(ORIGIN[0], ORIGIN[0] + 300, ORIGIN[1] - 600, ORIGIN[1], 0, 2e9)
    assert ds[q]["image"][1, -1, 0].item() == pytest.approx(0.025)


def test_mean_of_granules_leaves_each_bands_nodata_out_at_mixed_resolutions(
        tmp_path: Path) -> None:
    # B02 of the first granule is all nodata (0), its B03 valid: the mean of B02 is the
    # second granule's alone. With a 20 m band chosen too (bands read per resolution
    # group), the 0 was averaged in: 550 instead of 1100
    import rasterio
    from rasterio.transform import from_origin

    x0, y0 = 300000, 5000020
    for k, when in enumerate(["20200101T100000", "20200601T100000"]):
        folder = tmp_path / f"g{k}"
        folder.mkdir()
        for band, res in (("B02", 10), ("B03", 10), ("B11", 20)):
            n = 120 // res
            rows, cols = np.mgrid[0:n, 0:n]
            data = (1000 + 100 * k + 10 * rows + cols).astype(np.uint16)
            if k == 0 and band == "B02":
                data[:] = 0
            with rasterio.open(folder / f"T32ULU_{when}_{band}.tif", "w", driver="GTiff",
                               width=n, height=n, count=1, dtype="uint16", crs="EPSG:32632",
                               transform=from_origin(x0, y0, res, res), nodata=0) as dst:
                dst.write(data, 1)
    q = BoundingBox(x0, x0 + 120, y0 - 120, y0, -np.inf, np.inf)
    rows, cols = np.mgrid[0:12, 0:12]
    for bands in (["B02", "B03"], ["B02", "B03", "B11"]):
        image = Sentinel2(tmp_path, bands=bands, resampling="nearest", merge="mean")[q]["image"]
        np.testing.assert_array_equal(image[0].numpy(), 1100 + 10 * rows + cols)  # B02
        np.testing.assert_array_equal(image[1].numpy(), 1050 + 10 * rows + cols)  # B03 mean


@pytest.mark.parametrize("merge", ["first", "last"])
def test_first_takes_every_band_of_a_pixel_from_one_scene(tmp_path: Path, merge: str) -> None:
    # Resolution groups deciding alone took B11 (20 m) from the earlier scene at its swath
    # edge and B02 (10 m) from the later one, a pixel of two dates. A pixel comes from the
    # first scene whole there; where none is whole, from the first with any data
    import rasterio
    from rasterio.transform import from_origin

    x0, y0 = 300000, 5000020
    dates = ["20200101T100000", "20200601T100000"]

    def value(k: int, band: str, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return (1000 + 100 * k + 10 * rows + cols + (5000 if band == "B11" else 0)).astype(
            np.uint16)

    for k, when in enumerate(dates):
        folder = tmp_path / f"g{k}"
        folder.mkdir()
        for band, res in (("B02", 10), ("B11", 20)):
            n = 120 // res
            rows, cols = np.mgrid[0:n, 0:n]
            data = value(k, band, rows, cols)
            if k == 0:  # the earlier scene's edge: x >= 60 m at 10 m, x >= 40 m at 20 m
                data[:, cols[0] < (6 if band == "B02" else 2)] = 0
            elif band == "B02":  # the later scene lacks its 10 m bands in the top 20 m
                data[:2] = 0
            with rasterio.open(folder / f"T32ULU_{when}_{band}.tif", "w", driver="GTiff",
                               width=n, height=n, count=1, dtype="uint16", crs="EPSG:32632",
                               transform=from_origin(x0, y0, res, res), nodata=0) as dst:
                dst.write(data, 1)
    q = BoundingBox(x0, x0 + 120, y0 - 120, y0, -np.inf, np.inf)
    image = Sentinel2(tmp_path, bands=["B02", "B11"], resampling="nearest", merge=merge,
                      cache=False)[q]["image"].numpy()
    rows, cols = np.mgrid[0:12, 0:12]
    b02 = {k: value(k, "B02", rows, cols) for k in (0, 1)}
    b11 = {k: value(k, "B11", rows // 2, cols // 2) for k in (0, 1)}
    # which scene gives each pixel: whole scenes first, in merge order
    order = (0, 1) if merge == "first" else (1, 0)
    whole = {0: cols >= 6, 1: rows >= 2}
    some = {0: cols >= 4, 1: np.ones_like(rows, dtype=bool)}
    source = np.full(rows.shape, -1)
    for k in order:
        source[(source < 0) & whole[k]] = k
    for k in order:
        source[(source < 0) & some[k]] = k
    assert (source >= 0).all()
    want02 = np.where(source == 0, np.where(whole[0], b02[0], 0),
                      np.where(rows >= 2, b02[1], 0))
    want11 = np.where(source == 0, b11[0], b11[1])
    np.testing.assert_array_equal(image[0], want02)
    np.testing.assert_array_equal(image[1], want11)
    if merge == "first":  # 40-60 m, below the top: the later scene whole, not B11 of the first
        np.testing.assert_array_equal(image[1][2:, 4:6], b11[1][2:, 4:6])


def test_processing_baseline_from_the_safe_name() -> None:
    from geoplug.datasets.sentinel import processing_baseline

    name = "S2B_MSIL2A_20220301T103019_N0400_R108_T32ULU_20220301T140226.SAFE"
    assert processing_baseline(f"/data/{name}/GRANULE/L2A_x/IMG_DATA/R10m/T32ULU_B04.jp2") == 400
    assert processing_baseline(f"s3://bucket/{name.replace('N0400', 'N0509')}/GRANULE/a.jp2") == 509
    assert processing_baseline("/data/T32ULU_20220301T103019_B04.tif") is None


@pytest.mark.parametrize("merge", ["mean", "last"])
def test_products_from_baseline_04_are_harmonized(tmp_path: Path, merge: str) -> None:
    # the same ground before and after baseline 04.00: the newer product stores DN + 1000;
    # a mean across the change was 500 too high, the latest scene 1000 too high
    bands = ("B04", "B05")
    s2_granule(tmp_path, when=datetime(2021, 6, 1, 10, 30), bands=bands, baseline="0300")
    new = s2_granule(tmp_path, when=datetime(2022, 6, 1, 10, 30), bands=bands,
                     baseline="0400", plus=1000)
    q = _query()
    xs, ys = _centres(q, 10.0)
    x20 = ORIGIN[0] + ((xs - ORIGIN[0]) // 20 + 0.5) * 20
    y20 = ORIGIN[1] - ((ORIGIN[1] - ys) // 20 + 0.5) * 20
    want = np.stack([s2_value(xs, ys, "B04"), s2_value(x20, y20, "B05")])
    for band_list in (["B04"], ["B04", "B05"]):  # one grid, and resolution groups
        ds = Sentinel2(tmp_path, bands=band_list, resampling="nearest", merge=merge,
                       cache=False)
        image = ds[q]["image"].numpy()
        np.testing.assert_array_equal(image, want[:len(band_list)])
        stored = Sentinel2(tmp_path, bands=band_list, resampling="nearest", merge=merge,
                           cache=False, harmonize=False)[q]["image"].numpy()
        np.testing.assert_array_equal(stored, want[:len(band_list)]
                                      + (500 if merge == "mean" else 1000))
    # dark pixels (reflectance <= 0) are 1, as the older baselines clamped them; 0 stays no data
    path = next((new / "R10m").glob("*_B04_10m.jp2"))
    path.chmod(0o644)
    import rasterio

    with rasterio.open(path, "r+") as dst:
        data = dst.read(1)
        data[:, :30] = 900
        data[:, 30:] = 0
        data[0, 0] = 65535  # saturated: the same value at every baseline
        dst.write(data, 1)
    image = Sentinel2(tmp_path, bands=["B04"], resampling="nearest", merge="last",
                      cache=False)[BoundingBox(ORIGIN[0], ORIGIN[0] + 600, ORIGIN[1] - 600,
                                               ORIGIN[1], 0, 2e9)]["image"][0].numpy()
    assert image[0, 0] == 65535
    image[0, 0] = 1
    assert (image[:, :30] == 1).all()
    cols = np.arange(30, 60)
    older = s2_value(ORIGIN[0] + (cols + 0.5) * 10, ORIGIN[1] - 5.0, "B04")
    np.testing.assert_array_equal(image[0, 30:], older)  # no data: the older scene's


def test_harmonizing_refuses_deferral_and_warns_of_unknown_baselines(tmp_path: Path) -> None:
    s2_granule(tmp_path / "safe", when=datetime(2022, 6, 1, 10, 30), bands=("B04",),
               baseline="0400", plus=1000)
    with pytest.raises(ValueError, match="defer_resampling=False"):
        Sentinel2(tmp_path / "safe", bands=["B04"], defer_resampling=True, cache=False)
    Sentinel2(tmp_path / "safe", bands=["B04"], defer_resampling=True, harmonize=False,
              cache=False)
    # a data module's automatic deferral (on a GPU) leaves what cannot defer eager: products
    # to harmonize, bands of several resolutions (which failed reading a 20 m file as 10 m)
    from geoplug.core.deferred_compose import auto_defer

    s2_granule(tmp_path / "old", bands=("B04", "B05"))
    for root, bands, harmonize, deferred in (
            ("safe", ["B04"], True, []), ("safe", ["B04"], False, ["Sentinel2"]),
            ("old", ["B04", "B05"], True, []), ("old", ["B04"], True, ["Sentinel2"])):
        ds = Sentinel2(tmp_path / root, bands=bands, harmonize=harmonize, crs="EPSG:32631",
                       resampling="nearest", cache=False)  # warped: another UTM zone
        eager = ds[ds.bounds]["image"]
        assert auto_defer(ds) == deferred
        if not deferred:
            torch.testing.assert_close(ds[ds.bounds]["image"], eager, rtol=0, atol=0)
    # a GeoTIFF copy outside its SAFE product, acquired after the change: cannot be told
    loose = tmp_path / "loose"
    loose.mkdir()
    src = next((tmp_path / "safe").rglob("*_B04_10m.jp2"))
    import rasterio

    with rasterio.open(src) as ds_in:
        profile = ds_in.profile | {"driver": "GTiff"}
        with rasterio.open(loose / "T32ULU_20220601T103000_B04.tif", "w", **profile) as dst:
            dst.write(ds_in.read())
    with pytest.warns(UserWarning, match="processing baseline is unknown"):
        ds = Sentinel2(loose, bands=["B04"], resampling="nearest", cache=False)
    q = _query()
    xs, ys = _centres(q, 10.0)
    np.testing.assert_array_equal(ds[q]["image"][0].numpy(), s2_value(xs, ys, "B04") + 1000)

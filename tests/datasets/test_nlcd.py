"""NLCD: classic and Annual releases, ordinal codes, colours, Landsat composition, download."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch
from affine import Affine
from pyproj import Transformer
from rasterio.warp import Resampling, reproject

from fakedata._layers import grid
from fakedata.landsat import landsat_scene
from fakedata.nlcd import CODES, ORIGIN, nlcd_raster, nlcd_value, nlcd_zip
from geoplug.core import BoundingBox
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import nlcd as module
from geoplug.datasets.landsat import Landsat8
from geoplug.datasets.nlcd import NLCD

INDEX = {int(c): i + 1 for i, c in enumerate(CODES)} | {0: 0, 250: 0}  # code -> ordinal


def _ordinal(codes: np.ndarray) -> np.ndarray:
    return np.vectorize(INDEX.get)(codes)


def test_classic_img_ordinal_window_and_year(tmp_path: Path) -> None:
    nlcd_raster(tmp_path, "nlcd_2019_land_cover_l48_20210604.img", k=1)
    ds = NLCD(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 5070 and ds.res == (30.0, 30.0)
    b = ds.bounds
    assert b.mint == pytest.approx(1546300800.0) and b.maxt == pytest.approx(1577836800, abs=1)
    q = BoundingBox(ORIGIN[0] + 300, ORIGIN[0] + 900, ORIGIN[1] - 660, ORIGIN[1] - 60, b.mint,
                    b.maxt)
    mask = ds[q]["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (20, 20)
    rows, cols = grid(20, 20)
    np.testing.assert_array_equal(mask.numpy(), _ordinal(nlcd_value(1, rows + 2, cols + 10)))
    assert ds.class_names[INDEX[82]] == "Cultivated Crops" and len(ds.classes) == 17


def test_raw_codes_subset_and_bad_classes(tmp_path: Path) -> None:
    path = nlcd_raster(tmp_path, "nlcd_2021_land_cover_l48_20230630.tif")
    with rasterio.open(path) as src:
        raw = src.read(1)
    raw_ds = NLCD(tmp_path, ordinal=False, cache=False)
    np.testing.assert_array_equal(raw_ds[raw_ds.bounds]["mask"].numpy(), raw)
    sub = NLCD(tmp_path, classes=[0, 82, 11], cache=False)
    want = np.where(raw == 82, 1, np.where(raw == 11, 2, 0))
    np.testing.assert_array_equal(sub[sub.bounds]["mask"].numpy(), want)
    with pytest.raises(ValueError, match=r"not NLCD class codes"):
        NLCD(tmp_path, classes=[0, 13])
    with pytest.raises(ValueError, match=r"must include 0"):
        NLCD(tmp_path, classes=[11])


def test_annual_nlcd_years_and_nodata(tmp_path: Path) -> None:
    nlcd_raster(tmp_path, "Annual_NLCD_LndCov_1985_CU_C1V1.tif", k=2)
    nlcd_raster(tmp_path, "Annual_NLCD_LndCov_2023_CU_C1V1.tif", k=3)
    ds = NLCD(tmp_path, cache=False)
    assert len(ds) == 2
    rows, cols = grid(50, 50)
    for year, k in ((1985, 2), (2023, 3)):
        start = float(np.datetime64(f"{year}-01-01", "s").astype(np.int64))
        b = ds.bounds
        q = BoundingBox(b.minx, b.maxx, b.miny, b.maxy, start + 86400, start + 2 * 86400)
        mask = ds[q]["mask"].numpy()
        np.testing.assert_array_equal(mask, _ordinal(nlcd_value(k, rows, cols, fill=250)))
        assert mask[0, 0] == 0  # 250 (no data) is background


def test_landsat_and_nlcd_match_gdal_nearest(tmp_path: Path) -> None:
    """NLCD under a UTM Landsat scene is rasterio.warp.reproject's nearest of the raster."""
    tif = nlcd_raster(tmp_path / "nlcd", "nlcd_2021_land_cover_l48_20230630.tif", k=4,
                      size=80)
    ux, uy = Transformer.from_crs("EPSG:5070", "EPSG:32616", always_xy=True).transform(
        ORIGIN[0] + 600, ORIGIN[1] - 600)
    origin = (np.floor(ux / 30) * 30 + 15, np.floor(uy / 30) * 30 + 15)
    landsat_scene(tmp_path / "ls", epsg=32616, origin=origin, size=20, corners=False,
                  acquired=date(2021, 7, 1))
    ds = Landsat8(tmp_path / "ls", bands=["SR_B3"], cache=False) & NLCD(tmp_path / "nlcd",
                                                                        cache=False)
    q = BoundingBox(origin[0] + 90, origin[0] + 450, origin[1] - 450, origin[1] - 90,
                    ds.bounds.mint, ds.bounds.maxt)
    sample = ds[q]
    assert sample["image"].shape == (1, 12, 12) and sample["mask"].shape == (12, 12)
    want = np.zeros((12, 12), np.uint8)
    with rasterio.open(tif) as src:
        reproject(rasterio.band(src, 1), want, dst_transform=Affine(30, 0, q.minx, 0, -30,
                                                                    q.maxy),
                  dst_crs="EPSG:32616", resampling=Resampling.nearest)
    assert len(np.unique(want)) > 5
    np.testing.assert_array_equal(sample["mask"].numpy(), _ordinal(want))


def test_download_classic_zip(tmp_path: Path, http_root: Path, http_server: object,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    archive = nlcd_zip(http_root, year=2019, k=5)
    url = http_server.url  # type: ignore[attr-defined]
    monkeypatch.setattr(module, "_URL", url + "/nlcd_{year}_land_cover_l48_{published}.zip")
    monkeypatch.setitem(module._MD5, 2019, "f" * 32)
    with pytest.raises(ChecksumError):
        NLCD(tmp_path / "bad", years=[2019], download=True, cache=False)
    monkeypatch.setitem(module._MD5, 2019, hashlib.md5(archive.read_bytes()).hexdigest())
    ds = NLCD(tmp_path / "nlcd", years=[2019], download=True, cache=False)
    rows, cols = grid(50, 50)
    np.testing.assert_array_equal(ds[ds.bounds]["mask"].numpy(),
                                  _ordinal(nlcd_value(5, rows, cols)))
    with pytest.raises(ValueError, match="no classic NLCD release for \\[2020\\]"):
        NLCD(tmp_path / "nlcd", years=[2020], download=True, cache=False)


def test_not_found_and_zip_by_hand(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"mrlc.gov.*download=True"):
        NLCD(tmp_path, cache=False)
    nlcd_zip(tmp_path, year=2016)
    ds = NLCD(tmp_path, cache=False)
    assert ds.files[0].endswith("nlcd_2016_land_cover_l48_20210604.img")


def test_plot_uses_official_colours(tmp_path: Path) -> None:
    nlcd_raster(tmp_path)
    ds = NLCD(tmp_path, cache=False)
    sample = ds[ds.bounds]
    rgba = ds.plot(sample).axes[0].images[0].get_array()
    ys, xs = np.nonzero(sample["mask"].numpy() == INDEX[42])
    assert tuple(rgba[ys[0], xs[0]]) == (28, 95, 44, 255)


def test_conformance(tmp_path: Path) -> None:
    nlcd_raster(tmp_path)
    check_dataset_plugin("nlcd", data=tmp_path, kwargs={"cache": False})

"""NCCM: ordinal codes, years, no data beyond the maps, reprojection, download, plot."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch
from affine import Affine
from rasterio.warp import Resampling, reproject

import geoplug.datasets
from fakedata._layers import grid, window
from fakedata.nccm import FILES, ORIGIN, RES, nccm_map, nccm_value, nccm_zip
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import nccm as module
from geoplug.datasets.nccm import NCCM

ORDINAL = {0: 0, 1: 1, 2: 2, 3: 3, 15: 4}


def _ordinal(codes: np.ndarray) -> np.ndarray:
    return np.vectorize(ORDINAL.get)(codes)


def _year(year: int) -> tuple[float, float]:
    """The query times inside ``year``."""
    start = float(np.datetime64(f"{year}-01-01", "s").astype(np.int64))
    return start + 86400, start + 2 * 86400


def test_registry() -> None:
    assert geoplug.datasets.get("nccm") is NCCM
    info = geoplug.datasets.info("nccm")
    assert info.kind == "geo" and info.classes[4] == "No data" and info.num_classes == 5


def test_window_values_grid_and_year(tmp_path: Path) -> None:
    nccm_map(tmp_path, 2019)
    ds = NCCM(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 4326 and ds.res == pytest.approx((RES, RES))
    assert ds.bounds.minx == pytest.approx(ORIGIN[0]) and ds.bounds.maxy == pytest.approx(
        ORIGIN[1])
    assert ds.bounds.mint == pytest.approx(1546300800.0)  # 2019-01-01
    mask = ds[window(ORIGIN, RES, 4, 9, 12, (ds.bounds.mint, ds.bounds.maxt))]["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (12, 12)
    rows, cols = grid(12, 12)
    np.testing.assert_array_equal(mask.numpy(), _ordinal(nccm_value(2019, rows + 4, cols + 9)))
    corner = ds[window(ORIGIN, RES, 0, 0, 4)]["mask"].numpy()
    assert corner[0, 0] == 4 and corner[3, 3] != 4  # 15 (no data) is index 4, not rice


def test_raw_codes(tmp_path: Path) -> None:
    path = nccm_map(tmp_path, 2017)
    with rasterio.open(path) as src:
        raw = src.read(1)
    ds = NCCM(tmp_path, ordinal=False, cache=False)
    np.testing.assert_array_equal(ds[ds.bounds]["mask"].numpy(), raw)
    assert set(np.unique(raw)) == {0, 1, 2, 3, 15}


def test_years_choose_the_maps(tmp_path: Path) -> None:
    for year in FILES:
        nccm_map(tmp_path, year)
    rows, cols = grid(40, 40)
    ds = NCCM(tmp_path, cache=False)
    assert len(ds) == 3 and ds.years == (2017, 2018, 2019)
    for year in FILES:
        q = window(ORIGIN, RES, 0, 0, 40, _year(year))
        np.testing.assert_array_equal(ds[q]["mask"].numpy(), _ordinal(nccm_value(year, rows,
                                                                                 cols)))
    only = NCCM(tmp_path, years=[2018], cache=False)
    assert [Path(f).name for f in only.files] == ["CDL2018_clip1.tif"]
    with pytest.raises(ValueError, match=r"not \[2020\]"):
        NCCM(tmp_path, years=[2020])


def test_beyond_the_map_is_no_data(tmp_path: Path) -> None:
    """A query reaching past the map's east edge reads index 4 there, never 0 (rice)."""
    nccm_map(tmp_path, 2019, size=20)
    ds = NCCM(tmp_path, cache=False)
    mask = ds[window(ORIGIN, RES, 5, 10, 15)]["mask"].numpy()
    rows, cols = grid(15, 10)
    np.testing.assert_array_equal(mask[:, :10], _ordinal(nccm_value(2019, rows + 5, cols + 10)))
    assert (mask[:, 10:] == 4).all()


def test_reprojected_to_utm_matches_gdal_nearest(tmp_path: Path) -> None:
    """On a UTM grid, the corner of the bounds (outside the rotated map) is no data too."""
    tif = nccm_map(tmp_path, 2018, size=60)
    ds = NCCM(tmp_path, crs="EPSG:32651", res=10.0, cache=False)
    b = ds.bounds
    x0, y0 = np.floor(b.minx / 10) * 10, np.ceil(b.maxy / 10) * 10
    q = type(b)(x0, x0 + 300, y0 - 300, y0, b.mint, b.maxt)
    want = np.full((30, 30), 15, np.int8)
    with rasterio.open(tif) as src:
        reproject(rasterio.band(src, 1), want, dst_transform=Affine(10, 0, x0, 0, -10, y0),
                  dst_crs="EPSG:32651", dst_nodata=15, resampling=Resampling.nearest)
    assert len(np.unique(want)) == 5 and want[0, 0] == 15 and want[29, 29] != 15
    np.testing.assert_array_equal(ds[q]["mask"].numpy(), _ordinal(want))


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"CDL2018_clip1\.tif.*download=True") as info:
        NCCM(tmp_path, cache=False)
    assert str(tmp_path) in str(info.value)


def test_zip_lying_in_paths_is_extracted(tmp_path: Path) -> None:
    nccm_zip(tmp_path, years=(2017, 2019))
    ds = NCCM(tmp_path, years=[2019], cache=False)
    assert [Path(f).name for f in ds.files] == ["CDL2019_clip.tif"]
    assert len(NCCM(tmp_path, cache=False)) == 2


def test_download_verified(tmp_path: Path, http_root: Path, http_server: object,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    served = nccm_map(http_root, 2019, name="25070540")  # figshare serves files by id
    monkeypatch.setattr(module, "_URL", http_server.url + "/{}")  # type: ignore[attr-defined]
    monkeypatch.setitem(module.NCCM_MD5, 2019, "0" * 32)
    with pytest.raises(ChecksumError):
        NCCM(tmp_path / "bad", years=[2019], download=True, cache=False)
    assert not (tmp_path / "bad" / "CDL2019_clip.tif").exists()
    monkeypatch.setitem(module.NCCM_MD5, 2019, hashlib.md5(served.read_bytes()).hexdigest())
    ds = NCCM(tmp_path / "ok", years=[2019], download=True, cache=False)
    assert [Path(f).name for f in ds.files] == ["CDL2019_clip.tif"]
    rows, cols = grid(40, 40)
    np.testing.assert_array_equal(ds[ds.bounds]["mask"].numpy(),
                                  _ordinal(nccm_value(2019, rows, cols)))


def test_checksum_of_a_file_already_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    nccm_map(tmp_path, 2017)
    monkeypatch.setitem(module.NCCM_MD5, 2017, "0" * 32)
    assert len(NCCM(tmp_path, years=[2017], download=True, cache=False)) == 1
    with pytest.raises(ChecksumError):
        NCCM(tmp_path, years=[2017], download=True, checksum=True, cache=False)


def test_plot_colours(tmp_path: Path) -> None:
    from matplotlib.figure import Figure

    nccm_map(tmp_path, 2019)
    for ordinal in (True, False):
        ds = NCCM(tmp_path, ordinal=ordinal, cache=False)
        sample = ds[ds.bounds]
        fig = ds.plot(sample)
        assert isinstance(fig, Figure)
        rgba = fig.axes[0].images[0].get_array()
        ys, xs = np.nonzero(_ordinal(sample["mask"].numpy()) == 1)  # maize
        assert tuple(rgba[ys[0], xs[0]]) == (240, 190, 30, 255)
        assert tuple(rgba[0, 0]) == (255, 255, 255, 255)  # no data


def test_conformance(tmp_path: Path) -> None:
    nccm_map(tmp_path, 2019)
    check_dataset_plugin("nccm", data=tmp_path, kwargs={"cache": False})

"""GlobalBuildingMap: 5 degree tiles named by extent, building code to 1, windows, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch
from pyproj import Transformer

from fakedata._layers import grid, window
from fakedata.global_building_map import RES, gbm_corner, gbm_tile, gbm_value
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.global_building_map import GlobalBuildingMap


def test_window_values_as_0_1_and_grid(tmp_path: Path) -> None:
    path = gbm_tile(tmp_path, 0, 10, k=1)
    assert path.name == "GBM_v1_e000_n10_e005_n05.tif"
    ds = GlobalBuildingMap(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 3857 and ds.res == (RES, RES) and len(ds) == 1
    x, y = gbm_corner(0, 10)
    assert (ds.bounds.minx, ds.bounds.maxy) == pytest.approx((x, y))
    mask = ds[window((x, y), RES, 4, 9, 16)]["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (16, 16)
    rows, cols = grid(16, 16)
    np.testing.assert_array_equal(mask.numpy(), gbm_value(1, rows + 4, cols + 9) // 255)
    assert tuple(ds.classes) == ("background", "building")


def test_raw_codes_kept(tmp_path: Path) -> None:
    gbm_tile(tmp_path, 0, 10, k=2)
    ds = GlobalBuildingMap(tmp_path, binary=False, cache=False)
    x, y = gbm_corner(0, 10)
    rows, cols = grid(8, 8)
    np.testing.assert_array_equal(ds[window((x, y), RES, 1, 2, 8)]["mask"].numpy(),
                                  gbm_value(2, rows + 1, cols + 2))


def test_tiles_of_two_continents(tmp_path: Path) -> None:
    gbm_tile(tmp_path, 0, 10, k=0, continent="africa")
    gbm_tile(tmp_path, -75, -10, k=2, continent="south_america")
    ds = GlobalBuildingMap(tmp_path, cache=False)
    assert len(ds) == 2
    rows, cols = grid(10, 10)
    for west, north, k in ((0, 10, 0), (-75, -10, 2)):
        got = ds[window(gbm_corner(west, north), RES, 7, 3, 10)]["mask"].numpy()
        np.testing.assert_array_equal(got, gbm_value(k, rows + 7, cols + 3) // 255)


def test_matches_rasterio_sample_when_warped(tmp_path: Path) -> None:
    tif = gbm_tile(tmp_path, 0, 10, k=1)
    ds = GlobalBuildingMap(tmp_path, crs="EPSG:32631", res=6.0, cache=False)
    b = ds.bounds
    q = BoundingBox(b.minx + 12, b.minx + 72, b.maxy - 72, b.maxy - 12, b.mint, b.maxt)
    mask = ds[q]["mask"].numpy()
    rows, cols = grid(10, 10)
    xs = (q.minx + (cols + 0.5) * 6).ravel()
    ys = (q.maxy - (rows + 0.5) * 6).ravel()
    mx, my = Transformer.from_crs(32631, 3857, always_xy=True).transform(xs, ys)
    with rasterio.open(tif) as src:
        want = np.array([v[0] for v in src.sample(zip(mx, my))]).reshape(10, 10) // 255
    np.testing.assert_array_equal(mask, want)


def test_not_found_and_corrupt(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"GBM_v1_.*mediaTUM"):
        GlobalBuildingMap(tmp_path, cache=False)
    (tmp_path / "GBM_v1_e005_n10_e010_n05.tif").write_bytes(b"broken")
    with pytest.raises(Exception, match=r"GBM_v1_e005_n10_e010_n05\.tif"):
        GlobalBuildingMap(tmp_path, cache=False)


def test_plot(tmp_path: Path) -> None:
    gbm_tile(tmp_path)
    ds = GlobalBuildingMap(tmp_path, cache=False)
    sample = ds[window(gbm_corner(0, 10), RES, 0, 0, 12)]
    fig = ds.plot(sample)
    rgba = fig.axes[0].images[0].get_array()
    ys, xs = np.nonzero(sample["mask"].numpy() == 1)
    assert tuple(rgba[ys[0], xs[0]]) == (255, 0, 255, 255)
    assert fig.axes[0].get_title() == "GlobalBuildingMap"


def test_conformance(tmp_path: Path) -> None:
    gbm_tile(tmp_path)
    check_dataset_plugin("global_building_map", data=tmp_path, kwargs={"cache": False})

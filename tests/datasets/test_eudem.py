"""EU-DEM v1.1: float heights in EPSG:3035, zips, checksum, reprojection under Landsat."""

from __future__ import annotations

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
from fakedata.eudem import NODATA, dem_tile, dem_value, dem_zip, tile_origin
from fakedata.landsat import landsat_scene
from geoplug.core import BoundingBox
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import eudem as module
from geoplug.datasets.eudem import EUDEM
from geoplug.datasets.landsat import Landsat8


def test_heights_window_and_grid(tmp_path: Path) -> None:
    dem_tile(tmp_path, "E40N20", k=1)
    ds = EUDEM(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 3035 and ds.res == (25.0, 25.0)
    x, y = tile_origin("E40N20")
    assert tuple(ds.bounds)[:4] == (x, x + 1000, y - 1000, y)
    q = BoundingBox(x + 250, x + 500, y - 300, y - 50, ds.bounds.mint, ds.bounds.maxt)
    image = ds[q]["image"]
    assert image.dtype == torch.float32 and image.shape == (1, 10, 10)
    rows, cols = grid(10, 10)
    np.testing.assert_array_equal(image[0].numpy(), dem_value(1, rows + 2, cols + 10))
    with pytest.raises(ValueError, match=r"unknown band"):
        EUDEM(tmp_path, bands=["height"], cache=False)


def test_two_tiles_and_zip_extraction(tmp_path: Path) -> None:
    dem_zip(tmp_path, "E40N20", k=0)
    dem_zip(tmp_path, "E50N30", k=2)
    ds = EUDEM(tmp_path, cache=False)
    assert len(ds) == 2 and (tmp_path / "eu_dem_v11_E50N30.TIF").is_file()
    x, y = tile_origin("E50N30")
    q = BoundingBox(x + 500, x + 750, y - 250, y, ds.bounds.mint, ds.bounds.maxt)
    rows, cols = grid(10, 10)
    np.testing.assert_array_equal(ds[q]["image"][0].numpy(), dem_value(2, rows, cols + 20))


def test_checksum_of_found_zips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dem_zip(tmp_path, "E40N20")
    monkeypatch.setitem(module._MD5, "eu_dem_v11_E40N20.zip", "0" * 32)
    with pytest.raises(ChecksumError, match=r"eu_dem_v11_E40N20.zip"):
        EUDEM(tmp_path, checksum=True, cache=False)
    assert not (tmp_path / "eu_dem_v11_E40N20.TIF").exists()


def test_not_found_says_where_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"EU Login.*land.copernicus.eu"):
        EUDEM(tmp_path, cache=False)


def test_landsat_and_dem_match_gdal_reprojection(tmp_path: Path) -> None:
    """The DEM under a UTM Landsat scene is rasterio.warp.reproject's bilinear of the tile."""
    x, y = tile_origin("E40N20")
    ux, uy = Transformer.from_crs("EPSG:3035", "EPSG:32632", always_xy=True).transform(
        x + 300, y - 300)
    origin = (np.floor(ux / 30) * 30 + 15, np.floor(uy / 30) * 30 + 15)
    landsat_scene(tmp_path / "ls", epsg=32632, origin=origin, size=16, corners=False,
                  acquired=date(2020, 5, 1))
    tif = dem_tile(tmp_path / "dem", "E40N20", size=80)
    ds = Landsat8(tmp_path / "ls", bands=["SR_B4"], cache=False) & EUDEM(tmp_path / "dem",
                                                                         cache=False)
    q = BoundingBox(origin[0] + 60, origin[0] + 300, origin[1] - 300, origin[1] - 60,
                    ds.bounds.mint, ds.bounds.maxt)
    got = ds[q]["image"]
    assert got.shape == (2, 8, 8)
    want = np.zeros((8, 8), np.float32)
    with rasterio.open(tif) as src:
        reproject(rasterio.band(src, 1), want, dst_transform=Affine(30, 0, q.minx, 0, -30,
                                                                    q.maxy),
                  dst_crs="EPSG:32632", resampling=Resampling.bilinear, src_nodata=NODATA)
    assert want.min() >= 100 and np.ptp(want) > 1  # real heights, varying over the patch
    np.testing.assert_allclose(got[1].numpy(), want, atol=0.01)


def test_plot_and_conformance(tmp_path: Path) -> None:
    dem_tile(tmp_path)
    ds = EUDEM(tmp_path, cache=False)
    fig = ds.plot(ds[ds.bounds])
    assert fig.axes[0].get_title() == "EU-DEM"
    check_dataset_plugin("eudem", data=tmp_path, kwargs={"cache": False})

"""Copernicus DEM: point-registered tiles, GLO-30 / GLO-90, bilinear warping, ocean fill,
download of the listed tiles, stacking onto ESA WorldCover."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch
from affine import Affine
from rasterio.enums import Resampling
from rasterio.warp import reproject

from fakedata._layers import grid
from fakedata.copernicus_dem import (
    dem_name,
    dem_spacing,
    dem_tile,
    dem_transform,
    dem_value,
    tile_list,
)
from fakedata.esa_worldcover import CODES, wc_tile, wc_value
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import copernicus_dem as module
from geoplug.datasets.copernicus_dem import CopernicusDEM, tile_name, tiles_covering
from geoplug.datasets.esa_worldcover import ESAWorldCover

INF = (-np.inf, np.inf)


def _pixels(tile: str, row: int, col: int, n: int, resolution: int = 30) -> BoundingBox:
    """The query of ``n`` x ``n`` tile pixels from (``row``, ``col``), from the tile's own
    transform (first pixel centred on the north-west corner)."""
    t = dem_transform(tile, resolution)
    return BoundingBox(t.c + col * t.a, t.c + (col + n) * t.a, t.f + (row + n) * t.e,
                       t.f + row * t.e, *INF)


def _reference(tif: Path, query: BoundingBox, shape: tuple[int, int], crs: str = "EPSG:4326"
               ) -> np.ndarray:
    """GDAL's bilinear reprojection of the whole tile onto the query's grid."""
    h, w = shape
    out = np.zeros(shape, dtype=np.float32)
    with rasterio.open(tif) as src:
        reproject(rasterio.band(src, 1), out, dst_crs=crs,
                  dst_transform=Affine((query.maxx - query.minx) / w, 0, query.minx, 0,
                                       -(query.maxy - query.miny) / h, query.maxy),
                  resampling=Resampling.bilinear)
    return out


def test_window_values_and_point_registration(tmp_path: Path) -> None:
    dem_tile(tmp_path, "N45E006", 30, k=1)
    ds = CopernicusDEM(tmp_path, cache=False)
    r = 1 / 3600
    assert ds.crs.to_epsg() == 4326 and ds.res == pytest.approx((r, r)) and len(ds) == 1
    assert ds.resolution == 30 and ds.bands == ("elevation",)
    b = ds.bounds
    assert (b.minx, b.maxy) == pytest.approx((6 - r / 2, 46 + r / 2))
    image = ds[_pixels("N45E006", 3, 4, 10)]["image"]
    assert image.dtype == torch.float32 and image.shape == (1, 10, 10)
    rows, cols = grid(10, 10)
    np.testing.assert_array_equal(image[0].numpy(), dem_value(1, rows + 3, cols + 4))


def test_wider_columns_above_50_degrees(tmp_path: Path) -> None:
    dem_tile(tmp_path, "N52E010", 30, k=2)
    ds = CopernicusDEM(tmp_path, cache=False)
    assert ds.res == pytest.approx((1.5 / 3600, 1 / 3600))
    assert dem_spacing("S51E010") == dem_spacing("N52E010")
    rows, cols = grid(6, 6)
    np.testing.assert_array_equal(ds[_pixels("N52E010", 7, 1, 6)]["image"][0].numpy(),
                                  dem_value(2, rows + 7, cols + 1))


def test_glo90_and_a_folder_of_both(tmp_path: Path) -> None:
    dem_tile(tmp_path, "N45E006", 30, k=1)
    dem_tile(tmp_path, "N45E006", 90, k=2)
    with pytest.raises(ValueError, match=r"30, 90: pass resolution="):
        CopernicusDEM(tmp_path, cache=False)
    rows, cols = grid(5, 5)
    for resolution, k in ((30, 1), (90, 2)):
        ds = CopernicusDEM(tmp_path, resolution=resolution, cache=False)
        assert len(ds) == 1 and ds.res[1] == pytest.approx(resolution / 30 / 3600)
        np.testing.assert_array_equal(
            ds[_pixels("N45E006", 2, 3, 5, resolution)]["image"][0].numpy(),
            dem_value(k, rows + 2, cols + 3))
    with pytest.raises(ValueError, match=r"resolution is 30 \(GLO-30\) or 90"):
        CopernicusDEM(tmp_path, resolution=60, cache=False)
    only90 = tmp_path / "only90"
    dem_tile(only90, "N45E006", 90)
    with pytest.raises(DatasetNotFoundError, match=r"resolution=30.*tiles of 90 are there"):
        CopernicusDEM(only90, resolution=30, cache=False)


def test_bilinear_onto_another_grid_matches_gdal(tmp_path: Path) -> None:
    tif = dem_tile(tmp_path, "N45E006", 30, k=3, size=60)
    r = 1 / 3600
    ds = CopernicusDEM(tmp_path, res=r * 0.7, cache=False)
    query = BoundingBox(6 + 10.3 * r, 6 + 10.3 * r + 28 * r * 0.7, 46 - 40.1 * r,
                        46 - 40.1 * r + 28 * r * 0.7, *INF)
    image = ds[query]["image"][0].numpy()
    assert image.shape == (28, 28)
    np.testing.assert_allclose(image, _reference(tif, query, (28, 28)), atol=1e-3)
    assert not np.isin(image, dem_value(3, *grid(60, 60))).all()  # interpolated, not nearest


def test_ocean_beyond_the_tile_is_zero(tmp_path: Path) -> None:
    dem_tile(tmp_path, "N45E006", 30, k=1, size=20)
    ds = CopernicusDEM(tmp_path, cache=False)
    image = ds[_pixels("N45E006", 0, 15, 10)]["image"][0].numpy()
    rows, cols = grid(10, 5)
    np.testing.assert_array_equal(image[:, :5], dem_value(1, rows, cols + 15))
    np.testing.assert_array_equal(image[:, 5:], 0)  # no tile: the publisher's sea level


def test_download_the_listed_tiles(tmp_path: Path, http_root: Path, http_server: object,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    tile_list(http_root / "tileList.txt", ["N45E006", "N46E006", "N10E010"])
    dem_tile(http_root, "N45E006", 30, k=3)
    dem_tile(http_root, "N46E006", 30, k=4)
    monkeypatch.setattr(module, "_URLS", {30: http_server.url})  # type: ignore[attr-defined]
    root = tmp_path / "dem"
    with pytest.raises(ValueError, match=r"download=True needs tiles"):
        CopernicusDEM(root, download=True, cache=False)
    with pytest.raises(ValueError, match=r"'N45E6' is not a tile name"):
        CopernicusDEM(root, tiles=["N45E6"], download=True, cache=False)
    wanted = tiles_covering(6.2, 45.5, 7.5, 46.5)  # N45E007, N46E007: sea, not listed
    assert wanted == ["N45E006", "N45E007", "N46E006", "N46E007"]
    ds = CopernicusDEM(root, tiles=wanted, download=True, cache=False)
    assert sorted(p.name for p in root.glob("*/*.tif")) == [
        f"{dem_name('N45E006')}.tif", f"{dem_name('N46E006')}.tif"]
    rows, cols = grid(4, 4)
    for tile, k in (("N45E006", 3), ("N46E006", 4)):
        np.testing.assert_array_equal(ds[_pixels(tile, 1, 2, 4)]["image"][0].numpy(),
                                      dem_value(k, rows + 1, cols + 2))
    assert tile_name("N46E006", 90) == "Copernicus_DSM_COG_30_N46_00_E006_00_DEM"


def test_stacked_on_worldcover(tmp_path: Path) -> None:
    """Land cover & heights: the heights on WorldCover's 10 m grid are GDAL's bilinear
    reprojection of the tile, and the mask is the land cover tile's own pixels."""
    wc_tile(tmp_path / "wc", "N45E006", 2021, k=2, size=90)
    tif = dem_tile(tmp_path / "dem", "N47E006", 30, k=1, size=40)
    ds = ESAWorldCover(tmp_path / "wc", cache=False) & CopernicusDEM(tmp_path / "dem",
                                                                    cache=False)
    res = 1 / 12000
    assert ds.res == pytest.approx((res, res))
    b = ds.bounds
    query = BoundingBox(6 + 12 * res, 6 + 42 * res, 48 - 70 * res, 48 - 40 * res, b.mint, b.maxt)
    sample = ds[query]
    assert sample["mask"].shape == (30, 30) and sample["image"].shape == (1, 30, 30)
    rows, cols = grid(30, 30)
    index = {0: 0, **{c: i for i, c in enumerate(CODES, start=1)}}
    np.testing.assert_array_equal(
        sample["mask"].numpy(), np.vectorize(index.__getitem__)(wc_value(2, rows + 40, cols + 12)))
    with rasterio.open(tif) as src:
        assert src.bounds.top > query.maxy and src.bounds.left < query.minx
    np.testing.assert_allclose(sample["image"][0].numpy(), _reference(tif, query, (30, 30)),
                               atol=1e-3)


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"Copernicus_DSM_COG_<10\|30>.*tiles=\["):
        CopernicusDEM(tmp_path, cache=False)


def test_plot_and_conformance(tmp_path: Path) -> None:
    dem_tile(tmp_path)
    ds = CopernicusDEM(tmp_path, cache=False)
    fig = ds.plot(ds[_pixels("N45E006", 0, 0, 10)])
    assert fig.axes[0].get_title() == "Copernicus DEM GLO-30"
    assert fig.axes[1].get_ylabel() == "elevation (m)"
    check_dataset_plugin("copernicus_dem", data=tmp_path, kwargs={"cache": False})

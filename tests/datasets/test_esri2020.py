"""Esri 2020 land cover: codes, UTM tiles, composition with Landsat, download."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch

from fakedata._layers import downloaded_checked, grid
from fakedata.esri2020 import ZIP, esri_tile, esri_value, esri_zip
from fakedata.landsat import landsat_scene
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import esri2020 as module
from geoplug.datasets.esri2020 import Esri2020
from geoplug.datasets.landsat import Landsat8


def test_window_values_grid_and_year(tmp_path: Path) -> None:
    esri_tile(tmp_path, k=2)
    ds = Esri2020(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 32615 and ds.res == (10.0, 10.0)
    b = ds.bounds
    assert tuple(b)[:4] == (500000.0, 500600.0, 4399400.0, 4400000.0)
    assert b.mint == pytest.approx(1577836800.0) and b.maxt == pytest.approx(1609459200.0, abs=1)
    q = BoundingBox(500100, 500300, 4399700, 4399900, b.mint, b.maxt)  # rows 10-29, cols 10-29
    mask = ds[q]["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (20, 20)
    rows, cols = grid(20, 20)
    np.testing.assert_array_equal(mask.numpy(), esri_value(2, rows + 10, cols + 10))
    assert ds.classes[7] == "Built Area" and len(ds.classes) == 11


def test_sample_tile_zone_00a_is_indexed(tmp_path: Path) -> None:
    """TorchGeo's sample tile is 00A_20200101-20210101.tif (outside the C-X latitude bands)."""
    esri_tile(tmp_path, zone="00A", k=4)
    ds = Esri2020(tmp_path, cache=False)
    assert len(ds) == 1
    q = BoundingBox(500000, 500050, 4399950, 4400000, ds.bounds.mint, ds.bounds.maxt)
    rows, cols = grid(5, 5)
    np.testing.assert_array_equal(ds[q]["mask"].numpy(), esri_value(4, rows, cols))


def test_tiles_in_two_utm_zones_are_reprojected(tmp_path: Path) -> None:
    esri_tile(tmp_path, zone="15S", k=0)
    esri_tile(tmp_path, zone="16S", k=1, epsg=32616, origin=(240000.0, 4400000.0))
    ds = Esri2020(tmp_path, cache=False)
    assert len(ds) == 2 and ds.crs.to_epsg() == 32615
    b = ds.bounds
    q = BoundingBox(b.maxx - 200, b.maxx, b.maxy - 400, b.maxy - 200, b.mint, b.maxt)
    mask = ds[q]["mask"].numpy()
    assert set(np.unique(mask)) <= set(range(11)) and (mask > 0).any()  # nearest: real codes


def test_landsat_and_esri_mask_matches_rasterio_sample(tmp_path: Path) -> None:
    """The Esri mask on the Landsat grid is the tile's pixel under each Landsat pixel centre."""
    landsat_scene(tmp_path / "landsat", epsg=32615, origin=(499950.0, 4400130.0),
                          size=24, acquired=date(2020, 6, 15), corners=False)
    tif = esri_tile(tmp_path / "esri", k=1)
    ds = Landsat8(tmp_path / "landsat", bands=["SR_B4"], cache=False) & Esri2020(
        tmp_path / "esri", cache=False)
    assert ds.crs.to_epsg() == 32615 and ds.res == (30.0, 30.0)
    b = ds.bounds
    q = BoundingBox(b.minx + 60, b.minx + 360, b.maxy - 330, b.maxy - 30, b.mint, b.maxt)
    sample = ds[q]
    assert sample["image"].shape == (1, 10, 10) and sample["mask"].shape == (10, 10)
    rows, cols = grid(10, 10)
    xs = (q.minx + (cols + 0.5) * 30).ravel()
    ys = (q.maxy - (rows + 0.5) * 30).ravel()
    with rasterio.open(tif) as src:
        want = np.array([v[0] for v in src.sample(zip(xs, ys))]).reshape(10, 10)
    np.testing.assert_array_equal(sample["mask"].numpy(), want)


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"<zone>_20200101-20210101\.tif.*download=True"):
        Esri2020(tmp_path, cache=False)


def test_zip_lying_in_paths_is_extracted(tmp_path: Path) -> None:
    esri_zip(tmp_path, k=3)
    ds = Esri2020(tmp_path, cache=False)
    rows, cols = grid(60, 60)
    np.testing.assert_array_equal(ds[ds.bounds]["mask"].numpy(), esri_value(3, rows, cols))
    assert len(Esri2020(tmp_path, cache=False)) == 1


def test_download_with_checksum(tmp_path: Path, http_root: Path, http_server: object,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    ds = downloaded_checked(
        monkeypatch, module, esri_zip(http_root, k=4),
        f"{http_server.url}/{ZIP}",  # type: ignore[attr-defined]
        lambda folder: Esri2020(folder, download=True, cache=False), tmp_path)
    rows, cols = grid(60, 60)
    np.testing.assert_array_equal(ds[ds.bounds]["mask"].numpy(), esri_value(4, rows, cols))


def test_plot_uses_esri_colours(tmp_path: Path) -> None:
    esri_tile(tmp_path)
    ds = Esri2020(tmp_path, cache=False)
    sample = ds[ds.bounds]
    fig = ds.plot(sample)
    rgba = fig.axes[0].images[0].get_array()
    ys, xs = np.nonzero(sample["mask"].numpy() == 1)
    assert tuple(rgba[ys[0], xs[0]]) == (65, 155, 223, 255)


def test_conformance(tmp_path: Path) -> None:
    esri_tile(tmp_path)
    check_dataset_plugin("esri2020", data=tmp_path, kwargs={"cache": False})

"""Airphen layer against fake six-band EPSG:4326 orthomosaics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import airphen as fake
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.airphen import Airphen


def centres(west: float, north: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    cols, rows = np.meshgrid(np.arange(n), np.arange(n))
    return west + (cols + 0.5) * fake.RES, north - (rows + 0.5) * fake.RES


def test_window_values(tmp_path: Path) -> None:
    fake.write(tmp_path / "zoneA_B_R_NIR.tif")
    ds = Airphen(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 4326 and ds.res == (fake.RES, fake.RES)
    assert ds.bands == ("B1", "B2", "B3", "B4", "B5", "B6")
    west, north = fake.WEST + 5 * fake.RES, fake.NORTH - 9 * fake.RES
    q = BoundingBox(west, west + 12 * fake.RES, north - 12 * fake.RES, north,
                    ds.bounds.mint, ds.bounds.maxt)
    image = ds[q]["image"]
    assert image.shape == (6, 12, 12) and image.dtype == torch.float32
    lon, lat = centres(west, north, 12)
    for b in range(6):
        np.testing.assert_array_equal(image[b].numpy(), fake.value(lon, lat, b))


def test_bands_and_two_files_compose(tmp_path: Path) -> None:
    fake.write(tmp_path / "a" / "flight1.tif")
    fake.write(tmp_path / "b" / "flight1_east.TIFF", col0=fake.SIZE)
    ds = Airphen(tmp_path, bands=["B6", "B3"], cache=False)
    assert len(ds) == 2
    west = fake.WEST + (fake.SIZE - 4) * fake.RES  # straddles the two files
    q = BoundingBox(west, west + 8 * fake.RES, fake.NORTH - 8 * fake.RES, fake.NORTH,
                    ds.bounds.mint, ds.bounds.maxt)
    image = ds[q]["image"]
    lon, lat = centres(west, fake.NORTH, 8)
    np.testing.assert_array_equal(image[0].numpy(), fake.value(lon, lat, 5))
    np.testing.assert_array_equal(image[1].numpy(), fake.value(lon, lat, 2))
    assert ds.rgb_bands == ("B3", "B2", "B1")
    check_plot_geo(Airphen(tmp_path, cache=False), q)


def check_plot_geo(ds: Airphen, q: BoundingBox) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    fig = ds.plot(ds[q], suptitle="airphen")
    assert isinstance(fig, Figure)
    plt.close(fig)


def test_too_few_bands(tmp_path: Path) -> None:
    fake.write(tmp_path / "four.tif", count=4)
    with pytest.raises(InvalidDataError):
        ds = Airphen(tmp_path, cache=False)
        ds[ds.bounds]
    ds = Airphen(tmp_path, bands=["B1", "B4"], cache=False)
    assert ds[ds.bounds]["image"].shape[0] == 2


def test_not_found(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(DatasetNotFoundError) as info:
        Airphen(tmp_path)
    assert str(tmp_path) in str(info.value) and "no public download" in str(info.value)


def test_plugin(tmp_path: Path) -> None:
    fake.write(tmp_path / "zoneA_B_R_NIR.tif")
    (tmp_path / "zoneA_B_R_NIR.tif.aux.xml").write_text("<PAMDataset/>", encoding="utf-8")
    assert geoplug.datasets.get("airphen") is Airphen
    check_dataset_plugin("airphen", data=tmp_path)


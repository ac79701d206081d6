"""BioMassters read from a fake tree in the challenge's layout."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import biomassters as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, made_root
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.biomassters import BioMassters

ROWS, COLS = np.mgrid[0:fake.SIZE, 0:fake.SIZE]


root = made_root(fake.make, "biomassters")


def test_lengths_and_keys(root: Path) -> None:
    assert len(BioMassters(root)) == 3
    assert len(BioMassters(root, split="test")) == 1
    sample = BioMassters(root)[1]
    assert set(sample) == {"chip_id", "image_s1", "image_s2", "available_s1", "available_s2",
                           "mask"}
    assert sample["chip_id"] == "4e5f6071"
    assert sample["image_s1"].shape == (12, 4, fake.SIZE, fake.SIZE)
    assert sample["image_s2"].shape == (12, 11, fake.SIZE, fake.SIZE)
    assert sample["image_s1"].dtype == sample["image_s2"].dtype == torch.float32
    assert sample["mask"].dtype == torch.float32 and sample["mask"].shape == (6, 6)


def test_pixels_months_and_target_pair(root: Path) -> None:
    sample = BioMassters(root)[1]
    assert np.array_equal(sample["image_s1"][7, 2].numpy(), fake.pixel(1, "S1", 7, 2, ROWS, COLS))
    assert np.array_equal(sample["image_s2"][11, 9].numpy(),
                          fake.pixel(1, "S2", 11, 9, ROWS, COLS))
    assert np.allclose(sample["mask"].numpy(), fake.agbm(1, ROWS, COLS))
    test = BioMassters(root, split="test")[0]
    assert np.allclose(test["mask"].numpy(), fake.agbm(3, ROWS, COLS))


def test_missing_sentinel2_months_are_flagged(root: Path) -> None:
    sample = BioMassters(root)[0]
    assert sample["available_s2"].tolist() == [m not in (2, 5) for m in range(12)]
    assert bool(sample["available_s1"].all())
    assert float(sample["image_s2"][5].abs().sum()) == 0.0
    assert np.array_equal(sample["image_s2"][6, 0].numpy(), fake.pixel(0, "S2", 6, 0, ROWS, COLS))


def test_band_and_month_selection(root: Path) -> None:
    ds = BioMassters(root, bands=["B04", "VH_desc", "CLP"], months=[3, 0])
    sample = ds[2]
    assert set(sample) >= {"image_s1", "image_s2"}
    assert sample["image_s1"].shape == (2, 1, 6, 6) and sample["image_s2"].shape == (2, 2, 6, 6)
    assert np.array_equal(sample["image_s1"][0, 0].numpy(), fake.pixel(2, "S1", 3, 3, ROWS, COLS))
    assert np.array_equal(sample["image_s2"][1, 1].numpy(),
                          fake.pixel(2, "S2", 0, 10, ROWS, COLS))
    only_s2 = BioMassters(root, bands=["B02"])[0]
    assert "image_s1" not in only_s2 and only_s2["image_s2"].shape == (12, 1, 6, 6)
    with pytest.raises(ValueError, match="months"):
        BioMassters(root, months=[12])
    with pytest.raises(ValueError, match="unknown band"):
        BioMassters(root, bands=["VV"])


def test_missing(tmp_path: Path) -> None:
    check_not_found_hint(BioMassters, tmp_path, "drivendata-competition-biomassters")


def test_plot_and_registry(root: Path) -> None:
    check_plot(BioMassters(root))
    check_plot(BioMassters(root, bands=["VV_asc"]))
    assert geoplug.datasets.get("biomassters") is BioMassters
    assert check_dataset_plugin("biomassters", data=root).passed


def test_sensor_without_any_chosen_month_takes_the_chip_size(root: Path) -> None:
    sample = BioMassters(root, months=[2, 5])[0]  # chip 0 has no Sentinel-2 file in 2 and 5
    assert sample["available_s2"].tolist() == [False, False]
    assert sample["image_s2"].shape == (2, 11, fake.SIZE, fake.SIZE)
    assert float(sample["image_s2"].abs().sum()) == 0.0
    assert sample["image_s1"].shape == (2, 4, fake.SIZE, fake.SIZE)
    assert sample["mask"].shape == (fake.SIZE, fake.SIZE)

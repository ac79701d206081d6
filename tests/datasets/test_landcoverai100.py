"""LandCoverAI100: the pre-cut chips and lists of a fake ``landcoverai100.zip``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch

import geoplug.datasets
from fakedata import landcoverai100 as fake
from fakedata._dc_checks import check_not_found, check_plot
from fakedata._made import check_wrong_md5, made_root
from fakedata._segutil import served_resources
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.landcoverai100 import LandCoverAI100

root = made_root(fake.make, "landcoverai100", extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("landcoverai100") is LandCoverAI100
    spec = geoplug.datasets.info("landcoverai100")
    assert spec.classes == ("Background", "Building", "Woodland", "Water", "Road")
    assert spec.num_samples == 100


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_lengths_follow_the_zip_lists(root: Path, split: str) -> None:
    ds = LandCoverAI100(root, split=split)
    assert ds.ids == fake.LISTS[split]


@pytest.mark.parametrize("split", ["train", "test"])
def test_image_and_mask_of_each_chip(root: Path, split: str) -> None:
    ds = LandCoverAI100(root, split=split)
    for i, chip in enumerate(fake.LISTS[split]):
        sample = ds[i]
        assert set(sample) == {"image", "mask"}  # pre-cut chips carry no georeference
        assert sample["image"].dtype == torch.float32
        assert sample["image"].shape == (3, fake.H, fake.W)
        with rasterio.open(root / "output" / f"{chip}.jpg") as src:  # reference decoder
            decoded = src.read()
        assert torch.equal(sample["image"], torch.from_numpy(decoded.astype(np.float32)))
        # the JPEG keeps the written ramp within a few levels (chips differ by 18 levels)
        assert np.abs(decoded.astype(int) - fake.image_for(chip).astype(int)).max() <= 4
        assert sample["mask"].dtype == torch.int64
        assert torch.equal(sample["mask"], torch.from_numpy(fake.mask_for(chip).astype(np.int64)))


def test_band_selection(root: Path) -> None:
    full = LandCoverAI100(root, split="val")[0]["image"]
    assert torch.equal(LandCoverAI100(root, split="val", bands=["B", "R"])[0]["image"],
                       full[[2, 0]])


def test_archive_on_disk_is_extracted(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert len(LandCoverAI100(tmp_path, split="train")) == 3
    assert (tmp_path / "output" / f"{fake.UNLISTED}_m.png").is_file()


def test_not_found(tmp_path: Path) -> None:
    check_not_found(LandCoverAI100, tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(LandCoverAI100, "resources", served_resources(
        LandCoverAI100.resources, http_server.url, info["md5"]))
    ds = LandCoverAI100(tmp_path / "dl", split="test", download=True, checksum=True)
    assert ds.ids == fake.LISTS["test"]
    assert (tmp_path / "dl" / "landcoverai100.zip").is_file()


def test_published_resource() -> None:
    (resource,) = LandCoverAI100.resources
    assert resource.filename == "landcoverai100.zip"
    assert resource.md5 == "66eb33b5a0cabb631836ce0a4eafb7cd"


def test_checksum_mismatch(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(LandCoverAI100, monkeypatch, tmp_path)
    assert not (tmp_path / "output").exists()


def test_plot(root: Path) -> None:
    check_plot(LandCoverAI100(root, split="train"))


def test_conformance(root: Path) -> None:
    check_dataset_plugin("landcoverai100", data=root)

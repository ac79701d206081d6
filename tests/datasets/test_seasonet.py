"""SeasoNet loader against fake season zips, splits.zip and meta.csv."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import seasonet as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.seasonet import SeasoNet
from testkit.http import Served

made, root = archive_fixtures(fake.make, "seasonet")


@pytest.mark.parametrize(("split", "length"), [("train", 10), ("val", 5), ("test", 1)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(SeasoNet(root, split=split)) == length


def test_sample_all_bands_and_mask(root: Path) -> None:
    ds = SeasoNet(root, split="val")
    sample = ds[2]  # location 1, Fall
    idx = fake.index(2, 1)
    image, mask = sample["image"], sample["mask"]
    assert image.shape == (12, 12, 12) and image.dtype == torch.float32
    assert mask.shape == (12, 12) and mask.dtype == torch.int64
    # pixel (5, 6) of every band, whether stored at 10, 20 or 60 m
    assert image[:, 5, 6].tolist() == [fake.at(idx, b, 5, 6) for b in range(12)]
    rows, cols = torch.meshgrid(torch.arange(3, 9), torch.arange(3, 9), indexing="ij")
    for b in range(12):
        expected = (fake.value(idx, b) + 8 * rows + 4 * cols).float()
        assert torch.equal(image[b, 3:9, 3:9], expected), fake.BANDS[b]
    assert mask[4, 9].item() == fake.label(1, 4, 9) - 1
    assert mask[11, 0].item() == fake.label(1, 11, 0) - 1


def test_unknown_label_code_and_filters(root: Path) -> None:
    ds = SeasoNet(root, seasons=["Winter", "Snow"], grids=[2], bands=["B9", "B4"])
    assert len(ds) == 2
    sample = ds[1]  # location 2, Snow
    assert sample["mask"][0, 0].item() == 255  # code 0 is no class
    assert sample["mask"][0, 1].item() == fake.label(2, 0, 1) - 1
    assert sample["image"][:, 4, 7].tolist() == [fake.at(fake.index(4, 2), b, 4, 7)
                                                 for b in (11, 0)]


def test_time_steps(root: Path) -> None:
    ds = SeasoNet(root, time_steps=3, bands=["B4", "B3", "B2"])
    assert len(ds) == 2  # locations 0 and 2
    image = ds[1]["image"]
    assert image.shape == (3, 3, 12, 12)
    assert image[:, 0, 5, 5].tolist() == [fake.at(fake.index(s, 2), 0, 5, 5) for s in range(3)]
    check_plot(SeasoNet(root, split="test", bands=["B4", "B3", "B2"]))
    drawn = SeasoNet(root, time_steps=2, random_seasons=True, bands=["B8"])
    seen = {tuple(drawn[0]["image"][:, 0, 0, 0].tolist()) for _ in range(30)}
    b8 = fake.BANDS.index("B8")
    allowed = {(float(fake.at(fake.index(a, 0), b8, 0, 0)),
                float(fake.at(fake.index(b, 0), b8, 0, 0))) for a in range(5)
               for b in range(a + 1, 5)}
    assert len(seen) > 1 and seen <= allowed  # distinct seasons, in season order


def test_bad_arguments(root: Path) -> None:
    with pytest.raises(ValueError, match=r"seasons \['Monsoon'\] must be some of"):
        SeasoNet(root, seasons=["Monsoon"])
    with pytest.raises(ValueError, match="grids"):
        SeasoNet(root, grids=[3])
    with pytest.raises(ValueError, match=r"time_steps must be in 1\.\.2"):
        SeasoNet(root, seasons=["Spring", "Fall"], time_steps=3)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SeasoNet, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SeasoNet, made, http_server.url, http_root, monkeypatch)
    ds = SeasoNet(tmp_path, split="val", seasons=["Summer"], download=True, checksum=True)
    assert len(ds) == 1
    assert not (tmp_path / "spring.zip").exists()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SeasoNet, made, monkeypatch, tmp_path, "snow.zip")


def test_plugin(root: Path) -> None:
    assert geoplug.datasets.get("seasonet") is SeasoNet
    check_dataset_plugin("seasonet", data=root)

"""FireRisk read from a fake ``FireRisk.zip`` in the publisher's layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import fire_risk as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.fire_risk import FireRisk
from testkit.http import Served

made, root = archive_fixtures(fake.make, "fire_risk")


@pytest.mark.parametrize(("split", "count"), [("train", 5), ("val", 2)])
def test_lengths(root: Path, split: str, count: int) -> None:
    assert len(FireRisk(root, split=split)) == count


def test_sample_pixels_and_label(root: Path) -> None:
    ds = FireRisk(root)
    sample = ds[3]  # 4th train chip: the first of Water
    assert set(sample) == {"image", "label"}
    assert sample["image"].dtype == torch.float32 and sample["image"].shape == (3, 12, 12)
    assert sample["label"].dtype == torch.int64
    assert ds.classes[int(sample["label"])] == "Water" and int(sample["label"]) == 6
    assert sample["image"][1, 5, 9].item() == fake.pixel(3, 5, 9, 1)
    assert sample["image"][2, 9, 5].item() == fake.pixel(3, 9, 5, 2)
    val = FireRisk(root, split="val")[1]
    assert FireRisk.classes[int(val["label"])] == "Very_High"
    assert val["image"][0, 4, 7].item() == fake.pixel(1, 4, 7, 0)


def test_bands(root: Path) -> None:
    image = FireRisk(root, bands=["B", "G"])[0]["image"]
    assert image.shape == (2, 12, 12)
    assert image[:, 2, 3].tolist() == [fake.pixel(0, 2, 3, 2), fake.pixel(0, 2, 3, 1)]
    with pytest.raises(ValueError, match="split 'test'"):
        FireRisk(root, split="test")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(FireRisk, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(FireRisk, made, http_server.url, http_root, monkeypatch)
    ds = FireRisk(tmp_path / "dl", split="val", download=True, checksum=True)
    assert len(ds) == 2 and (tmp_path / "dl" / "FireRisk.zip").is_file()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(FireRisk, made, monkeypatch, tmp_path, "FireRisk.zip")


def test_plot_and_registry(root: Path) -> None:
    check_plot(FireRisk(root))
    assert geoplug.datasets.get("fire_risk") is FireRisk
    assert check_dataset_plugin("fire_risk", data=root).passed

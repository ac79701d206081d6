from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import spacenet7 as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from fakedata._dc_util import SN_SIZE
from geoplug.datasets.spacenet7 import SpaceNet7
from testkit.http import Served

made, root = archive_fixtures(fake.make, "sn7")


def test_train_months(root: Path) -> None:
    ds = SpaceNet7(root)
    assert len(ds) == 4
    first, second = ds[0], ds[1]
    assert first["image"].shape == (4, SN_SIZE, SN_SIZE)
    assert first["image"].dtype == torch.float32
    assert first["image"][:, 0, 0].tolist() == [0, 1, 2, 3]
    assert second["image"][:, 0, 0].tolist() == [1, 2, 3, 4]  # 2018_02 of the same region
    assert int(first["mask"].sum()) == 0 and int(second["mask"].sum()) == 16
    last = ds[3]  # 2018_02 of the second region: base 11, building three rows further down
    # pixel (5, 9): 11 + b + 7*5 + 3*9 + 5*9; (9, 5): 11 + b + 63 + 15 + 45
    assert last["image"][:, 5, 9].tolist() == [118.0, 119.0, 120.0, 121.0]
    assert last["image"][:, 9, 5].tolist() == [134.0, 135.0, 136.0, 137.0]
    expected = torch.zeros(SN_SIZE, SN_SIZE, dtype=torch.int64)
    expected[6:10, 2:6] = 1
    assert torch.equal(last["mask"], expected)
    expected = torch.zeros(SN_SIZE, SN_SIZE, dtype=torch.int64)
    expected[3:7, 2:6] = 1
    assert torch.equal(second["mask"], expected)
    assert first["crs"].to_epsg() == 3857
    assert first["bounds"].maxy == pytest.approx(4000000.0)
    assert first["bounds"].maxx - first["bounds"].minx == pytest.approx(4.0 * SN_SIZE)


def test_labels_match_and_bands(root: Path) -> None:
    ds = SpaceNet7(root, labels="labels_match", bands=["blue", "red"])
    assert ds[1]["image"][:, 0, 0].tolist() == [3, 1]
    assert ds[1]["image"][:, 2, 3].tolist() == [32, 30]  # 1 + b + 7*2 + 3*3 + 2*3
    assert int(ds[1]["mask"].sum()) == 16
    with pytest.raises(ValueError, match="labels_x"):
        SpaceNet7(root, labels="labels_x")


def test_test_split(root: Path) -> None:
    ds = SpaceNet7(root, split="test")
    assert ds.image == "images_masked"
    assert len(ds) == 1 and "mask" not in ds[0]


def test_transforms_plot(root: Path) -> None:
    ds = SpaceNet7(root, transforms=lambda s: {**s, "image": s["image"] + 1})
    assert ds[0]["image"][0, 0, 0] == 1
    check_plot(ds, 1)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SpaceNet7, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SpaceNet7, made, http_server.url, http_root, monkeypatch)
    assert len(SpaceNet7(tmp_path, split="test", download=True, checksum=True)) == 1


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SpaceNet7, made, monkeypatch, tmp_path, "SN7_buildings_train.tar.gz")


def test_registry() -> None:
    assert geoplug.datasets.get("spacenet7") is SpaceNet7

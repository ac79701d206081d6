from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch
from fakedata import spacenet7 as fake
from fakedata._dc_checks import (
    check_checksum_mismatch,
    check_not_found,
    check_plot,
    copy_archives,
    serve_resources,
)
from fakedata._dc_util import SN_SIZE
from testkit.http import Served

import geoplug.datasets
from geoplug.datasets.spacenet7 import SpaceNet7


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fake.make(tmp_path_factory.mktemp("sn7_src"))


@pytest.fixture(scope="module")
def root(made: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sn7")
    copy_archives(made["dir"], root, list(made["archives"]))
    return root


def test_train_months(root: Path) -> None:
    ds = SpaceNet7(root)
    assert len(ds) == 4
    first, second = ds[0], ds[1]
    assert first["image"].shape == (4, SN_SIZE, SN_SIZE)
    assert first["image"].dtype == torch.float32
    assert first["image"][:, 0, 0].tolist() == [0, 1, 2, 3]
    assert second["image"][:, 0, 0].tolist() == [1, 2, 3, 4]  # 2018_02 of the same region
    assert int(first["mask"].sum()) == 0 and int(second["mask"].sum()) == 16
    assert first["crs"].to_epsg() == 3857
    assert first["bounds"].maxy == pytest.approx(4000000.0)
    assert first["bounds"].maxx - first["bounds"].minx == pytest.approx(4.0 * SN_SIZE)


def test_labels_match_and_bands(root: Path) -> None:
    ds = SpaceNet7(root, labels="labels_match", bands=["blue", "red"])
    assert ds[1]["image"][:, 0, 0].tolist() == [3, 1]
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
    copy_archives(made["dir"], http_root, list(made["archives"]))
    serve_resources(SpaceNet7, monkeypatch, http_server.url, made["archives"])
    assert len(SpaceNet7(tmp_path, split="test", download=True, checksum=True)) == 1


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    copy_archives(made["dir"], tmp_path, list(made["archives"]))
    check_checksum_mismatch(SpaceNet7, monkeypatch, tmp_path, "SN7_buildings_train.tar.gz")


def test_registry() -> None:
    assert geoplug.datasets.get("spacenet7") is SpaceNet7

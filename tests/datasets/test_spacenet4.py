from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import spacenet4 as fake
from fakedata._dc_checks import (
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from fakedata._dc_util import SN_SIZE
from geoplug.datasets.spacenet4 import SpaceNet4
from testkit.http import Served

COLLECTS = fake.COLLECTS


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fake.make(tmp_path_factory.mktemp("sn4_src"))


@pytest.fixture(scope="module")
def root(made: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sn4")
    copy_archives(made["dir"], root, list(made["archives"]))
    SpaceNet4(root, collections=COLLECTS)
    return root


def test_train_reprojected_footprints(root: Path) -> None:
    ds = SpaceNet4(root)
    assert len(ds) == 4
    sample = ds[0]
    assert sample["image"].shape == (4, SN_SIZE, SN_SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["crs"].to_epsg() == 32616
    assert sample["bounds"].minx == pytest.approx(fake.TILES[0][0])
    # EPSG:4326 footprint reprojected onto the UTM chip: exactly the 4x4 block
    expected = torch.zeros(SN_SIZE, SN_SIZE, dtype=torch.int64)
    expected[3:7, 2:6] = 1
    assert torch.equal(sample["mask"], expected)
    # pixel (5, 9) holds 7*5 + 3*9 + 5*9 more than the origin, (9, 5) 63 + 15 + 45 more
    image = sample["image"]
    assert (image[:, 5, 9] - image[:, 0, 0]).tolist() == [107.0] * 4
    assert (image[:, 9, 5] - image[:, 0, 0]).tolist() == [123.0] * 4
    assert int(ds[1]["mask"].sum()) == 0


def test_collections_and_products(root: Path) -> None:
    ds = SpaceNet4(root, image="MS", collections=[COLLECTS[1]], bands=["nir2", "coastal"])
    assert len(ds) == 2
    assert ds[0]["image"][:, 0, 0].tolist() == [101 + 7, 101 + 0]  # collect 1, MS, tile 0
    assert ds[1]["image"][:, 5, 9].tolist() == [111 + 7 + 107, 111 + 107]  # tile 1, (5, 9)
    assert ds[0]["image"].shape == (2, SN_SIZE, SN_SIZE)
    with pytest.raises(ValueError, match="nadir99"):
        SpaceNet4(root, collections=["Atlanta_nadir99_catid_0"])


def test_test_split(root: Path) -> None:
    ds = SpaceNet4(root, split="test", image="PAN", collections=COLLECTS)
    assert len(ds) == 1
    assert "mask" not in ds[0]
    assert ds[0]["image"].shape == (1, SN_SIZE, SN_SIZE)


def test_splits_unpacked_by_hand_in_one_folder_stay_apart(made: dict[str, Any],
                                                           tmp_path: Path) -> None:
    # every tarball extracted into the root itself: train held the unlabelled test chip, and
    # test the training chips
    import tarfile

    for archive in made["archives"]:
        with tarfile.open(made["dir"] / archive) as tf:
            tf.extractall(tmp_path, filter="data")
    train = SpaceNet4(tmp_path, collections=COLLECTS)
    test = SpaceNet4(tmp_path, split="test", collections=COLLECTS)
    assert len(train) == 4 and all("mask" in train[i] for i in range(len(train)))
    assert len(test) == 1 and "mask" not in test[0]
    assert all("_test_public" in str(path) for path, _ in test.files)


def test_transforms_plot(root: Path) -> None:
    ds = SpaceNet4(root, transforms=lambda s: {**s, "image": s["image"][:3]})
    assert ds[0]["image"].shape[0] == 3
    check_plot(SpaceNet4(root))


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SpaceNet4, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SpaceNet4, made, http_server.url, http_root, monkeypatch)
    ds = SpaceNet4(tmp_path, download=True, checksum=True, collections=COLLECTS)
    assert len(ds) == 4


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SpaceNet4, made, monkeypatch, tmp_path, "geojson.tar.gz",
                            collections=COLLECTS)


def test_registry() -> None:
    assert geoplug.datasets.get("spacenet4") is SpaceNet4

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import spacenet2 as fake
from fakedata._dc_checks import (
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from fakedata._dc_util import SN_SIZE
from geoplug.datasets.spacenet2 import SpaceNet2
from testkit.http import Served

AOIS = list(fake.AOIS)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fake.make(tmp_path_factory.mktemp("sn2_src"))


@pytest.fixture(scope="module")
def root(made: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sn2")
    copy_archives(made["dir"], root, list(made["archives"]))
    SpaceNet2(root, aois=AOIS)  # unpack the train tarballs of the two fake AOIs
    SpaceNet2(root, split="test", aois=AOIS)
    return root


def test_train(root: Path) -> None:
    ds = SpaceNet2(root)
    assert len(ds) == 4  # 2 AOIs x 2 chips
    sample = ds[1]  # sorted by AOI then chip number: Vegas img2
    assert sample["image"].shape == (8, SN_SIZE, SN_SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["image"][:, 0, 0].tolist() == [200 + b for b in range(8)]  # Vegas img2
    assert sample["mask"].dtype == torch.int64 and int(sample["mask"].sum()) == 16
    # pixel (5, 9): 200 + b + 7*5 + 3*9 + 5*9; (9, 5): 200 + b + 63 + 15 + 45
    assert sample["image"][:, 5, 9].tolist() == [307 + b for b in range(8)]
    assert sample["image"][:, 9, 5].tolist() == [323 + b for b in range(8)]
    expected = torch.zeros(SN_SIZE, SN_SIZE, dtype=torch.int64)
    expected[4:8, 2:6] = 1  # Vegas img2's building: SN_BLOCK one row down
    assert torch.equal(sample["mask"], expected)
    khartoum = torch.zeros(SN_SIZE, SN_SIZE, dtype=torch.int64)
    khartoum[6:10, 2:6] = 1  # Khartoum img2: three rows down
    assert torch.equal(ds[3]["mask"], khartoum)
    assert ds[3]["image"][:, 5, 9].tolist() == [1307 + b for b in range(8)]
    assert sample["crs"].to_epsg() == 4326


@pytest.mark.parametrize(("image", "count", "p"), [("PAN", 1, 2), ("RGB-PanSharpen", 3, 3),
                                                    ("MUL", 8, 1)])
def test_products(root: Path, image: str, count: int, p: int) -> None:
    ds = SpaceNet2(root, image=image, aois=["AOI_5_Khartoum"])
    assert len(ds) == 2
    sample = ds[0]
    assert sample["image"].shape[0] == count
    assert sample["image"][0, 0, 0] == 1000 + 100 + 10 * p
    assert sample["mask"].shape == sample["image"].shape[1:]


def test_band_selection(root: Path) -> None:
    ds = SpaceNet2(root, bands=["red", "green", "blue"])
    assert ds[0]["image"][:, 0, 0].tolist() == [104, 102, 101]
    assert ds.rgb_indices == [0, 1, 2]
    check_plot(ds)


def test_test_split(root: Path) -> None:
    ds = SpaceNet2(root, split="test", image="RGB-PanSharpen")
    assert len(ds) == 2
    assert "mask" not in ds[0] and ds[0]["image"].shape[0] == 3


def test_bad_aoi(root: Path) -> None:
    with pytest.raises(ValueError, match="AOI_9"):
        SpaceNet2(root, aois=["AOI_9_Nowhere"])


def test_transforms(root: Path) -> None:
    ds = SpaceNet2(root, transforms=lambda s: {**s, "mask": s["mask"] * 3})
    assert int(ds[0]["mask"].max()) == 3


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SpaceNet2, tmp_path, split="test")
    check_not_found(SpaceNet2, tmp_path, aois=["AOI_3_Paris"])


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SpaceNet2, made, http_server.url, http_root, monkeypatch)
    # the fake release has two of the four AOIs: only their tarballs are fetched
    ds = SpaceNet2(tmp_path, download=True, checksum=True, aois=AOIS)
    assert len(ds) == 4


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SpaceNet2, made, monkeypatch, tmp_path,
                            "SN2_buildings_train_AOI_2_Vegas.tar.gz", aois=AOIS)


def test_registry() -> None:
    assert geoplug.datasets.get("spacenet2") is SpaceNet2


def test_the_tarballs_of_some_aois_only(made: dict[str, Any], tmp_path: Path) -> None:
    # a root holding one AOI's tarball (the user fetched only Vegas): that AOI, with a word
    # on the others, not "dataset not found"
    copy_archives(made["dir"], tmp_path, ["SN2_buildings_train_AOI_2_Vegas.tar.gz"])
    with pytest.warns(UserWarning, match="3 of 4 tarballs are not under"):
        ds = SpaceNet2(tmp_path)
    assert len(ds) == 2
    assert ds[0]["image"][:, 0, 0].tolist() == [100 + b for b in range(8)]  # Vegas img1
    assert ds[1]["image"][:, 0, 0].tolist() == [200 + b for b in range(8)]  # Vegas img2

"""ETCI 2021 loader against fake competition archives."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest
import torch

import geoplug.datasets
from fakedata import etci2021 as fake
from fakedata._segutil import served_resources, wrong_md5
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.datasets.etci2021 import ETCI2021

matplotlib.use("Agg")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    fake.make(tmp_path)
    return tmp_path


def test_registry() -> None:
    assert geoplug.datasets.get("etci2021") is ETCI2021


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_splits(root: Path, split: str) -> None:
    ds = ETCI2021(root, split=split)
    assert len(ds) == fake.SPLITS[split][3] * len(fake.SPLITS[split][2])
    index = 1 if split != "test" else 0
    chip = fake.FIRST[split] + index
    sample = ds[index]
    assert sample["image"].shape == (2, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    # pixel (3, 5) of chip g: 41*g + 17*band + 7*3 + 3*5 + 3*5 (mod 256)
    assert sample["image"][:, 3, 5].tolist() == [(41 * chip + 51) % 256, (41 * chip + 68) % 256]
    assert torch.equal(sample["image"], torch.from_numpy(fake.sar(chip)).float())
    assert sample["water_mask"].dtype == torch.int64
    assert torch.equal(sample["water_mask"], torch.from_numpy(fake.water(chip)).long())
    if split == "test":
        assert "mask" not in sample
    else:
        assert sample["mask"].dtype == torch.int64
        assert sample["mask"].unique().tolist() == [0, 1]
        assert torch.equal(sample["mask"], torch.from_numpy(fake.flood(chip)).long())


def test_extracts_only_the_split_archive(root: Path) -> None:
    ETCI2021(root, split="val")
    assert (root / "test").is_dir()
    assert not (root / "train").exists()


def test_band_selection_and_transforms(root: Path) -> None:
    ds = ETCI2021(root, bands=["VH"], transforms=lambda s: {**s, "image": s["image"] * 2})
    assert ds[0]["image"].shape == (1, fake.SIZE, fake.SIZE)
    assert ds[0]["image"][0, 2, 3].item() == 92.0  # 2 * (17 + 7*2 + 3*3 + 2*3)


def test_missing_label_is_reported(root: Path) -> None:
    ds = ETCI2021(root)
    ds.files[0]["flood"].unlink()
    with pytest.raises(InvalidDataError, match="flood mask"):
        ds[0]


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="etci2021"):
        ETCI2021(tmp_path, split="test")


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(ETCI2021, "resources",
                        served_resources(ETCI2021.resources, http_server.url, info["md5"]))
    ds = ETCI2021(tmp_path, split="test", download=True, checksum=True)
    assert len(ds) == 1
    assert not (tmp_path / "train.zip").exists()  # only the split's archive is fetched


def test_checksum(root: Path, monkeypatch) -> None:
    monkeypatch.setattr(ETCI2021, "resources", wrong_md5(ETCI2021.resources))
    with pytest.raises(ChecksumError):
        ETCI2021(root, checksum=True)


@pytest.mark.parametrize("split", ["train", "test"])
def test_plot(root: Path, split: str) -> None:
    import matplotlib.pyplot as plt

    ds = ETCI2021(root, split=split)
    sample = ds[0]
    sample["prediction"] = sample["water_mask"]
    fig = ds.plot(sample, suptitle="x")
    assert isinstance(fig, plt.Figure)
    assert len(fig.axes) == (5 if split == "train" else 4)
    plt.close(fig)

"""SEN12MS loader against fake season/source archives and split lists."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import sen12ms as fake
from fakedata._segutil import served_resources, wrong_md5
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.datasets.sen12ms import SEN12MS

matplotlib.use("Agg")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    fake.make(tmp_path)
    return tmp_path


def test_registry() -> None:
    assert geoplug.datasets.get("sen12ms") is SEN12MS
    assert geoplug.datasets.info("sen12ms").bands[:3] == ("VV", "VH", "B01")


@pytest.mark.parametrize(("split", "patch"), [("train", 1), ("test", 3)])
def test_lengths_and_sample(root: Path, split: str, patch: int) -> None:
    ds = SEN12MS(root, split=split)
    assert len(ds) == 4
    sample = ds[1]  # patch 31 of the first season of the split (spring / summer)
    assert sample["image"].shape == (15, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    # pixel (3, 5): S1 -(1000 f + 100 b + 3 + 5/64), S2 1000 f + 100 b + 7*3 + 3*5 + 3*5
    assert sample["image"][:, 3, 5].tolist() == (
        [-(1000.0 * patch + 100 * b + 3 + 5 / 64) for b in range(2)]
        + [1000.0 * patch + 100 * b + 51 for b in range(13)])
    expected = np.concatenate([fake.s1(patch), fake.s2(patch).astype(np.float32)])
    assert torch.equal(sample["image"], torch.from_numpy(expected))
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(fake.igbp(patch).astype(np.int64)))
    assert sample["crs"] == CRS.from_epsg(32631)
    assert sample["bounds"].minx == pytest.approx(600000.0 + 31 * 80)


def test_band_selection_across_sensors(root: Path) -> None:
    ds = SEN12MS(root, bands=["B04", "VH", "B8A", "VV"])
    values = ds[0]["image"][:, 2, 3].tolist()  # spring p30: S2 100 b + 29, S1 -(100 b + 2 + 3/64)
    assert values == [329.0, -(102 + 3 / 64), 829.0, -(2 + 3 / 64)]
    s2_only = SEN12MS(root, bands=["B04", "B03", "B02"])
    assert s2_only[0]["image"].shape == (3, fake.SIZE, fake.SIZE)
    assert s2_only.rgb_indices == [0, 1, 2]
    s1_only = SEN12MS(root, bands=["VH"])
    assert s1_only[0]["image"][0, 0, 0].item() == -100.0


def test_transforms(root: Path) -> None:
    ds = SEN12MS(root, bands=["VV"], transforms=lambda s: {**s, "mask": s["mask"] - 1})
    assert ds[0]["mask"].min().item() == 0


def test_extracts_season_folders(root: Path) -> None:
    SEN12MS(root, split="test")
    assert (root / "ROIs1868_summer" / "s2_12" / "ROIs1868_summer_s2_12_p30.tif").is_file()
    assert (root / "ROIs2017_winter" / "lc_7" / "ROIs2017_winter_lc_7_p31.tif").is_file()


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        SEN12MS(tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(SEN12MS, "resources",
                        served_resources(SEN12MS.resources, http_server.url, info["md5"]))
    ds = SEN12MS(tmp_path, split="test", download=True, checksum=True)
    assert len(ds) == 4
    assert (tmp_path / "test_list.txt").is_file()
    assert not (tmp_path / "train_list.txt").exists()


def test_second_split_fetches_only_its_list(tmp_path: Path, http_root: Path, http_server,
                                            monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(SEN12MS, "resources",
                        served_resources(SEN12MS.resources, http_server.url, info["md5"]))
    SEN12MS(tmp_path, split="train", download=True)
    for archive in tmp_path.glob("*.tar.gz"):
        archive.unlink()
    for archive in http_root.glob("*.tar.gz"):
        archive.unlink()  # would fail if they were asked for again
    ds = SEN12MS(tmp_path, split="test", download=True, checksum=True)
    assert len(ds) == 4
    assert ds[3]["image"].shape == (15, fake.SIZE, fake.SIZE)


def test_checksum(root: Path, monkeypatch) -> None:
    monkeypatch.setattr(SEN12MS, "resources", wrong_md5(SEN12MS.resources))
    with pytest.raises(ChecksumError):
        SEN12MS(root, checksum=True)


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = SEN12MS(root)
    fig = ds.plot(ds[0])
    assert isinstance(fig, plt.Figure)
    plt.close(fig)


def test_dataset_in_a_folder_of_its_own(tmp_path: Path) -> None:
    """Season folders and lists one folder below the root (e.g. ``sen12ms/``) are found."""
    import tarfile

    fake.make(tmp_path / "sen12ms")
    for archive in sorted((tmp_path / "sen12ms").glob("*.tar.gz")):
        with tarfile.open(archive) as tf:
            tf.extractall(tmp_path / "sen12ms", filter="data")
        archive.unlink()
    ds = SEN12MS(tmp_path, split="test", bands=["B02"])
    assert len(ds) == 4
    sample = ds[0]
    assert sample["image"][0, 1, 2].item() == 2000 + 100 + 7 + 6 + 2  # summer p30 is patch 2
    assert torch.equal(sample["mask"], torch.from_numpy(fake.igbp(2).astype(np.int64)))

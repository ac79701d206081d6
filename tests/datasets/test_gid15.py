"""GID-15 loader against a fake ``gid-15.zip`` in the distributed layout."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest
import torch

import geoplug.datasets
from fakedata import gid15 as fake
from fakedata._segutil import served_resources, wrong_md5
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.datasets.gid15 import GID15

matplotlib.use("Agg")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    fake.make(tmp_path)
    return tmp_path


def test_registry() -> None:
    assert geoplug.datasets.get("gid15") is GID15
    assert len(geoplug.datasets.info("gid15").classes) == 16


@pytest.mark.parametrize(("split", "n", "first"), [("train", 2, 0), ("val", 1, 2), ("test", 1, 3)])
def test_whole_scenes(root: Path, split: str, n: int, first: int) -> None:
    ds = GID15(root, split=split, patch_size=None)
    assert len(ds) == n
    sample = ds[0]
    assert sample["image"].shape == (3, fake.HEIGHT, fake.WIDTH)
    assert sample["image"].dtype == torch.float32
    assert torch.equal(sample["image"], torch.from_numpy(fake.image_for(first)).float())
    if split == "test":
        assert "mask" not in sample
    else:
        assert sample["mask"].dtype == torch.int64
        assert torch.equal(sample["mask"], torch.from_numpy(fake.class_map(first)).long())


def test_windowed_chips(root: Path) -> None:
    ds = GID15(root, split="train", patch_size=32, stride=16)
    # width 48 -> 0, 16; height 40 -> 0, 8: 4 chips per scene
    assert len(ds) == 8
    sample = ds[3]
    assert sample["image"].shape == (3, 32, 32)
    assert torch.equal(sample["mask"], torch.from_numpy(fake.class_map(0)[8:40, 16:48]).long())
    assert sample["crs"].to_epsg() == 4326
    assert sample["bounds"].minx == pytest.approx(114.0 + 16 * 0.00004)
    offset = ds[7]  # scene 1, row offset 8, column offset 16
    # chip pixel (3, 5) is scene pixel (11, 21): 41*1 + 17*b + 7*11 + 3*21 + 11*21 (mod 256)
    assert offset["image"][:, 3, 5].tolist() == [156.0, 173.0, 190.0]
    assert offset["mask"][3, 5].item() == fake.class_map(1)[11, 21]
    assert torch.equal(offset["image"], torch.from_numpy(fake.image_for(1)[:, 8:40, 16:48]).float())
    assert torch.equal(offset["mask"], torch.from_numpy(fake.class_map(1)[8:40, 16:48]).long())


def test_bands_transforms(root: Path) -> None:
    ds = GID15(root, split="val", bands=["G"], transforms=lambda s: {**s, "extra": 1})
    sample = ds[0]
    assert sample["image"][:, 2, 3].tolist() == [128.0]  # 41*2 + 17*1 + 7*2 + 3*3 + 2*3
    assert sample["extra"] == 1


def test_missing_annotation(root: Path) -> None:
    GID15(root)  # extracts
    next((root / "GID" / "ann_dir" / "train").glob("*.png")).unlink()
    with pytest.raises(InvalidDataError, match="no annotation"):
        GID15(root)


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="gid15"):
        GID15(tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(GID15, "resources",
                        served_resources(GID15.resources, http_server.url, info["md5"]))
    assert len(GID15(tmp_path, split="test", download=True, checksum=True)) == 1


def test_checksum(root: Path, monkeypatch) -> None:
    monkeypatch.setattr(GID15, "resources", wrong_md5(GID15.resources))
    with pytest.raises(ChecksumError):
        GID15(root, checksum=True)


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = GID15(root, split="test")
    fig = ds.plot(ds[0])
    assert isinstance(fig, plt.Figure)
    plt.close(fig)


def test_without_gid_level(tmp_path: Path) -> None:
    """``img_dir/`` and ``ann_dir/`` straight under the root (the ``GID/`` level dropped)."""
    import shutil
    import zipfile

    info = fake.make(tmp_path / "zip")
    with zipfile.ZipFile(info["archive"]) as zf:
        zf.extractall(tmp_path / "x")
    shutil.move(tmp_path / "x" / "GID", tmp_path / "data")
    ds = GID15(tmp_path / "data", split="val", patch_size=None)
    assert len(ds) == 1
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.class_map(2)).long())

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


@pytest.mark.parametrize(("split", "n"), [("train", 2), ("val", 1), ("test", 1)])
def test_whole_scenes(root: Path, split: str, n: int) -> None:
    ds = GID15(root, split=split, patch_size=None)
    assert len(ds) == n
    sample = ds[0]
    assert sample["image"].shape == (3, fake.HEIGHT, fake.WIDTH)
    assert sample["image"].dtype == torch.float32
    if split == "test":
        assert "mask" not in sample
    else:
        assert sample["mask"].dtype == torch.int64
        assert torch.equal(sample["mask"], torch.from_numpy(fake.class_map()).long())


def test_windowed_chips(root: Path) -> None:
    ds = GID15(root, split="train", patch_size=32, stride=16)
    # width 48 -> 0, 16; height 40 -> 0, 8: 4 chips per scene
    assert len(ds) == 8
    sample = ds[3]
    assert sample["image"].shape == (3, 32, 32)
    assert torch.equal(sample["mask"], torch.from_numpy(fake.class_map()[8:40, 16:48]).long())
    assert sample["crs"].to_epsg() == 4326
    assert sample["bounds"].minx == pytest.approx(114.0 + 16 * 0.00004)
    assert ds[4]["image"][:, 0, 0].tolist() == [21.0, 41.0, 61.0]


def test_bands_transforms(root: Path) -> None:
    ds = GID15(root, split="val", bands=["G"], transforms=lambda s: {**s, "extra": 1})
    sample = ds[0]
    assert sample["image"][:, 0, 0].tolist() == [42.0]
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
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.class_map()).long())

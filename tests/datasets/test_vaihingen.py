"""ISPRS Vaihingen loader against fake archives in the publisher's layout."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest
import torch

import geoplug.datasets
from fakedata import vaihingen as fake
from fakedata._segutil import served_resources, wrong_md5
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.datasets.vaihingen import Vaihingen

matplotlib.use("Agg")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    fake.make(tmp_path)
    return tmp_path


def test_registry_returns_class() -> None:
    assert geoplug.datasets.get("vaihingen") is Vaihingen


@pytest.mark.parametrize(("split", "tiles", "first"), [("train", 2, 0), ("test", 1, 2)])
def test_extracts_and_reads_each_split(root: Path, split: str, tiles: int, first: int) -> None:
    ds = Vaihingen(root, split=split, patch_size=None)
    assert len(ds) == tiles
    assert (root / "top" / "top_mosaic_09cm_area1.tif").is_file()
    sample = ds[0]
    assert sample["image"].shape == (3, fake.HEIGHT, fake.WIDTH)
    assert sample["image"].dtype == torch.float32
    assert torch.equal(sample["image"], torch.from_numpy(fake.image_for(first)).float())
    assert torch.equal(sample["mask"], torch.from_numpy(fake.class_map(first)))
    assert "crs" not in sample  # the published tiles carry no georeference


def test_chips_cover_edges(root: Path) -> None:
    ds = Vaihingen(root, patch_size=16, stride=16)
    # width 36 -> offsets 0, 16, 20; height 28 -> 0, 12: 6 chips per area
    assert len(ds) == 12
    last = ds[5]
    assert last["image"].shape == (3, 16, 16)
    assert torch.equal(last["mask"], torch.from_numpy(fake.class_map(0)[12:28, 20:36]))
    offset = ds[10]  # area 1 (second train area), row offset 12, column offset 16
    # chip pixel (3, 5) is area pixel (15, 21): 41*1 + 17*b + 7*15 + 3*21 + 15*21 (mod 256)
    assert offset["image"][:, 3, 5].tolist() == [12.0, 29.0, 46.0]
    assert offset["mask"][3, 5].item() == fake.class_map(1)[15, 21]
    assert torch.equal(offset["image"],
                       torch.from_numpy(fake.image_for(1)[:, 12:28, 16:32]).float())
    assert torch.equal(offset["mask"], torch.from_numpy(fake.class_map(1)[12:28, 16:32]))


def test_bands_and_transforms(root: Path) -> None:
    ds = Vaihingen(root, bands=["G", "IR"], patch_size=None,
                   transforms=lambda s: {**s, "image": s["image"] + 1})
    assert ds[1]["image"][:, 2, 3].tolist() == [105.0, 71.0]  # 41 + 17*b + 29, plus one


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=str(tmp_path)):
        Vaihingen(tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(Vaihingen, "resources",
                        served_resources(Vaihingen.resources, http_server.url, info["md5"]))
    ds = Vaihingen(tmp_path / "d", split="test", download=True, checksum=True)
    assert len(ds) == 1


def test_checksum_mismatch(root: Path, monkeypatch) -> None:
    monkeypatch.setattr(Vaihingen, "resources", wrong_md5(Vaihingen.resources))
    with pytest.raises(ChecksumError):
        Vaihingen(root, checksum=True)


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = Vaihingen(root)
    fig = ds.plot(ds[0])
    assert isinstance(fig, plt.Figure)
    plt.close(fig)


def test_archives_extracted_into_their_own_folders(tmp_path: Path) -> None:
    """``top/`` under ``ISPRS_semantic_labeling_Vaihingen/`` and the labels under the
    ground-truth archive's folder name (as desktop unzip tools extract them) are found."""
    import zipfile

    info = fake.make(tmp_path / "zips")
    for archive in info["archives"]:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(tmp_path / "data" / archive.stem)
    ds = Vaihingen(tmp_path / "data", split="test", patch_size=None)
    assert len(ds) == 1
    sample = ds[0]
    assert sample["image"].shape == (3, fake.HEIGHT, fake.WIDTH)
    assert torch.equal(sample["mask"], torch.from_numpy(fake.class_map(2)))

"""HySpecNet-11k loader against fake patch and split tarballs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import hyspecnet as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.hyspecnet import HySpecNet11k
from testkit.http import Served

made, root = archive_fixtures(fake.make, "hyspecnet")


@pytest.mark.parametrize(("strategy", "split", "length"),
                         [("easy", "train", 14), ("easy", "val", 4), ("easy", "test", 2),
                          ("hard", "train", 14), ("hard", "test", 2)])
def test_lengths(root: Path, strategy: str, split: str, length: int) -> None:
    assert len(HySpecNet11k(root, split=split, strategy=strategy)) == length


def _patch(path: Path) -> int:
    names = {fake.patch_name(t, k): fake.patch_index(t, k) for t in range(10) for k in range(2)}
    return names[path.parent.name]


def test_sample_keeps_202_bands(root: Path) -> None:
    ds = HySpecNet11k(root, split="test", strategy="hard")
    assert all(p.parent.parent.name == fake.TILES[9] for p in ds.files)
    image = ds[1]["image"]
    assert image.shape == (202, 4, 4) and image.dtype == torch.float32
    p = _patch(ds.files[1])
    kept = [b for b in range(224) if b + 1 not in fake.DROPPED]
    assert image[:, 2, 3].tolist() == [fake.value(p, b, 2, 3) for b in kept]
    assert ds.all_bands[125:127] == ("B126", "B142")


def test_band_selection_and_plot(root: Path) -> None:
    ds = HySpecNet11k(root, split="val", bands=["B48", "B30", "B16", "B224"])
    p = _patch(ds.files[0])
    assert ds[0]["image"][:, 3, 1].tolist() == [fake.value(p, b - 1, 3, 1)
                                                for b in (48, 30, 16, 224)]
    assert ds.rgb_indices == [0, 1, 2]
    check_plot(ds)
    with pytest.raises(ValueError, match=r"unknown band\(s\) \['B130'\]"):
        HySpecNet11k(root, bands=["B130"])
    with pytest.raises(ValueError, match="strategy 'medium' is not one of easy, hard"):
        HySpecNet11k(root, strategy="medium")


def test_missing_patch(root: Path, tmp_path: Path) -> None:
    (tmp_path / "hyspecnet-11k" / "patches").mkdir(parents=True)
    listing = tmp_path / "hyspecnet-11k" / "splits" / "easy" / "train.csv"
    listing.parent.mkdir(parents=True)
    listing.write_text("T/P/P-DATA.npy\n")
    with pytest.raises(InvalidDataError, match=r"P-SPECTRAL_IMAGE\.TIF"):
        HySpecNet11k(tmp_path)[0]


def test_partial_archives_like_torchgeo_sample(tmp_path: Path) -> None:
    """Only hyspecnet-11k-01.tar.gz and a splits archive with the easy lists alone."""
    made = fake.make(tmp_path / "src", strategies=("easy",))
    root = tmp_path / "root"
    root.mkdir()
    copy_archives(made["dir"], root, ["hyspecnet-11k-01.tar.gz", "hyspecnet-11k-splits.tar.gz"])
    with pytest.warns(UserWarning, match="12 patches .* using the 2 present"):
        ds = HySpecNet11k(root, split="train")
    assert len(ds) == 2 and all(p.parent.parent.name == fake.TILES[0] for p in ds.files)
    p = _patch(ds.files[1])
    assert ds[1]["image"][:3, 1, 2].tolist() == [fake.value(p, b, 1, 2) for b in range(3)]
    with pytest.raises(DatasetNotFoundError, match=r"no 'hard' split lists \(found: \['easy'\]"):
        HySpecNet11k(root, strategy="hard")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(HySpecNet11k, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(HySpecNet11k, made, http_server.url, http_root, monkeypatch)
    ds = HySpecNet11k(tmp_path, split="val", strategy="hard", download=True, checksum=True)
    assert len(ds) == 4
    assert ds[3]["image"].shape == (202, 4, 4)


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(HySpecNet11k, made, monkeypatch, tmp_path, "hyspecnet-11k-07.tar.gz")


def test_plugin(root: Path) -> None:
    assert geoplug.datasets.get("hyspecnet") is HySpecNet11k
    check_dataset_plugin("hyspecnet", data=root)

"""OSCD100: 256x256 OSCD crops in OSCD's layout, with a val split (fake zips)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import oscd100 as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from fakedata.oscd import PREFIX
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.oscd100 import OSCD100
from testkit.http import Served

made, root = archive_fixtures(fake.make, "oscd100")


def test_registry() -> None:
    assert geoplug.datasets.get("oscd100") is OSCD100
    spec = geoplug.datasets.info("oscd100")
    assert spec.splits == ("train", "val", "test") and spec.patch_size == 256
    assert spec.bands == geoplug.datasets.info("oscd").bands


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_split_pairs_and_masks(root: Path, split: str) -> None:
    ds = OSCD100(root, split=split)
    patches = fake.PATCHES[split]
    assert [f["city"] for f in ds.files] == sorted(patches)
    for i, patch in enumerate(sorted(patches)):
        sample = ds[i]
        assert sample["image"].shape == (2, 13, fake.H, fake.W)
        assert sample["image"].dtype == torch.float32
        for date in (0, 1):
            expected = torch.from_numpy(fake.bands(patch, date + 1).astype("float32"))
            assert torch.equal(sample["image"][date], expected)
        assert sample["mask"].dtype == torch.int64
        assert torch.equal(sample["mask"], torch.from_numpy(fake.change(patch)).long())


def test_city_list_in_images_does_not_decide_the_split(root: Path) -> None:
    """Images/train.txt names whole cities; the crops of the split are the label folders."""
    assert len(OSCD100(root, split="train")) == 2


def test_band_selection(root: Path) -> None:
    ds = OSCD100(root, split="val", bands=["B8A", "B02"])
    expected = torch.from_numpy(fake.bands("cupertino_0", 2)[[8, 1]].astype("float32"))
    assert torch.equal(ds[0]["image"][1], expected)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(OSCD100, tmp_path, split="val")


def test_download_val(made: dict[str, Any], http_server: Served, http_root: Path,
                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(OSCD100, made, http_server.url, http_root, monkeypatch)
    ds = OSCD100(tmp_path / "dl", split="val", download=True, checksum=True)
    assert len(ds) == 1
    assert (tmp_path / "dl" / f"{PREFIX}Val Labels.zip").is_file()
    assert not (tmp_path / "dl" / f"{PREFIX}Train Labels.zip").exists()


def test_published_resources() -> None:
    names = [r.filename for r in OSCD100.resources]
    assert names == [f"{PREFIX}{p}.zip" for p in ("Images", "Train Labels", "Val Labels",
                                                   "Test Labels")]
    assert all(r.url.startswith("https://hf.co/datasets/hkristen/oscd100/resolve/")
               and "%20" in r.url and len(r.sha256 or "") == 64 for r in OSCD100.resources)


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(OSCD100, made, monkeypatch, tmp_path, f"{PREFIX}Val Labels.zip",
                        split="val")


def test_plot(root: Path) -> None:
    check_plot(OSCD100(root, split="test"))


def test_conformance(root: Path) -> None:
    check_dataset_plugin("oscd100", data=root)

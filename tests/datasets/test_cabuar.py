"""CaBuAr read from fake HDF5 files in the publisher's layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import cabuar as fake
from fakedata._dc_checks import archive_fixtures, check_not_found, check_plot, serve_made
from geoplug.core.errors import ChecksumError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.cabuar import CaBuAr
from testkit.http import Served

made, root = archive_fixtures(fake.make, "cabuar")
ROWS, COLS = np.mgrid[0:fake.SIZE, 0:fake.SIZE]


@pytest.mark.parametrize(("split", "ids"), [("train", ["a0f1", "c4d5", "e8b9"]),
                                            ("val", ["b2e3"]), ("test", ["f0a1", "f2b3"])])
def test_splits_follow_folds(root: Path, split: str, ids: list[str]) -> None:
    ds = CaBuAr(root, split=split)
    assert [ds[i]["id"] for i in range(len(ds))] == ids  # d6c7 has no pre-fire image


def test_sample_pairs_image_and_mask(root: Path) -> None:
    sample = CaBuAr(root)[1]  # c4d5, patch k = 2 of 512x512.hdf5
    assert set(sample) == {"image", "mask", "id"}
    assert sample["image"].shape == (2, 12, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["mask"].dtype == torch.int64 and sample["mask"].shape == (8, 8)
    assert np.array_equal(sample["image"][0, 8].numpy(), fake.pixel(2, 0, 8, ROWS, COLS))
    assert np.array_equal(sample["image"][1, 11].numpy(), fake.pixel(2, 1, 11, ROWS, COLS))
    assert np.array_equal(sample["mask"].numpy(), fake.burned(2))
    test = CaBuAr(root, split="test")[1]
    assert np.array_equal(test["image"][1, 3].numpy(), fake.pixel(1, 1, 3, ROWS, COLS))


def test_band_selection(root: Path) -> None:
    ds = CaBuAr(root, split="val", bands=["B8A", "B04"])
    image = ds[0]["image"]
    assert image.shape == (2, 2, 8, 8)
    assert np.array_equal(image[1, 0].numpy(), fake.pixel(1, 1, 8, ROWS, COLS))
    assert np.array_equal(image[1, 1].numpy(), fake.pixel(1, 1, 3, ROWS, COLS))
    assert ds.rgb_indices == []


def test_errors(root: Path, tmp_path: Path) -> None:
    check_not_found(CaBuAr, tmp_path)
    (tmp_path / "chabud_test.h5").write_bytes(b"not hdf5")
    with pytest.raises(InvalidDataError, match="HDF5"):
        CaBuAr(tmp_path, split="test")
    with pytest.raises(ValueError, match="unknown band"):
        CaBuAr(root, bands=["B10"])


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(CaBuAr, made, http_server.url, http_root, monkeypatch)
    assert len(CaBuAr(tmp_path / "dl", split="test", download=True, checksum=True)) == 2
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == ["chabud_test.h5"]
    serve_made(CaBuAr, {"dir": made["dir"], "archives": {"512x512.hdf5": "0" * 32}},
               http_server.url, http_root, monkeypatch)
    with pytest.raises(ChecksumError):
        CaBuAr(tmp_path / "dl2", download=True)


def test_plot_and_registry(root: Path) -> None:
    check_plot(CaBuAr(root))
    assert geoplug.datasets.get("cabuar") is CaBuAr
    assert check_dataset_plugin("cabuar", data=root).passed


def test_float_fold_attributes(tmp_path: Path) -> None:
    fake.make(tmp_path, float_folds=True)
    import h5py

    with h5py.File(tmp_path / "512x512.hdf5") as f:
        assert f["a0f1"].attrs["fold"] == 1.0 and str(f["a0f1"].attrs["fold"]) == "1.0"
    for split, ids in (("train", ["a0f1", "c4d5", "e8b9"]), ("val", ["b2e3"])):
        ds = CaBuAr(tmp_path, split=split)
        assert [ds[i]["id"] for i in range(len(ds))] == ids

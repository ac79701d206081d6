from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import zuericrop as fake
from fakedata._dc_checks import (
    check_checksum_mismatch,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.datasets.zuericrop import ZueriCrop
from testkit.http import Served


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fake.make(tmp_path_factory.mktemp("zc"))


def test_sample(made: dict[str, Any]) -> None:
    ds = ZueriCrop(made["dir"])
    assert len(ds) == fake.N
    sample = ds[2]
    assert set(sample) == {"image", "mask", "instance"}
    assert sample["image"].shape == (fake.T, fake.C, fake.H, fake.W)
    assert sample["image"].dtype == torch.float32
    assert sample["image"][1, :, 0, 0].tolist() == [fake.value(2, 1, c) for c in range(9)]
    # pixel (3, 5) of date 1: 1000*2 + 100*1 + 10 c + 3 + 5/8; (5, 3) differs (no transpose)
    assert sample["image"][1, :, 3, 5].tolist() == [2103.625 + 10 * c for c in range(9)]
    assert sample["image"][1, :, 5, 3].tolist() == [2105.375 + 10 * c for c in range(9)]
    assert sample["mask"].dtype == torch.int64 and sample["mask"].shape == (fake.H, fake.W)
    assert torch.equal(sample["mask"], torch.from_numpy(fake.gt(2)))
    assert torch.equal(sample["instance"], torch.from_numpy(fake.instances(2)))
    assert not torch.equal(sample["mask"], torch.from_numpy(fake.gt(1)))
    with pytest.raises(IndexError):
        ds[fake.N]


def _first_two_dates(sample: dict[str, Any]) -> dict[str, Any]:
    return {**sample, "image": sample["image"][:2]}


def test_bands_transforms_pickle(made: dict[str, Any]) -> None:
    ds = ZueriCrop(made["dir"], bands=["B04", "B03", "B02"],
                   transforms=_first_two_dates)
    ds[0]
    clone = pickle.loads(pickle.dumps(ds, protocol=pickle.HIGHEST_PROTOCOL))
    sample = clone[0]
    assert sample["image"].shape == (2, 3, fake.H, fake.W)
    assert sample["image"][0, :, 0, 0].tolist() == [30, 10, 20]
    assert sample["image"][1, :, 4, 1].tolist() == [134.125, 114.125, 124.125]
    check_plot(ZueriCrop(made["dir"]))


def test_not_found(tmp_path: Path) -> None:
    check_not_found(ZueriCrop, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(ZueriCrop, made, http_server.url, http_root, monkeypatch)
    assert len(ZueriCrop(tmp_path, download=True, checksum=True)) == fake.N
    assert (tmp_path / "labels.csv").is_file()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    # an existing HDF5 is trusted (as for every dataset); verify the one being fetched
    copy_archives(made["dir"], tmp_path, ["labels.csv", "ZueriCrop.hdf5"])
    monkeypatch.setattr(ZueriCrop, "_exists", lambda self: False)
    check_checksum_mismatch(ZueriCrop, monkeypatch, tmp_path, "ZueriCrop.hdf5")


def test_registry() -> None:
    assert geoplug.datasets.get("zuericrop") is ZueriCrop

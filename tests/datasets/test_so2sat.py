"""So2Sat LCZ42 v2 read from its HDF5 files."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from pathlib import Path

import matplotlib
import pytest
import torch

import geoplug.datasets
from fakedata import so2sat as fake
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.datasets.so2sat import So2Sat
from testkit.http import Served

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("so2sat")
    return root, fake.make(root)


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_lengths_keys_dtypes_labels(data: tuple[Path, dict], split: str) -> None:
    root, info = data
    ds = So2Sat(root, split=split)
    assert len(ds) == info["counts"][split]
    sample = ds[1]
    assert set(sample) == {"image", "label"}
    assert sample["image"].dtype == torch.float32 and tuple(sample["image"].shape) == (18, 32, 32)
    assert sample["label"].dtype == torch.int64 and sample["label"].ndim == 0
    assert int(sample["label"]) == fake.label_of(split, 1)
    expected = [fake.value(1, "sen1", c, 5, 7) for c in range(8)] + [
        fake.value(1, "sen2", c, 5, 7) for c in range(10)]
    assert sample["image"][:, 5, 7].tolist() == pytest.approx(expected, abs=1e-6)
    # S2 B02 at row 5, column 7: 0.1 + 0.1 (sample 1) + 5/1000 + 7/100000; not at (7, 5)
    assert sample["image"][8, 5, 7].item() == pytest.approx(0.20507, abs=1e-6)
    assert sample["image"][8, 7, 5].item() == pytest.approx(0.20705, abs=1e-6)
    assert ds[-1]["image"][0, 0, 0].item() == pytest.approx(
        fake.value(len(ds) - 1, "sen1", 0), abs=1e-6)
    with pytest.raises(IndexError):
        ds[len(ds)]


def test_band_selection_across_sensors_in_order(data: tuple[Path, dict]) -> None:
    root, _ = data
    ds = So2Sat(root, bands=["S2_B8A", "S1_B5", "S2_B02"])
    image = ds[2]["image"]
    assert tuple(image.shape) == (3, 32, 32)
    assert image[:, 9, 4].tolist() == pytest.approx(
        [fake.value(2, "sen2", 7, 9, 4), fake.value(2, "sen1", 4, 9, 4),
         fake.value(2, "sen2", 0, 9, 4)], abs=1e-6)
    rgb = So2Sat(root, bands=So2Sat.rgb_bands)
    assert rgb.rgb_indices == [0, 1, 2]
    assert rgb[0]["image"][:, 0, 0].tolist() == pytest.approx(
        [fake.value(0, "sen2", c) for c in (2, 1, 0)], abs=1e-6)
    assert So2Sat(root, bands=So2Sat.s1_bands).rgb_indices == []
    with pytest.raises(ValueError, match="unknown band"):
        So2Sat(root, bands=["B04"])
    with pytest.raises(ValueError, match="split 'validation' is not one of"):
        So2Sat(root, split="validation")


def test_transforms_and_plot(data: tuple[Path, dict]) -> None:
    root, _ = data

    def double(sample: dict) -> dict:
        return {**sample, "image": sample["image"] * 2}

    ds = So2Sat(root, transforms=double)
    assert ds[0]["image"][10, 0, 0].item() == pytest.approx(2 * fake.value(0, "sen2", 2))
    fig = ds.plot(ds[0])
    assert isinstance(fig, matplotlib.figure.Figure)
    matplotlib.pyplot.close(fig)


def test_pickles_for_dataloader_workers(data: tuple[Path, dict]) -> None:
    root, _ = data
    ds = So2Sat(root, split="val")
    ds[0]  # opens the HDF5 handle
    clone = pickle.loads(pickle.dumps(ds))
    assert torch.equal(clone[1]["image"], ds[1]["image"])


def test_missing_names_path_and_hint(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        So2Sat(tmp_path / "absent", split="test")
    message = str(info.value)
    assert str(tmp_path / "absent") in message and "download=True" in message


def test_checksum_of_existing_file(data: tuple[Path, dict], tmp_path: Path) -> None:
    root, info = data
    shutil.copy(root / "testing.h5", tmp_path / "testing.h5")
    with pytest.raises(ChecksumError, match=r"testing\.h5"):
        So2Sat(tmp_path, split="test", checksum=True)  # the real md5 is not the fake's
    assert len(So2Sat(tmp_path, split="test")) == info["counts"]["test"]


def test_not_hdf5_is_reported(tmp_path: Path) -> None:
    (tmp_path / "training.h5").write_bytes(b"not an hdf5 file")
    with pytest.raises(InvalidDataError, match="corrupt or truncated"):
        So2Sat(tmp_path)


def test_download_from_server(data: tuple[Path, dict], http_server: Served, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    root, info = data
    shutil.copy(root / "validation.h5", http_server.root / "validation.h5")
    resources = tuple(
        dataclasses.replace(r, url=f"{http_server.url}/{r.filename}", md5=info["md5"][split])
        for r, split in zip(So2Sat.resources, ["train", "val", "test"]))
    monkeypatch.setattr(So2Sat, "resources", resources)
    ds = So2Sat(tmp_path / "dl", split="val", download=True, checksum=True)
    assert len(ds) == info["counts"]["val"]
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == ["validation.h5"]

    bad = tuple(dataclasses.replace(r, md5="0" * 32) for r in resources)
    monkeypatch.setattr(So2Sat, "resources", bad)
    with pytest.raises(ChecksumError):
        So2Sat(tmp_path / "dl2", split="val", download=True, checksum=True)
    assert not (tmp_path / "dl2" / "validation.h5").exists()


def test_registered() -> None:
    assert geoplug.datasets.get("so2sat") is So2Sat
    spec = geoplug.datasets.info("so2sat")
    assert spec.bands == So2Sat.all_bands and spec.num_classes == 17
    assert spec.classes == So2Sat.classes


def test_wrong_layout_is_reported(tmp_path: Path) -> None:
    import h5py
    import numpy as np

    with h5py.File(tmp_path / "testing.h5", "w") as f:
        f.create_dataset("sen1", data=np.zeros((2, 32, 32, 8)))
        f.create_dataset("sen2", data=np.zeros((2, 32, 32, 13)))
        f.create_dataset("label", data=np.zeros((2, 17)))
    with pytest.raises(InvalidDataError, match=r"\[N, H, W, 10\]"):
        So2Sat(tmp_path, split="test")


@pytest.mark.parametrize("folder", fake.V3_FOLDERS)
def test_version_3_folders(tmp_path: Path, folder: str) -> None:
    info = fake.make_v3(tmp_path, folder)
    for split in ("train", "test"):
        ds = So2Sat(tmp_path, split=split, version=f"3_{folder}", bands=["S2_B03", "S1_B2"])
        assert len(ds) == info["counts"][split]
        sample = ds[len(ds) - 1]
        i = len(ds) - 1
        assert sample["image"].shape == (2, 32, 32)
        assert sample["image"][0, 0, 0].item() == pytest.approx(fake.value(i, "sen2", 1))
        assert sample["image"][1, 0, 0].item() == pytest.approx(fake.value(i, "sen1", 1))
        assert int(sample["label"]) == fake.label_of(split, i)
    with pytest.raises(ValueError, match="split 'val'"):
        So2Sat(tmp_path, split="val", version=f"3_{folder}")
    with pytest.raises(DatasetNotFoundError):
        So2Sat(tmp_path, split="train")  # version 2 files are not there


def test_unknown_version(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="version '4'"):
        So2Sat(tmp_path, version="4")


def test_version_3_download(http_server: Served, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    import geoplug.datasets.so2sat as module

    info = fake.make_v3(http_server.root, "block")
    monkeypatch.setattr(module, "_URL_V3", http_server.url + "/{folder}/{name}")
    monkeypatch.setitem(module._V3_MD5, "block", info["md5"])
    ds = So2Sat(tmp_path / "dl", split="test", version="3_block", download=True, checksum=True)
    assert len(ds) == info["counts"]["test"]
    assert (tmp_path / "dl" / "block" / "testing.h5").is_file()
    assert not (tmp_path / "dl" / "block" / "training.h5").exists()

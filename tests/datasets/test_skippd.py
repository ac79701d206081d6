"""SKIPP'D read from fake benchmark files in the publisher's layout."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import torch

import geoplug.datasets
from fakedata import skippd as fake
from fakedata._dc_checks import check_not_found, check_plot
from fakedata._made import made_root
from geoplug.core.errors import ChecksumError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.skippd import SKIPPD
from testkit.http import Served

root = made_root(fake.make, "skippd")


def _expected(split: str, n: int, bands: tuple[int, ...] = (0, 1, 2)) -> torch.Tensor:
    rows, cols = torch.meshgrid(torch.arange(fake.SIZE), torch.arange(fake.SIZE), indexing="ij")
    return torch.stack([fake.pixel(split, n, rows, cols, b) for b in bands]).float()


@pytest.mark.parametrize(("split", "count"), [("trainval", 60), ("test", 20)])
def test_nowcast(root: Path, split: str, count: int) -> None:
    ds = SKIPPD(root, split=split)
    assert len(ds) == count
    sample = ds[7]
    assert set(sample) == {"image", "label"}
    assert sample["image"].dtype == torch.float32 and sample["image"].shape == (3, 8, 8)
    assert torch.equal(sample["image"], _expected(split, 7))
    assert sample["label"].dtype == torch.float32 and sample["label"].item() == fake.pv(split, 7)


def test_forecast_windows_follow_the_time_stamps(root: Path) -> None:
    ds = SKIPPD(root, task="forecast")
    # run 0-39: windows ending at minutes 15-24 (target 30-39) and 35-39 (target 50-54);
    # run 50-69: targets 80-84 are not recorded
    assert len(ds) == 15
    sample = ds[10]  # ends at minute 35 (row 35), target minute 50 = row 40
    assert set(sample) == {"image", "label", "pv_history"}
    assert sample["image"].shape == (16, 3, 8, 8) and sample["image"].dtype == torch.float32
    assert torch.equal(sample["image"][0], _expected("trainval", 20))
    assert torch.equal(sample["image"][-1], _expected("trainval", 35))
    assert sample["label"].item() == fake.pv("trainval", 40)
    assert sample["pv_history"].tolist() == [fake.pv("trainval", n) for n in range(20, 36)]
    assert len(SKIPPD(root, split="test", task="forecast", history=4, horizon=3)) == 14


def test_bands_and_arguments(root: Path) -> None:
    image = SKIPPD(root, bands=["B", "R"])[3]["image"]
    assert torch.equal(image, _expected("trainval", 3, (2, 0)))
    with pytest.raises(ValueError, match="task 'hindcast'"):
        SKIPPD(root, task="hindcast")
    with pytest.raises(ValueError, match="at least 1"):
        SKIPPD(root, task="forecast", horizon=0)


def test_nested_folder_and_bad_times(tmp_path: Path) -> None:
    fake.make(tmp_path, folder="dj417rh1007")
    assert len(SKIPPD(tmp_path, split="test", task="forecast", history=2, horizon=1)) == 18
    (tmp_path / "dj417rh1007" / "times_test.npy").write_bytes(b"not numpy")
    with pytest.raises(InvalidDataError, match="time stamps"):
        SKIPPD(tmp_path, split="test", task="forecast")


def test_file_of_another_release(tmp_path: Path) -> None:
    import h5py

    fake.make(tmp_path)
    with h5py.File(tmp_path / "2017_2019_images_pv_processed.hdf5", "a") as f:
        del f["test/images_log"]
        del f["trainval/pv_log"]
    with pytest.raises(InvalidDataError, match="no dataset 'test/images_log'"):
        SKIPPD(tmp_path, split="test")[0]
    with pytest.raises(InvalidDataError, match="no trainval/pv_log"):
        SKIPPD(tmp_path)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SKIPPD, tmp_path)
    fake.make(tmp_path)
    (tmp_path / "times_test.npy").unlink()
    assert len(SKIPPD(tmp_path, split="test")) == 20  # nowcast needs no time stamps
    check_not_found(SKIPPD, tmp_path, split="test", task="forecast")


def test_download(http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    md5 = fake.make(http_root)
    served = tuple(dataclasses.replace(r, url=f"{http_server.url}/{r.filename}",
                                       md5=md5[r.filename]) for r in SKIPPD.resources)
    monkeypatch.setattr(SKIPPD, "resources", served)
    ds = SKIPPD(tmp_path / "dl", task="forecast", download=True, checksum=True)
    assert len(ds) == 15
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == [
        "2017_2019_images_pv_processed.hdf5", "times_trainval.npy"]
    bad = tuple(dataclasses.replace(r, md5="0" * 32) for r in served)
    monkeypatch.setattr(SKIPPD, "resources", bad)
    with pytest.raises(ChecksumError):
        SKIPPD(tmp_path / "dl2", download=True)


def test_plot_and_registry(root: Path) -> None:
    check_plot(SKIPPD(root))
    check_plot(SKIPPD(root, task="forecast"))
    assert geoplug.datasets.get("skippd") is SKIPPD
    assert check_dataset_plugin("skippd", data=root).passed
    assert check_dataset_plugin("skippd", data=root, kwargs={"task": "forecast"}).passed

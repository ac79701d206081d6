"""Tropical Cyclone Wind Estimation read from the Radiant MLHub collections."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import matplotlib
import pytest
import torch

import geoplug.datasets
from fakedata import cyclone as fake
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.datasets.cyclone import TropicalCyclone
from testkit.http import Served

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cyclone")
    fake.make(root, extract=True)
    return root


@pytest.mark.parametrize("split", ["train", "test"])
def test_samples_per_split(extracted: Path, split: str) -> None:
    ds = TropicalCyclone(extracted, split=split)
    items = sorted(fake.ITEMS[split], key=lambda t: f"{t[0]}_{t[1]}")
    assert len(ds) == len(items)
    for i, (storm, _, rel_time, ocean, wind, grey) in enumerate(items):
        sample = ds[i]
        assert set(sample) == {"image", "label", "storm_id", "relative_time", "ocean"}
        assert sample["image"].dtype == torch.float32
        assert tuple(sample["image"].shape) == (1, 366, 366)  # resampled from 8x8
        assert sample["image"].mean().item() == pytest.approx(grey + 28, abs=2)
        # JPEG is lossy: compare within 3 grey levels; the transpose is 8.7 levels away
        assert sample["image"][0, 200, 100].item() == pytest.approx(
            fake.resampled_at(grey, 200, 100), abs=3)
        assert sample["image"][0, 100, 200].item() == pytest.approx(
            fake.resampled_at(grey, 100, 200), abs=3)
        assert sample["label"].dtype == torch.float32 and sample["label"].item() == wind
        assert sample["storm_id"] == storm
        assert sample["relative_time"].dtype == torch.int64
        assert int(sample["relative_time"]) == rel_time and int(sample["ocean"]) == ocean


def test_items_found_without_collection_json(extracted: Path, tmp_path: Path) -> None:
    shutil.copytree(extracted, tmp_path, dirs_exist_ok=True)
    (tmp_path / f"{fake.COLLECTION}_train_source" / "collection.json").unlink()
    assert len(TropicalCyclone(tmp_path)) == len(fake.ITEMS["train"])


def test_bands_transforms_plot(extracted: Path) -> None:
    ds = TropicalCyclone(extracted, bands=["IR"], transforms=lambda s: {**s, "label": -s["label"]})
    assert ds[0]["label"].item() == -43.0
    with pytest.raises(ValueError, match="unknown band"):
        TropicalCyclone(extracted, bands=["B04"])
    with pytest.raises(ValueError, match="split 'val'"):
        TropicalCyclone(extracted, split="val")
    fig = ds.plot(ds[0], suptitle="storm")
    assert isinstance(fig, matplotlib.figure.Figure)
    matplotlib.pyplot.close(fig)


def test_missing(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        TropicalCyclone(tmp_path)
    assert str(tmp_path) in str(info.value) and "download=True" in str(info.value)


def test_archives_on_disk_are_extracted(tmp_path: Path) -> None:
    info = fake.make(tmp_path)
    ds = TropicalCyclone(tmp_path, split="test", checksum=False)
    assert len(ds) == 2 and ds[1]["label"].item() == 35.0
    assert (tmp_path / f"{fake.COLLECTION}_test_labels").is_dir()
    assert not (tmp_path / f"{fake.COLLECTION}_train_source").exists()  # only what test needs
    assert len(info["md5"]) == 4


def test_checksum_mismatch_of_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    with pytest.raises(ChecksumError, match="checksum"):
        TropicalCyclone(tmp_path, checksum=True)  # the published md5s are not the fakes'


def test_download(http_server: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = fake.make(http_server.root)
    resources = tuple(
        dataclasses.replace(r, url=f"{http_server.url}/{r.filename}", md5=info["md5"][r.filename])
        for r in TropicalCyclone.resources)
    monkeypatch.setattr(TropicalCyclone, "resources", resources)
    ds = TropicalCyclone(tmp_path / "dl", download=True, checksum=True)
    assert len(ds) == 3 and ds[2]["storm_id"] == "bcd"
    assert (tmp_path / "dl" / f"{fake.COLLECTION}_train_source.tar.gz").is_file()

    monkeypatch.setattr(TropicalCyclone, "resources",
                        tuple(dataclasses.replace(r, md5="f" * 32) for r in resources))
    with pytest.raises(ChecksumError):
        TropicalCyclone(tmp_path / "dl2", download=True, checksum=True)


def test_registered() -> None:
    assert geoplug.datasets.get("cyclone") is TropicalCyclone
    assert geoplug.datasets.info("cyclone").task == "regression"


@pytest.mark.parametrize(("snake_case", "nested"), [(False, False), (True, False), (False, True)])
@pytest.mark.parametrize("split", ["train", "test"])
def test_source_cooperative_csv_layout(tmp_path: Path, split: str, snake_case: bool,
                                       nested: bool) -> None:
    fake.make_csv(tmp_path, snake_case=snake_case, nested=nested)
    ds = TropicalCyclone(tmp_path, split=split)
    items = sorted(fake.ITEMS[split], key=lambda t: f"{t[0]}_{t[1]}")
    assert len(ds) == len(items)
    for i, (storm, _, rel_time, ocean, wind, grey) in enumerate(items):
        sample = ds[i]
        assert set(sample) == {"image", "label", "storm_id", "relative_time", "ocean"}
        assert sample["image"].dtype == torch.float32
        assert tuple(sample["image"].shape) == (1, 366, 366)
        assert sample["image"].mean().item() == pytest.approx(grey + 28, abs=2)
        # JPEG is lossy: compare within 3 grey levels; the transpose is 8.7 levels away
        assert sample["image"][0, 200, 100].item() == pytest.approx(
            fake.resampled_at(grey, 200, 100), abs=3)
        assert sample["image"][0, 100, 200].item() == pytest.approx(
            fake.resampled_at(grey, 100, 200), abs=3)
        assert sample["label"].dtype == torch.float32 and sample["label"].item() == wind
        assert sample["storm_id"] == storm
        assert int(sample["relative_time"]) == rel_time and int(sample["ocean"]) == ocean


def test_csv_layout_errors(tmp_path: Path) -> None:
    fake.make_csv(tmp_path)
    (tmp_path / "training_set_labels.csv").write_text("Image ID,Speed\nabs_000,43\n")
    with pytest.raises(InvalidDataError, match="lacks column"):
        TropicalCyclone(tmp_path)
    (tmp_path / "training_set_labels.csv").write_text("Image ID,Wind Speed\nzzz_000,43\n")
    with pytest.raises(InvalidDataError, match="zzz_000"):
        TropicalCyclone(tmp_path)
    (tmp_path / "training_set_labels.csv").write_text("Image ID,Wind Speed\nabs_000,fast\n")
    with pytest.raises(InvalidDataError, match="malformed"):
        TropicalCyclone(tmp_path)
    (tmp_path / "training_set_labels.csv").unlink()
    with pytest.raises(DatasetNotFoundError):
        TropicalCyclone(tmp_path)

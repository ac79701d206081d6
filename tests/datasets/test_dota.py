from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import torch

import geoplug.datasets
from fakedata import dota as fake
from fakedata._dc_checks import check_plot
from fakedata._made import made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.dota import DOTA

root = made_root(fake.make, "dota")


@pytest.mark.parametrize(("split", "version", "length"),
                         [("train", "1.0", 2), ("val", "1.0", 1), ("train", "1.5", 2),
                          ("train", "2.0", 2), ("val", "2.0", 1)])
def test_lengths(root: Path, split: str, version: str, length: int) -> None:
    assert len(DOTA(root, split=split, version=version)) == length


def test_sample_v10(root: Path) -> None:
    sample = DOTA(root, version="1.0")[0]
    assert set(sample) == {"image", "bbox_xyxy", "bbox_xyxyxyxy", "label"}
    assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    corners = sample["bbox_xyxyxyxy"]
    assert corners.dtype == torch.float32 and corners.shape == (2, 8)
    assert corners.tolist() == [[2, 3, 10, 2, 11, 9, 3, 10], [12.5, 12, 15, 12, 15, 15, 12.5, 15]]
    assert sample["bbox_xyxy"].tolist() == [[2, 2, 11, 10], [12.5, 12, 15, 15]]
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [0, 10]  # plane, small-vehicle


def test_pixels(root: Path) -> None:
    image = DOTA(root, version="1.0")[0]["image"]
    assert image[:, 9, 5].tolist() == list(fake.pixel(0, 9, 5))
    grey = DOTA(root, version="1.0")[1]["image"]
    assert grey[:, 3, 14].tolist() == list(fake.pixel(1, 3, 14))
    val = DOTA(root, split="val", version="1.0")[0]["image"]
    assert val[:, 11, 6].tolist() == list(fake.pixel(2, 11, 6))


def test_versions_pick_labels_and_classes(root: Path) -> None:
    assert DOTA(root, version="1.5")[0]["label"].tolist() == [15]  # container-crane
    assert DOTA(root, version="2.0")[0]["label"].tolist() == [17]  # helipad
    assert DOTA(root, version="2.0")[1]["label"].tolist() == [16]  # airport
    auto = DOTA(root)
    assert auto.version == "2.0" and auto[0]["label"].tolist() == [17]


def test_class_of_a_later_version_is_an_error(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root, tmp_path / "copy")
    label = tmp_path / "copy" / "train" / "labelTxt-v1.0" / "labelTxt" / "P0001.txt"
    label.write_text(fake.HEADER + "1 1 5 1 5 4 1 4 helipad 0\n")
    with pytest.raises(InvalidDataError, match=r"v1\.0: unknown class 'helipad' in .*P0001"):
        DOTA(tmp_path / "copy", version="1.0")[1]


def test_bad_line(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root, tmp_path / "copy")
    label = tmp_path / "copy" / "train" / "labelTxt-v1.0" / "labelTxt" / "P0000.txt"
    label.write_text(fake.HEADER + "1 2 3 plane 0\n")
    with pytest.raises(InvalidDataError, match=r"line 3 of .*P0000\.txt"):
        DOTA(tmp_path / "copy", version="1.0")[0]


def test_difficult(root: Path) -> None:
    sample = DOTA(root, version="1.0", include_difficult=False)[0]
    assert sample["label"].tolist() == [0]


def test_bands(root: Path) -> None:
    sample = DOTA(root, version="1.0", bands=["G"])[0]
    assert sample["image"].shape == (1, fake.SIZE, fake.SIZE)
    assert float(sample["image"][0, 7, 2]) == fake.pixel(0, 7, 2)[1]


def test_bad_version(root: Path) -> None:
    with pytest.raises(ValueError, match=r"version '3\.0'"):
        DOTA(root, version="3.0")


def test_not_found(root: Path, tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"captain-whu\.github\.io") as info:
        DOTA(tmp_path, download=True)
    assert str(tmp_path) in str(info.value)
    shutil.copytree(root / "val" / "images", tmp_path / "val" / "images")
    with pytest.raises(DatasetNotFoundError, match="labelTxt-v<version>"):
        DOTA(tmp_path, split="val", version="1.5")


def test_plot(root: Path) -> None:
    check_plot(DOTA(root, version="1.0"))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("dota") is DOTA
    assert geoplug.datasets.info("dota").num_classes == 18
    check_dataset_plugin("dota", root, kwargs={"version": "1.0"})


def test_publisher_drive_zips_are_extracted(tmp_path: Path) -> None:
    fake.make_drive(tmp_path)  # <split>/images/part*.zip, <split>/labelTxt-v*/*.zip
    ds = DOTA(tmp_path, version="1.0")
    assert len(ds) == 2
    sample = ds[0]
    assert sample["bbox_xyxyxyxy"].tolist() == [[2, 3, 10, 2, 11, 9, 3, 10],
                                                [12.5, 12, 15, 12, 15, 15, 12.5, 15]]
    assert sample["image"][:, 9, 5].tolist() == list(fake.pixel(0, 9, 5))
    assert (tmp_path / "train" / "images" / "P0001.png").is_file()  # members images/P*.png
    assert DOTA(tmp_path, version="1.5")[0]["label"].tolist() == [15]  # bare label files
    auto = DOTA(tmp_path, split="val")
    assert auto.version == "2.0" and auto[0]["label"].tolist() == [8]  # bridge
    assert auto[0]["image"][:, 11, 6].tolist() == list(fake.pixel(2, 11, 6))  # bare P*.png
    # horizontal-box zips stay packed
    assert not any("hbb" in p.name or "reclabel" in p.name
                   for p in (tmp_path / "train").rglob("*") if p.is_dir())

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import dior as fake
from fakedata._dc_checks import archive_fixtures, check_plot, copy_archives
from fakedata._made import check_not_found_hint
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.dior import DIOR

made, root = archive_fixtures(fake.make, "dior")


@pytest.mark.parametrize(("split", "length"), [("train", 2), ("val", 1), ("test", 2)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(DIOR(root, split=split)) == length


def test_sample_horizontal(root: Path) -> None:
    sample = DIOR(root, split="val")[0]
    assert set(sample) == {"image", "bbox_xyxy", "label"}
    assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[4, 4, 16, 8], [1, 15, 5, 20], [18, 2, 23, 9]]
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [6, 18, 13]  # dam, vehicle, ship


def test_pixels_pair_image_and_file(root: Path) -> None:
    """Image 00003 at row 20, column 11: (20*3 + 3*11, 5*20, 30*3) within JPEG error."""
    image = DIOR(root, split="val")[0]["image"]
    expected = torch.tensor(fake.pixel(3, 20, 11), dtype=torch.float32)
    assert torch.allclose(image[:, 20, 11], expected, atol=4)
    test = DIOR(root, split="test")[1]["image"]
    assert torch.allclose(test[:, 7, 25], torch.tensor(fake.pixel(5, 7, 25), dtype=torch.float32),
                          atol=4)


def test_mixed_case_class_names(root: Path) -> None:
    """The XML spells 'Expressway-Service-area'; it maps to class 7."""
    assert DIOR(root)[0]["label"].tolist() == [0, 7]
    assert DIOR(root, split="test")[0]["label"].tolist() == [8]
    empty = DIOR(root, split="test")[1]
    assert empty["bbox_xyxy"].shape == (0, 4) and empty["label"].shape == (0,)


def test_oriented(root: Path) -> None:
    sample = DIOR(root, split="train", orientation="oriented")[0]
    assert sample["bbox_xyxyxyxy"].dtype == torch.float32
    assert sample["bbox_xyxyxyxy"].tolist()[0] == fake.corners(2, 3, 10, 12)
    # the enclosing box of the tilted corners
    assert sample["bbox_xyxy"].tolist()[0] == [2, 3, 10, 12]
    assert sample["label"].tolist() == [0, 7]


def test_bands(root: Path) -> None:
    sample = DIOR(root, split="val", bands=["B", "R"])[0]
    assert sample["image"].shape == (2, fake.SIZE, fake.SIZE)
    assert abs(float(sample["image"][0, 5, 5]) - 90) <= 4  # blue of image 3
    assert abs(float(sample["image"][1, 5, 5]) - (60 + 15)) <= 4


def test_nested_drive_folders(made: dict[str, Any], tmp_path: Path) -> None:
    """A drive download unpacks into JPEGImages-trainval-002/JPEGImages-trainval."""
    for name in fake.ARCHIVES:
        target = tmp_path / (name.removesuffix(".zip") + "-002")
        shutil.unpack_archive(made["dir"] / name, target)
    ds = DIOR(tmp_path, split="train")
    assert len(ds) == 2 and ds[1]["label"].tolist() == [19]


def test_unknown_class(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root, tmp_path / "copy")
    xml = tmp_path / "copy" / "Annotations" / "Horizontal Bounding Boxes" / "00002.xml"
    xml.write_text(xml.read_text().replace("windmill", "castle"))
    with pytest.raises(InvalidDataError, match=r"unknown class 'castle' in .*00002\.xml"):
        DIOR(tmp_path / "copy")[1]


def test_bad_orientation(root: Path) -> None:
    with pytest.raises(ValueError, match="orientation 'rotated'"):
        DIOR(root, orientation="rotated")


def test_not_found_says_where_to_get_it(tmp_path: Path) -> None:
    check_not_found_hint(DIOR, tmp_path, "gcheng-nwpu.github.io", "JPEGImages-trainval.zip")


def test_archives_are_extracted(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, list(fake.ARCHIVES))
    assert len(DIOR(tmp_path, split="test")) == 2
    assert (tmp_path / "JPEGImages-test" / "00004.jpg").is_file()


def test_plot(root: Path) -> None:
    check_plot(DIOR(root))
    check_plot(DIOR(root, orientation="oriented"))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("dior") is DIOR
    assert geoplug.datasets.info("dior").num_classes == 20
    check_dataset_plugin("dior", root)

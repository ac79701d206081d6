from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import dior_r as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_plot,
    copy_archives,
)
from fakedata._made import check_not_found_hint
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.dior_r import DIORR

made, root = archive_fixtures(fake.make, "dior_r")

#: DIOR's class order (the paper's): the labels the fake class names must map to
LABELS = {"ship": 13, "Expressway-Service-area": 7, "windmill": 19, "storagetank": 15,
          "vehicle": 18, "harbor": 11, "tenniscourt": 16}


@pytest.mark.parametrize(("split", "length"), [("train", 2), ("val", 1), ("test", 2)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(DIORR(root, split=split)) == length


@pytest.mark.parametrize(("split", "index", "stem"),
                         [("train", 0, "00001"), ("train", 1, "00002"), ("val", 0, "00003"),
                          ("test", 0, "00004")])
def test_oriented_boxes_and_labels(root: Path, split: str, index: int, stem: str) -> None:
    sample = DIORR(root, split=split)[index]
    assert set(sample) == {"image", "bbox_xyxyxyxy", "bbox_xyxy", "label"}
    objects = fake.OBJECTS[stem]
    assert sample["bbox_xyxyxyxy"].dtype == torch.float32
    assert sample["bbox_xyxyxyxy"].tolist() == [corners for _, corners in objects]
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [fake.enclosing(c) for _, c in objects]
    assert sample["label"].dtype == torch.int64
    # the oriented folder is read: the horizontal decoy names every object 'airport' (1)
    assert sample["label"].tolist() == [LABELS[name] for name, _ in objects]


def test_image_without_objects(root: Path) -> None:
    sample = DIORR(root, split="test")[1]
    assert sample["bbox_xyxyxyxy"].shape == (0, 8)
    assert sample["bbox_xyxy"].shape == (0, 4)
    assert sample["label"].shape == (0,)


@pytest.mark.parametrize(("split", "index", "number", "row", "col"),
                         [("train", 0, 1, 3, 29), ("train", 1, 2, 30, 2), ("val", 0, 3, 20, 11),
                          ("test", 1, 5, 7, 25)])
def test_pixels_pair_image_and_file(root: Path, split: str, index: int, number: int, row: int,
                                    col: int) -> None:
    """Each sample's pixels are its own file's, not transposed (within JPEG error)."""
    image = DIORR(root, split=split)[index]["image"]
    assert image.dtype == torch.float32 and image.shape == (3, fake.SIZE, fake.SIZE)
    expected = torch.tensor(fake.pixel(number, row, col), dtype=torch.float32)
    assert torch.allclose(image[:, row, col], expected, atol=3), image[:, row, col]


def test_bands(root: Path) -> None:
    image = DIORR(root, split="val", bands=["B", "R"])[0]["image"]
    assert image.shape == (2, fake.SIZE, fake.SIZE)
    red, _, blue = fake.pixel(3, 5, 6)
    assert abs(float(image[0, 5, 6]) - blue) <= 3
    assert abs(float(image[1, 5, 6]) - red) <= 3


def test_horizontal_folder_not_needed(made: dict[str, Any], tmp_path: Path) -> None:
    for name in fake.ARCHIVES:
        shutil.unpack_archive(made["dir"] / name, tmp_path)
    shutil.rmtree(tmp_path / "Annotations" / "Horizontal Bounding Boxes")
    assert DIORR(tmp_path, split="val")[0]["label"].tolist() == [15, 18, 11]


def test_missing_oriented_folder_is_not_found(made: dict[str, Any], tmp_path: Path) -> None:
    """DIOR's horizontal boxes alone are not DIOR-R: say so rather than read them."""
    for name in fake.ARCHIVES:
        shutil.unpack_archive(made["dir"] / name, tmp_path)
    shutil.rmtree(tmp_path / "Annotations" / "Oriented Bounding Boxes")
    with pytest.raises(DatasetNotFoundError, match="gcheng-nwpu"):
        DIORR(tmp_path)


def test_nested_drive_folders(made: dict[str, Any], tmp_path: Path) -> None:
    for name in fake.ARCHIVES:
        shutil.unpack_archive(made["dir"] / name, tmp_path / (name.removesuffix(".zip") + "-1"))
    assert DIORR(tmp_path, split="train")[1]["label"].tolist() == [19]


def test_robndbox_missing(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root, tmp_path / "copy")
    xml = tmp_path / "copy" / "Annotations" / "Oriented Bounding Boxes" / "00002.xml"
    xml.write_text(xml.read_text().replace("robndbox>", "bndbox>"))
    with pytest.raises(InvalidDataError, match=r"00002\.xml.*robndbox"):
        DIORR(tmp_path / "copy")[1]


def test_missing_image_named(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root, tmp_path / "copy")
    (tmp_path / "copy" / "JPEGImages-trainval" / "00003.jpg").unlink()
    with pytest.raises(InvalidDataError, match=r"00003\.jpg"):
        DIORR(tmp_path / "copy", split="val")


def test_not_found_says_where_to_get_it(tmp_path: Path) -> None:
    check_not_found_hint(DIORR, tmp_path, "gcheng-nwpu.github.io", "JPEGImages-trainval.zip",
                         "Annotations.zip")


def test_archives_are_extracted(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, list(fake.ARCHIVES))
    assert len(DIORR(tmp_path, split="test")) == 2
    assert (tmp_path / "Annotations" / "Oriented Bounding Boxes" / "00004.xml").is_file()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(DIORR, made, monkeypatch, tmp_path, "Annotations.zip")


def test_plot(root: Path) -> None:
    check_plot(DIORR(root))
    check_plot(DIORR(root, split="val"))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("dior_r") is DIORR
    info = geoplug.datasets.info("dior_r")
    assert info.num_classes == 20 and info.classes[13] == "ship"
    check_dataset_plugin("dior_r", root)

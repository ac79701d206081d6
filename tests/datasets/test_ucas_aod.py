from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import torch

import geoplug.datasets
from fakedata import ucas_aod as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.ucas_aod import UCASAOD, parse_ucas_aod

#: the extracted tree, written once (tests that change files use ``fresh``)
root = made_root(fake.make, "ucas_aod")


@pytest.fixture(name="fresh")
def fresh_root(tmp_path: Path) -> Path:
    fake.make(tmp_path)
    return tmp_path


def written(k: int) -> torch.Tensor:
    return torch.from_numpy(fake.image(k)).float()


def test_length(root: Path) -> None:
    assert len(UCASAOD(root)) == 4  # CAR/ and PLANE/, not Neg/


def test_sample(root: Path) -> None:
    sample = UCASAOD(root)[0]  # CAR/P0001
    assert set(sample) == {"image", "bbox_xyxy", "bbox_xyxyxyxy", "label"}
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (3, fake.HEIGHT, fake.WIDTH)
    assert torch.equal(sample["image"], written(0))
    assert sample["bbox_xyxyxyxy"].dtype == torch.float32
    assert sample["bbox_xyxyxyxy"].tolist() == [[2, 3, 8, 3, 8, 6, 2, 6],
                                                [12.5, 1, 16, 2.25, 15, 6, 11.5, 4.75]]
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[2, 3, 8, 6], [11.5, 1, 16, 6]]
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [0, 0]


def test_pixels_pair_with_their_annotations(root: Path) -> None:
    """Each sample is its own image with its own annotation and its folder's class."""
    ds = UCASAOD(root)
    for (folder, _), k in fake.IMAGES.items():
        sample = ds[k]
        assert torch.equal(sample["image"], written(k)), k
        assert sample["bbox_xyxyxyxy"].tolist() == [list(c) for c in fake.OBJECTS[k]]
        assert sample["label"].tolist() == [("CAR", "PLANE").index(folder)] * len(
            fake.OBJECTS[k])
    plane = ds[2]  # PLANE/P0001, pixel at row 13, col 21
    assert plane["image"][:, 13, 21].tolist() == list(fake.pixel(2, 13, 21))
    assert plane["label"].tolist() == [1, 1, 1]


def test_image_without_objects(root: Path) -> None:
    empty = UCASAOD(root)[3]
    assert torch.equal(empty["image"], written(3))
    assert empty["bbox_xyxyxyxy"].shape == (0, 8) and empty["bbox_xyxy"].shape == (0, 4)
    assert empty["label"].shape == (0,) and empty["label"].dtype == torch.int64


def test_bands_and_transforms(root: Path) -> None:
    ds = UCASAOD(root, bands=["B", "R"], transforms=lambda s: {**s, "n": len(s["label"])})
    sample = ds[1]
    assert torch.equal(sample["image"], written(1)[[2, 0]])
    assert sample["n"] == 1


def test_classes() -> None:
    assert UCASAOD.classes == ("car", "airplane")


def test_root_may_be_the_package_folder(root: Path) -> None:
    assert len(UCASAOD(root / "UCAS_AOD")) == 4


def test_parse_ucas_aod(root: Path) -> None:
    text = (root / "UCAS_AOD" / "CAR" / "P0002.txt").read_text()
    assert "\t" in text and "e+00" in text
    corners = parse_ucas_aod(root / "UCAS_AOD" / "CAR" / "P0002.txt")
    assert corners.tolist() == [[4, 4, 6, 4, 6, 10, 4, 10]]


@pytest.mark.parametrize(("line", "message"), [
    ("1 2 3 4 5 6 7", r"7 fields, fewer than 8"),
    ("1 2 3 4 5 six 7 8 0 1 2 3 4", r"could not convert"),
])
def test_bad_annotation(fresh: Path, line: str, message: str) -> None:
    (fresh / "UCAS_AOD" / "CAR" / "P0002.txt").write_text(line + "\n")
    ds = UCASAOD(fresh)
    ds[0]  # the other files still read
    with pytest.raises(InvalidDataError, match=r"line 1 of .*P0002\.txt.*" + message):
        ds[1]


def test_missing_annotation(fresh: Path) -> None:
    (fresh / "UCAS_AOD" / "PLANE" / "P0002.txt").unlink()
    with pytest.raises(InvalidDataError, match=r"1 image\(s\) in .*PLANE.*P0002\.png without "
                                               r"P0002\.txt"):
        UCASAOD(fresh)


def test_folder_without_images(fresh: Path) -> None:
    for png in (fresh / "UCAS_AOD" / "CAR").glob("*.png"):
        png.unlink()
    with pytest.raises(InvalidDataError, match=r"CAR holds no PNG"):
        UCASAOD(fresh)


def test_truncated_image(fresh: Path) -> None:
    png = fake.path(fresh, 1)
    png.write_bytes(png.read_bytes()[:40])
    with pytest.raises(InvalidDataError, match=r"CAR/P0002\.png"):
        UCASAOD(fresh)[1]


def test_not_found(tmp_path: Path) -> None:
    check_not_found_hint(UCASAOD, tmp_path, "hyper.ai/datasets/5419", "CAR/", "PLANE/")


def test_one_class_folder_is_not_the_dataset(fresh: Path) -> None:
    shutil.rmtree(fresh / "UCAS_AOD" / "CAR")
    with pytest.raises(DatasetNotFoundError):
        UCASAOD(fresh)


def test_unknown_split(root: Path) -> None:
    with pytest.raises(ValueError, match="split 'test'"):
        UCASAOD(root, split="test")


def test_plot(root: Path) -> None:
    check_plot(UCASAOD(root))
    check_plot(UCASAOD(root), index=3)  # no objects


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("ucas_aod") is UCASAOD
    info = geoplug.datasets.info("ucas_aod")
    assert info.num_classes == 2 and info.task == "detection"
    assert info.splits == ("train",)
    check_dataset_plugin("ucas_aod", root)

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import isaid as fake
from fakedata._dc_checks import check_plot
from fakedata._made import made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.isaid import ISAID

root = made_root(fake.make, "isaid")

H, W = fake.HEIGHT, fake.WIDTH


def _box_mask(x0: int, y0: int, x1: int, y1: int) -> torch.Tensor:
    mask = torch.zeros(H, W, dtype=torch.uint8)
    mask[y0:y1, x0:x1] = 1
    return mask


@pytest.mark.parametrize(("split", "length"), [("train", 3), ("val", 1)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(ISAID(root, split=split)) == length


def test_scenes_missing_from_a_partial_extraction(root: Path, tmp_path: Path) -> None:
    """A scene the JSON lists but the folder lacks (a part*.zip not extracted) is an error,
    not a smaller split."""
    shutil.copytree(root / "train", tmp_path / "train")
    (tmp_path / "train" / "images" / "P0001.png").unlink()
    with pytest.raises(InvalidDataError, match=r"1 of the 3 scenes .* P0001\.png"):
        ISAID(tmp_path)


def test_test_split_is_not_offered(root: Path) -> None:
    with pytest.raises(ValueError, match="split 'test'"):
        ISAID(root, split="test")


def test_sample(root: Path) -> None:
    sample = ISAID(root)[0]  # P0000
    assert set(sample) == {"image", "bbox_xyxy", "label", "mask"}
    assert sample["image"].dtype == torch.float32 and sample["image"].shape == (3, H, W)
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[2, 3, 10, 8], [14, 12, 19, 15], [18, 2, 22, 17]]
    assert sample["label"].dtype == torch.int64
    # storage_tank, Small_Vehicle, Harbor (publisher ids 2, 9, 15); the crowd plane left out
    assert sample["label"].tolist() == [1, 8, 14]
    assert [ISAID.classes[i] for i in sample["label"]] == ["storage_tank", "Small_Vehicle",
                                                            "Harbor"]


def test_masks(root: Path) -> None:
    mask = ISAID(root)[0]["mask"]
    assert mask.dtype == torch.uint8 and mask.shape == (3, H, W)
    assert torch.equal(mask[0], _box_mask(2, 3, 10, 8))
    # the devkit traces boundary pixels: each object's mask is its own pixels, box-tight
    l_shape = {(r, c) for r in (12, 13) for c in range(14, 19)} | {(14, 14), (14, 15)}
    assert {tuple(p) for p in mask[1].nonzero().tolist()} == l_shape
    # a bar one pixel high keeps its three pixels
    assert torch.equal(mask[2], _box_mask(20, 2, 22, 4) | _box_mask(18, 16, 21, 17))


def test_pixels_pair_with_annotations(root: Path) -> None:
    ds = ISAID(root)
    image = ds[0]["image"]
    for row, col in [(3, 2), (19, 23), (7, 17), (0, 21)]:
        assert image[:, row, col].tolist() == list(fake.pixel(0, row, col))
    grey = ds[1]
    assert grey["image"][:, 6, 22].tolist() == list(fake.pixel(1, 6, 22))
    assert grey["label"].tolist() == [13]  # plane
    val = ISAID(root, split="val")[0]
    assert val["image"][:, 13, 7].tolist() == list(fake.pixel(3, 13, 7))
    # val numbers its categories otherwise (Small_Vehicle = 1, ship = 2): mapped by name
    assert val["label"].tolist() == [8, 0]
    assert val["bbox_xyxy"].tolist() == [[1, 1, 4, 3], [6, 10, 9, 14]]
    assert torch.equal(val["mask"][1], _box_mask(6, 10, 9, 14))


def test_object_past_the_edge_is_clipped(root: Path) -> None:
    sample = ISAID(root)[1]  # P0001: the plane's polygon reaches x = 30 on a 24 px scene
    assert sample["bbox_xyxy"].tolist() == [[20, 5, W, 9]]
    assert torch.equal(sample["mask"][0], _box_mask(20, 5, W, 9))


def test_image_without_objects(root: Path) -> None:
    sample = ISAID(root)[2]  # P0002
    assert sample["bbox_xyxy"].shape == (0, 4) and sample["label"].shape == (0,)
    assert sample["mask"].shape == (0, H, W) and sample["mask"].dtype == torch.uint8
    assert sample["image"][:, 4, 9].tolist() == list(fake.pixel(2, 4, 9))


def test_boxes_only(root: Path) -> None:
    sample = ISAID(root, masks=False)[0]
    assert set(sample) == {"image", "bbox_xyxy", "label"}
    assert sample["label"].tolist() == [1, 8, 14]


def test_bands_and_transforms(root: Path) -> None:
    ds = ISAID(root, bands=["B"], transforms=lambda s: {**s, "n": len(s["label"])})
    sample = ds[0]
    assert sample["image"].shape == (1, H, W)
    assert float(sample["image"][0, 5, 11]) == fake.pixel(0, 5, 11)[2]
    assert sample["n"] == 3


def test_publisher_drive_zips_are_extracted(tmp_path: Path) -> None:
    fake.make_drive(tmp_path)  # <split>/images/part*.zip, <split>/*_masks/images.zip
    ds = ISAID(tmp_path)
    assert len(ds) == 3
    assert (tmp_path / "train" / "images" / "P0001.png").is_file()
    sample = ds[0]
    assert sample["label"].tolist() == [1, 8, 14]
    assert sample["image"][:, 9, 5].tolist() == list(fake.pixel(0, 9, 5))
    assert ISAID(tmp_path, split="val")[0]["label"].tolist() == [8, 0]


def test_part_zips_unzipped_in_place(root: Path, tmp_path: Path) -> None:
    # `unzip part1.zip` inside <split>/images leaves <split>/images/images/P*.png
    copy = _copy(root, tmp_path)
    images = copy / "train" / "images"
    shutil.move(images, tmp_path / "moved")
    images.mkdir()
    shutil.move(tmp_path / "moved", images / "images")
    ds = ISAID(copy)
    assert len(ds) == 3
    assert ds[0]["image"][:, 11, 3].tolist() == list(fake.pixel(0, 11, 3))


def test_devkit_layout_masks_beside_images(tmp_path: Path) -> None:
    fake.make_devkit(tmp_path)
    assert (tmp_path / "train" / "images" / "P0000_instance_color_RGB.png").is_file()
    ds = ISAID(tmp_path)
    assert len(ds) == 3
    assert ds[1]["image"][:, 2, 3].tolist() == list(fake.pixel(1, 2, 3))


def test_not_found(root: Path, tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"captain-whu\.github\.io/iSAID") as info:
        ISAID(tmp_path, download=True)
    assert str(tmp_path) in str(info.value)
    # images without the annotations
    shutil.copytree(root / "val" / "images", tmp_path / "val" / "images")
    with pytest.raises(DatasetNotFoundError, match="Annotations"):
        ISAID(tmp_path, split="val")


def _copy(root: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    return copy


def test_unknown_category(root: Path, tmp_path: Path) -> None:
    copy = _copy(root, tmp_path)
    path = copy / "val" / "Annotations" / "iSAID_val.json"
    coco = json.loads(path.read_text())
    coco["categories"][0]["name"] = "container-crane"
    path.write_text(json.dumps(coco))
    with pytest.raises(InvalidDataError, match=r"unknown class 'container-crane' in .*iSAID_val"):
        ISAID(copy, split="val")


def test_truncated_json(root: Path, tmp_path: Path) -> None:
    copy = _copy(root, tmp_path)
    path = copy / "val" / "Annotations" / "iSAID_val.json"
    path.write_text(path.read_text()[:50])
    with pytest.raises(InvalidDataError, match=r"cannot read .*iSAID_val\.json"):
        ISAID(copy, split="val")


def test_malformed_annotation(root: Path, tmp_path: Path) -> None:
    copy = _copy(root, tmp_path)
    path = copy / "val" / "Annotations" / "iSAID_val.json"
    coco = json.loads(path.read_text())
    del coco["annotations"][1]["bbox"]
    path.write_text(json.dumps(coco))
    with pytest.raises(InvalidDataError, match=r"annotation 1 of .*iSAID_val\.json"):
        ISAID(copy, split="val")


def test_image_of_another_size(root: Path, tmp_path: Path) -> None:
    copy = _copy(root, tmp_path)
    from PIL import Image

    Image.fromarray(np.zeros((W, H, 3), np.uint8)).save(copy / "val" / "images" / "P0003.png")
    with pytest.raises(InvalidDataError, match=r"P0003\.png is 20x24 px but .* says 24x20"):
        ISAID(copy, split="val")[0]


def test_images_of_another_split(root: Path, tmp_path: Path) -> None:
    copy = _copy(root, tmp_path)
    shutil.rmtree(copy / "val" / "images")
    shutil.copytree(root / "train" / "images", copy / "val" / "images")
    with pytest.raises(InvalidDataError, match=r"none of the images listed in .*iSAID_val"):
        ISAID(copy, split="val")


def test_plot(root: Path) -> None:
    check_plot(ISAID(root))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("isaid") is ISAID
    info = geoplug.datasets.info("isaid")
    assert info.num_classes == 15 and info.task == "instance_segmentation"
    check_dataset_plugin("isaid", root)

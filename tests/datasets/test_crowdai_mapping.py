"""CrowdAI Mapping read from AIcrowd's archives: tiles paired with their building polygons by
image id, instance masks and boxes from the polygons, the small subsets, manual download."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import crowdai_mapping as fake
from fakedata._dc_checks import check_checksum_mismatch, check_plot, serve_resources
from fakedata._made import check_not_found_hint, made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.crowdai_mapping import CrowdAIMapping

#: the archives only: the first dataset built on it extracts them
root = made_root(fake.make, "crowdai_mapping")

H, W = fake.HEIGHT, fake.WIDTH


@pytest.fixture
def extracted(tmp_path: Path) -> Path:
    """A fresh copy of the extracted files (no archives), for tests that change them."""
    fake.make(tmp_path, extract=True)
    for name in fake.ARCHIVES:
        (tmp_path / name).unlink()
    return tmp_path


def _box_mask(x0: int, y0: int, x1: int, y1: int) -> torch.Tensor:
    mask = torch.zeros(H, W, dtype=torch.uint8)
    mask[y0:y1, x0:x1] = 1
    return mask


def _expected_pixels(split: str, image_id: int) -> torch.Tensor:
    rows, cols = np.mgrid[0:H, 0:W]
    values = fake.pixel(fake.tile_number(split, image_id), rows, cols)
    return torch.from_numpy(np.stack(np.broadcast_arrays(*values)).astype(np.float32))


@pytest.mark.parametrize(("split", "small", "length"),
                         [("train", False, 4), ("val", False, 2), ("train", True, 2),
                          ("val", True, 1)])
def test_lengths(root: Path, split: str, small: bool, length: int) -> None:
    assert len(CrowdAIMapping(root, split=split, small=small)) == length


def test_tiles_in_image_id_order(root: Path) -> None:
    """The JSON lists its images shuffled; samples follow the file names (= image ids)."""
    assert [i.file_name for i in CrowdAIMapping(root).images] == [
        "000000000000.jpg", "000000000003.jpg", "000000000007.jpg", "000000000012.jpg"]
    assert [i.file_name for i in CrowdAIMapping(root, small=True).images] == [
        "000000000003.jpg", "000000000007.jpg"]


def test_sample(root: Path) -> None:
    sample = CrowdAIMapping(root)[1]  # image 3
    assert set(sample) == {"image", "bbox_xyxy", "label", "mask"}
    assert sample["image"].dtype == torch.float32 and sample["image"].shape == (3, H, W)
    assert sample["bbox_xyxy"].dtype == torch.float32
    # the polygon extents, in the JSON's annotation order; the last one clipped to the tile
    assert sample["bbox_xyxy"].tolist() == [[2, 3, 10, 8], [14, 2, 18, 10], [18, 12, W, 16]]
    assert sample["label"].dtype == torch.int64 and sample["label"].tolist() == [0, 0, 0]


def test_boxes_are_polygon_extents_not_the_json_bbox(root: Path) -> None:
    coco = json.loads((root / "train" / "annotation.json").read_text())
    first = next(a for a in coco["annotations"] if a["image_id"] == 0)
    assert first["bbox"] != [6, 10, 6, 8]  # the converter's indexing: not the polygon's box
    assert CrowdAIMapping(root)[0]["bbox_xyxy"].tolist() == [[6, 10, 12, 18], [1, 1, 5, 4]]


def test_masks(root: Path) -> None:
    mask = CrowdAIMapping(root)[1]["mask"]
    assert mask.dtype == torch.uint8 and mask.shape == (3, H, W)
    # vertices are pixel corners: a rectangle from x 2 to 10 covers columns 2..9
    assert torch.equal(mask[0], _box_mask(2, 3, 10, 8))
    # the triangle (14, 2), (18, 2), (14, 10): pixels whose centre is inside, 2x + y < 38
    triangle = {(r, c) for r in range(H) for c in range(W)
                if c >= 14 and r >= 2 and 2 * (c + 0.5) + (r + 0.5) < 38}
    assert {tuple(p) for p in mask[1].nonzero().tolist()} == triangle
    assert torch.equal(mask[2], _box_mask(18, 12, W, 16))  # clipped at the right edge


def test_pixels_pair_with_annotations(root: Path) -> None:
    """Each tile is its own file (blue = 40 * tile + 20), untransposed, with its objects."""
    from PIL import Image

    for split, index, image_id in [("train", 0, 0), ("train", 3, 12), ("val", 0, 0),
                                   ("val", 1, 5)]:
        ds = CrowdAIMapping(root, split=split)
        image = ds[index]["image"]
        assert torch.allclose(image, _expected_pixels(split, image_id), atol=3)
        path = root / split / "images" / fake.file_name(image_id)
        decoded = np.asarray(Image.open(path).convert("RGB")).transpose(2, 0, 1)
        assert torch.equal(image, torch.from_numpy(decoded.astype(np.float32)))
    val = CrowdAIMapping(root, split="val")
    assert val[0]["bbox_xyxy"].tolist() == [[3, 5, 9, 15]]
    assert torch.equal(val[0]["mask"][0], _box_mask(3, 5, 9, 15))
    assert val[1]["bbox_xyxy"].tolist() == [[12, 2, 20, 6], [1, 12, 4, 19]]


def test_tile_without_buildings(root: Path) -> None:
    sample = CrowdAIMapping(root)[3]  # image 12
    assert sample["bbox_xyxy"].shape == (0, 4) and sample["label"].shape == (0,)
    assert sample["mask"].shape == (0, H, W) and sample["mask"].dtype == torch.uint8


def test_small_subset(root: Path) -> None:
    ds = CrowdAIMapping(root, small=True)
    assert ds.annotations_path.name == "annotation-small.json"
    assert ds[1]["bbox_xyxy"].tolist() == [[0, 0, 4, 4]]  # image 7
    assert torch.allclose(ds[1]["image"], _expected_pixels("train", 7), atol=3)


def test_bands_and_transforms(root: Path) -> None:
    ds = CrowdAIMapping(root, bands=["B", "R"], transforms=lambda s: {**s, "n": len(s["label"])})
    sample = ds[1]
    assert sample["image"].shape == (2, H, W)
    expected = _expected_pixels("train", 3)
    assert torch.allclose(sample["image"], expected[[2, 0]], atol=3)
    assert sample["n"] == 3


@pytest.mark.parametrize(("split", "other", "length"), [("val", "train", 2), ("train", "val", 4)])
def test_each_split_needs_only_its_archive(root: Path, tmp_path: Path, split: str, other: str,
                                           length: int) -> None:
    shutil.copy(root / f"{split}.tar.gz", tmp_path)
    assert len(CrowdAIMapping(tmp_path, split=split)) == length
    assert (tmp_path / split / "images" / "000000000000.jpg").is_file()
    with pytest.raises(DatasetNotFoundError, match=rf"{other}\.tar\.gz"):
        CrowdAIMapping(tmp_path, split=other)  # the other split needs its own archive
    assert not (tmp_path / other).exists()


def test_not_found(tmp_path: Path) -> None:
    """AIcrowd needs a login: download=True cannot help, the message says where to go."""
    check_not_found_hint(CrowdAIMapping, tmp_path, "aicrowd.com/challenges/mapping-challenge",
                         "train.tar.gz")
    check_not_found_hint(CrowdAIMapping, tmp_path, "val.tar.gz", split="val")


def test_annotations_missing(extracted: Path) -> None:
    (extracted / "val" / "annotation-small.json").unlink()
    assert len(CrowdAIMapping(extracted, split="val")) == 2
    with pytest.raises(DatasetNotFoundError, match=str(extracted)):
        CrowdAIMapping(extracted, split="val", small=True)


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(tmp_path)
    check_checksum_mismatch(CrowdAIMapping, monkeypatch, tmp_path, "train.tar.gz")
    assert not (tmp_path / "train").exists()


def test_checksum_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(tmp_path)
    serve_resources(CrowdAIMapping, monkeypatch, "http://127.0.0.1:9", made["archives"])
    assert len(CrowdAIMapping(tmp_path, checksum=True)) == 4


def test_tiles_missing_from_a_partial_extraction(extracted: Path) -> None:
    (extracted / "train" / "images" / "000000000007.jpg").unlink()
    with pytest.raises(InvalidDataError, match=r"1 of the 4 tiles .* 000000000007\.jpg"):
        CrowdAIMapping(extracted)


def test_images_of_another_split(extracted: Path) -> None:
    for jpg in (extracted / "val" / "images").iterdir():
        jpg.unlink()
    shutil.copy(extracted / "train" / "images" / "000000000003.jpg", extracted / "val" / "images")
    with pytest.raises(InvalidDataError, match=r"none of the tiles listed in .*annotation\.json"):
        CrowdAIMapping(extracted, split="val")


def test_unknown_category(extracted: Path) -> None:
    path = extracted / "val" / "annotation.json"
    coco = json.loads(path.read_text())
    coco["categories"][0]["name"] = "road"
    path.write_text(json.dumps(coco))
    with pytest.raises(InvalidDataError, match=r"unknown class 'road' in .*annotation\.json"):
        CrowdAIMapping(extracted, split="val")


def test_truncated_json(extracted: Path) -> None:
    path = extracted / "val" / "annotation.json"
    path.write_text(path.read_text()[:40])
    with pytest.raises(InvalidDataError, match=r"cannot read .*annotation\.json"):
        CrowdAIMapping(extracted, split="val")


def test_tile_of_another_size(extracted: Path) -> None:
    from PIL import Image

    path = extracted / "val" / "images" / "000000000005.jpg"
    Image.fromarray(np.zeros((W, H, 3), np.uint8)).save(path)
    ds = CrowdAIMapping(extracted, split="val")
    with pytest.raises(InvalidDataError, match=r"000000000005\.jpg is 20x24 px but .* 24x20"):
        ds[1]


def test_plot(root: Path) -> None:
    check_plot(CrowdAIMapping(root), index=1)


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("crowdai_mapping") is CrowdAIMapping
    info = geoplug.datasets.info("crowdai_mapping")
    assert info.num_classes == 1 and info.classes == ("building",)
    assert info.task == "instance_segmentation" and info.kind == "nongeo"
    check_dataset_plugin("crowdai_mapping", root)


def test_footprint_with_no_pixel_in_the_tile_is_left_out(extracted: Path) -> None:
    """Clamped and rotated vertices can put a footprint wholly off its tile: no zero-area
    box and empty mask (detection models refuse them)."""
    path = extracted / "train" / "annotation.json"
    data = json.loads(path.read_text())
    before = CrowdAIMapping(extracted)
    index = [e.file_name for e in before.images].index(fake.file_name(7))
    kept = before[index]
    off = [30.0, 2.0, 40.0, 2.0, 40.0, 6.0, 30.0, 6.0]  # columns 30..40 of a 24 px tile
    data["annotations"].append({"id": 99, "image_id": 7, "segmentation": [off], "area": 1.0,
                                "bbox": [30.0, 2.0, 10.0, 4.0], "category_id": 100,
                                "iscrowd": 0})
    path.write_text(json.dumps(data))
    sample = CrowdAIMapping(extracted)[index]
    assert torch.equal(sample["bbox_xyxy"], kept["bbox_xyxy"])
    assert torch.equal(sample["mask"], kept["mask"])
    assert sample["label"].tolist() == kept["label"].tolist()


def test_v2_release_keeps_its_annotations_in_a_folder(extracted: Path) -> None:
    """The 2025 re-release (mapping-challenge-v2.0): ``<split>/annotations/annotation.json``."""
    reference = CrowdAIMapping(extracted)
    folder = extracted / "train" / "annotations"
    folder.mkdir()
    (extracted / "train" / "annotation.json").rename(folder / "annotation.json")
    moved = CrowdAIMapping(extracted)
    assert moved.annotations_path == folder / "annotation.json"
    assert len(moved) == len(reference)
    assert torch.equal(moved[1]["bbox_xyxy"], reference[1]["bbox_xyxy"])

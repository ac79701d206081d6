from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from matplotlib.path import Path as Polygon

import geoplug.datasets
from fakedata import hrsid as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, made_root
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.hrsid import HRSID

#: the extracted tree, written once (tests that change files copy it)
root = made_root(fake.make, "hrsid")

H, W = fake.HEIGHT, fake.WIDTH


@pytest.fixture(name="fresh")
def fresh_root(root: Path, tmp_path: Path) -> Path:
    shutil.copytree(root / "HRSID_JPG", tmp_path / "HRSID_JPG")
    return tmp_path


def decoded(root: Path, k: int) -> torch.Tensor:
    """Chip ``k`` as Pillow decodes the written JPEG, as one grey channel (the reference)."""
    from PIL import Image

    with Image.open(root / "HRSID_JPG" / "JPEGImages" / fake.NAMES[k]) as img:
        return torch.from_numpy(np.asarray(img.convert("L"), np.float32))[None]


def box_mask(x0: int, y0: int, x1: int, y1: int) -> torch.Tensor:
    mask = torch.zeros(H, W, dtype=torch.uint8)
    mask[y0:y1, x0:x1] = 1
    return mask


@pytest.mark.parametrize(("split", "length"), [("train", 3), ("test", 2)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(HRSID(root, split=split)) == length


def test_sample(root: Path) -> None:
    sample = HRSID(root)[0]  # P0001_0_800_0_800: a box and a triangle
    assert set(sample) == {"image", "bbox_xyxy", "label", "mask"}
    image = sample["image"]
    assert image.dtype == torch.float32 and image.shape == (1, H, W)
    # the ramp written, within JPEG error (chips are 35 grey levels apart)
    rows, cols = np.mgrid[0:H, 0:W]
    expected = torch.from_numpy(fake.value(1, rows, cols).astype(np.float32))[None]
    assert torch.allclose(image, expected, atol=3)
    assert image[0, 13, 21].item() == pytest.approx(35 + 2 * 21 + 13, abs=3)
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[2, 3, 10, 8], [14, 4, 24, 16]]
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [0, 0]  # COCO category id 1 'ship' -> 0


def test_pixels_pair_with_their_annotations(root: Path) -> None:
    """Each sample is its own chip (decoded exactly as Pillow does) with its own objects."""
    for split, numbers in fake.SPLITS.items():
        ds = HRSID(root, split=split)
        for index, k in enumerate(numbers):
            sample = ds[index]
            assert torch.equal(sample["image"], decoded(root, k)), (split, k)
            kept = [fake.bbox(p) for p, crowd in fake.OBJECTS[k] if not crowd]
            boxes = [[x, y, min(x + w, W), min(y + h, H)] for x, y, w, h in kept]
            assert sample["bbox_xyxy"].tolist() == boxes, (split, k)


def test_grey_and_rgb_jpegs_read_alike(root: Path) -> None:
    """A one-channel chip and grey-as-RGB chips both give [1,H,W] with the stored values."""
    test = HRSID(root, split="test")
    rows, cols = np.mgrid[0:H, 0:W]
    for index, k in enumerate(fake.SPLITS["test"]):  # chip 4 is one-channel, 5 is RGB
        expected = torch.from_numpy(fake.value(k, rows, cols).astype(np.float32))[None]
        assert torch.allclose(test[index]["image"], expected, atol=3), k


def test_masks(root: Path) -> None:
    mask = HRSID(root)[0]["mask"]
    assert mask.dtype == torch.uint8 and mask.shape == (2, H, W)
    assert torch.equal(mask[0], box_mask(2, 3, 10, 8))
    # the triangle: the pixels whose centres it contains (an independent point-in-polygon)
    centres = np.stack(np.meshgrid(np.arange(W) + 0.5, np.arange(H) + 0.5), -1).reshape(-1, 2)
    inside = Polygon([(14, 4), (24, 4), (14, 16)]).contains_points(centres).reshape(H, W)
    assert np.array_equal(mask[1].numpy(), inside.astype(np.uint8))
    assert 0 < int(mask[1].sum()) < 10 * 12


def test_clipped_box_and_crowd(root: Path) -> None:
    """The box running past the chip is clipped (mask too); the crowd region is left out."""
    sample = HRSID(root)[1]
    assert sample["bbox_xyxy"].tolist() == [[20, 12, W, H]]
    assert sample["label"].tolist() == [0]
    assert torch.equal(sample["mask"][0], box_mask(20, 12, W, H))


def test_chip_without_ships(root: Path) -> None:
    sample = HRSID(root)[2]
    assert torch.equal(sample["image"], decoded(root, 3))
    assert sample["bbox_xyxy"].shape == (0, 4) and sample["label"].shape == (0,)
    assert sample["mask"].shape == (0, H, W)


def test_without_masks(root: Path) -> None:
    sample = HRSID(root, split="test", masks=False)[1]
    assert set(sample) == {"image", "bbox_xyxy", "label"}
    assert sample["bbox_xyxy"].tolist() == [[0, 0, 4, 3], [22, 10, 27, 19]]


def test_bands_and_transforms(root: Path) -> None:
    ds = HRSID(root, split="test", bands=["SAR"],
               transforms=lambda s: {**s, "n": len(s["label"])})
    assert ds[1]["n"] == 2
    with pytest.raises(ValueError, match="HH"):
        HRSID(root, bands=["HH"])


def test_root_may_be_the_release_folder(root: Path) -> None:
    assert len(HRSID(root / "HRSID_JPG", split="test")) == 2


def test_image_folder_named_image(root: Path, fresh: Path) -> None:
    base = fresh / "HRSID_JPG"
    (base / "JPEGImages").rename(base / "image")
    test = HRSID(fresh, split="test")
    assert test.image_folder == base / "image"
    assert torch.equal(test[1]["image"], decoded(root, 5))


def test_missing_chip(fresh: Path) -> None:
    (fresh / "HRSID_JPG" / "JPEGImages" / fake.NAMES[2]).unlink()
    with pytest.raises(InvalidDataError, match=r"1 of the 3 chips .*P0001_0_800_800_1600"):
        HRSID(fresh)
    assert len(HRSID(fresh, split="test")) == 2


def test_chip_of_another_size(fresh: Path) -> None:
    from PIL import Image

    Image.new("L", (W + 1, H)).save(fresh / "HRSID_JPG" / "JPEGImages" / fake.NAMES[1])
    ds = HRSID(fresh)
    with pytest.raises(InvalidDataError, match=rf"is {W + 1}x{H} px but train2017.json says"):
        ds[0]


def test_unknown_category(fresh: Path) -> None:
    path = fresh / "HRSID_JPG" / "annotations" / "train2017.json"
    document = json.loads(path.read_text())
    document["categories"][0]["name"] = "boat"
    path.write_text(json.dumps(document))
    with pytest.raises(InvalidDataError, match="unknown class 'boat'"):
        HRSID(fresh)


def test_truncated_json(fresh: Path) -> None:
    path = fresh / "HRSID_JPG" / "annotations" / "test2017.json"
    path.write_text(path.read_text()[:100])
    with pytest.raises(InvalidDataError, match=r"cannot read .*test2017\.json as COCO"):
        HRSID(fresh, split="test")


def test_not_found(tmp_path: Path) -> None:
    check_not_found_hint(HRSID, tmp_path, "github.com/chaozhong2010/HRSID", "HRSID_JPG",
                         "annotations/<split>2017.json")


def test_unknown_split(root: Path) -> None:
    with pytest.raises(ValueError, match="split 'val'"):
        HRSID(root, split="val")


def test_plot(root: Path) -> None:
    check_plot(HRSID(root))
    check_plot(HRSID(root), index=2)  # no ships


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("hrsid") is HRSID
    info = geoplug.datasets.info("hrsid")
    assert info.num_classes == 1 and info.task == "instance_segmentation"
    assert info.splits == ("train", "test") and info.bands == ("SAR",)
    check_dataset_plugin("hrsid", root)

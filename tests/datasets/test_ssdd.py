from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import ssdd as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.ssdd import SSDD, is_test_image

#: the extracted tree, written once (tests that change files copy it)
root = made_root(fake.make, "ssdd")

SPLITS = fake.splits()


@pytest.fixture(name="fresh")
def fresh_root(root: Path, tmp_path: Path) -> Path:
    shutil.copytree(root / "Official-SSDD-OPEN", tmp_path / "Official-SSDD-OPEN")
    return tmp_path


def voc(base: Path) -> Path:
    return base / "Official-SSDD-OPEN" / "BBox_SSDD" / "voc_style"


def decoded(root: Path, name: str) -> torch.Tensor:
    """Image ``name`` as Pillow decodes the written JPEG, as one grey channel (the reference)."""
    from PIL import Image

    with Image.open(voc(root) / "JPEGImages" / f"{name}.jpg") as img:
        return torch.from_numpy(np.asarray(img.convert("L"), np.float32))[None]


def written(k: int) -> torch.Tensor:
    return torch.from_numpy(fake.image(k).astype(np.float32))[None]


def stems(ds: SSDD) -> list[str]:
    return [image.stem for image, _ in ds.samples]


@pytest.mark.parametrize(("split", "length"), [("train", 9), ("test", 3), ("test_inshore", 1),
                                               ("test_offshore", 2)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(SSDD(root, split=split)) == length


def test_sample(root: Path) -> None:
    sample = SSDD(root)[1]  # 000003
    assert set(sample) == {"image", "bbox_xyxy", "label"}
    image = sample["image"]
    assert image.dtype == torch.float32 and image.shape == (1, *fake.shape(3))
    assert torch.allclose(image, written(3), atol=3)  # within JPEG error; images 12 apart
    assert image[0, 15, 20].item() == pytest.approx(12 * 3 + 2 * 20 + 15, abs=3)
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[3, 2, 8, 8]]
    assert sample["label"].dtype == torch.int64 and sample["label"].tolist() == [0]


def test_pixels_pair_with_their_annotations(root: Path) -> None:
    """Each sample is its own image (decoded exactly as Pillow does) with its own XML."""
    for split, names in SPLITS.items():
        ds = SSDD(root, split=split)
        assert stems(ds) == names, split
        for index, name in enumerate(names):
            sample = ds[index]
            k = int(name)
            assert torch.equal(sample["image"], decoded(root, name)), (split, name)
            assert torch.allclose(sample["image"], written(k), atol=3), (split, name)
            assert sample["bbox_xyxy"].tolist() == [list(b) for b in fake.boxes(k)], name
            assert sample["label"].tolist() == [0] * len(fake.boxes(k))


def test_official_rule_matches_the_release(root: Path) -> None:
    """The published test folder is the images whose number ends in 1 or 9."""
    assert stems(SSDD(root, split="test")) == fake.TEST
    assert all(is_test_image(s) for s in fake.TEST)
    assert not any(is_test_image(s) for s in SPLITS["train"])
    assert is_test_image("001159") and not is_test_image("001160")


def test_first_release_layout_split_by_the_rule(fresh: Path) -> None:
    """Only JPEGImages/ and Annotations/ (no split folders or lists): the official rule."""
    base = voc(fresh)
    for path in base.iterdir():
        if path.name not in ("JPEGImages", "Annotations"):
            shutil.rmtree(path)
    assert stems(SSDD(fresh, split="test")) == fake.TEST
    train = SSDD(fresh)
    assert stems(train) == SPLITS["train"]
    assert torch.equal(train[0]["image"], decoded(fresh, "000002"))
    with pytest.raises(DatasetNotFoundError):  # inshore/offshore need the release's folders
        SSDD(fresh, split="test_inshore")


def test_split_lists_when_folders_are_absent(fresh: Path) -> None:
    base = voc(fresh)
    shutil.rmtree(base / "Annotations_test_offshore")
    (base / "ImageSets" / "Main" / "test_offshore.txt").write_text("000011\n")
    ds = SSDD(fresh, split="test_offshore")
    assert stems(ds) == ["000011"] and "test_offshore.txt" in ds.source
    assert ds[0]["bbox_xyxy"].tolist() == [[11, 2, 16, 8]]


def test_rgb_jpeg_read_as_one_channel(root: Path) -> None:
    ds = SSDD(root)
    sample = ds[stems(ds).index(fake.stem(fake.RGB_IMAGE))]
    assert sample["image"].shape == (1, *fake.shape(fake.RGB_IMAGE))
    assert torch.allclose(sample["image"], written(fake.RGB_IMAGE), atol=3)


def test_reads_bbox_variant_not_rotated(root: Path) -> None:
    """RBox_SSDD (rotated boxes only) lies beside BBox_SSDD: the horizontal boxes are read."""
    ds = SSDD(root / "Official-SSDD-OPEN")
    assert ds.samples[0][1].parts[-4] == "BBox_SSDD"
    assert ds[0]["bbox_xyxy"].tolist() == [[2, 2, 7, 8], [3, 9, 12, 14]]


def test_combined_variant_when_bbox_is_absent(fresh: Path) -> None:
    top = fresh / "Official-SSDD-OPEN"
    (top / "BBox_SSDD").rename(top / "BBox_RBox_PSeg_SSDD")
    ds = SSDD(fresh, split="test")
    assert ds.samples[0][1].parts[-4] == "BBox_RBox_PSeg_SSDD"
    assert ds[2]["bbox_xyxy"].tolist() == [[11, 2, 16, 8]]


def test_root_may_be_voc_style(root: Path) -> None:
    assert stems(SSDD(voc(root), split="test_inshore")) == fake.INSHORE


def test_missing_image_or_annotation(fresh: Path) -> None:
    base = voc(fresh)
    (base / "JPEGImages_train" / "000004.jpg").unlink()
    assert len(SSDD(fresh)) == 9  # found in JPEGImages/ instead
    (base / "JPEGImages" / "000004.jpg").unlink()
    with pytest.raises(InvalidDataError, match=r"1 image\(s\) of the 'train' split .*first: "
                                               r"000004 \(image\)"):
        SSDD(fresh)
    (base / "Annotations" / "000009.xml").unlink()
    assert len(SSDD(fresh, split="test")) == 3  # the split folder's own XML suffices
    (base / "Annotations_test_inshore" / "000009.xml").unlink()
    (base / "ImageSets" / "Main" / "test_inshore.txt").unlink()
    with pytest.raises(InvalidDataError, match="lists no image"):
        SSDD(fresh, split="test_inshore")


def test_bad_annotation(fresh: Path) -> None:
    path = voc(fresh) / "Annotations_train" / "000002.xml"
    path.write_text(path.read_text()[:120])
    ds = SSDD(fresh)
    ds[1]
    with pytest.raises(InvalidDataError, match=r"cannot parse .*000002\.xml"):
        ds[0]
    other = voc(fresh) / "Annotations_train" / "000003.xml"
    other.write_text(other.read_text().replace("<name>ship</name>", "<name>boat</name>"))
    with pytest.raises(InvalidDataError, match="unknown class 'boat'"):
        ds[1]


def test_bands_and_transforms(root: Path) -> None:
    ds = SSDD(root, split="test", bands=["SAR"], transforms=lambda s: {**s, "n": len(s["label"])})
    assert ds[0]["n"] == 1
    with pytest.raises(ValueError, match="VV"):
        SSDD(root, bands=["VV"])


def test_not_found(tmp_path: Path) -> None:
    check_not_found_hint(SSDD, tmp_path, "github.com/TianwenZhang0825/Official-SSDD", "RAR",
                         "BBox_SSDD/voc_style")


def test_unknown_split(root: Path) -> None:
    with pytest.raises(ValueError, match="split 'val'"):
        SSDD(root, split="val")


def test_plot(root: Path) -> None:
    check_plot(SSDD(root))
    check_plot(SSDD(root, split="test"), index=2)


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("ssdd") is SSDD
    info = geoplug.datasets.info("ssdd")
    assert info.num_classes == 1 and info.task == "detection"
    assert info.splits == ("train", "test", "test_inshore", "test_offshore")
    check_dataset_plugin("ssdd", root)


def test_split_xml_lost_in_extraction(fresh: Path) -> None:
    base = voc(fresh)
    (base / "Annotations_train" / "000002.xml").unlink()
    ds = SSDD(fresh)  # JPEGImages_train still has it; Annotations/ has its XML
    assert stems(ds) == SPLITS["train"]
    assert ds[0]["bbox_xyxy"].tolist() == [list(b) for b in fake.boxes(2)]
    (base / "Annotations" / "000002.xml").unlink()
    with pytest.raises(InvalidDataError, match=r"first: 000002 \(annotation\)"):
        SSDD(fresh)

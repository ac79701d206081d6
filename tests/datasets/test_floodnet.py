"""FloodNet loader against a fake FloodNet-Supervised_v1.0 folder and archive."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import floodnet as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, check_wrong_md5, made_root
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.floodnet import FloodNet

root = made_root(fake.make, "floodnet", extract=True)


def decoded(path: Path) -> np.ndarray:
    """Pillow's ``[3,H,W]`` decoding of a JPEG (the reference the loader must match)."""
    with Image.open(path) as img:
        return np.asarray(img.convert("RGB")).transpose(2, 0, 1).astype(np.float32)


def test_registry() -> None:
    assert geoplug.datasets.get("floodnet") is FloodNet
    info = geoplug.datasets.info("floodnet")
    assert info.num_classes == 10 and info.splits == ("train", "val", "test")
    # the publisher's code order, written out here rather than taken from the spec
    assert info.classes == ("background", "building-flooded", "building-non-flooded",
                            "road-flooded", "road-non-flooded", "water", "tree", "vehicle",
                            "pool", "grass")


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_lengths_and_numeric_order(root: Path, split: str) -> None:
    ds = FloodNet(root, split=split)
    assert len(ds) == len(fake.IDS[split])
    # 6717 before 10165: ids sort as numbers, not as names
    assert [int(image.stem) for image, _ in ds.files] == fake.IDS[split]
    assert [label.name for _, label in ds.files] == [f"{i}_lab.png" for i in fake.IDS[split]]


@pytest.mark.parametrize(("split", "position"), [("train", 0), ("train", 2), ("val", 1),
                                                 ("test", 0), ("test", 1)])
def test_image_and_mask_pair(root: Path, split: str, position: int) -> None:
    ident = fake.IDS[split][position]
    sample = FloodNet(root, split=split)[position]
    assert set(sample) == {"image", "mask"}
    assert sample["image"].dtype == torch.float32 and sample["mask"].dtype == torch.int64
    assert sample["image"].shape == (3, fake.H, fake.W) and sample["mask"].shape == (fake.H,
                                                                                    fake.W)
    # exactly the JPEG's pixels, [C,H,W] (not transposed), and near the written ramp
    pixels = decoded(fake.image_path(root, split, ident))
    assert torch.equal(sample["image"], torch.from_numpy(pixels))
    assert np.abs(pixels - fake.image(ident).astype(np.float32)).max() <= 4
    assert abs(sample["image"][2, 9, 13].item() - (10 + 120 + 36 + 39 + ident % 19)) <= 4
    # the label's codes, exactly: the hash of this id (another image's label would differ)
    assert torch.equal(sample["mask"], torch.from_numpy(fake.labels(ident)))
    others = [i for ids in fake.IDS.values() for i in ids if i != ident]
    assert all(not np.array_equal(fake.labels(i), fake.labels(ident)) for i in others)


def test_codes_kept_as_published(root: Path) -> None:
    """Every code 0-9 appears and is kept (class index = code, no remapping)."""
    ds = FloodNet(root)
    codes = set()
    for position in range(len(ds)):
        codes |= set(np.unique(ds[position]["mask"].numpy()).tolist())
    assert codes == set(range(10))
    with Image.open(fake.label_path(root, "train", 7010)) as img:
        assert img.mode == "L"
        assert torch.equal(ds[1]["mask"], torch.from_numpy(np.asarray(img).astype(np.int64)))


def test_band_selection(root: Path) -> None:
    ident = fake.IDS["val"][1]
    image = FloodNet(root, split="val", bands=["B", "R"])[1]["image"]
    full = decoded(fake.image_path(root, "val", ident))
    assert torch.equal(image, torch.from_numpy(full[[2, 0]]))


def test_extracts_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert not (tmp_path / fake.FOLDER).exists()
    assert len(FloodNet(tmp_path, split="test")) == 2
    assert fake.label_path(tmp_path, "train", 10165).is_file()


def test_root_is_the_release_folder_or_above_it(tmp_path: Path) -> None:
    fake.make(tmp_path / "downloads", extract=True)  # one folder below the root
    assert len(FloodNet(tmp_path)) == 3
    # root pointing at FloodNet-Supervised_v1.0 itself
    assert len(FloodNet(tmp_path / "downloads" / fake.FOLDER, split="val")) == 2


def test_missing_label_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    fake.label_path(tmp_path, "train", 7010).unlink()
    with pytest.raises(InvalidDataError, match=r"7010\.jpg has no label .*7010_lab\.png"):
        FloodNet(tmp_path)


def test_missing_image_named(tmp_path: Path) -> None:
    """An image lost in extraction: its label is named, not a smaller split."""
    fake.make(tmp_path, extract=True)
    image = fake.label_path(tmp_path, "train", 7010).parent.parent / "train-org-img" / "7010.jpg"
    image.unlink()
    with pytest.raises(InvalidDataError, match=r"7010_lab\.png has no image .*7010\.jpg"):
        FloodNet(tmp_path)


def test_label_with_image_name_is_not_a_pair(tmp_path: Path) -> None:
    """A label named like its image (no ``_lab``) does not count: the release adds it."""
    fake.make(tmp_path, extract=True)
    label = fake.label_path(tmp_path, "val", 6467)
    label.rename(label.with_name("6467.png"))
    with pytest.raises(InvalidDataError, match=r"6467_lab\.png"):
        FloodNet(tmp_path, split="val")


def test_truncated_image_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    path = fake.image_path(tmp_path, "test", 7577)
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(InvalidDataError, match=r"7577\.jpg"):
        FloodNet(tmp_path, split="test")[1]


def test_label_of_other_size_refused(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    Image.fromarray(np.zeros((fake.H, 5), dtype=np.uint8)).save(
        fake.label_path(tmp_path, "train", 6717))
    with pytest.raises(InvalidDataError, match="not a pair"):
        FloodNet(tmp_path)[0]


def test_colour_label_refused(tmp_path: Path) -> None:
    """A code above 9 (e.g. a colour mask in the label's place) is named, not passed on."""
    fake.make(tmp_path, extract=True)
    codes = fake.labels(6717).astype(np.uint8)
    codes[3, 4] = 128
    Image.fromarray(codes).save(fake.label_path(tmp_path, "train", 6717))
    with pytest.raises(InvalidDataError, match=r"6717_lab\.png: pixel \(row 3, col 4\) holds 128"):
        FloodNet(tmp_path)[0]


def test_empty_split_says_so(tmp_path: Path) -> None:
    (tmp_path / fake.FOLDER / "val" / "val-org-img").mkdir(parents=True)
    with pytest.raises(InvalidDataError, match=r"holds no <id>\.jpg"):
        FloodNet(tmp_path, split="val")


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No checksum is published; a known one would be verified before extraction."""
    fake.make(tmp_path)
    check_wrong_md5(FloodNet, monkeypatch, tmp_path)
    assert not (tmp_path / fake.FOLDER).exists()


def test_not_found_names_where_and_how(tmp_path: Path) -> None:
    check_not_found_hint(FloodNet, tmp_path, "https://github.com/BinaLab/FloodNet-Supervised_v1.0",
                         "drive.google.com", fake.ARCHIVE, "FloodNet-Supervised_v1.0/train/"
                         "train-org-img")


def test_unknown_split(root: Path) -> None:
    with pytest.raises(ValueError, match="split"):
        FloodNet(root, split="validation")


def test_transforms(root: Path) -> None:
    ds = FloodNet(root, split="val", transforms=lambda s: {**s, "mask": s["mask"] + 10})
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.labels(6467) + 10))


def test_plot(root: Path) -> None:
    check_plot(FloodNet(root))
    check_plot(FloodNet(root, split="test", bands=["G"]))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("floodnet", data=root)
    assert "bands=['R'] selects one channel" in report.passed


def test_copy_without_archive_keeps_working(tmp_path: Path, root: Path) -> None:
    """The extracted folder alone (archive deleted) is enough."""
    shutil.copytree(root / fake.FOLDER, tmp_path / fake.FOLDER)
    assert len(FloodNet(tmp_path, split="test")) == 2

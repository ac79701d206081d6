"""xView read from the challenge's archives: scenes paired with their boxes in the one label
GeoJSON, the published label defects cleaned, unlabelled validation scenes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import xview as fake
from fakedata._dc_checks import check_checksum_mismatch, check_plot, serve_resources
from fakedata._made import check_not_found_hint, made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.xview import XView, clip_boxes

#: the archives only: the first dataset built on it extracts them
root = made_root(fake.make, "xview")


@pytest.fixture
def extracted(tmp_path: Path) -> Path:
    """A fresh copy of the extracted files (no archives), for tests that change them."""
    fake.make(tmp_path, extract=True)
    for archive in tmp_path.glob("*.tgz"):
        archive.unlink()
    return tmp_path


def scene(name: str) -> torch.Tensor:
    number, height, width = {**fake.TRAIN, **fake.VAL}[name]
    return torch.from_numpy(fake.image(number, height, width)).float()


def _edit_labels(folder: Path, index: int, **props: Any) -> None:
    path = folder / "xView_train.geojson"
    data = json.loads(path.read_text())
    data["features"][index]["properties"].update(props)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(("split", "length"), [("train", 3), ("val", 2)])
def test_lengths(root: Path, split: str, length: int) -> None:
    """The macOS ``._100.tif`` beside the scenes is no sample."""
    assert len(XView(root, split=split)) == length


def test_scene_order(root: Path) -> None:
    assert [p.name for p in XView(root).files] == ["2.tif", "10.tif", "100.tif"]
    assert [p.name for p in XView(root, split="val").files] == ["5.tif", "7.tif"]


def test_samples_pair_scenes_with_their_boxes(root: Path) -> None:
    """Each scene is its own file, untransposed, with the boxes its image_id names, cleaned:
    codes 75/82 and the empty box left out, boxes clipped to the scene, the one wholly
    outside dropped, the boxes of the absent 1395.tif nowhere."""
    ds = XView(root)
    for index, name in enumerate(fake.EXPECTED):
        sample = ds[index]
        assert set(sample) == {"image", "bbox_xyxy", "label"}
        assert sample["image"].dtype == torch.float32
        assert torch.equal(sample["image"], scene(name))
        boxes, labels = fake.EXPECTED[name]
        assert sample["bbox_xyxy"].dtype == torch.float32
        assert sample["bbox_xyxy"].shape == (len(boxes), 4)
        assert sample["bbox_xyxy"].tolist() == boxes
        assert sample["label"].dtype == torch.int64
        assert sample["label"].tolist() == labels


def test_pixels(root: Path) -> None:
    sample = XView(root)[1]  # 10.tif: file number 2, 10 x 14
    assert sample["image"].shape == (3, 10, 14)
    assert sample["image"][:, 7, 12].tolist() == [fake.pixel(2, b, 7, 12) for b in range(3)]


def test_val_has_images_only(root: Path) -> None:
    val = XView(root, split="val")
    for index, name in enumerate(("5.tif", "7.tif")):
        sample = val[index]
        assert set(sample) == {"image"}
        assert torch.equal(sample["image"], scene(name))


def test_bands_and_transforms(root: Path) -> None:
    ds = XView(root, bands=["B"], transforms=lambda s: {**s, "n": len(s["label"])})
    sample = ds[0]
    assert sample["image"].shape == (1, 12, 16)
    assert torch.equal(sample["image"][0], scene("2.tif")[2])
    assert sample["n"] == 3


def test_class_codes() -> None:
    assert len(XView.classes) == len(XView.type_ids) == 60
    assert XView.type_ids[0] == 11 and XView.type_ids[-1] == 94
    assert XView.classes[XView.type_ids.index(73)] == "Building"
    assert XView.classes[48] == "Building" and XView.classes[57] == "Shipping Container"
    assert 75 not in XView.type_ids and 82 not in XView.type_ids


def test_clip_boxes() -> None:
    boxes = np.array([[-1, 2, 5, 30], [7, 1, 7, 4], [12, 0, 15, 3], [2, 2, 3, 3]], np.float32)
    clipped, labels = clip_boxes(boxes, np.array([4, 5, 6, 7]), width=10, height=8)
    assert clipped.tolist() == [[0, 2, 5, 8], [2, 2, 3, 3]]
    assert labels.tolist() == [4, 7]


def test_labels_in_a_subfolder(extracted: Path) -> None:
    (extracted / "train_labels").mkdir()
    shutil.move(extracted / "xView_train.geojson", extracted / "train_labels")
    assert XView(extracted)[0]["label"].tolist() == [48, 5, 57]


def test_list_bounds(extracted: Path) -> None:
    """Re-exports that write ``bounds_imcoords`` as a list of numbers read the same."""
    _edit_labels(extracted, 0, bounds_imcoords=[1, 2, 6, 8])
    assert XView(extracted)[0]["bbox_xyxy"][0].tolist() == [1, 2, 6, 8]


def test_type_id_as_text(extracted: Path) -> None:
    _edit_labels(extracted, 0, type_id="73")
    assert XView(extracted)[0]["label"].tolist() == [48, 5, 57]


def test_validation_folder_of_a_mirror(extracted: Path) -> None:
    (extracted / "val_images").rename(extracted / "validation_images")
    assert torch.equal(XView(extracted, split="val")[1]["image"], scene("7.tif"))


@pytest.mark.parametrize(("props", "message"), [
    ({"type_id": 99}, r"feature 377002 has type_id 99"),
    ({"type_id": "car"}, r"feature 377002 has no integer type_id"),
    ({"bounds_imcoords": "10,3,14"}, r"feature 377002 has bounds_imcoords '10,3,14'"),
    ({"image_id": None}, r"feature 377002 names no image_id"),
])
def test_bad_features(extracted: Path, props: dict[str, Any], message: str) -> None:
    _edit_labels(extracted, 2, **props)
    with pytest.raises(InvalidDataError, match=message):
        XView(extracted)


def test_feature_without_a_box_property_is_refused(extracted: Path) -> None:
    """An empty box is the publisher's defect (skipped); a missing key means another file."""
    path = extracted / "xView_train.geojson"
    data = json.loads(path.read_text())
    del data["features"][2]["properties"]["bounds_imcoords"]
    path.write_text(json.dumps(data))
    with pytest.raises(InvalidDataError, match=r"feature 377002 has no bounds_imcoords"):
        XView(extracted)


def test_zip_copies_of_the_archives(root: Path, tmp_path: Path) -> None:
    """The challenge's CDN also serves train_images.zip, train_labels.zip, val_images.zip."""
    import tarfile
    import zipfile

    for name in ("train_images", "train_labels", "val_images"):
        with tarfile.open(root / f"{name}.tgz") as tar, \
                zipfile.ZipFile(tmp_path / f"{name}.zip", "w") as out:
            for member in tar.getmembers():
                if member.isfile():
                    handle = tar.extractfile(member)
                    assert handle is not None
                    out.writestr(member.name, handle.read())
    train = XView(tmp_path)
    assert [p.name for p in train.files] == ["2.tif", "10.tif", "100.tif"]
    assert torch.equal(train[1]["image"], scene("10.tif"))
    assert [p.name for p in XView(tmp_path, split="val").files] == ["5.tif", "7.tif"]


def test_bad_geojson(extracted: Path) -> None:
    (extracted / "xView_train.geojson").write_text("{not json")
    with pytest.raises(InvalidDataError, match=r"xView_train\.geojson.*train_labels\.tgz"):
        XView(extracted)
    XView(extracted, split="val")  # the validation scenes need no labels


def test_not_found(tmp_path: Path) -> None:
    check_not_found_hint(XView, tmp_path, "challenge.xviewdataset.org", "train_images.tgz",
                         "train_labels.tgz")
    check_not_found_hint(XView, tmp_path, "val_images.tgz", split="val")


def test_labels_archive_missing(root: Path, tmp_path: Path) -> None:
    shutil.copy(root / "train_images.tgz", tmp_path)
    with pytest.raises(DatasetNotFoundError, match=r"train_labels\.tgz"):
        XView(tmp_path)
    assert not (tmp_path / "train_images").exists()


@pytest.mark.parametrize(("split", "archives", "length"), [
    ("train", ["train_images.tgz", "train_labels.tgz"], 3), ("val", ["val_images.tgz"], 2)])
def test_each_split_needs_only_its_archives(root: Path, tmp_path: Path, split: str,
                                            archives: list[str], length: int) -> None:
    for name in archives:
        shutil.copy(root / name, tmp_path)
    assert len(XView(tmp_path, split=split)) == length
    folder = "val_images" if split == "val" else "train_images"
    assert sorted(p.name for p in (tmp_path / folder).iterdir()) == sorted(
        ["._100.tif", *fake.TRAIN] if split == "train" else fake.VAL)


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(tmp_path)
    check_checksum_mismatch(XView, monkeypatch, tmp_path, "train_labels.tgz")


def test_checksum_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(tmp_path)
    serve_resources(XView, monkeypatch, "http://127.0.0.1:9", made["archives"])
    assert len(XView(tmp_path, checksum=True)) == 3


def test_plot(root: Path) -> None:
    check_plot(XView(root))
    check_plot(XView(root, split="val"))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("xview") is XView
    info = geoplug.datasets.info("xview")
    assert info.num_classes == 60 and info.task == "detection" and info.kind == "nongeo"
    check_dataset_plugin("xview", root)

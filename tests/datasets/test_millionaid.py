"""Million-AID read from fake archives in the publisher's layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import millionaid as fake
from fakedata._dc_checks import archive_fixtures, check_plot
from fakedata._made import check_not_found_hint
from geoplug.core.errors import ChecksumError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.millionaid import MillionAID

made, root = archive_fixtures(fake.make, "millionaid")


def _block(image: torch.Tensor, r: int, c: int) -> list[float]:
    h = fake.SIZE // 2
    return image[:, r * h + h // 2, c * h + h // 2].tolist()


@pytest.mark.parametrize(("split", "count"), [("train", 6), ("test", 2)])
def test_lengths_and_sample(root: Path, split: str, count: int) -> None:
    ds = MillionAID(root, split=split)
    assert len(ds) == count
    sample = ds[1]
    assert set(sample) == {"image", "label"}
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
    assert sample["label"].dtype == torch.int64 and sample["label"].ndim == 0


def test_pixels_and_labels_pair(root: Path) -> None:
    ds = MillionAID(root)
    leaves = [ds.classes[int(ds[i]["label"])] for i in range(len(ds))]
    assert leaves == ["dry_field", "dry_field", "greenhouse", "runway", "bare_land",
                      "bare_land"]
    image = ds[4]["image"]  # first bare_land image, the 5th written (n = 4)
    for r, c in ((0, 1), (1, 0), (1, 1)):
        expected = [fake.pixel(4, r, c, b) for b in range(3)]
        assert _block(image, r, c) == pytest.approx(expected, abs=3)


def test_multilabel_path_nodes(root: Path) -> None:
    ds = MillionAID(root, task="multi-label")
    assert len(ds.classes) == 73
    label = ds[3]["label"]
    assert label.dtype == torch.int64 and label.shape == (73,)
    on = {ds.classes[i] for i in torch.nonzero(label).flatten().tolist()}
    assert on == {"transportation_land", "airport_area", "runway"}
    two_level = {ds.classes[i] for i in torch.nonzero(ds[5]["label"]).flatten().tolist()}
    assert two_level == {"unutilized_land", "bare_land"}


def test_band_selection_and_errors(root: Path) -> None:
    image = MillionAID(root, bands=["B", "R"])[0]["image"]
    assert image.shape == (2, fake.SIZE, fake.SIZE)
    assert _block(image, 1, 1) == pytest.approx([fake.pixel(0, 1, 1, 2),
                                                 fake.pixel(0, 1, 1, 0)], abs=3)
    with pytest.raises(ValueError, match="task 'multiclass'"):
        MillionAID(root, task="multiclass")
    with pytest.raises(ValueError, match="split 'val'"):
        MillionAID(root, split="val")


def test_unknown_class_folder(root: Path, tmp_path: Path) -> None:
    MillionAID(root)  # extracted
    bad = tmp_path / "train" / "water_area" / "canal"
    bad.mkdir(parents=True)
    (bad / "x.jpg").write_bytes(b"")
    with pytest.raises(InvalidDataError, match="canal"):
        MillionAID(tmp_path)


def test_missing_says_where_to_get_it(tmp_path: Path) -> None:
    check_not_found_hint(MillionAID, tmp_path, "captain-whu.github.io/DiRS")


def test_checksum_of_archive_on_disk(made: dict[str, Any], tmp_path: Path) -> None:
    import shutil

    shutil.copy(made["dir"] / "test.zip", tmp_path / "test.zip")
    with pytest.raises(ChecksumError):  # the published md5 is not the fake's
        MillionAID(tmp_path, split="test", checksum=True)


def test_plot_and_registry(root: Path) -> None:
    check_plot(MillionAID(root))
    check_plot(MillionAID(root, task="multi-label"))
    assert geoplug.datasets.get("millionaid") is MillionAID
    report = check_dataset_plugin("millionaid", data=root)
    assert report.passed


@pytest.mark.parametrize("task", ["multi-class", "multi-label"])
def test_flat_test_folder_is_unlabelled(tmp_path: Path, task: str) -> None:
    fake.make(tmp_path, flat_test=True)  # test/P*.jpg, no class folders
    ds = MillionAID(tmp_path, split="test", task=task)
    assert len(ds) == 2
    assert sorted(p.parent.name for p, _ in ds.samples) == ["test", "test"]
    sample = ds[1]
    assert set(sample) == {"image", "label"}
    assert _block(sample["image"], 0, 1) == pytest.approx(
        [fake.pixel(1, 0, 1, b) for b in range(3)], abs=3)
    if task == "multi-class":
        assert sample["label"].dtype == torch.int64 and sample["label"].tolist() == -1
    else:
        assert sample["label"].shape == (73,) and set(sample["label"].tolist()) == {-1}
    assert len(MillionAID(tmp_path, task=task)) == 6  # train still labelled by folder


def test_images_directly_in_train_are_an_error(root: Path, tmp_path: Path) -> None:
    import shutil

    MillionAID(root)
    shutil.copytree(root / "train", tmp_path / "train")
    shutil.copy(next((root / "train").rglob("*.jpg")), tmp_path / "train" / "loose.jpg")
    with pytest.raises(InvalidDataError, match="belong to no class folder"):
        MillionAID(tmp_path)

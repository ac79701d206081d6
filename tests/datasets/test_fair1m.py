from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import fair1m as fake
from fakedata._dc_checks import (
    check_checksum_mismatch,
    check_not_found,
    check_plot,
    serve_resources,
)
from fakedata._made import made_root
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.fair1m import FAIR1M
from testkit.http import Served

#: the archives only: the first dataset built on it extracts them next to themselves
root = made_root(fake.make, "fair1m")


@pytest.fixture
def extracted(tmp_path: Path) -> Path:
    """A fresh copy of the extracted folders (no archives), for tests that change files."""
    fake.make(tmp_path, extract=True)
    for archive in tmp_path.rglob("*.zip"):
        archive.unlink()
    return tmp_path


def expected(number: int) -> torch.Tensor:
    return torch.from_numpy(fake.image(number)).float()


@pytest.mark.parametrize(("split", "length"), [("train", 3), ("val", 2), ("test", 3)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(FAIR1M(root, split=split)) == length


def test_sample(root: Path) -> None:
    sample = FAIR1M(root)[0]  # train/part1/images/0.tif
    assert set(sample) == {"image", "bbox_xyxy", "bbox_xyxyxyxy", "label"}
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (3, fake.HEIGHT, fake.WIDTH)
    corners = sample["bbox_xyxyxyxy"]
    assert corners.dtype == torch.float32 and corners.shape == (2, 8)
    assert corners.tolist() == [[2, 1, 9, 2, 8, 6, 1, 5], [10, 6, 13, 6, 13, 9, 10, 9]]
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[1, 1, 9, 6], [10, 6, 13, 9]]
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [19, 9]  # Boeing737, Small Car


def test_pixels_pair_with_their_labels(root: Path) -> None:
    """Every image is its own file, untransposed, and carries the boxes of its own folder's
    XML (train/part2/0.tif shares part1's stem but not its objects)."""
    train = FAIR1M(root)
    for index, number in enumerate((1, 2, 3)):
        assert torch.equal(train[index]["image"], expected(number))
    assert train[0]["image"][:, 2, 11].tolist() == [fake.pixel(1, b, 2, 11) for b in range(3)]
    assert train[1]["label"].tolist() == [4]  # other-ship
    assert train[1]["bbox_xyxyxyxy"].tolist() == [[0.5, 0.5, 4.5, 0.5, 4.5, 3.5, 0.5, 3.5]]
    assert train[2]["label"].tolist() == [36]  # Bridge, from train/part2/labelXml/0.xml
    assert train[2]["bbox_xyxyxyxy"].tolist() == [[3, 3, 11, 4, 11, 7, 3, 6]]


def test_val(root: Path) -> None:
    val = FAIR1M(root, split="val")
    sample = val[0]
    assert torch.equal(sample["image"], expected(4))
    assert sample["label"].tolist() == [33, 28]  # Tennis Court, A350
    assert sample["bbox_xyxyxyxy"][1].tolist() == [12.25, 1, 13.5, 2, 12.5, 3.75, 11, 2.5]
    assert sample["bbox_xyxy"][1].tolist() == [11, 1, 13.5, 3.75]
    empty = val[1]
    assert torch.equal(empty["image"], expected(5))
    assert empty["bbox_xyxyxyxy"].shape == (0, 8) and empty["bbox_xyxy"].shape == (0, 4)
    assert empty["label"].shape == (0,) and empty["label"].dtype == torch.int64


def test_test_split_has_images_only(root: Path) -> None:
    test = FAIR1M(root, split="test")
    for index, number in enumerate((6, 7, 8)):  # one per images<k>.zip
        sample = test[index]
        assert set(sample) == {"image"}
        assert torch.equal(sample["image"], expected(number))


def test_bands_and_transforms(root: Path) -> None:
    ds = FAIR1M(root, bands=["G"], transforms=lambda s: {**s, "n": len(s["label"])})
    sample = ds[0]
    assert sample["image"].shape == (1, fake.HEIGHT, fake.WIDTH)
    assert torch.equal(sample["image"][0], expected(1)[1])
    assert sample["n"] == 2


def test_classes_and_categories() -> None:
    assert len(FAIR1M.classes) == 37
    assert list(FAIR1M.categories) == ["Ship", "Vehicle", "Airplane", "Court", "Road"]
    assert [len(c) for c in FAIR1M.categories.values()] == [9, 10, 11, 4, 3]
    assert FAIR1M.classes[19] == "Boeing737" and FAIR1M.classes[36] == "Bridge"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_unknown_class_names_the_file(extracted: Path) -> None:
    xml = extracted / "train" / "part2" / "labelXml" / "0.xml"
    _replace(xml, "<name>Bridge</name>", "<name>Boeing999</name>")
    ds = FAIR1M(extracted)
    ds[0]  # other files still read
    with pytest.raises(InvalidDataError, match=r"unknown class 'Boeing999' in .*part2.*0\.xml"):
        ds[2]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("<point>2.000000,1.000000</point>", "<point>2.000000;1.000000</point>",
     r"object 1 has the point '2\.000000;1\.000000'"),
    ("<point>10.000000,6.000000</point>", "", r"object 2 has 3 points"),
    ("<name>Small Car</name>", "<name> </name>", r"object 2 has no <possibleresult><name>"),
    ("</annotation>", "", r"cannot parse .*0\.xml"),
])
def test_bad_xml(extracted: Path, old: str, new: str, message: str) -> None:
    xml = extracted / "train" / "part1" / "labelXml" / "0.xml"
    if new == "":  # drop every occurrence (a corner is written twice: first and closing)
        xml.write_text(xml.read_text().replace(old, ""))
    else:
        _replace(xml, old, new)
    with pytest.raises(InvalidDataError, match=message):
        FAIR1M(extracted)[0]


def test_four_points_without_the_closing_one(extracted: Path) -> None:
    xml = extracted / "validation" / "labelXml" / "0.xml"
    text = xml.read_text()
    closing = "<point>1.000000,2.000000</point>"
    assert text.count(closing) == 2
    head, _, tail = text.rpartition(closing)
    xml.write_text(head + tail)
    assert FAIR1M(extracted, split="val")[0]["bbox_xyxyxyxy"][0].tolist() == [
        1, 2, 6, 2, 6, 8, 1, 8]


def test_label_folder_named_after_the_zip(extracted: Path) -> None:
    folder = extracted / "validation"
    (folder / "labelXml").rename(folder / "labelXmls")
    assert FAIR1M(extracted, split="val")[0]["label"].tolist() == [33, 28]


def test_missing_labels(extracted: Path) -> None:
    (extracted / "train" / "part1" / "labelXml" / "1.xml").unlink()
    with pytest.raises(InvalidDataError, match=r"no label file in .*part1.*first: 1\.tif"):
        FAIR1M(extracted)
    shutil.rmtree(extracted / "train" / "part1" / "labelXml")
    with pytest.raises(InvalidDataError, match=r"part1 has no labelXml folder"):
        FAIR1M(extracted)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(FAIR1M, tmp_path, split="val")
    with pytest.raises(FileNotFoundError, match=r"validation/images/\*\.tif.*drive\.google"):
        FAIR1M(tmp_path, split="val")


def test_part_of_train_is_read_as_is(extracted: Path) -> None:
    """A copy holding only train/part1 (the first part released) reads that part."""
    shutil.rmtree(extracted / "train" / "part2")
    assert len(FAIR1M(extracted)) == 2


def test_download(http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    made: dict[str, Any] = fake.make(http_root)
    serve_resources(FAIR1M, monkeypatch, http_server.url, made["archives"])
    data = tmp_path / "data"  # (http_root is tmp_path/served)
    for split, length in (("train", 3), ("val", 2), ("test", 3)):
        assert len(FAIR1M(data, split=split, download=True, checksum=True)) == length
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*.zip")) == sorted(
        made["archives"])
    assert torch.equal(FAIR1M(data, split="test")[2]["image"], expected(8))
    assert FAIR1M(data)[2]["label"].tolist() == [36]


def test_download_fetches_a_missing_part(http_server: Served, http_root: Path,
                                         extracted: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    made: dict[str, Any] = fake.make(http_root)
    serve_resources(FAIR1M, monkeypatch, http_server.url, made["archives"])
    shutil.rmtree(extracted / "train" / "part2")
    assert len(FAIR1M(extracted, download=True)) == 3
    assert (extracted / "train" / "part2" / "labelXmls.zip").is_file()
    assert not (extracted / "train" / "part1" / "images.zip").exists()  # part1 was there


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(tmp_path)
    check_checksum_mismatch(FAIR1M, monkeypatch, tmp_path, "validation/labelXmls.zip",
                            split="val")


def test_checksum_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(tmp_path)
    serve_resources(FAIR1M, monkeypatch, "http://127.0.0.1:9", made["archives"])
    assert len(FAIR1M(tmp_path, split="val", checksum=True)) == 2


def test_plot(root: Path) -> None:
    check_plot(FAIR1M(root))
    check_plot(FAIR1M(root, split="test"))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("fair1m") is FAIR1M
    info = geoplug.datasets.info("fair1m")
    assert info.num_classes == 37 and info.task == "detection"
    check_dataset_plugin("fair1m", root)

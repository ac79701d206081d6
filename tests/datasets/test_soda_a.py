from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import soda_a as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
    serve_resources,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.soda_a import SODAA
from testkit.http import Served

#: the two archives only: the first dataset built on them extracts them
made, root = archive_fixtures(fake.make, "soda_a")


@pytest.fixture
def extracted(tmp_path: Path) -> Path:
    """The extracted folders alone (no archives), for tests that change files."""
    fake.make(tmp_path, extract=True)
    for archive in fake.ARCHIVES:
        (tmp_path / archive).unlink()
    return tmp_path


def _edit(path: Path, change: dict[str, object]) -> None:
    """Change the first object of a JSON annotation file."""
    data = json.loads(path.read_text())
    data["annotations"][0].update(change)
    path.write_text(json.dumps(data))


def written(number: int) -> torch.Tensor:
    return torch.from_numpy(fake.image(number)).float()


def close_to(image: torch.Tensor, number: int) -> bool:
    """Equal to scene ``number`` as written, within JPEG error (scenes differ by >= 10)."""
    return bool((image - written(number)).abs().max() <= 4)


@pytest.mark.parametrize(("split", "length"), [("train", 3), ("val", 2), ("test", 2)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(SODAA(root, split=split)) == length


def test_sample(root: Path) -> None:
    sample = SODAA(root)[0]  # Images/00001.jpg, Annotations/train/00001.json
    assert set(sample) == {"image", "bbox_xyxy", "bbox_xyxyxyxy", "label"}
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (3, fake.HEIGHT, fake.WIDTH)
    assert sample["bbox_xyxyxyxy"].dtype == torch.float32
    # the ignore region (category 9) between them is left out
    assert sample["bbox_xyxyxyxy"].tolist() == [[3, 2, 12, 4, 11, 9, 2, 7],
                                                [31.5, 5, 35.5, 5, 35.5, 7.25, 31.5, 7.25]]
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[2, 2, 12, 9], [31.5, 5, 35.5, 7.25]]
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [0, 2]  # airplane, small-vehicle


def test_pixels_pair_with_their_labels(root: Path) -> None:
    """Each sample is its own scene (untransposed, bands in order) with its own JSON."""
    for split, scenes in fake.SCENES.items():
        ds = SODAA(root, split=split)
        for index, (number, objects) in enumerate(scenes):
            sample = ds[index]
            assert close_to(sample["image"], number), (split, number)
            kept = [c for c, _ in objects if c != 9]
            assert sample["label"].tolist() == kept
    val = SODAA(root, split="val")[1]
    expected = torch.tensor(fake.pixel(5, 20, 33), dtype=torch.float32)  # row 20, col 33
    assert torch.allclose(val["image"][:, 20, 33], expected, atol=4)
    assert val["bbox_xyxyxyxy"].tolist() == [[25, 3, 33, 3, 33, 11, 25, 11]]
    assert val["label"].tolist() == [6]  # storage-tank


def test_polygon_becomes_its_rotated_rectangle(root: Path) -> None:
    sample = SODAA(root)[1]  # a six-point ship on the rectangle x 2..10, y 3..7
    corners = sample["bbox_xyxyxyxy"]
    assert corners.shape == (1, 8)
    assert sorted(map(tuple, corners[0].reshape(4, 2).tolist())) == [
        (2, 3), (2, 7), (10, 3), (10, 7)]
    assert sample["bbox_xyxy"].tolist() == [[2, 3, 10, 7]]
    assert sample["label"].tolist() == [4]


@pytest.mark.parametrize(("poly", "corners", "box"), [
    ([0, 0, 4, 0, 0, 2], [(0, 0), (0, 2), (4, 0), (4, 2)], [0, 0, 4, 2]),  # a triangle
    ([1, 1, 3, 1, 5, 1], [(1, 1), (1, 1), (5, 1), (5, 1)], [1, 1, 5, 1]),  # collinear
])
def test_other_polygons(extracted: Path, poly: list[float], corners: list[tuple[float, float]],
                        box: list[float]) -> None:
    _edit(extracted / "Annotations" / "train" / "00002.json", {"poly": poly})
    sample = SODAA(extracted)[1]
    assert sorted(map(tuple, sample["bbox_xyxyxyxy"][0].reshape(4, 2).tolist())) == corners
    assert sample["bbox_xyxy"].tolist() == [box]


def test_scene_without_objects(root: Path) -> None:
    empty = SODAA(root)[2]
    assert close_to(empty["image"], 3)
    assert empty["bbox_xyxyxyxy"].shape == (0, 8) and empty["bbox_xyxy"].shape == (0, 4)
    assert empty["label"].shape == (0,) and empty["label"].dtype == torch.int64


def test_bands_and_transforms(root: Path) -> None:
    ds = SODAA(root, split="test", bands=["B"], transforms=lambda s: {**s, "n": len(s["label"])})
    sample = ds[1]
    assert sample["image"].shape == (1, fake.HEIGHT, fake.WIDTH)
    assert torch.allclose(sample["image"][0], written(7)[2], atol=4)
    assert sample["n"] == 2


def test_classes() -> None:
    assert SODAA.classes == fake.CATEGORIES[:9]


def test_zero_byte_annotation_is_a_scene_without_objects(extracted: Path) -> None:
    (extracted / "Annotations" / "val" / "00004.json").write_bytes(b"")
    sample = SODAA(extracted, split="val")[0]
    assert close_to(sample["image"], 4)
    assert sample["label"].tolist() == [] and sample["bbox_xyxyxyxy"].shape == (0, 8)


@pytest.mark.parametrize(("change", "message"), [
    ({"category_id": 12}, r"object 1 has category_id 12"),
    ({"category_id": None}, r"object 1: category_id None"),
    ({"poly": [1, 2, 3, 4]}, r"object 1: its poly has 4 numbers"),
    ({"poly": [1, 2, 3, 4, 5, 6, 7, 8, 9]}, r"object 1: its poly has 9 numbers"),
    ({"poly": "1 2 3 4"}, r"object 1: category_id 0, poly '1 2 3 4'"),
])
def test_bad_object(extracted: Path, change: dict[str, object], message: str) -> None:
    _edit(extracted / "Annotations" / "train" / "00001.json", change)
    ds = SODAA(extracted)
    ds[1]  # other files still read
    with pytest.raises(InvalidDataError, match=r"00001\.json: " + message):
        ds[0]


def test_truncated_json(extracted: Path) -> None:
    path = extracted / "Annotations" / "test" / "00006.json"
    path.write_text(path.read_text()[:50])
    with pytest.raises(InvalidDataError, match=r"cannot parse .*00006\.json"):
        SODAA(extracted, split="test")[0]
    path.write_text(json.dumps({"type": "instance"}))
    with pytest.raises(InvalidDataError, match=r"no 'annotations' list"):
        SODAA(extracted, split="test")[0]


def test_missing_image(extracted: Path) -> None:
    (extracted / "Images" / "00005.jpg").unlink()
    with pytest.raises(InvalidDataError, match=r"1 annotation file.*first: 00005\.json"):
        SODAA(extracted, split="val")
    assert len(SODAA(extracted)) == 3  # the other splits are whole


def test_toolkit_layouts(extracted: Path) -> None:
    """Images sorted into Images/<split>/, or the toolkit's rawData/<split>/{Images,...}."""
    images = extracted / "Images"
    (images / "val").mkdir()
    for number, _ in fake.SCENES["val"]:
        (images / f"{fake.stem(number)}.jpg").rename(images / "val" / f"{fake.stem(number)}.jpg")
    (images / "00006.jpg").unlink()  # a stray copy in Images/ must not be taken for val's
    shutil.copy(images / "00001.jpg", images / "00004.jpg")
    assert close_to(SODAA(extracted, split="val")[0]["image"], 4)

    raw = extracted / "rawData" / "test"
    (raw / "Images").mkdir(parents=True)
    shutil.move(extracted / "Annotations" / "test", raw / "Annotations")
    shutil.copy(images / "00007.jpg", raw / "Images" / "00007.jpg")
    shutil.copy(images / "00001.jpg", raw / "Images" / "00006.jpg")
    test = SODAA(extracted, split="test")
    assert close_to(test[0]["image"], 1) and test[0]["label"].tolist() == [7]
    assert close_to(test[1]["image"], 7)
    # the toolkit's divData/ (800 x 800 patches of the scenes) beside rawData/ is not read,
    # nor are macOS ._ resource files among the annotations
    patches = extracted / "divData" / "test"
    shutil.copytree(raw, patches)
    shutil.copy(raw / "Annotations" / "00007.json", patches / "Annotations" / "00099.json")
    (raw / "Annotations" / "._00007.json").write_bytes(b"\x00\x05\x16\x07")
    again = SODAA(extracted, split="test")
    assert [label.name for _, label in again.samples] == ["00006.json", "00007.json"]
    assert all("rawData" in str(label) for _, label in again.samples)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SODAA, tmp_path, split="val")
    with pytest.raises(FileNotFoundError, match=r"Annotations/val/\*\.json.*shaunyuan22"):
        SODAA(tmp_path, split="val")


def test_archives_in_root_are_extracted(made: dict[str, Any], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Archives put in root are verified (the fakes' md5s stand in) and extracted."""
    serve_resources(SODAA, monkeypatch, "http://127.0.0.1:9", made["archives"])  # unreachable
    shutil.copy(made["dir"] / "Images.zip", tmp_path)
    shutil.copy(made["dir"] / "Annotations.zip", tmp_path)
    assert len(SODAA(tmp_path, split="test", checksum=True)) == 2
    assert (tmp_path / "Annotations" / "test" / "00007.json").is_file()


def test_download(made: dict[str, Any], http_server: Served, http_root: Path,
                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SODAA, made, http_server.url, http_root, monkeypatch)
    data = tmp_path / "data"
    ds = SODAA(data, split="val", download=True, checksum=True)
    assert len(ds) == 2 and close_to(ds[0]["image"], 4)
    assert sorted(p.name for p in data.glob("*.zip")) == sorted(fake.ARCHIVES)
    assert len(SODAA(data, split="train")) == 3  # no second download needed


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SODAA, made, monkeypatch, tmp_path, "Annotations.zip")


def test_plot(root: Path) -> None:
    check_plot(SODAA(root))
    check_plot(SODAA(root), index=2)  # no objects


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("soda_a") is SODAA
    info = geoplug.datasets.info("soda_a")
    assert info.num_classes == 9 and info.task == "detection"
    check_dataset_plugin("soda_a", root)

"""RarePlanes real tiles and synthetic images read through the publisher's COCO files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import rareplanes as fake
from fakedata._dc_checks import check_plot
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.rareplanes import RarePlanes


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("rareplanes")
    return {"root": root, **fake.make(root)}


@pytest.mark.parametrize(("source", "split", "length"),
                         [("real", "train", 3), ("real", "test", 1),
                          ("synthetic", "train", 1), ("synthetic", "test", 1)])
def test_lengths(made: dict[str, Any], source: str, split: str, length: int) -> None:
    assert len(RarePlanes(made["root"], split=split, source=source)) == length


@pytest.mark.parametrize(("source", "split"), [("real", "train"), ("real", "test"),
                                               ("synthetic", "train"), ("synthetic", "test")])
def test_pixels_and_boxes(made: dict[str, Any], source: str, split: str) -> None:
    ds = RarePlanes(made["root"], split=split, source=source)
    for i, exp in enumerate(made["expected"][(source, split)]):
        sample = ds[i]
        assert ds.images[i][1].name == exp["name"]
        assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
        assert sample["image"].dtype == torch.float32
        for row, col in ((0, 0), (5, 11), (15, 2)):
            assert sample["image"][:, row, col].tolist() == list(fake.pixel(exp["id"], row, col))
        assert sample["bbox_xyxy"].dtype == torch.float32
        assert sample["bbox_xyxy"].tolist() == exp["xyxy"]
        assert sample["label"].dtype == torch.int64
        assert sample["label"].tolist() == [0] * len(exp["xyxy"])


def test_order_and_empty_tile(made: dict[str, Any]) -> None:
    ds = RarePlanes(made["root"])
    assert [p.name for _, p in ds.images] == [
        "Denver_Airport_1_5_tile_2.png", "Denver_Airport_1_5_tile_3.png",
        "Atlanta_Airport_0_0_tile_12.png"]
    empty = ds[1]
    assert empty["bbox_xyxy"].shape == (0, 4) and empty["label"].shape == (0,)
    assert ds[2]["bbox_xyxy"].tolist() == [[1, 2, 5, 5], [8, 9, 13, 14.5]]


def test_bands_and_source(made: dict[str, Any]) -> None:
    image = RarePlanes(made["root"], bands=["G"])[0]["image"]
    assert image.shape == (1, fake.SIZE, fake.SIZE)
    assert float(image[0, 4, 9]) == fake.pixel(3, 4, 9)[1]
    with pytest.raises(ValueError, match="source"):
        RarePlanes(made["root"], source="both")


def test_bad_coco(made: dict[str, Any], tmp_path: Path) -> None:
    shutil.copytree(made["root"] / "real", tmp_path / "real")
    coco_path = tmp_path / "real" / "metadata_annotations" / "instances_test_aircraft.json"
    coco = json.loads(coco_path.read_text())
    coco["categories"] = [{"id": 1, "name": "Small Civil Transport/Utility"}]
    coco_path.write_text(json.dumps(coco))
    with pytest.raises(InvalidDataError, match="Small Civil"):
        RarePlanes(tmp_path, split="test")
    coco_path.write_text("{not json")
    with pytest.raises(InvalidDataError, match=coco_path.name):
        RarePlanes(tmp_path, split="test")
    (tmp_path / "real" / "train" / "PS-RGB_tiled" / "Denver_Airport_1_5_tile_3.png").unlink()
    with pytest.raises(InvalidDataError, match="Denver_Airport_1_5_tile_3"):
        RarePlanes(tmp_path)


def test_nested_metadata_folder(made: dict[str, Any], tmp_path: Path) -> None:
    shutil.copytree(made["root"] / "synthetic", tmp_path / "synthetic")
    meta = tmp_path / "synthetic" / "metadata_annotations"
    (meta / "aircraft").mkdir()
    shutil.move(meta / "instances_test_aircraft.json", meta / "aircraft")
    assert len(RarePlanes(tmp_path, split="test", source="synthetic")) == 1


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        RarePlanes(tmp_path, download=True)
    assert str(tmp_path) in str(info.value)
    assert "s3://rareplanes-public" in str(info.value)


def test_plot(made: dict[str, Any]) -> None:
    check_plot(RarePlanes(made["root"]), index=2)


def test_registry_and_conformance(made: dict[str, Any]) -> None:
    assert geoplug.datasets.get("rareplanes") is RarePlanes
    check_dataset_plugin("rareplanes", made["root"])


def test_synthetic_coco_naming_the_xml_annotation(made: dict[str, Any], tmp_path: Path) -> None:
    # the publisher's synthetic converter writes file_name = the annotation's .xml name
    shutil.copytree(made["root"] / "synthetic", tmp_path / "synthetic")
    coco_path = tmp_path / "synthetic" / "metadata_annotations" / "instances_test_aircraft.json"
    coco = json.loads(coco_path.read_text())
    for image in coco["images"]:
        image["file_name"] = image["file_name"][:-4] + ".xml"
    coco_path.write_text(json.dumps(coco))
    ds = RarePlanes(tmp_path, split="test", source="synthetic")
    assert [p.suffix for _, p in ds.images] == [".png"] and ds[0]["image"].shape[0] == 3

"""fMoW (fMoW-rgb / fMoW-full folder layouts) and fMoW-Sentinel (SatMAE CSV + GeoTIFF)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import fmow as fake
from fakedata._dc_checks import check_plot
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.fmow import FMoW, FMoWSentinel


@pytest.fixture(scope="module")
def rgb(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("fmow_rgb")
    return {"root": root, **fake.make_rgb(root)}


@pytest.fixture(scope="module")
def sentinel(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("fmow_sentinel")
    return {"root": root, **fake.make_sentinel(root)}


# -- fMoW ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("split", "length"), [("train", 4), ("val", 1), ("test", 2), ("seq", 1)])
def test_fmow_lengths(rgb: dict[str, Any], split: str, length: int) -> None:
    assert len(FMoW(rgb["root"], split=split)) == length == len(rgb["expected"][split])


@pytest.mark.parametrize("split", ["train", "val", "test", "seq"])
def test_fmow_pixels_labels_and_boxes(rgb: dict[str, Any], split: str) -> None:
    ds = FMoW(rgb["root"], split=split)
    for i, exp in enumerate(rgb["expected"][split]):
        sample = ds[i]
        assert ds.images[i] == exp["path"]
        assert sample["image"].dtype == torch.float32
        np.testing.assert_array_equal(sample["image"].numpy(), exp["pixels"].astype(np.float32))
        assert sample["label"].dtype == torch.int64
        assert int(sample["label"]) == exp["label"]
        assert sample["bbox_xyxy"].dtype == torch.float32
        assert sample["bbox_xyxy"].tolist() == [exp["xyxy"]]


def test_fmow_train_order_and_classes(rgb: dict[str, Any]) -> None:
    ds = FMoW(rgb["root"])
    assert [p.name for p in ds.images] == [
        "airport_0_0_rgb.jpg", "airport_0_1_rgb.jpg", "multi-unit_residential_12_3_rgb.jpg",
        "zoo_7_0_rgb.jpg"]
    assert [int(ds[i]["label"]) for i in range(4)] == [0, 0, 30, 61]
    assert ds[1]["image"].shape == (3, 44, 40)  # sizes vary per image, as in fMoW
    assert ds[2]["bbox_xyxy"].tolist() == [[6, 1, 13, 9]]


def test_fmow_msrgb_product_and_bands(rgb: dict[str, Any]) -> None:
    ds = FMoW(rgb["root"], product="msrgb")
    assert ds.images[0].name == "airport_0_0_msrgb.jpg"
    rgb_first = FMoW(rgb["root"])[0]["image"]
    assert not torch.equal(ds[0]["image"], rgb_first)
    green = FMoW(rgb["root"], bands=["G"])[0]["image"]
    torch.testing.assert_close(green, rgb_first[[1]])
    with pytest.raises(ValueError, match="product"):
        FMoW(rgb["root"], product="ms")


def test_fmow_full_tif(tmp_path: Path) -> None:
    made = fake.make_full(tmp_path / "fmow-full")
    ds = FMoW(tmp_path)  # the split folder one level down
    assert len(ds) == 3
    for i, exp in enumerate(made["expected"]):
        np.testing.assert_array_equal(ds[i]["image"].numpy(), exp["pixels"].astype(np.float32))
        assert int(ds[i]["label"]) == exp["label"]


def test_fmow_missing_json(rgb: dict[str, Any], tmp_path: Path) -> None:
    shutil.copytree(rgb["root"] / "val", tmp_path / "val")
    meta = next((tmp_path / "val").rglob("*_rgb.json"))
    meta.unlink()
    with pytest.raises(InvalidDataError, match=meta.name):
        FMoW(tmp_path, split="val")


def test_fmow_unknown_category_and_bad_json(rgb: dict[str, Any], tmp_path: Path) -> None:
    shutil.copytree(rgb["root"] / "val", tmp_path / "val")
    meta = next((tmp_path / "val").rglob("*_rgb.json"))
    content = json.loads(meta.read_text())
    content["bounding_boxes"][0]["category"] = "volcano"
    meta.write_text(json.dumps(content))
    ds = FMoW(tmp_path, split="val")
    with pytest.raises(InvalidDataError, match="volcano"):
        ds[0]
    meta.write_text("{}")
    with pytest.raises(InvalidDataError, match=meta.name):
        ds[0]


def test_fmow_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        FMoW(tmp_path, split="seq", download=True)
    assert str(tmp_path) in str(info.value)
    assert "s3://spacenet-dataset/Hosted-Datasets/fmow/fmow-rgb" in str(info.value)


def test_fmow_plot(rgb: dict[str, Any]) -> None:
    check_plot(FMoW(rgb["root"]))
    check_plot(FMoW(rgb["root"], split="test"))


def test_fmow_registry_and_conformance(rgb: dict[str, Any]) -> None:
    assert geoplug.datasets.get("fmow") is FMoW
    assert len(FMoW.classes) == 62
    check_dataset_plugin("fmow", rgb["root"])


# -- fMoW-Sentinel ------------------------------------------------------------------------------
@pytest.mark.parametrize(("split", "length"), [("train", 3), ("val", 1), ("test", 2)])
def test_sentinel_lengths(sentinel: dict[str, Any], split: str, length: int) -> None:
    assert len(FMoWSentinel(sentinel["root"], split=split)) == length


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_sentinel_pixels_and_labels(sentinel: dict[str, Any], split: str) -> None:
    ds = FMoWSentinel(sentinel["root"], split=split)
    rows, cols = np.mgrid[0:fake.SENTINEL_SIZE, 0:fake.SENTINEL_SIZE]
    for i, exp in enumerate(sentinel["expected"][split]):
        sample = ds[i]
        assert ds.samples[i][0] == exp["path"]
        assert sample["image"].shape == (13, fake.SENTINEL_SIZE, fake.SENTINEL_SIZE)
        assert sample["image"].dtype == torch.float32
        for band in (0, 8, 12):
            np.testing.assert_array_equal(sample["image"][band].numpy(),
                                          fake.sentinel_value(exp["file"], band, rows, cols))
        assert int(sample["label"]) == exp["label"]
        assert sample["crs"].to_epsg() == 32632
        assert sample["bounds"].minx == 300000.0 + 1000 * exp["file"]


def test_sentinel_band_selection(sentinel: dict[str, Any]) -> None:
    ds = FMoWSentinel(sentinel["root"], bands=["B8A", "B02"])
    image = ds[1]["image"]  # file 1, zoo
    assert image.shape == (2, fake.SENTINEL_SIZE, fake.SENTINEL_SIZE)
    assert float(image[0, 3, 4]) == fake.sentinel_value(1, 8, 3, 4)
    assert float(image[1, 3, 4]) == fake.sentinel_value(1, 1, 3, 4)
    assert ds.rgb_indices == []


def test_sentinel_root_is_the_image_folder(sentinel: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "fmow-sentinel"
    shutil.copytree(sentinel["root"] / "fmow-sentinel" / "val", folder / "val")
    shutil.copy(sentinel["root"] / "val.csv", folder / "val.csv")
    ds = FMoWSentinel(folder, split="val")
    assert int(ds[0]["label"]) == fake.LABELS["wind_farm"]


def test_sentinel_missing_image_and_bad_table(sentinel: dict[str, Any], tmp_path: Path) -> None:
    shutil.copytree(sentinel["root"], tmp_path / "copy")
    missing = sentinel["expected"]["train"][2]["path"]
    (tmp_path / "copy" / missing.relative_to(sentinel["root"])).unlink()
    ds = FMoWSentinel(tmp_path / "copy")
    with pytest.raises(InvalidDataError, match=missing.name):
        ds[2]
    (tmp_path / "copy" / "val.csv").write_text("category,location_id,image_id\nzoo,1,1\n")
    with pytest.raises(InvalidDataError, match="timestamp"):
        FMoWSentinel(tmp_path / "copy", split="val")
    (tmp_path / "copy" / "val.csv").write_text(
        "category,location_id,image_id,timestamp\nvolcano,1,1,2017-01-01\n")
    with pytest.raises(InvalidDataError, match="volcano"):
        FMoWSentinel(tmp_path / "copy", split="val")


def test_sentinel_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"purl\.stanford\.edu/vg497cb6002") as info:
        FMoWSentinel(tmp_path, split="test", download=True)
    assert str(tmp_path) in str(info.value)


def test_sentinel_plot(sentinel: dict[str, Any]) -> None:
    check_plot(FMoWSentinel(sentinel["root"]))


def test_sentinel_registry_and_conformance(sentinel: dict[str, Any]) -> None:
    assert geoplug.datasets.get("fmow_sentinel") is FMoWSentinel
    check_dataset_plugin("fmow_sentinel", sentinel["root"])


def test_generic_not_found_message(tmp_path: Path) -> None:
    # both say where they looked, though neither can download
    for cls in (FMoW, FMoWSentinel):
        with pytest.raises(DatasetNotFoundError, match=re.escape(str(tmp_path))):
            cls(tmp_path)



def test_fmow_several_boxes(rgb: dict[str, Any], tmp_path: Path) -> None:
    shutil.copytree(rgb["root"] / "val", tmp_path / "val")
    meta = next((tmp_path / "val").rglob("*_rgb.json"))
    content = json.loads(meta.read_text())
    content["bounding_boxes"] = [{"ID": 1, "box": [1, 2, 3, 4], "category": "zoo"},
                                 {"ID": 2, "box": [5, 6, 1, 1], "category": "airport"}]
    meta.write_text(json.dumps(content))
    sample = FMoW(tmp_path, split="val")[0]
    assert int(sample["label"]) == 61  # the first box's category
    assert sample["bbox_xyxy"].tolist() == [[1, 2, 4, 6], [5, 6, 6, 7]]


def test_fmow_test_labels_from_the_published_ground_truth(rgb: dict[str, Any],
                                                          tmp_path: Path) -> None:
    # groundtruth.tar.bz2: test_gt_mapping.json names each hidden folder's category folder,
    # whose JSONs list the labelled box (ID -1) among false detections
    shutil.copytree(rgb["root"] / "test", tmp_path / "test")
    (tmp_path / "test_gt_mapping.json").write_text(json.dumps(
        [{"output": "test/0000000", "input": "test_gt/zoo/zoo_5"}]))
    for t in (0, 1):
        truth = tmp_path / "test_gt" / "zoo" / "zoo_5" / f"zoo_5_{t}_rgb.json"
        truth.parent.mkdir(parents=True, exist_ok=True)
        truth.write_text(json.dumps({"bounding_boxes": [
            {"ID": 7, "box": [0, 0, 2, 2], "category": "false_detection"},
            {"ID": -1, "box": [1, 1, 3, 3], "category": "zoo"}]}))
    assert [int(s["label"]) for s in FMoW(tmp_path, split="test")] == [61, 61]
    assert [int(s["label"]) for s in FMoW(rgb["root"], split="test")] == [-1, -1]


def test_fmow_false_detection_boxes_are_not_the_label(rgb: dict[str, Any],
                                                      tmp_path: Path) -> None:
    shutil.copytree(rgb["root"] / "val", tmp_path / "val")
    meta = next((tmp_path / "val").rglob("*_rgb.json"))
    content = json.loads(meta.read_text())
    content["bounding_boxes"] = [{"ID": 5, "box": [1, 2, 3, 4], "category": "false_detection"},
                                 {"ID": 6, "box": [5, 6, 1, 1], "category": "airport"}]
    meta.write_text(json.dumps(content))
    assert int(FMoW(tmp_path, split="val")[0]["label"]) == 0


def test_sentinel_test_images_under_test_gt(sentinel: dict[str, Any], tmp_path: Path) -> None:
    # the archive names the labelled test folder test_gt/ (SatMAE++ reads it there)
    shutil.copytree(sentinel["root"], tmp_path / "copy")
    base = tmp_path / "copy" / "fmow-sentinel"
    (base / "test").rename(base / "test_gt")
    ds = FMoWSentinel(tmp_path / "copy", split="test")
    assert len(ds) == len(sentinel["expected"]["test"])
    assert int(ds[0]["label"]) == sentinel["expected"]["test"][0]["label"]

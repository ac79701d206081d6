from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import everwatch as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.everwatch import EverWatch
from testkit.http import Served

made, root = archive_fixtures(fake.make, "everwatch")


@pytest.mark.parametrize(("split", "length"), [("train", 2), ("test", 1)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(EverWatch(root, split=split)) == length


def test_sample_groups_rows_by_image(root: Path) -> None:
    sample = EverWatch(root)[0]
    assert set(sample) == {"image", "bbox_xyxy", "label"}
    assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    # the zero-width Anhinga row is dropped
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[1, 2, 5, 6], [8, 9, 14, 15]]
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [0, 1]  # White Ibis, Great Egret
    assert sample["image"][:, 11, 3].tolist() == list(fake.pixel(0, 11, 3))


def test_second_image_and_test_split(root: Path) -> None:
    second = EverWatch(root)[1]
    assert second["label"].tolist() == [4, 5]
    assert second["image"][:, 2, 14].tolist() == list(fake.pixel(1, 2, 14))
    test = EverWatch(root, split="test")[0]
    assert test["label"].tolist() == [7, 3]
    assert test["bbox_xyxy"].tolist() == [[6, 7, 10, 12], [1, 1, 3, 3]]
    assert test["image"][:, 5, 9].tolist() == list(fake.pixel(2, 5, 9))


def test_bands(root: Path) -> None:
    image = EverWatch(root, bands=["B"])[1]["image"]
    assert image.shape == (1, fake.SIZE, fake.SIZE)
    assert float(image[0, 0, 10]) == 71


def test_missing_image(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root, tmp_path / "copy")
    (tmp_path / "copy" / fake.FOLDER / fake.IMAGES[1]).unlink()
    with pytest.raises(InvalidDataError, match=r"Jetport South\.png"):
        EverWatch(tmp_path / "copy")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(EverWatch, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(EverWatch, made, http_server.url, http_root, monkeypatch)
    assert len(EverWatch(tmp_path, split="test", download=True, checksum=True)) == 1


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(EverWatch, made, monkeypatch, tmp_path, "everwatch-benchmark.zip")


def test_plot(root: Path) -> None:
    check_plot(EverWatch(root))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("everwatch") is EverWatch
    check_dataset_plugin("everwatch", root)

"""Forest Damage against a fake ``Data_Set_Larch_Casebearer.zip`` in the publisher's layout."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import forest_damage as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_checksum_mismatch,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.forest_damage import ForestDamage
from testkit.http import Served

made, root = archive_fixtures(fake.make, "forest_damage")


def pixel(path: str, row: int, col: int) -> torch.Tensor:
    return torch.tensor(fake.pixel(list(fake.IMAGES).index(path), row, col), dtype=torch.float32)


def test_length_skips_the_unannotated_image(root: Path) -> None:
    ds = ForestDamage(root)
    assert len(ds) == 4
    assert [p.name for p, _ in ds.samples] == [Path(p).name for p in fake.ORDER]
    assert [p.name for p in ds.unannotated] == ["B03_0002.JPG"]


def test_sample_boxes_and_damage_levels(root: Path) -> None:
    sample = ForestDamage(root)[0]  # Bebehojd B01_0004: H, HD, other
    assert set(sample) == {"image", "bbox_xyxy", "label"}
    assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[1, 2, 9, 11], [12, 3, 20, 9], [20, 20, 31, 30]]
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [1, 3, 0]


def test_images_pair_with_their_annotations(root: Path) -> None:
    ds = ForestDamage(root)
    for index, path in enumerate(fake.ORDER):
        image = ds[index]["image"]
        for row, col in ((3, 25), (28, 6)):
            assert torch.allclose(image[:, row, col], pixel(path, row, col), atol=4), path
    assert ds[1]["label"].tolist() == [2]  # B01_0005: LD
    assert ds[1]["bbox_xyxy"].tolist() == [[0, 0, 5, 6]]
    empty = ds[2]  # Ekbacka B03_0001: an annotation without objects
    assert empty["bbox_xyxy"].shape == (0, 4) and empty["label"].shape == (0,)


def test_boxes_without_damage_level_are_other(root: Path) -> None:
    sample = ForestDamage(root)[3]  # Kampe, batch 9: no <damage> elements
    assert sample["label"].tolist() == [0, 0]
    assert sample["bbox_xyxy"].tolist() == [[4, 5, 14, 16], [16, 1, 24, 12]]


def test_bands(root: Path) -> None:
    image = ForestDamage(root, bands=["B", "R"])[1]["image"]
    path = fake.ORDER[1]
    assert torch.allclose(image[:, 9, 14], pixel(path, 9, 14)[[2, 0]], atol=4)


def test_survey_folders_directly_in_root(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root / fake.TOP, tmp_path / "surveys")
    assert len(ForestDamage(tmp_path / "surveys")) == 4


def edited(root: Path, tmp_path: Path, xml: str, old: str, new: str) -> ForestDamage:
    """The dataset over a copy whose annotation ``<survey>/<stem>`` has ``old`` replaced."""
    shutil.copytree(root / fake.TOP, tmp_path / fake.TOP)
    survey, stem = xml.split("/")
    path = tmp_path / fake.TOP / survey / "Annotations" / f"{stem}.xml"
    path.write_text(path.read_text().replace(old, new))
    return ForestDamage(tmp_path)


def test_unknown_damage_level_names_the_file(root: Path, tmp_path: Path) -> None:
    ds = edited(root, tmp_path, "Bebehojd_20190527/B01_0005", "<damage>LD", "<damage>XD")
    with pytest.raises(InvalidDataError, match=r"unknown class 'XD' in .*B01_0005.xml"):
        ds[1]


def test_object_without_box(root: Path, tmp_path: Path) -> None:
    ds = edited(root, tmp_path, "Kampe_20190819/B09_0001", "bndbox>", "box>")
    with pytest.raises(InvalidDataError, match=r"B09_0001.xml: an object lacks <bndbox>"):
        ds[3]


def test_empty_damage_element_is_other(root: Path, tmp_path: Path) -> None:
    ds = edited(root, tmp_path, "Bebehojd_20190527/B01_0005", "<damage>LD</damage>",
                "<damage />")
    assert ds[1]["label"].tolist() == [0]


def test_not_found(tmp_path: Path) -> None:
    check_not_found(ForestDamage, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(ForestDamage, made, http_server.url, http_root, monkeypatch)
    ds = ForestDamage(tmp_path, download=True, checksum=True)
    assert len(ds) == 4 and ds[0]["label"].tolist() == [1, 3, 0]


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    copy_archives(made["dir"], tmp_path, list(made["archives"]))
    check_checksum_mismatch(ForestDamage, monkeypatch, tmp_path, f"{fake.TOP}.zip")


def test_plot(root: Path) -> None:
    check_plot(ForestDamage(root))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("forest_damage") is ForestDamage
    assert geoplug.datasets.get("larch_casebearer") is ForestDamage
    check_dataset_plugin("forest_damage", root)

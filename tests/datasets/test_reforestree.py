from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import reforestree as fake
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
from geoplug.datasets.reforestree import ReforesTree
from testkit.http import Served

made, root = archive_fixtures(fake.make, "reforestree")


def test_length_and_sample(root: Path) -> None:
    ds = ReforesTree(root)
    assert len(ds) == 3
    sample = ds[0]
    assert set(sample) == {"image", "bbox_xyxy", "label", "agb"}
    assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[1.5, 2.0, 6.0, 7.5], [8.0, 9.0, 15.0, 14.0]]
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == [1, 2]  # banana, cacao
    assert sample["agb"].dtype == torch.float32
    assert sample["agb"].tolist() == [6.75, 12.5]


def test_tiles_pair_with_their_rows(root: Path) -> None:
    ds = ReforesTree(root)
    second, third = ds[1], ds[2]
    assert second["label"].tolist() == [5] and second["agb"].tolist() == [310.25]
    assert second["image"][:, 10, 3].tolist() == list(fake.pixel(1, 10, 3))
    assert third["bbox_xyxy"].shape == (0, 4) and third["agb"].shape == (0,)
    assert third["image"][:, 4, 13].tolist() == list(fake.pixel(2, 4, 13))


def test_top_folder_variant(tmp_path: Path) -> None:
    made = fake.make(tmp_path / "src", top="reforesTree")
    copy_archives(made["dir"], tmp_path / "root", ["reforesTree.zip"])
    assert len(ReforesTree(tmp_path / "root")) == 3


def test_bands(root: Path) -> None:
    image = ReforesTree(root, bands=["B"])[1]["image"]
    assert image.shape == (1, fake.SIZE, fake.SIZE)
    assert float(image[0, 6, 7]) == fake.pixel(1, 6, 7)[2]


def test_missing_column(root: Path, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(root, tmp_path / "copy")
    table = tmp_path / "copy" / "mapping" / "final_dataset.csv"
    table.write_text(table.read_text().replace("AGB", "biomass"))
    with pytest.raises(InvalidDataError, match=r"lacks the column\(s\) \['AGB'\]"):
        ReforesTree(tmp_path / "copy")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(ReforesTree, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(ReforesTree, made, http_server.url, http_root, monkeypatch)
    ds = ReforesTree(tmp_path, download=True, checksum=True)
    assert len(ds) == 3 and ds[0]["label"].tolist() == [1, 2]


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    copy_archives(made["dir"], tmp_path, ["reforesTree.zip"])
    check_checksum_mismatch(ReforesTree, monkeypatch, tmp_path, "reforesTree.zip")


def test_plot(root: Path) -> None:
    check_plot(ReforesTree(root))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("reforestree") is ReforesTree
    check_dataset_plugin("reforestree", root)

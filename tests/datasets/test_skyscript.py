"""SkyScript image-caption pairs from the publisher's CSVs and image archives."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
import geoplug.datasets.skyscript as module
from fakedata import skyscript as fake
from fakedata._dc_checks import check_not_found, check_plot, serve_resources
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.skyscript import SkyScript
from testkit.http import Served


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fake.make(tmp_path_factory.mktemp("skyscript_src"))


@pytest.fixture(scope="module")
def root(made: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Archives and CSVs as a user downloads them into one folder; the loader extracts."""
    root = tmp_path_factory.mktemp("skyscript")
    for name in made["archives"]:
        shutil.copy(made["dir"] / name, root / name)
    for table in fake.TABLES:
        shutil.copy(made["dir"] / "dataframe" / table, root / table)
    return root


def rows(table: str) -> list[str]:
    return [f"{folder}/{fake.IMAGES[folder][i]}" for folder, i in fake.TABLES[table]]


@pytest.mark.parametrize(("kwargs", "table"), [
    ({}, "SkyScript_train_top30pct_filtered_by_CLIP_openai.csv"),
    ({"subset": "top50pct"}, "SkyScript_train_top50pct_filtered_by_CLIP_openai.csv"),
    ({"split": "val"}, "SkyScript_val_5K_filtered_by_CLIP_openai.csv"),
    ({"split": "test"}, "SkyScript_test_30K_filtered_by_CLIP_openai.csv"),
    ({"split": "test", "filtering": "laion_RS"},
     "SkyScript_test_30K_filtered_by_CLIP_laion_RS.csv"),
])
def test_pairs(made: dict[str, Any], root: Path, kwargs: dict[str, str], table: str) -> None:
    ds = SkyScript(root, **kwargs)
    assert ds.table_name == table
    expected = rows(table)
    assert len(ds) == len(expected)
    for i, rel in enumerate(expected):
        sample = ds[i]
        assert sample["caption"] == fake.title(rel)
        assert sample["image"].dtype == torch.float32
        np.testing.assert_array_equal(sample["image"].numpy(),
                                      made["pixels"][rel].astype(np.float32))


def test_multi_object_captions_and_bands(made: dict[str, Any], root: Path) -> None:
    ds = SkyScript(root, split="test", caption="title_multi_objects", bands=["B", "R"])
    rel = rows("SkyScript_test_30K_filtered_by_CLIP_openai.csv")[1]
    assert ds[1]["caption"] == fake.title(rel) + ", next to a road"
    np.testing.assert_array_equal(ds[1]["image"].numpy(),
                                  made["pixels"][rel][[2, 0]].astype(np.float32))


def test_bad_arguments(root: Path) -> None:
    for kwargs in ({"filtering": "clip"}, {"subset": "top10pct"}, {"caption": "tags"}):
        with pytest.raises(ValueError, match=next(iter(kwargs))):
            SkyScript(root, **kwargs)


def test_missing_image_and_bad_tables(root: Path, tmp_path: Path) -> None:
    copy = tmp_path / "c"
    shutil.copytree(root, copy)
    ds = SkyScript(copy, split="test")  # extracts images5.zip if not done yet
    (copy / "images5" / "a5_CH_20.jpg").unlink()
    with pytest.raises(InvalidDataError, match=r"a5_CH_20\.jpg"):
        ds[1]
    table = copy / "SkyScript_val_5K_filtered_by_CLIP_openai.csv"
    table.write_text("filepath,title\nimages9/x.jpg,a field\n")
    with pytest.raises(InvalidDataError, match="images9"):
        SkyScript(copy, split="val")
    table.write_text("path,title\nimages2/x.jpg,a field\n")
    with pytest.raises(InvalidDataError, match="filepath"):
        SkyScript(copy, split="val")


def test_not_found(made: dict[str, Any], tmp_path: Path) -> None:
    check_not_found(SkyScript, tmp_path / "empty")
    # the CSV without its image archive
    (tmp_path / "csv").mkdir()
    shutil.copy(made["dir"] / "dataframe" / "SkyScript_val_5K_filtered_by_CLIP_openai.csv",
                tmp_path / "csv")
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        SkyScript(tmp_path / "csv", split="val")


def test_download_fetches_only_needed_archives(made: dict[str, Any], http_server: Served,
                                               http_root: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(made["dir"] / "dataframe", http_root / "dataframe")
    for name in made["archives"]:
        shutil.copy(made["dir"] / name, http_root / name)
    monkeypatch.setattr(module, "_BASE", f"{http_server.url}/")
    serve_resources(SkyScript, monkeypatch, http_server.url, made["archives"])
    ds = SkyScript(tmp_path / "dl", split="val", download=True, checksum=True)
    assert len(ds) == 1 and ds[0]["caption"] == fake.title("images2/w4402_NAIP_20.jpg")
    assert sorted(p.name for p in (tmp_path / "dl").iterdir() if p.suffix == ".zip") == [
        "images2.zip"]


def test_plot(root: Path) -> None:
    check_plot(SkyScript(root))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("skyscript") is SkyScript
    check_dataset_plugin("skyscript", root)

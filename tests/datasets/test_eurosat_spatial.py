"""EuroSATSpatial: EuroSAT chips under the longitude-disjoint lists (fake archive and lists)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import eurosat_spatial as fake
from fakedata._dc_checks import check_not_found, check_plot
from fakedata._scene_classification import local_resources
from geoplug.core.errors import ChecksumError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.eurosat import EuroSAT
from geoplug.datasets.eurosat_spatial import EuroSATSpatial


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("eurosat_spatial")
    return {"root": root, **fake.make(root)}


def test_registry() -> None:
    assert geoplug.datasets.get("eurosat_spatial") is EuroSATSpatial
    spec = geoplug.datasets.info("eurosat_spatial")
    assert spec.bands == geoplug.datasets.info("eurosat").bands
    assert spec.num_classes == 10 and spec.splits == ("train", "val", "test")


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_split_values_and_labels(made: dict[str, Any], split: str) -> None:
    ds = EuroSATSpatial(made["root"], split=split)
    expected = made["expected_spatial"][split]
    assert len(ds) == len(expected) == fake.SHARES[split]
    got = {}
    for i in range(len(ds)):
        sample = ds[i]
        name = ds.samples[i][0].stem
        got[name] = sample
        assert sample["image"].dtype == torch.float32
        assert sample["label"].dtype == torch.int64 and sample["label"].ndim == 0
        assert sample["crs"] == CRS.from_epsg(32631)
    assert set(got) == {f"{c}_{n}" for c, n, _ in expected}
    for cls, n, label in expected:
        sample = got[f"{cls}_{n}"]
        np.testing.assert_array_equal(sample["image"].numpy(),
                                      fake.pixels(cls, n).astype(np.float32))
        assert int(sample["label"]) == label
        assert sample["bounds"].minx == pytest.approx(fake.west_edge(cls, n))


def test_splits_are_disjoint_in_longitude(made: dict[str, Any]) -> None:
    """Every training chip lies west of every validation chip, and those west of the test."""
    edges = {s: [ds_sample["bounds"].minx for ds_sample in EuroSATSpatial(made["root"], split=s)]
             for s in ("train", "val", "test")}
    assert max(edges["train"]) < min(edges["val"])
    assert max(edges["val"]) < min(edges["test"])


def test_differs_from_the_random_lists(made: dict[str, Any]) -> None:
    spatial = {p.name for p, _ in EuroSATSpatial(made["root"], split="test").samples}
    random = {p.name for p, _ in EuroSAT(made["root"], split="test").samples}
    assert spatial == {"SeaLake_3.tif", "SeaLake_4.tif", "SeaLake_5.tif"}
    assert spatial != random


def test_band_selection(made: dict[str, Any]) -> None:
    ds = EuroSATSpatial(made["root"], split="val", bands=("B04", "B8A"))
    cls, n, _ = made["expected_spatial"]["val"][0]
    index = [p.stem for p, _ in ds.samples].index(f"{cls}_{n}")
    np.testing.assert_array_equal(ds[index]["image"].numpy(),
                                  fake.pixels(cls, n)[[3, 12]].astype(np.float32))


def test_missing_spatial_list(made: dict[str, Any], tmp_path: Path) -> None:
    """The archive and the random lists alone are not this dataset."""
    shutil.copytree(made["root"] / "ds", tmp_path / "ds")
    shutil.copy(made["root"] / "eurosat-train.txt", tmp_path)
    check_not_found(EuroSATSpatial, tmp_path)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(EuroSATSpatial, tmp_path / "nowhere")


def test_download_from_server(http_server: Any, http_root: Path, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(http_root)
    md5s = {made["archive"].name: made["md5"], **made["spatial_md5"]}
    monkeypatch.setattr(EuroSATSpatial, "resources",
                        local_resources(EuroSATSpatial.resources, http_server.url, md5s))
    root = tmp_path / "dl"
    ds = EuroSATSpatial(root, split="val", download=True, checksum=True)
    assert len(ds) == fake.SHARES["val"]
    assert (root / "eurosat-spatial-val.txt").is_file()
    assert not (root / "eurosat-spatial-train.txt").exists()  # only this split's list
    assert not (root / "eurosat-val.txt").exists()  # the random lists are not fetched


def test_published_checksums_are_sha256() -> None:
    lists = [r for r in EuroSATSpatial.resources if r.filename.startswith("eurosat-spatial")]
    assert [r.splits for r in lists] == [("train",), ("val",), ("test",)]
    assert all(r.sha256 and len(r.sha256) == 64 and r.md5 is None for r in lists)
    assert lists[0].url.endswith("/eurosat-spatial-train.txt")


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(made["archive"], tmp_path)
    shutil.copy(made["spatial_files"]["train"], tmp_path)
    monkeypatch.setattr(EuroSATSpatial, "resources", local_resources(
        EuroSATSpatial.resources, "http://127.0.0.1:9",
        {made["archive"].name: made["md5"], "eurosat-spatial-train.txt": "0" * 32}))
    with pytest.raises(ChecksumError, match=r"eurosat-spatial-train\.txt"):
        EuroSATSpatial(tmp_path, split="train", checksum=True)


def test_plot(made: dict[str, Any]) -> None:
    check_plot(EuroSATSpatial(made["root"], split="test"))


def test_conformance(made: dict[str, Any]) -> None:
    check_dataset_plugin("eurosat_spatial", data=made["root"])

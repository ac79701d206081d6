"""EuroSAT100: the 100-chip subset read from a fake ``EuroSAT100.zip`` and its lists."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import eurosat100 as fake
from fakedata._dc_checks import check_not_found, check_plot
from fakedata._scene_classification import local_resources
from geoplug.core.errors import ChecksumError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.eurosat100 import EuroSAT100


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("eurosat100")
    return {"root": root, **fake.make(root)}


def test_registry() -> None:
    assert geoplug.datasets.get("eurosat100") is EuroSAT100
    assert geoplug.datasets.info("eurosat100").num_samples == 100


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_split_values_and_labels(made: dict[str, Any], split: str) -> None:
    ds = EuroSAT100(made["root"], split=split)
    expected = made["expected"][split]
    assert len(ds) == len(expected) == {"train": 6, "val": 3, "test": 3}[split]
    for i, exp in enumerate(expected):
        sample = ds[i]
        assert ds.samples[i][0].name == Path(exp["path"]).name
        assert sample["image"].dtype == torch.float32
        np.testing.assert_array_equal(sample["image"].numpy(), exp["pixels"].astype(np.float32))
        assert int(sample["label"]) == exp["label"]
        assert list(sample["bounds"])[:4] == pytest.approx(list(exp["bounds"]))


def test_archive_on_disk_is_extracted(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert not (tmp_path / "ds").exists()
    assert len(EuroSAT100(tmp_path, split="val")) == 3
    assert (tmp_path / "ds/images/remote_sensing/otherDatasets/sentinel_2/tif/SeaLake").is_dir()


def test_unlisted_chip_is_skipped(made: dict[str, Any]) -> None:
    names = {p.name for s in ("train", "val", "test")
             for p, _ in EuroSAT100(made["root"], split=s).samples}
    assert len(names) == 12 and "Forest_5.tif" not in names


def test_not_found(tmp_path: Path) -> None:
    check_not_found(EuroSAT100, tmp_path)


def test_download_from_server(http_server: Any, http_root: Path, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make(http_root)
    monkeypatch.setattr(EuroSAT100, "resources",
                        local_resources(EuroSAT100.resources, http_server.url, made["md5s"]))
    root = tmp_path / "dl"
    ds = EuroSAT100(root, split="test", download=True, checksum=True)
    assert len(ds) == 3
    assert (root / "EuroSAT100.zip").is_file() and (root / "eurosat-100-test.txt").is_file()
    assert not (root / "eurosat-100-train.txt").exists()


def test_published_resources() -> None:
    archive = EuroSAT100.resources[0]
    assert archive.filename == "EuroSAT100.zip" and archive.splits is None
    assert archive.url.startswith("https://hf.co/datasets/torchgeo/eurosat/resolve/")
    assert archive.sha256 == "2ed4bb4a6808004c98691f64b366827f7783c76a49151e7c2b70423eb77a5b76"


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(made["archive"], tmp_path)
    shutil.copy(made["split_files"]["train"], tmp_path)
    monkeypatch.setattr(EuroSAT100, "resources", local_resources(
        EuroSAT100.resources, "http://127.0.0.1:9", {"EuroSAT100.zip": "f" * 32}))
    with pytest.raises(ChecksumError, match=r"EuroSAT100\.zip"):
        EuroSAT100(tmp_path, checksum=True)
    assert not (tmp_path / "ds").exists()  # nothing extracted from a corrupt archive


def test_plot(made: dict[str, Any]) -> None:
    check_plot(EuroSAT100(made["root"], split="val"))


def test_conformance(made: dict[str, Any]) -> None:
    check_dataset_plugin("eurosat100", data=made["root"])

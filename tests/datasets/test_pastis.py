"""PASTIS loader against a fake PASTIS-R.zip (time series, semantic and instance targets)."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import pastis as fake
from fakedata._made import check_wrong_md5, made_root
from fakedata._segutil import served_resources
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.pastis import PASTIS

matplotlib.use("Agg")


root = made_root(fake.make, extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("pastis") is PASTIS
    assert len(geoplug.datasets.info("pastis").classes) == 20


@pytest.mark.parametrize(("split", "length"), [("train", 4), ("val", 1), ("test", 1)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(PASTIS(root, split=split)) == length


def test_folds_override(root: Path) -> None:
    ds = PASTIS(root, folds=[1])
    assert [int(p["ID_PATCH"]) for p in ds.patches] == [10000, 10005]
    with pytest.raises(ValueError, match="folds must be among 1-5"):
        PASTIS(root, folds=[6])


def test_semantic_sample(root: Path) -> None:
    ds = PASTIS(root)  # folds 1-3: patches 0, 1, 2, 5
    sample = ds[1]  # patch 10001, 4 dates
    assert set(sample) == {"image_s2", "dates_s2", "mask"}
    assert sample["image_s2"].shape == (4, 10, fake.SIZE, fake.SIZE)
    assert sample["image_s2"].dtype == torch.float32
    assert sample["image_s2"][2, 7, 5, 3].item() == fake.series(1, "S2")[2, 7, 5, 3]
    assert sample["dates_s2"].tolist() == [23, 38, 43, 58]
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(fake.semantic(1).astype(np.int64)))


def test_sentinel1_modalities_and_bands(root: Path) -> None:
    ds = PASTIS(root, split="test", modalities=["s2", "s1d"], bands=["B04", "VH"])
    sample = ds[0]  # patch 10004
    assert sample["image_s2"].shape == (5, 1, fake.SIZE, fake.SIZE)
    assert sample["image_s1d"].shape == (2, 1, fake.SIZE, fake.SIZE)
    assert sample["image_s2"][4, 0, 6, 1].item() == fake.series(4, "S2")[4, 2, 6, 1]
    assert sample["image_s1d"][1, 0, 3, 2].item() == pytest.approx(
        fake.series(4, "S1D")[1, 1, 3, 2])
    assert sample["dates_s1d"].tolist() == [23, 38]


def test_instance_target(root: Path) -> None:
    sample = PASTIS(root, split="val", target="instance")[0]  # patch 10003
    inst = fake.instances(3)
    ids = [i for i in np.unique(inst) if i]
    assert sample["mask"].dtype == torch.uint8
    assert sample["mask"].shape == (4, fake.SIZE, fake.SIZE)
    assert torch.equal(sample["mask"][1], torch.from_numpy((inst == ids[1]).astype(np.uint8)))
    assert sample["bbox_xyxy"].tolist() == [[0, 1, 4, 4], [4, 1, 8, 4], [0, 4, 4, 8],
                                           [4, 4, 8, 8]]
    expected = [int(np.bincount(fake.semantic(3)[inst == i]).argmax()) for i in ids]
    assert sample["label"].tolist() == expected
    with pytest.raises(ValueError, match="target must be"):
        PASTIS(root, target="panoptic")


def test_original_pastis_folder(tmp_path: Path) -> None:
    fake.make(tmp_path / "stage", extract=True)
    shutil.move(tmp_path / "stage" / "PASTIS-R", tmp_path / "PASTIS")
    ds = PASTIS(tmp_path, split="test")
    assert ds[0]["image_s2"].shape[0] == fake.T_S2[4]


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        PASTIS(tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(PASTIS, "resources",
                        served_resources(PASTIS.resources, http_server.url, info["md5"]))
    ds = PASTIS(tmp_path, split="val", download=True, checksum=True)
    assert len(ds) == 1
    assert (tmp_path / "PASTIS-R" / "DATA_S1A" / "S1A_10003.npy").is_file()


def test_checksum(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(PASTIS, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = PASTIS(root, target="instance", modalities=["s2", "s1a"])
    fig = ds.plot(ds[0])
    assert isinstance(fig, plt.Figure)
    assert [ax.get_title() for ax in fig.axes] == ["s2", "s1a", "mask"]
    plt.close(fig)


def test_conformance(root: Path) -> None:
    check_dataset_plugin("pastis", data=root)


def test_original_pastis_zip_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path, original=True)  # PASTIS.zip (Zenodo 5012942): S2 only, not extracted
    assert not (tmp_path / "PASTIS-R.zip").exists()
    ds = PASTIS(tmp_path)
    assert (tmp_path / "PASTIS" / "metadata.geojson").is_file()
    sample = ds[1]  # patch 10001
    assert sample["image_s2"][2, 7, 5, 3].item() == fake.series(1, "S2")[2, 7, 5, 3]
    assert torch.equal(sample["mask"], torch.from_numpy(fake.semantic(1).astype(np.int64)))
    with pytest.raises(DatasetNotFoundError):  # it has no Sentinel-1 series
        PASTIS(tmp_path, modalities=["s2", "s1a"])

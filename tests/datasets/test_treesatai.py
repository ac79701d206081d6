"""TreeSatAI loader against fake per-species aerial zips, s1/s2 zips, labels and split lists."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import treesatai as fake
from fakedata._made import check_wrong_md5, made_root
from fakedata._segutil import served_resources
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.treesatai import TreeSatAI

matplotlib.use("Agg")


root = made_root(fake.make, extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("treesatai") is TreeSatAI
    info = geoplug.datasets.info("treesatai")
    assert info.task == "multilabel"
    assert info.classes == tuple(fake.CLASSES)


@pytest.mark.parametrize(("split", "length"), [("train", 16), ("test", 4)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(TreeSatAI(root, split=split)) == length


def test_sample_modalities_and_labels(root: Path) -> None:
    ds = TreeSatAI(root, split="test")
    sample = ds[1]  # patch 8, Larix kaempferi: one genus
    i = fake.split("test")[1]
    assert set(sample) == {"image_aerial", "image_s1", "image_s2", "label", "label_share"}
    assert sample["image_aerial"].shape == (4, fake.AERIAL, fake.AERIAL)
    assert sample["image_s1"].shape == (3, fake.SENTINEL, fake.SENTINEL)
    assert sample["image_s2"].shape == (12, fake.SENTINEL, fake.SENTINEL)
    assert sample["image_aerial"].dtype == torch.float32
    assert sample["image_aerial"][3, 11, 6].item() == fake.aerial(i)[3, 11, 6]
    assert sample["image_s1"][2, 1, 0].item() == pytest.approx(fake.s1(i)[2, 1, 0])
    assert sample["image_s2"][9, 0, 1].item() == fake.s2(i)[9, 0, 1]
    expected = np.zeros(15, np.int64)
    for genus, _ in fake.labels(i):
        expected[fake.CLASSES.index(genus)] = 1
    assert sample["label"].dtype == torch.int64
    assert sample["label"].tolist() == expected.tolist()


def test_two_genus_shares(root: Path) -> None:
    ds = TreeSatAI(root)
    position = fake.split("train").index(1)  # Acer pseudoplatanus: Acer 0.75, Alnus 0.25
    sample = ds[position]
    assert sample["label"].nonzero().flatten().tolist() == [1, 2]
    assert sample["label_share"][[1, 2]].tolist() == [0.75, 0.25]


def test_modality_and_band_selection(root: Path) -> None:
    ds = TreeSatAI(root, modalities=["aerial", "s2"], bands=["R", "G", "B", "B04", "B08"])
    sample = ds[0]
    assert set(sample) == {"image_aerial", "image_s2", "label", "label_share"}
    assert sample["image_aerial"][:, 2, 5].tolist() == fake.aerial(0)[[3, 1, 2], 2, 5].tolist()
    assert sample["image_s2"][:, 1, 1].tolist() == fake.s2(0)[[2, 3], 1, 1].tolist()
    assert ds._rgb("aerial") == [0, 1, 2]
    with pytest.raises(ValueError, match="has none of the bands"):
        TreeSatAI(root, bands=["R"])


def test_label_file_of_another_release(root: Path) -> None:
    (root / "labels" / "TreeSatBA_v9_60m_multi_labels.json").write_text("{}")
    with pytest.raises(InvalidDataError, match="has no entry in"):
        TreeSatAI(root)


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        TreeSatAI(tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(TreeSatAI, "resources",
                        served_resources(TreeSatAI.resources, http_server.url, info["md5"]))
    ds = TreeSatAI(tmp_path, split="test", download=True, checksum=True)
    assert len(ds) == 4
    assert (tmp_path / "aerial" / "60m" / fake.name(19)).is_file()
    assert not (tmp_path / "train_filenames.lst").exists()
    only_s1 = TreeSatAI(tmp_path / "s1only", split="train", modalities=["s1"], download=True)
    assert len(only_s1) == 16
    assert not (tmp_path / "s1only" / "s2.zip").exists()
    assert not any((tmp_path / "s1only").glob("aerial_*.zip"))


def test_checksum(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(TreeSatAI, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = TreeSatAI(root)
    fig = ds.plot(ds[1])
    assert isinstance(fig, plt.Figure)
    assert [ax.get_title() for ax in fig.axes] == ["aerial", "s1", "s2"]
    assert "label: Acer, Alnus" in [t.get_text() for t in fig.texts]
    plt.close(fig)


def test_conformance(root: Path) -> None:
    check_dataset_plugin("treesatai", data=root)

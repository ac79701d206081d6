from __future__ import annotations

from pathlib import Path

import pytest
import torch

import geoplug.datasets
from fakedata import nasa_marine_debris as fake
from fakedata._dc_checks import check_made_checksum, check_plot, copy_archives
from fakedata._made import check_not_found_hint, made_root
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.nasa_marine_debris import NASAMarineDebris

root = made_root(fake.make, "marine_debris")


def test_length_skips_unlabelled_chips(root: Path) -> None:
    assert len(NASAMarineDebris(root)) == 3


def test_sample(root: Path) -> None:
    sample = NASAMarineDebris(root)[0]
    assert set(sample) == {"image", "bbox_xyxy", "label", "crs", "bounds"}
    assert sample["image"].shape == (3, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    # the degenerate third box (zero width) is dropped
    assert sample["bbox_xyxy"].dtype == torch.float32
    assert sample["bbox_xyxy"].tolist() == [[2, 3, 9, 8], [10, 10, 15, 14]]
    assert sample["label"].dtype == torch.int64 and sample["label"].tolist() == [0, 0]
    assert sample["crs"].to_epsg() == 3857
    assert sample["bounds"].minx == fake.ORIGIN[0]
    assert sample["bounds"].maxy == fake.ORIGIN[1]


def test_chips_pair_with_their_labels(root: Path) -> None:
    ds = NASAMarineDebris(root)
    second, third = ds[1], ds[2]
    assert second["bbox_xyxy"].tolist() == [[0, 1, 4, 6]]
    assert second["image"][:, 12, 5].tolist() == fake.band_values(1)[:, 12, 5].tolist()
    assert second["bounds"].minx == fake.origin(1)[0]
    assert third["bbox_xyxy"].shape == (0, 4) and third["label"].shape == (0,)
    assert third["image"][:, 3, 14].tolist() == fake.band_values(2)[:, 3, 14].tolist()


def test_bands(root: Path) -> None:
    image = NASAMarineDebris(root, bands=["B", "G"])[1]["image"]
    assert image[:, 7, 2].tolist() == [9 * 2 + 1, 40 + 7]


def test_mlhub_archives(tmp_path: Path) -> None:
    made = fake.make_mlhub(tmp_path / "src")
    copy_archives(made["dir"], tmp_path / "root", list(made["archives"]))
    ds = NASAMarineDebris(tmp_path / "root")
    assert len(ds) == 3
    assert ds[1]["bbox_xyxy"].tolist() == [[0, 1, 4, 6]]
    assert ds[1]["image"][:, 9, 9].tolist() == fake.band_values(1)[:, 9, 9].tolist()


def test_mlhub_checksum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake.make_mlhub(tmp_path / "src")
    check_made_checksum(NASAMarineDebris, made, monkeypatch, tmp_path / "root",
                        "nasa_marine_debris_labels.tar.gz")


def test_not_found_says_how_to_copy(tmp_path: Path) -> None:
    check_not_found_hint(NASAMarineDebris, tmp_path, "azcopy sync")


def test_plot(root: Path) -> None:
    check_plot(NASAMarineDebris(root))


def test_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("nasa_marine_debris") is NASAMarineDebris
    check_dataset_plugin("nasa_marine_debris", root)

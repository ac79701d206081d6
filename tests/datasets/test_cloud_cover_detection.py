"""Cloud Cover Detection Challenge loader against fake public/ and private/ trees."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import cloud_cover_detection as fake
from fakedata._dc_checks import check_plot
from fakedata._made import made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.cloud_cover_detection import CloudCoverDetection

matplotlib.use("Agg")


root = made_root(fake.make)


def test_registry() -> None:
    assert geoplug.datasets.get("cloud_cover_detection") is CloudCoverDetection
    assert geoplug.datasets.info("cloud_cover_detection").rgb_bands == ("B04", "B03", "B02")


@pytest.mark.parametrize(("split", "length"), [("train", 3), ("test", 2)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(CloudCoverDetection(root, split=split)) == length


def test_sample_pairs_bands_and_label(root: Path) -> None:
    ds = CloudCoverDetection(root, split="test")
    sample = ds[1]  # chip cqmk, index 11
    assert sample["image"].shape == (4, fake.HEIGHT, fake.WIDTH)
    assert sample["image"].dtype == torch.float32
    for b in range(4):
        assert sample["image"][b, 9, 7].item() == fake.band(11, b)[9, 7]
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(fake.label(11).astype(np.int64)))
    assert sample["crs"] == CRS.from_epsg(32753)
    assert sample["bounds"].minx == pytest.approx(777760.0 + 11000)


def test_band_selection(root: Path) -> None:
    ds = CloudCoverDetection(root, bands=["B08", "B02"])
    image = ds[2]["image"]
    assert image.shape == (2, fake.HEIGHT, fake.WIDTH)
    assert image[0, 5, 3].item() == fake.band(2, 3)[5, 3]
    assert image[1, 5, 3].item() == fake.band(2, 0)[5, 3]
    with pytest.raises(ValueError, match="unknown band"):
        CloudCoverDetection(root, bands=["B05"])


def test_flat_drivendata_layout(tmp_path: Path) -> None:
    fake.make(tmp_path, layout="flat")
    ds = CloudCoverDetection(tmp_path)
    assert len(ds) == 3
    assert ds[0]["image"][1, 4, 4].item() == fake.band(0, 1)[4, 4]


def test_copy_without_metadata_lists_its_chips(root: Path) -> None:
    (root / "private" / "test_metadata.csv").unlink()
    (root / "private" / "test_labels" / "bdvy.tif").unlink()
    ds = CloudCoverDetection(root, split="test")
    assert ds.chips == ["cqmk"]
    assert ds[0]["image"][2, 15, 11].item() == fake.band(11, 2)[15, 11]


def test_missing_label_names_the_file(root: Path) -> None:
    (root / "public" / "train_labels" / "adwu.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"adwu\.tif"):
        CloudCoverDetection(root)[1]


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        CloudCoverDetection(tmp_path)


def test_download_fetches_the_listed_chips(tmp_path: Path, http_root: Path, http_server,
                                           monkeypatch) -> None:
    fake.make(http_root)
    url = http_server.url
    monkeypatch.setattr(CloudCoverDetection, "url", url)
    monkeypatch.setattr(CloudCoverDetection, "resources", tuple(
        dataclasses.replace(r, url=f"{url}/{r.filename}") for r in CloudCoverDetection.resources))
    ds = CloudCoverDetection(tmp_path, split="test", download=True, checksum=True)
    assert len(ds) == 2
    assert (tmp_path / "private" / "test_features" / "bdvy" / "B08.tif").is_file()
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.label(10).astype(np.int64)))
    assert not (tmp_path / "public").exists()


def test_plot(root: Path) -> None:
    check_plot(CloudCoverDetection(root))


def test_conformance(root: Path) -> None:
    check_dataset_plugin("cloud_cover_detection", data=root)

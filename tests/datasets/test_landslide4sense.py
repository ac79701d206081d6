"""Landslide4Sense loader against fake TrainData/ValidData/TestData HDF5 trees and archives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import landslide4sense as fake
from fakedata._dc_checks import check_not_found, check_plot, serve_made
from fakedata._made import made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.landslide4sense import Landslide4Sense

root = made_root(fake.make, "landslide4sense")


def expected_image(folder: str, number: int) -> torch.Tensor:
    return torch.from_numpy(fake.image(folder, number).astype(np.float32))


def expected_mask(folder: str, number: int) -> torch.Tensor:
    return torch.from_numpy(fake.mask(folder, number).astype(np.int64))


def test_registry() -> None:
    assert geoplug.datasets.get("landslide4sense") is Landslide4Sense
    info = geoplug.datasets.info("landslide4sense")
    assert info.bands[:3] == ("B01", "B02", "B03")
    assert info.bands[-2:] == ("slope", "DEM")
    assert "B8A" not in info.bands and "B10" in info.bands  # the publisher's B1-B12
    assert info.classes == ("non-landslide", "landslide")
    assert info.mean is not None and len(info.mean) == 14


@pytest.mark.parametrize(("split", "length"), [("train", 3), ("val", 2), ("test", 2)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(Landslide4Sense(root, split=split)) == length


def test_patches_in_number_order(root: Path) -> None:
    ds = Landslide4Sense(root)
    assert [p.name for p, _ in ds.files] == ["image_1.h5", "image_2.h5", "image_10.h5"]
    assert [m.name for _, m in ds.files if m] == ["mask_1.h5", "mask_2.h5", "mask_10.h5"]


def test_sample_pairs_image_and_mask(root: Path) -> None:
    sample = Landslide4Sense(root)[2]  # image_10.h5 / mask_10.h5
    assert set(sample) == {"image", "mask"}
    assert sample["image"].shape == (14, fake.HEIGHT, fake.WIDTH)
    assert sample["image"].dtype == torch.float32
    assert torch.equal(sample["image"], expected_image("TrainData", 10))
    # channels last in the file: band 13 (DEM), row 5, col 3 of patch 2 (1000 i + 100 b + r + c/64)
    assert sample["image"][13, 5, 3].item() == 2000 + 1300 + 5 + 3 / 64
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], expected_mask("TrainData", 10))
    assert set(sample["mask"].unique().tolist()) == {0, 1}


def test_split_without_masks(root: Path) -> None:
    sample = Landslide4Sense(root, split="val")[1]
    assert "mask" not in sample
    assert torch.equal(sample["image"], expected_image("ValidData", 2))


def test_masks_of_other_splits_are_read(root: Path) -> None:
    sample = Landslide4Sense(root, split="test")[0]
    assert torch.equal(sample["image"], expected_image("TestData", 1))
    assert torch.equal(sample["mask"], expected_mask("TestData", 1))


def test_band_selection(root: Path) -> None:
    image = Landslide4Sense(root, bands=["DEM", "B04"])[0]["image"]
    full = expected_image("TrainData", 1)
    assert torch.equal(image, full[[13, 3]])
    with pytest.raises(ValueError, match="unknown band"):
        Landslide4Sense(root, bands=["B8A"])


def test_mirror_layout(tmp_path: Path) -> None:
    fake.make(tmp_path, layout="mirror")
    assert not (tmp_path / "TrainData").exists()
    train = Landslide4Sense(tmp_path)
    assert torch.equal(train[2]["mask"], expected_mask("TrainData", 10))
    val = Landslide4Sense(tmp_path, split="val")
    assert len(val) == 2 and "mask" not in val[0]
    assert torch.equal(val[0]["image"], expected_image("ValidData", 1))


def test_extracted_into_a_folder_of_its_own(tmp_path: Path) -> None:
    fake.make(tmp_path / "Landslide4Sense")
    ds = Landslide4Sense(tmp_path, split="test")
    assert torch.equal(ds[1]["image"], expected_image("TestData", 2))


def test_extracts_the_archive(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=False)
    assert not (tmp_path / "TrainData").exists()
    ds = Landslide4Sense(tmp_path)
    assert torch.equal(ds[0]["mask"], expected_mask("TrainData", 1))


def test_missing_mask_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path)
    (tmp_path / "TrainData" / "mask" / "mask_2.h5").unlink()
    with pytest.raises(InvalidDataError, match=r"mask_2\.h5"):
        Landslide4Sense(tmp_path)


def test_corrupt_file_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path)
    (tmp_path / "TrainData" / "img" / "image_2.h5").write_bytes(b"not hdf5")
    ds = Landslide4Sense(tmp_path)
    with pytest.raises(InvalidDataError, match=r"image_2\.h5"):
        ds[1]


def test_not_found(tmp_path: Path) -> None:
    check_not_found(Landslide4Sense, tmp_path)
    with pytest.raises(DatasetNotFoundError, match=r"TrainData\.zip from Zenodo"):
        Landslide4Sense(tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    made = fake.make(tmp_path / "made", extract=False)
    serve_made(Landslide4Sense, made, http_server.url, http_root, monkeypatch)
    data = tmp_path / "data"
    ds = Landslide4Sense(data, split="val", download=True)
    assert (data / "ValidData.zip").is_file()
    assert not (data / "TrainData.zip").exists()  # only the split's archive
    assert torch.equal(ds[1]["image"], expected_image("ValidData", 2))


def test_plot(root: Path) -> None:
    check_plot(Landslide4Sense(root))


def test_conformance(root: Path) -> None:
    check_dataset_plugin("landslide4sense", data=root)

"""Multi-Temporal Crop Classification loader against fake training/validation chips archives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import multi_temporal_crop_classification as fake
from fakedata._dc_checks import check_not_found, check_plot, serve_resources
from fakedata._made import check_wrong_md5, made_root
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.multi_temporal_crop_classification import MultiTemporalCropClassification

NAME = "multi_temporal_crop_classification"
root = made_root(fake.make, "mtcc", extract=True)


def expected_mask(chip: str) -> torch.Tensor:
    return torch.from_numpy(fake.mask(chip).astype(np.int64))


def test_registry() -> None:
    assert geoplug.datasets.get(NAME) is MultiTemporalCropClassification
    info = geoplug.datasets.info(NAME)
    assert info.bands == ("B02", "B03", "B04", "B8A", "B11", "B12")
    assert info.classes[0] == "No Data" and info.classes[13] == "Other"


@pytest.mark.parametrize(("split", "chips"), [
    ("train", fake.CHIPS["training"]),
    ("val", fake.CHIPS["validation"]),
    ("test", fake.CHIPS["validation"]),
])
def test_splits_follow_the_lists(root: Path, split: str, chips: list[str]) -> None:
    ds = MultiTemporalCropClassification(root, split=split)
    assert ds.ids == chips  # the unlisted chip in training_chips/ is not a sample
    assert len(ds) == len(chips)


def test_sample_is_a_series_paired_with_its_mask(root: Path) -> None:
    ds = MultiTemporalCropClassification(root)
    sample = ds[1]  # chip_039_108
    chip = "chip_039_108"
    assert set(sample) == {"image", "mask", "chip", "crs", "bounds"}
    assert sample["chip"] == chip
    assert sample["image"].shape == (3, 6, fake.HEIGHT, fake.WIDTH)
    assert sample["image"].dtype == torch.float32
    assert torch.equal(sample["image"], torch.from_numpy(fake.series(chip).astype(np.float32)))
    # date 2 (t=1), B11 (c=4) is file band 11 (1-based: 11th of 18), row 6, column 8
    assert sample["image"][1, 4, 6, 8].item() == fake.image(chip)[10, 6, 8]
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], expected_mask(chip))
    assert sample["crs"] == CRS.from_epsg(5070)
    assert sample["bounds"].minx == pytest.approx(fake.origin(chip)[0])
    assert sample["bounds"].maxy == pytest.approx(2500000.0)
    assert sample["bounds"].miny == pytest.approx(2500000.0 - 30 * fake.HEIGHT)


def test_band_selection_applies_to_every_date(root: Path) -> None:
    chip = "chip_104_104"
    image = MultiTemporalCropClassification(root, split="val", bands=["B12", "B02"])[1]["image"]
    series = fake.series(chip).astype(np.float32)
    assert image.shape == (3, 2, fake.HEIGHT, fake.WIDTH)
    assert torch.equal(image, torch.from_numpy(series[:, [5, 0]]))
    with pytest.raises(ValueError, match="unknown band"):
        MultiTemporalCropClassification(root, bands=["B08"])


def test_lists_inside_the_chips_folders(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, lists_inside=True)
    ds = MultiTemporalCropClassification(tmp_path, split="val")
    assert ds.ids == fake.CHIPS["validation"]
    assert torch.equal(ds[0]["mask"], expected_mask("chip_328_501"))


def test_chips_extracted_straight_into_root(tmp_path: Path) -> None:
    fake.make(tmp_path / "src", extract=True)
    flat = tmp_path / "flat"
    (tmp_path / "src" / "validation_chips").rename(flat)
    (tmp_path / "src" / "validation_data.txt").rename(flat / "validation_data.txt")
    ds = MultiTemporalCropClassification(flat, split="val")
    assert ds.ids == fake.CHIPS["validation"]
    assert torch.equal(ds[1]["mask"], expected_mask("chip_104_104"))


def test_extracts_the_archives(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert not (tmp_path / "training_chips").exists()
    ds = MultiTemporalCropClassification(tmp_path)
    assert not (tmp_path / "validation_chips").exists()  # only the split's archive
    assert torch.equal(ds[2]["image"], torch.from_numpy(
        fake.series("chip_102_345").astype(np.float32)))


def test_missing_chip_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / "validation_chips" / "chip_104_104.mask.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"chip_104_104\.mask\.tif"):
        MultiTemporalCropClassification(tmp_path, split="val")


def test_image_with_too_few_bands_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    path = tmp_path / "training_chips" / "chip_257_266_merged.tif"
    from fakedata._segutil import write_tif

    write_tif(path, fake.image("chip_257_266")[:6], crs="EPSG:5070")
    ds = MultiTemporalCropClassification(tmp_path)
    with pytest.raises(InvalidDataError, match=r"chip_257_266_merged\.tif"):
        ds[0]
    # a selection within the first date reads the bands each date should have: still refused
    with pytest.raises(InvalidDataError, match="3 x 6 bands"):
        MultiTemporalCropClassification(tmp_path, bands=["B02"])[0]


def test_not_found(tmp_path: Path) -> None:
    check_not_found(MultiTemporalCropClassification, tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    made = fake.make(http_root)
    serve_resources(MultiTemporalCropClassification, monkeypatch, http_server.url, made["md5"])
    data = tmp_path / "data"
    ds = MultiTemporalCropClassification(data, split="val", download=True, checksum=True)
    assert sorted(p.name for p in data.iterdir() if p.is_file()) == [
        "validation_chips.tgz", "validation_data.txt"]
    assert ds.ids == fake.CHIPS["validation"]
    assert torch.equal(ds[1]["mask"], expected_mask("chip_104_104"))


def test_checksum_mismatch(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(MultiTemporalCropClassification, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    check_plot(MultiTemporalCropClassification(root))


def test_conformance(root: Path) -> None:
    check_dataset_plugin(NAME, data=root)

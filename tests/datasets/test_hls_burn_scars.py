"""HLS Burn Scars loader against a fake hls_burn_scars.tar.gz (training/, validation/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import hls_burn_scars as fake
from fakedata._dc_checks import check_not_found, check_plot, serve_resources
from fakedata._made import check_wrong_md5, made_root
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.hls_burn_scars import IGNORE_INDEX, HLSBurnScars

root = made_root(fake.make, extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("hls_burn_scars") is HLSBurnScars
    info = geoplug.datasets.info("hls_burn_scars")
    assert info.bands == ("B02", "B03", "B04", "B8A", "B11", "B12")
    assert info.classes == ("not burned", "burn scar")


@pytest.mark.parametrize(("split", "length"), [("train", 3), ("val", 2), ("test", 2)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(HLSBurnScars(root, split=split)) == length


def test_sample_pairs_scene_and_mask(root: Path) -> None:
    ds = HLSBurnScars(root, split="val")
    sample = ds[1]  # T13RGP.2020118, scene 4 (validation/ in name order)
    assert ds.files[1][0].name == f"{fake.stem(4)}_merged.tif"
    assert set(sample) == {"image", "mask", "crs", "bounds"}
    assert sample["image"].shape == (6, fake.HEIGHT, fake.WIDTH)
    assert sample["image"].dtype == torch.float32
    assert torch.equal(sample["image"], torch.from_numpy(fake.image(4)))
    assert sample["image"][3, 6, 2].item() == fake.image(4)[3, 6, 2]  # B8A, row 6, col 2
    assert sample["mask"].dtype == torch.int64
    expected = fake.mask(4)
    assert (expected == IGNORE_INDEX).any()
    assert torch.equal(sample["mask"], torch.from_numpy(expected.astype(np.int64)))
    assert sample["crs"] == CRS.from_epsg(32613)
    assert sample["bounds"].minx == pytest.approx(fake.origin(4)[0])
    assert sample["bounds"].maxx == pytest.approx(fake.origin(4)[0] + 30 * fake.WIDTH)


def test_band_selection(root: Path) -> None:
    image = HLSBurnScars(root, bands=["B12", "B04"])[2]["image"]
    assert torch.equal(image[0], torch.from_numpy(fake.image(2)[5]))
    assert torch.equal(image[1], torch.from_numpy(fake.image(2)[2]))
    with pytest.raises(ValueError, match="unknown band"):
        HLSBurnScars(root, bands=["B08"])


def test_extracts_the_archive(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert not (tmp_path / "training").exists()
    ds = HLSBurnScars(tmp_path)
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.mask(0).astype(np.int64)))


def test_extracted_into_a_folder_of_its_own(tmp_path: Path) -> None:
    fake.make(tmp_path / "hls_burn_scars", extract=True)
    ds = HLSBurnScars(tmp_path, split="val")
    assert torch.equal(ds[0]["image"], torch.from_numpy(fake.image(3)))


def test_underscore_mask_name_is_read(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, mask_end="_mask.tif")
    ds = HLSBurnScars(tmp_path)
    assert ds.files[1][1].name == f"{fake.stem(1)}_mask.tif"
    assert torch.equal(ds[1]["mask"], torch.from_numpy(fake.mask(1).astype(np.int64)))


def test_missing_mask_is_named(root: Path) -> None:
    shutil.copy(root / "training" / f"{fake.stem(0)}_merged.tif",
                root / "training" / "subsetted_512x512_HLS.S30.T99XXX.2021001.v1.4_merged.tif")
    with pytest.raises(InvalidDataError, match=r"T99XXX\.2021001\.v1\.4\.mask\.tif"):
        HLSBurnScars(root)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(HLSBurnScars, tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    made = fake.make(http_root)
    serve_resources(HLSBurnScars, monkeypatch, http_server.url, made["md5"])
    data = tmp_path / "data"
    ds = HLSBurnScars(data, split="test", download=True, checksum=True)
    assert (data / fake.ARCHIVE).is_file()
    assert len(ds) == 2
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.mask(3).astype(np.int64)))


def test_checksum_mismatch(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(HLSBurnScars, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    check_plot(HLSBurnScars(root))


def test_conformance(root: Path) -> None:
    check_dataset_plugin("hls_burn_scars", data=root)

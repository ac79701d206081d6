"""DFC2020 loader against the contest's ROIs0000_<set> folders and the DataPort zips."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import dfc2020 as fake
from fakedata._dc_checks import check_checksum_mismatch, check_plot
from fakedata._made import made_root
from fakedata._segutil import write_tif
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.dfc2020 import DFC2020

root = made_root(fake.make, "dfc2020")


def expected_image(f: int) -> np.ndarray:
    """S1 then S2, as float32: what a sample with all bands must hold."""
    return np.concatenate([fake.s1(f), fake.s2(f)]).astype(np.float32)


def test_registry() -> None:
    assert geoplug.datasets.get("dfc2020") is DFC2020
    info = geoplug.datasets.info("dfc2020")
    assert info.splits == ("val", "test")
    assert info.bands[:3] == ("VV", "VH", "B01") and len(info.bands) == 15
    assert info.classes[1] == "Forest" and info.classes[10] == "Water"
    assert info.ignore_index == 0 and info.num_classes == 11


@pytest.mark.parametrize(("split", "tag"), [("val", "validation"), ("test", "test")])
def test_lengths_values_and_pairing(root: Path, split: str, tag: str) -> None:
    ds = DFC2020(root, split=split)
    assert len(ds) == 3
    for index, patch in enumerate(sorted(fake.PATCHES[tag])):  # p1, p2, p10: numeric order
        f = fake.number(tag, patch)
        sample = ds[index]
        assert sample["image"].dtype == torch.float32
        assert sample["image"].shape == (15, fake.SIZE, fake.SIZE)
        assert torch.equal(sample["image"], torch.from_numpy(expected_image(f)))
        assert sample["mask"].dtype == torch.int64
        assert torch.equal(sample["mask"], torch.from_numpy(fake.dfc(f).astype(np.int64)))


def test_exact_pixels_of_one_patch(root: Path) -> None:
    sample = DFC2020(root)[2]  # validation p10, f = 10
    # pixel (3, 5): S1 -(1000 f + 100 b + 3 + 5/64), S2 1000 f + 100 b + 7*3 + 3*5 + 3*5
    assert sample["image"][:, 3, 5].tolist() == (
        [-(10000.0 + 100 * b + 3 + 5 / 64) for b in range(2)]
        + [10000.0 + 100 * b + 51 for b in range(13)])
    assert sample["mask"][3, 5].item() == int(fake.dfc(10)[3, 5])
    assert set(torch.unique(sample["mask"]).tolist()) <= set(range(11))


def test_georeference_when_present(root: Path) -> None:
    sample = DFC2020(root, split="val")[1]  # p2
    assert sample["crs"] == CRS.from_epsg(32631)
    assert sample["bounds"].minx == pytest.approx(500000.0 + 80 * 2)
    assert sample["bounds"].maxy == pytest.approx(4000000.0)
    assert "crs" not in DFC2020(root, split="test")[0]


def test_band_selection_across_sensors(root: Path) -> None:
    ds = DFC2020(root, bands=["B04", "VH", "B8A", "VV"])
    f = 1  # validation p1
    assert ds[0]["image"][:, 2, 3].tolist() == [
        1000.0 * f + 300 + 29, -(1000.0 * f + 100 + 2 + 3 / 64), 1000.0 * f + 800 + 29,
        -(1000.0 * f + 2 + 3 / 64)]
    rgb = DFC2020(root, bands=["B04", "B03", "B02"])
    assert rgb.rgb_indices == [0, 1, 2]
    assert torch.equal(rgb[0]["image"], torch.from_numpy(fake.s2(f)[[3, 2, 1]].astype("f4")))


def test_reads_only_the_sensors_asked(tmp_path: Path) -> None:
    fake.make(tmp_path)
    shutil.rmtree(tmp_path / "ROIs0000_validation" / "s1_validation")
    ds = DFC2020(tmp_path, bands=["B02"])
    assert ds[1]["image"][0, 0, 0].item() == 2000 + 100
    with pytest.raises(DatasetNotFoundError, match=r"s1_validation\.zip"):
        DFC2020(tmp_path, bands=["VV"])


def test_transforms(root: Path) -> None:
    ds = DFC2020(root, bands=["VV"], transforms=lambda s: {**s, "mask": s["mask"] + 100})
    assert ds[0]["mask"].min().item() >= 100


def test_dataport_zips_are_extracted(tmp_path: Path) -> None:
    """The per-sensor zips (one with a wrapping folder, one flat) are found and paired."""
    fake.make_zips(tmp_path)
    val = DFC2020(tmp_path, split="val")
    assert (tmp_path / "s2_validation" / "ROIs0000_validation_s2_0_p10.tif").is_file()
    assert torch.equal(val[2]["image"], torch.from_numpy(expected_image(10)))
    test = DFC2020(tmp_path, split="test")
    assert (tmp_path / "ROIs0000_test_dfc_0_p5.tif").is_file()
    assert torch.equal(test[1]["mask"], torch.from_numpy(fake.dfc(25).astype(np.int64)))


def test_only_the_zips_of_the_sensors_asked_are_needed(tmp_path: Path) -> None:
    fake.make_zips(tmp_path)
    (tmp_path / "s1_validation.zip").unlink()
    ds = DFC2020(tmp_path, bands=["B03"])
    assert torch.equal(ds[0]["image"], torch.from_numpy(fake.s2(1)[[2]].astype("f4")))
    assert not (tmp_path / "s1_validation").exists()


def test_zip_extracted_into_a_folder_of_its_name(tmp_path: Path) -> None:
    """``s2_validation.zip`` unpacked into ``s2_validation/`` nests its folder twice."""
    fake.make_zips(tmp_path)
    for sensor in ("s1", "s2", "dfc"):
        outer = tmp_path / f"{sensor}_validation"
        with zipfile.ZipFile(tmp_path / f"{sensor}_validation.zip") as zf:
            zf.extractall(outer)
    for archive in tmp_path.glob("*.zip"):
        archive.unlink()
    ds = DFC2020(tmp_path)
    assert (tmp_path / "s2_validation" / "s2_validation").is_dir()
    assert torch.equal(ds[1]["image"], torch.from_numpy(expected_image(2)))


def test_dataset_in_a_folder_of_its_own(tmp_path: Path) -> None:
    fake.make(tmp_path / "DFC2020")
    ds = DFC2020(tmp_path, split="test", bands=["B02"])
    assert len(ds) == 3 and ds[2]["image"][0, 1, 2].item() == 27000 + 100 + 7 + 6 + 2


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make_zips(tmp_path)
    check_checksum_mismatch(DFC2020, monkeypatch, tmp_path, "s2_validation.zip")


@pytest.mark.parametrize("download", [False, True])
def test_not_found_says_where_to_get_it(tmp_path: Path, download: bool) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        DFC2020(tmp_path, split="test", download=download)  # never fetches the login page
    message = str(info.value)
    assert str(tmp_path) in message and "ieee-dataport.org" in message
    assert "s1_0.zip" in message and "dfc_0.zip" in message
    assert list(tmp_path.iterdir()) == []


def test_label_without_image_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path)
    (tmp_path / "ROIs0000_test" / "s2_0" / "ROIs0000_test_s2_0_p5.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"1 of the 3 'test' labels have no s2 file.*p5"):
        DFC2020(tmp_path, split="test")


def test_sensor_files_of_another_size_are_refused(tmp_path: Path) -> None:
    fake.make(tmp_path)
    s1 = tmp_path / "ROIs0000_test" / "s1_0" / "ROIs0000_test_s1_0_p7.tif"
    write_tif(s1, np.zeros((2, 4, 4), "float64"), crs=None)
    ds = DFC2020(tmp_path, split="test")
    with pytest.raises(InvalidDataError, match="not one patch"):
        ds[2]


def test_modis_file_in_place_of_the_label_is_refused(tmp_path: Path) -> None:
    fake.make(tmp_path)
    label = tmp_path / "ROIs0000_test" / "dfc_0" / "ROIs0000_test_dfc_0_p0.tif"
    write_tif(label, fake.lc(20), crs=None)
    ds = DFC2020(tmp_path, split="test")
    with pytest.raises(InvalidDataError, match="not a DFC2020 code 0-10"):
        ds[0]


def test_unknown_split(root: Path) -> None:
    with pytest.raises(ValueError, match="split 'train'"):
        DFC2020(root, split="train")


def test_plot(root: Path) -> None:
    check_plot(DFC2020(root))


def test_plugin_conformance(root: Path) -> None:
    check_dataset_plugin("dfc2020", data=root)

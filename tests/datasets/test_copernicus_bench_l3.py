"""Copernicus-Bench level 3 (Flood-S1, LCZ-S2, Biomass-S3, AirQuality-S5P) against fake
files in the Hugging Face layout."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import copernicus_bench as fake
from fakedata._dc_checks import check_checksum_mismatch, check_not_found, check_plot
from fakedata._made import made_root
from fakedata._segutil import served_resources
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.copernicus_bench_l3 import (
    CopernicusBenchAirQualityS5P,
    CopernicusBenchBiomassS3,
    CopernicusBenchFloodS1,
    CopernicusBenchLCZS2,
)

matplotlib.use("Agg")

root = made_root(fake.make, "copernicus_bench_l3", extract=True,
                 archives=("flood_s1.zip", fake.LCZ, "biomass_s3.zip", "airquality_s5p.zip"))
#: class -> the files its subset is shipped as (one of them, for the checksum test)
FILES = {CopernicusBenchFloodS1: ("flood_s1.zip",), CopernicusBenchLCZS2: (fake.LCZ,),
         CopernicusBenchBiomassS3: ("biomass_s3.zip",),
         CopernicusBenchAirQualityS5P: ("airquality_s5p.zip",)}


def test_registry() -> None:
    assert geoplug.datasets.get("copernicus_bench_flood_s1") is CopernicusBenchFloodS1
    assert geoplug.datasets.get("copernicus_bench_lcz_s2") is CopernicusBenchLCZS2
    info = geoplug.datasets.info("copernicus_bench_flood_s1")
    assert info.task == "change_detection" and info.ignore_index == 3
    assert geoplug.datasets.info("copernicus_bench_lcz_s2").bands[7] == "B8A"


@pytest.mark.parametrize("split", fake.SPLITS)
def test_flood_pre_and_post_images_pair_with_the_mask(root: Path, split: str) -> None:
    ds = CopernicusBenchFloodS1(root, split=split)
    assert len(ds) == len(fake.FLOOD[split])
    for i in range(len(ds)):
        k = fake.flood_index(split, i)
        sample = ds[i]
        assert sample["image"].dtype == torch.float32 and sample["image"].shape == (
            2, 2, *fake.FLOOD_SHAPE)
        for t, time in enumerate((1, 2)):  # SL1 (pre), MS1 (post)
            for b in range(2):
                expected = fake.flood_band(k, time, b)
                if (time, b) == (1, 1):
                    expected[0, 1] = np.float32(0.15)  # NaN: the publisher's fill, not 0
                np.testing.assert_array_equal(sample["image"][t, b].numpy(), expected)
        np.testing.assert_array_equal(sample["mask"].numpy(), fake.flood_mask(k))
        assert sample["crs"].to_epsg() == 3857


def test_flood_two_pre_images_and_band_subset(root: Path) -> None:
    ds = CopernicusBenchFloodS1(root, split="train", bands=["VH"], pre_images=2)
    image = ds[1]["image"]
    assert image.shape == (3, 1, *fake.FLOOD_SHAPE)
    for t in (0, 2):  # SL2 first, MS1 last
        np.testing.assert_array_equal(image[t, 0].numpy(), fake.flood_band(1, t, 1))
    with pytest.raises(ValueError, match="pre_images=3 is not 1 or 2"):
        CopernicusBenchFloodS1(root, pre_images=3)


def test_flood_reads_the_publishers_pickle_but_no_classes(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, archives=("flood_s1.zip",))
    base = tmp_path / "flood_s1"
    (base / "grid_dict_val.json").unlink()
    (base / "pickles").mkdir()
    (base / "pickles" / "grid_dict_val.pkl").write_bytes(pickle.dumps(fake.flood_grids("val")))
    ds = CopernicusBenchFloodS1(tmp_path, split="val")
    np.testing.assert_array_equal(ds[0]["mask"].numpy(), fake.flood_mask(2))
    (base / "pickles" / "grid_dict_val.pkl").write_bytes(pickle.dumps({"x": os.getcwd}))
    with pytest.raises(InvalidDataError, match="refusing to load"):
        CopernicusBenchFloodS1(tmp_path, split="val")


def test_flood_missing_chip_folder_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, archives=("flood_s1.zip",))
    act, aoi, chip, _ = fake.FLOOD["test"][0]
    folder = tmp_path / "flood_s1" / "data" / act / aoi / chip
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    with pytest.raises(InvalidDataError, match=chip):
        CopernicusBenchFloodS1(tmp_path, split="test")


@pytest.mark.parametrize("split", fake.SPLITS)
def test_lcz_values_and_labels(root: Path, split: str) -> None:
    ds = CopernicusBenchLCZS2(root, split=split)
    sen2 = fake.lcz_sen2(split)
    assert len(ds) == fake.LCZ_N[split]
    for n, label in enumerate(fake.lcz_labels(split)):
        sample = ds[n]
        assert sample["label"].item() == label
        np.testing.assert_array_equal(sample["image"].numpy(), sen2[n].transpose(2, 0, 1))


def test_lcz_band_subset_and_bad_file(root: Path, tmp_path: Path) -> None:
    ds = CopernicusBenchLCZS2(root, split="train", bands=["B12", "B02"])
    np.testing.assert_array_equal(ds[2]["image"].numpy(),
                                  fake.lcz_sen2("train")[2].transpose(2, 0, 1)[[9, 0]])
    import h5py

    with h5py.File(tmp_path / "lcz_val.h5", "w") as f:
        f.create_dataset("label", data=np.zeros((2, 17), np.uint8))
    with pytest.raises(InvalidDataError, match="expected sen2"):
        CopernicusBenchLCZS2(tmp_path, split="val")


@pytest.mark.parametrize("split", fake.SPLITS)
def test_biomass_image_on_the_map_grid(root: Path, split: str) -> None:
    ds = CopernicusBenchBiomassS3(root, split=split)
    for i, pid in enumerate(fake.BIOMASS_PIDS[split]):
        k = fake.biomass_index(pid)
        sample = ds[i]
        np.testing.assert_array_equal(sample["mask"].numpy(), fake.biomass_map(k))
        assert sample["mask"].dtype == torch.float32
        stored = fake.image(k + 30, 21, fake.BIOMASS_SHAPE, "float32")  # the static image
        upsampled = np.repeat(np.repeat(stored, 3, axis=1), 3, axis=2)
        np.testing.assert_array_equal(sample["image"].numpy(), upsampled)
        assert sample["crs"].to_epsg() == 4326


@pytest.mark.parametrize("variable", ["no2", "o3"])
@pytest.mark.parametrize("split", fake.SPLITS)
def test_airquality_annual(root: Path, split: str, variable: str) -> None:
    ds = CopernicusBenchAirQualityS5P(root, split=split, variable=variable)
    assert ds.bands == (variable.upper(),)
    for i, cell in enumerate(fake.AQ_CELLS[split]):
        k = fake.aq_index(variable, cell)
        sample = ds[i]
        np.testing.assert_array_equal(sample["image"].numpy(), fake.aq_image(k, None)[None])
        expected = fake.aq_label(k)
        expected[0, 0] = np.nan  # -inf: no value
        np.testing.assert_array_equal(sample["mask"].numpy(), expected)


def test_airquality_seasonal_and_arguments(root: Path) -> None:
    ds = CopernicusBenchAirQualityS5P(root, split="train", variable="o3", mode="seasonal")
    k = fake.aq_index("o3", fake.AQ_CELLS["train"][1])
    image = ds[1]["image"]
    assert image.shape == (4, 1, *fake.AQ_SHAPE)
    for season in range(4):
        np.testing.assert_array_equal(image[season, 0].numpy(), fake.aq_image(k, season))
    with pytest.raises(ValueError, match="unknown band"):
        CopernicusBenchAirQualityS5P(root, variable="o3", bands=["NO2"])
    with pytest.raises(ValueError, match="variable='so2' is not one of no2, o3"):
        CopernicusBenchAirQualityS5P(root, variable="so2")
    with pytest.raises(ValueError, match="mode='monthly'"):
        CopernicusBenchAirQualityS5P(root, mode="monthly")
    info = geoplug.datasets.info("copernicus_bench_airquality_s5p")
    assert info.bands_for({"variable": "o3"}).bands == ("O3",)


def test_airquality_missing_seasons_are_padded_and_none_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, archives=("airquality_s5p.zip",))
    pid = fake.aq_pid("no2", fake.AQ_CELLS["val"][0])
    (tmp_path / "airquality_s5p" / "no2" / "s5p_seasonal" / pid / fake.AQ_SEASONS[2]).unlink()
    assert len(CopernicusBenchAirQualityS5P(tmp_path, split="val")) == 1
    # fewer seasons: the last found is repeated up to four, as the publisher pads
    image = CopernicusBenchAirQualityS5P(tmp_path, split="val", mode="seasonal")[0]["image"]
    k = fake.aq_index("no2", fake.AQ_CELLS["val"][0])
    found = [s for s in range(4) if s != 2]
    for t, season in enumerate(found + found[-1:]):
        np.testing.assert_array_equal(image[t, 0].numpy(), fake.aq_image(k, season))
    for name in fake.AQ_SEASONS:
        (tmp_path / "airquality_s5p" / "no2" / "s5p_seasonal" / pid / name).unlink(
            missing_ok=True)
    with pytest.raises(InvalidDataError, match=fake.AQ_SEASONS[0]):
        CopernicusBenchAirQualityS5P(tmp_path, split="val", mode="seasonal")


@pytest.mark.parametrize("cls", list(FILES), ids=lambda c: c.__name__)
def test_not_found(tmp_path: Path, cls: Any) -> None:
    check_not_found(cls, tmp_path)


@pytest.mark.parametrize("cls", list(FILES), ids=lambda c: c.__name__)
def test_download(tmp_path: Path, http_root: Path, http_server: Any, monkeypatch: Any,
                  cls: Any) -> None:
    info = fake.make(http_root, archives=FILES[cls])
    resources = tuple(r for r in cls.resources if r.filename in info["archives"])
    monkeypatch.setattr(cls, "resources",
                        served_resources(resources, http_server.url, info["archives"]))
    ds = cls(tmp_path / "x", split="val", download=True, checksum=True)
    assert len(ds) > 0 and ds[0]["image"].dtype == torch.float32


@pytest.mark.parametrize("cls", list(FILES), ids=lambda c: c.__name__)
def test_checksum_mismatch(tmp_path: Path, monkeypatch: Any, cls: Any) -> None:
    fake.make(tmp_path, archives=FILES[cls])
    name = "lcz_train.h5" if cls is CopernicusBenchLCZS2 else FILES[cls][0]
    check_checksum_mismatch(cls, monkeypatch, tmp_path, name)


@pytest.mark.parametrize("cls", list(FILES), ids=lambda c: c.__name__)
def test_plot(root: Path, cls: Any) -> None:
    check_plot(cls(root, split="test"))


@pytest.mark.parametrize("name", [f"copernicus_bench_{n}" for n in (
    "flood_s1", "lcz_s2", "biomass_s3", "airquality_s5p")])
def test_conformance(root: Path, name: str) -> None:
    report = check_dataset_plugin(name, data=root, split="test", light=False)
    assert any("plot" in line for line in report.passed)

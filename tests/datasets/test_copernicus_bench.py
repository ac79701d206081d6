"""Copernicus-Bench subsets against fake zips in the Hugging Face layout."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pytest
import rasterio
import torch

import geoplug.datasets
from fakedata import copernicus_bench as fake
from fakedata._dc_checks import check_checksum_mismatch, check_not_found, check_plot
from fakedata._made import made_root
from fakedata._segutil import served_resources
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.copernicus_bench import (
    CopernicusBenchBigEarthNetS1,
    CopernicusBenchBigEarthNetS2,
    CopernicusBenchCloudS2,
    CopernicusBenchCloudS3,
    CopernicusBenchDFC2020S1,
    CopernicusBenchDFC2020S2,
    CopernicusBenchEuroSATS1,
    CopernicusBenchEuroSATS2,
    CopernicusBenchLC100ClsS3,
    CopernicusBenchLC100SegS3,
    nearest_to,
)

matplotlib.use("Agg")

root = made_root(fake.make, "copernicus_bench", extract=True)

#: registry name -> (class, its zip)
SUBSETS: dict[str, tuple[Any, str]] = {
    "copernicus_bench_cloud_s2": (CopernicusBenchCloudS2, "cloud_s2.zip"),
    "copernicus_bench_cloud_s3": (CopernicusBenchCloudS3, "cloud_s3.zip"),
    "copernicus_bench_eurosat_s1": (CopernicusBenchEuroSATS1, "eurosat_s1.zip"),
    "copernicus_bench_eurosat_s2": (CopernicusBenchEuroSATS2, "eurosat_s2.zip"),
    "copernicus_bench_bigearthnet_s1": (CopernicusBenchBigEarthNetS1, "bigearthnetv2.zip"),
    "copernicus_bench_bigearthnet_s2": (CopernicusBenchBigEarthNetS2, "bigearthnetv2.zip"),
    "copernicus_bench_lc100cls_s3": (CopernicusBenchLC100ClsS3, "lc100_s3.zip"),
    "copernicus_bench_lc100seg_s3": (CopernicusBenchLC100SegS3, "lc100_s3.zip"),
    "copernicus_bench_dfc2020_s1": (CopernicusBenchDFC2020S1, "dfc2020.zip"),
    "copernicus_bench_dfc2020_s2": (CopernicusBenchDFC2020S2, "dfc2020.zip"),
}
LENGTHS = {
    CopernicusBenchCloudS2: (2, 1, 1), CopernicusBenchCloudS3: (2, 1, 1),
    CopernicusBenchEuroSATS1: (6, 3, 3), CopernicusBenchEuroSATS2: (6, 3, 3),
    CopernicusBenchBigEarthNetS1: (1, 1, 1), CopernicusBenchBigEarthNetS2: (1, 1, 1),
    CopernicusBenchLC100ClsS3: (2, 1, 1), CopernicusBenchLC100SegS3: (2, 1, 1),
    CopernicusBenchDFC2020S1: (2, 1, 1), CopernicusBenchDFC2020S2: (2, 1, 1),
}


def test_registry() -> None:
    level3 = [f"copernicus_bench_{n}" for n in ("flood_s1", "lcz_s2", "biomass_s3",
                                                 "airquality_s5p")]
    assert geoplug.datasets.names("copernicus_bench_*") == sorted([*SUBSETS, *level3])
    for name, (cls, _) in SUBSETS.items():
        assert geoplug.datasets.get(name) is cls
    info = geoplug.datasets.info("copernicus_bench_cloud_s3")
    assert info.classes[1] == "cloud-sure" and info.ignore_index == 255
    assert geoplug.datasets.info("copernicus_bench_eurosat_s2").bands[-1] == "B8A"
    assert geoplug.datasets.info("copernicus_bench_lc100seg_s3").num_classes == 23


@pytest.mark.parametrize("cls", list(LENGTHS), ids=lambda c: c.__name__)
def test_lengths(root: Path, cls: Any) -> None:
    assert [len(cls(root, split=s)) for s in fake.SPLITS] == list(LENGTHS[cls])


@pytest.mark.parametrize("split", fake.SPLITS)
def test_cloud_s2_pairs_image_and_mask(root: Path, split: str) -> None:
    ds = CopernicusBenchCloudS2(root, split=split)
    assert ds.items == fake.CLOUD_S2[split]
    for i, stem in enumerate(fake.CLOUD_S2[split]):
        k = fake.cloud_s2_index(stem)
        sample = ds[i]
        assert sample["image"].dtype == torch.float32 and sample["mask"].dtype == torch.int64
        np.testing.assert_array_equal(sample["image"].numpy(),
                                      fake.image(k, 13, fake.CLOUD_S2_SHAPE, "uint16"))
        np.testing.assert_array_equal(sample["mask"].numpy(),
                                      fake.coded_labels(k, *fake.CLOUD_S2_SHAPE, 4))
        assert sample["crs"].to_epsg() == 32633


def test_cloud_s2_band_subset_in_requested_order(root: Path) -> None:
    ds = CopernicusBenchCloudS2(root, split="test", bands=["B8A", "B02"])
    full = fake.image(3, 13, fake.CLOUD_S2_SHAPE, "uint16")
    np.testing.assert_array_equal(ds[0]["image"].numpy(), full[[8, 1]])


@pytest.mark.parametrize("mode", ["multi", "binary"])
@pytest.mark.parametrize("split", fake.SPLITS)
def test_cloud_s3_shifts_codes_and_ignores_invalid(root: Path, split: str, mode: str) -> None:
    """File value v > 0 is class v - 1, 0 is 255 (val.csv names files without .tif)."""
    ds = CopernicusBenchCloudS3(root, split=split, mode=mode)
    assert len(ds.classes) == (5 if mode == "multi" else 2)
    for i, name in enumerate(fake.CLOUD_S3[split]):
        k = fake.cloud_s3_index(name)
        raw = fake.cloud_s3_raw(k, mode).astype(np.int64)
        assert (raw == 0).any() and (raw == len(ds.classes)).any()
        sample = ds[i]
        np.testing.assert_array_equal(sample["mask"].numpy(), np.where(raw == 0, 255, raw - 1))
        expected = fake.image(k, 21, fake.CLOUD_S3_SHAPE, "float32")
        expected[2, 1, 3] = 0.0  # NaN is read as 0
        np.testing.assert_array_equal(sample["image"].numpy(), expected)


def test_cloud_s3_mode_and_bad_codes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mode='multiple' is not one of multi, binary"):
        CopernicusBenchCloudS3(tmp_path, mode="multiple")
    fake.make(tmp_path, extract=True, archives=("cloud_s3.zip",))
    path = tmp_path / "cloud_s3" / "cloud_binary" / fake.CLOUD_S3["test"][0]
    with rasterio.open(path, "r+") as f:
        f.write(np.full((1, *fake.CLOUD_S3_SHAPE), 4, np.uint8))
    ds = CopernicusBenchCloudS3(tmp_path, split="test", mode="binary")
    with pytest.raises(InvalidDataError, match=r"is 4, not one of the binary codes 0-2"):
        ds[0]
    multi = CopernicusBenchCloudS3(tmp_path, split="test")[0]["mask"]  # its own folder
    assert set(multi.unique().tolist()) == {0, 1, 2, 3, 4, 255}


@pytest.mark.parametrize(("cls", "bands", "dtype"), [
    (CopernicusBenchEuroSATS1, 2, "float32"), (CopernicusBenchEuroSATS2, 13, "uint16")])
@pytest.mark.parametrize("split", fake.SPLITS)
def test_eurosat_values_and_labels(root: Path, cls: Any, bands: int, dtype: str,
                                   split: str) -> None:
    ds = cls(root, split=split)
    served = [(p.parent.name, int(p.stem.split("_")[1])) for p, _ in ds.samples]
    assert sorted(served) == sorted((c, n) for c in fake.EUROSAT_CLASSES
                                    for n, s in fake.EUROSAT_SPLIT.items() if s == split)
    for i, (c, n) in enumerate(served):
        sample = ds[i]
        assert sample["label"].item() == fake.EUROSAT_LABELS[c]
        assert ds.classes[sample["label"].item()] == c
        np.testing.assert_array_equal(sample["image"].numpy(), fake.image(
            fake.eurosat_index(c, n), bands, fake.EUROSAT_SHAPE, dtype))


def test_eurosat_s2_reads_b8a_from_the_13th_band(root: Path) -> None:
    ds = CopernicusBenchEuroSATS2(root, split="val", bands=["B8A", "B04"])
    path, _ = ds.samples[0]
    k = fake.eurosat_index(path.parent.name, int(path.stem.split("_")[1]))
    full = fake.image(k, 13, fake.EUROSAT_SHAPE, "uint16")
    np.testing.assert_array_equal(ds[0]["image"].numpy(), full[[12, 3]])


@pytest.mark.parametrize(("cls", "bands", "dtype", "offset", "paths"), [
    (CopernicusBenchBigEarthNetS1, 2, "float32", 0, fake.BEN_S1),
    (CopernicusBenchBigEarthNetS2, 12, "uint16", 10, fake.BEN_S2)])
def test_bigearthnet_values_and_labels(root: Path, cls: Any, bands: int, dtype: str,
                                       offset: int, paths: list[str]) -> None:
    for k, split in enumerate(fake.BEN_SPLIT):
        ds = cls(root, split=split)
        path, _ = ds.items[0]
        assert path.relative_to(ds.base / ds.image_folder).as_posix() == paths[k]
        sample = ds[0]
        assert sample["label"].dtype == torch.int64 and sample["label"].shape == (19,)
        np.testing.assert_array_equal(sample["label"].numpy(), fake.ben_label(k))
        np.testing.assert_array_equal(sample["image"].numpy(),
                                      fake.image(k + offset, bands, fake.BEN_SHAPE, dtype))


def test_bigearthnet_malformed_row_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, archives=("bigearthnetv2.zip",))
    listing = tmp_path / "bigearthnet_s1s2" / "multilabel-val.csv"
    listing.write_text(listing.read_text().rstrip("\n") + ",1\n")
    with pytest.raises(InvalidDataError, match=r"row 2 of .*multilabel-val\.csv"):
        CopernicusBenchBigEarthNetS2(tmp_path, split="val")


def test_bigearthnet_list_without_header_is_read_by_position(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, archives=("bigearthnetv2.zip",))
    listing = tmp_path / "bigearthnet_s1s2" / "multilabel-test.csv"
    listing.write_text(listing.read_text().split("\n", 1)[1])
    ds = CopernicusBenchBigEarthNetS2(tmp_path, split="test")
    np.testing.assert_array_equal(ds[0]["image"].numpy(),
                                  fake.image(12, 12, fake.BEN_SHAPE, "uint16"))
    np.testing.assert_array_equal(ds[0]["label"].numpy(), fake.ben_label(2))


def test_bigearthnet_label_columns_are_matched_by_their_names(tmp_path: Path) -> None:
    # the publisher's loader names the classes from the header: columns in another order
    # than the classes' were read by position, every label on another class
    import csv

    fake.make(tmp_path, extract=True, archives=("bigearthnetv2.zip",))
    listing = tmp_path / "bigearthnet_s1s2" / "multilabel-test.csv"
    with open(listing, newline="") as f:
        rows = list(csv.reader(f))
    with open(listing, "w", newline="") as f:
        csv.writer(f).writerows([row[:2] + row[2:][::-1] for row in rows])
    ds = CopernicusBenchBigEarthNetS2(tmp_path, split="test")
    np.testing.assert_array_equal(ds[0]["label"].numpy(), fake.ben_label(2))
    assert not np.array_equal(fake.ben_label(2), fake.ben_label(2)[::-1])


@pytest.mark.parametrize("split", fake.SPLITS)
def test_lc100cls_reads_the_static_image_and_joins_labels_by_location(root: Path,
                                                                      split: str) -> None:
    ds = CopernicusBenchLC100ClsS3(root, split=split)
    assert [pid for pid, _ in ds.items] == fake.LC100_PIDS[split]
    for i, pid in enumerate(fake.LC100_PIDS[split]):
        k = fake.lc100_index(pid)
        sample = ds[i]
        assert ds.items[i][1].name == fake.lc100_static(pid)
        np.testing.assert_array_equal(sample["label"].numpy(), fake.lc100_label(k))
        np.testing.assert_array_equal(sample["image"].numpy(),
                                      fake.image(k, 21, fake.LC100_SHAPE, "float32"))


@pytest.mark.parametrize("split", fake.SPLITS)
def test_lc100seg_maps_codes_onto_the_image_grid(root: Path, split: str) -> None:
    ds = CopernicusBenchLC100SegS3(root, split=split)
    for i, pid in enumerate(fake.LC100_PIDS[split]):
        k = fake.lc100_index(pid)
        sample = ds[i]
        assert sample["mask"].shape == fake.LC100_SHAPE
        # OpenCV's INTER_NEAREST from 3x finer: source pixel 3 r, 3 c
        np.testing.assert_array_equal(sample["mask"].numpy(),
                                      fake.lc100_map_indices(k)[::3, ::3])
        with rasterio.open(ds.base / "lc100" / f"{pid}.tif") as f:
            codes = f.read(1)
        codes_seen = codes[::3, ::3]
        assert [fake.LC100_CODES[c] for c in sample["mask"].numpy().ravel()] == list(
            codes_seen.ravel())


@pytest.mark.parametrize(("cls", "bands", "dtype", "offset"), [
    (CopernicusBenchDFC2020S1, 2, "float64", 0), (CopernicusBenchDFC2020S2, 13, "uint16", 20)])
@pytest.mark.parametrize("split", fake.SPLITS)
def test_dfc2020_pairs_image_and_label(root: Path, cls: Any, bands: int, dtype: str,
                                       offset: int, split: str) -> None:
    """Codes 1, 2, 4, 5, 6, 7, 9, 10 -> 0-7; 0, 3 and 8 -> 255 (the publisher's mapping)."""
    ds = cls(root, split=split)
    for i, name in enumerate(fake.DFC2020[split]):
        k = fake.dfc2020_index(name)
        sample = ds[i]
        codes = fake.dfc2020_codes(k)
        expected = np.vectorize(fake.DFC2020_MAP.__getitem__)(codes)
        assert (expected == 255).any() and len(np.unique(expected)) > 4
        np.testing.assert_array_equal(sample["mask"].numpy(), expected)
        np.testing.assert_array_equal(sample["image"].numpy(), fake.image(
            k + offset, bands, fake.DFC2020_SHAPE, dtype).astype(np.float32))


def test_dfc2020_unknown_code_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, archives=("dfc2020.zip",))
    name = fake.DFC2020["val"][0]
    with rasterio.open(tmp_path / "dfc2020_s1s2" / "dfc" / name, "r+") as f:
        codes = f.read(1)
        codes[3, 2] = 17
        f.write(codes, 1)
    with pytest.raises(InvalidDataError, match=r"row 3, col 2\) is 17, not one of the DFC2020"):
        CopernicusBenchDFC2020S2(tmp_path, split="val")[0]


def test_nearest_to() -> None:
    grid = np.arange(35).reshape(5, 7)
    np.testing.assert_array_equal(nearest_to(grid, (2, 3)), grid[[0, 2]][:, [0, 2, 4]])
    assert nearest_to(grid, (5, 7)) is grid


def test_root_may_be_the_subset_folder(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root / "cloud_s2", tmp_path / "copy")
    ds = CopernicusBenchCloudS2(tmp_path / "copy", split="val")
    np.testing.assert_array_equal(ds[0]["mask"].numpy(),
                                  fake.coded_labels(2, *fake.CLOUD_S2_SHAPE, 4))


@pytest.mark.parametrize("cls", list(LENGTHS), ids=lambda c: c.__name__)
def test_not_found_says_where_and_how(tmp_path: Path, cls: Any) -> None:
    check_not_found(cls, tmp_path)
    with pytest.raises(DatasetNotFoundError, match=r"huggingface|hf\.co") as info:
        cls(tmp_path)
    assert f"/{SUBSETS[cls.name][1]}" in str(info.value)


def test_extracts_zip_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path, archives=("lc100_s3.zip",))
    assert not (tmp_path / "lc100_s3").exists()
    assert len(CopernicusBenchLC100SegS3(tmp_path, split="train")) == 2
    assert (tmp_path / "lc100_s3" / "lc100" / "0200599_-70.25_-55.25.tif").is_file()


def test_missing_file_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, archives=("cloud_s2.zip",))
    stem = fake.CLOUD_S2["train"][1]
    (tmp_path / "cloud_s2" / "cloud" / f"{stem}.tif").unlink()
    with pytest.raises(InvalidDataError, match=rf"cloud/{stem}\.tif"):
        CopernicusBenchCloudS2(tmp_path)
    assert len(CopernicusBenchCloudS2(tmp_path, split="val")) == 1


@pytest.mark.parametrize("cls", [CopernicusBenchCloudS2, CopernicusBenchBigEarthNetS1],
                         ids=lambda c: c.__name__)
def test_download(tmp_path: Path, http_root: Path, http_server: Any, monkeypatch: Any,
                  cls: Any) -> None:
    zip_name = SUBSETS[cls.name][1]
    info = fake.make(http_root, archives=(zip_name,))
    monkeypatch.setattr(cls, "resources",
                        served_resources(cls.resources, http_server.url, info["archives"]))
    ds = cls(tmp_path / "x", split="test", download=True, checksum=True)
    assert (tmp_path / "x" / zip_name).is_file()
    assert len(ds) == 1 and ds[0]["image"].shape[0] == len(cls.all_bands)


@pytest.mark.parametrize("name", sorted(SUBSETS))
def test_checksum_mismatch(tmp_path: Path, monkeypatch: Any, name: str) -> None:
    cls, zip_name = SUBSETS[name]
    fake.make(tmp_path, archives=(zip_name,))
    check_checksum_mismatch(cls, monkeypatch, tmp_path, zip_name)


@pytest.mark.parametrize("cls", list(LENGTHS), ids=lambda c: c.__name__)
def test_plot(root: Path, cls: Any) -> None:
    check_plot(cls(root, split="test"))


def test_plot_shows_the_mask(root: Path) -> None:
    ds = CopernicusBenchLC100SegS3(root, split="val")
    sample = ds[0]
    fig = ds.plot(sample)
    np.testing.assert_array_equal(np.asarray(fig.axes[1].images[0].get_array()),
                                  sample["mask"].numpy())


@pytest.mark.parametrize("name", sorted(SUBSETS))
def test_conformance(root: Path, name: str) -> None:
    report = check_dataset_plugin(name, data=root, split="test",
                                  light=name == "copernicus_bench_cloud_s2")
    assert any("plot" in line for line in report.passed)

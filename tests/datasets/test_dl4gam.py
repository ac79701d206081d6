"""DL4GAM-Alps loader against fake patch archives and fold table in the publisher's layout."""

from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import dl4gam as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.dl4gam import DL4GAMAlps, read_netcdf_variable
from testkit.http import Served

made, root = archive_fixtures(fake.make, "dl4gam")
ALL = [*fake.BAND_NAMES[:13], *fake.FEATURES]


def glaciers(split: str, cv_split: int) -> list[str]:
    fold = {"train": "fold_train", "val": "fold_valid", "test": "fold_test"}[split]
    return [g for g in fake.GLACIERS if fake.FOLDS[g][cv_split - 1] == fold]


def assert_patch(ds: DL4GAMAlps, i: int, version: str, bands: list[str]) -> None:
    path = ds.files[i]
    k = fake.number(version, path.parent.name, path.name)
    sample = ds[i]
    assert set(sample) == {"image", "mask"}
    assert sample["image"].dtype == torch.float32 and sample["mask"].dtype == torch.int64
    np.testing.assert_array_equal(sample["image"].numpy(), fake.expected_layers(k, bands))
    np.testing.assert_array_equal(sample["mask"].numpy(), (fake.glacier_id(k) >= 0).astype(int))


def test_archive_layout(made: dict[str, Any]) -> None:
    with tarfile.open(made["dir"] / "inv_r_128_s_64.tar.gz") as tf:
        names = tf.getnames()
    assert "g_0009/g_0009_patch_1_xc_48_yc_48.nc" in names
    assert set(made["archives"]) == {"inv_r_128_s_128.tar.gz", "inv_r_128_s_64.tar.gz",
                                     "map_all_splits_all_folds.csv"}


@pytest.mark.parametrize(("split", "cv_split"), [("train", 1), ("val", 1), ("test", 1),
                                                 ("val", 3), ("test", 5)])
def test_folds_pick_the_glaciers(root: Path, split: str, cv_split: int) -> None:
    ds = DL4GAMAlps(root, split=split, cv_split=cv_split)
    assert sorted({p.parent.name for p in ds.files}) == glaciers(split, cv_split)
    assert len(ds) == len(glaciers(split, cv_split))
    for i in range(len(ds)):
        assert_patch(ds, i, "small", ALL)


def test_large_version_has_two_patches_per_glacier(root: Path) -> None:
    ds = DL4GAMAlps(root, split="val", version="large", cv_split=2)
    assert [p.name for p in ds.files] == ["g_0009_patch_0_xc_40_yc_56.nc",
                                          "g_0009_patch_1_xc_48_yc_48.nc"]
    assert ds.patch_dir == root / "inv_r_128_s_64"
    assert_patch(ds, 1, "large", ALL)


def test_values_pair_and_gaps(root: Path) -> None:
    """B4 at (3, 5) of patch k is 2000 k + 300 + 21 + 15 + 15; the masked (0, 0) is the
    band's mean; dhdt's gap is 0; the mask is the glacier-id map's extent."""
    ds = DL4GAMAlps(root, split="test", bands=["B4", "dhdt", "B8A"])
    path = ds.files[0]
    k = fake.number("small", path.parent.name, path.name)
    image = ds[0]["image"]
    assert image.shape == (3, fake.SIZE, fake.SIZE)
    assert image[0, 3, 5].item() == 2000 * k + 300 + 51
    assert image[2, 3, 5].item() == 2000 * k + 800 + 51
    assert image[1, 0, 0].item() == 0.0
    assert image[0, 0, 0].item() == pytest.approx(
        float(fake.band_value(k, 3).ravel()[1:].mean()), rel=1e-6)
    assert_patch(ds, 0, "small", ["B4", "dhdt", "B8A"])
    assert 0 < ds[0]["mask"].sum() < fake.SIZE ** 2


def test_read_netcdf_variable_scales(tmp_path: Path) -> None:
    with h5py.File(tmp_path / "v.nc", "w") as nc:
        var = nc.create_dataset("v", data=np.array([[1, 2], [-5, 4]], dtype=np.int16))
        var.attrs.update(_FillValue=np.int16(-5), scale_factor=0.5, add_offset=10.0)
    with h5py.File(tmp_path / "v.nc", "r") as nc:
        out = read_netcdf_variable(nc, "v")
    np.testing.assert_array_equal(out, np.array([[10.5, 11.0], [np.nan, 12.0]], np.float32))


def test_invalid_arguments(root: Path) -> None:
    with pytest.raises(ValueError, match="version"):
        DL4GAMAlps(root, version="medium")
    with pytest.raises(ValueError, match="cv_split"):
        DL4GAMAlps(root, cv_split=6)
    with pytest.raises(ValueError, match="CLOUDLESS_MASK"):
        DL4GAMAlps(root, bands=["CLOUDLESS_MASK"])


def test_truncated_patch_is_named(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, list(made["archives"]))
    ds = DL4GAMAlps(tmp_path, split="val")
    ds.files[0].write_bytes(ds.files[0].read_bytes()[:300])
    with pytest.raises(InvalidDataError, match=ds.files[0].name):
        ds[0]


def test_table_without_the_column(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, list(made["archives"]))
    (tmp_path / fake.CSV).write_text("entry_id,split_1\ng_0008,fold_train\n")
    with pytest.raises(InvalidDataError, match="split_2"):
        DL4GAMAlps(tmp_path, cv_split=2)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(DL4GAMAlps, tmp_path)


def test_only_the_versions_archive_is_needed(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, ["inv_r_128_s_128.tar.gz", fake.CSV])
    assert len(DL4GAMAlps(tmp_path)) == len(glaciers("train", 1))
    assert not (tmp_path / "inv_r_128_s_64").exists()
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        DL4GAMAlps(tmp_path, version="large")


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(DL4GAMAlps, made, http_server.url, http_root, monkeypatch)
    ds = DL4GAMAlps(tmp_path / "dl", split="test", version="large", download=True,
                    checksum=True)
    assert len(ds) == 2 * len(glaciers("test", 1))
    assert_patch(ds, 0, "large", ALL)
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == [
        "inv_r_128_s_64", "inv_r_128_s_64.tar.gz", "map_all_splits_all_folds.csv"]


@pytest.mark.parametrize("archive", ["inv_r_128_s_128.tar.gz", "map_all_splits_all_folds.csv"])
def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch, archive: str) -> None:
    check_made_checksum(DL4GAMAlps, made, monkeypatch, tmp_path, archive)


def test_published_resources() -> None:
    assert [(r.filename, r.md5) for r in DL4GAMAlps.resources] == [
        ("inv_r_128_s_128.tar.gz", "3e69c47c6ff5106cd4ffaa6bb2caaaef"),
        ("inv_r_128_s_64.tar.gz", "06e85a6a9e3dc6b3cdb07f928e832bc8"),
        ("map_all_splits_all_folds.csv", "862355c5c3482271dd171d31c70551b3")]
    base = ("https://huggingface.co/datasets/dcodrut/dl4gam_alps/resolve/"
            "7d20ca8a2b30c5518e086ffaa5ce37e6a66c42c1/data/")
    assert [r.url for r in DL4GAMAlps.resources] == [
        base + "patches/inv_r_128_s_128.tar.gz", base + "patches/inv_r_128_s_64.tar.gz",
        base + "map_all_splits_all_folds.csv"]


def test_plot(root: Path) -> None:
    check_plot(DL4GAMAlps(root))
    check_plot(DL4GAMAlps(root, bands=["dem"]))


def test_registry() -> None:
    assert geoplug.datasets.get("dl4gam_alps") is DL4GAMAlps
    info = geoplug.datasets.info("dl4gam_alps")
    assert info.task == "segmentation" and info.num_classes == 2
    assert info.bands == tuple(ALL)
    assert info.rgb_bands == ("B4", "B3", "B2")


def test_plugin(root: Path) -> None:
    check_dataset_plugin("dl4gam_alps", data=root)

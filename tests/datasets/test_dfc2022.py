"""DFC2022 loader against fake labeled_train/unlabeled_train/val archives."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import dfc2022 as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, check_wrong_md5, made_root
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.dfc2022 import DFC2022

matplotlib.use("Agg")

NICE2 = "06-2014-1030-6320-LA93-0M50-E080"


root = made_root(fake.make, "dfc2022", extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("dfc2022") is DFC2022
    assert geoplug.datasets.info("dfc2022").num_classes == 16


@pytest.mark.parametrize(("split", "n"), [("train", 3), ("unlabeled_train", 1), ("val", 2)])
def test_lengths(root: Path, split: str, n: int) -> None:
    assert len(DFC2022(root, split=split)) == n


def test_train_sample(root: Path) -> None:
    sample = DFC2022(root)[2]  # Brest first, then Nice's two tiles
    assert sample["image"].shape == (4, fake.H, fake.W)
    assert sample["image"].dtype == torch.float32
    assert sample["mask"].dtype == torch.int64
    assert sample["image"][:3, 7, 9].tolist() == [float(v) for v in fake.image(NICE2)[:, 7, 9]]
    assert torch.equal(sample["mask"], torch.from_numpy(fake.mask(NICE2).astype(np.int64)))
    # the DEM is resampled onto the 0.5 m grid: the plane's value at the pixel centre
    assert sample["image"][3, 5, 6].item() == pytest.approx(fake.dem_at(NICE2, 5, 6), abs=1e-3)
    assert sample["image"][3, 6, 5].item() == pytest.approx(fake.dem_at(NICE2, 6, 5), abs=1e-3)
    assert sample["crs"] == CRS.from_epsg(2154)
    assert sample["bounds"].maxx == pytest.approx(fake.ORIGIN[0] + fake.W * 0.5)


def test_band_selection_dem_only_and_reordered(root: Path) -> None:
    dem = DFC2022(root, bands=["DEM"])[2]["image"]
    assert dem.shape == (1, fake.H, fake.W)
    assert dem[0, 4, 4].item() == pytest.approx(fake.dem_at(NICE2, 4, 4), abs=1e-3)
    image = DFC2022(root, bands=["B", "DEM", "R"])[2]["image"]
    assert image[[0, 2], 1, 2].tolist() == [float(fake.image(NICE2)[2, 1, 2]),
                                            float(fake.image(NICE2)[0, 1, 2])]
    assert image[1, 4, 4].item() == pytest.approx(fake.dem_at(NICE2, 4, 4), abs=1e-3)


def test_unlabelled_splits_have_no_mask(root: Path) -> None:
    for split in ("unlabeled_train", "val"):
        assert "mask" not in DFC2022(root, split=split)[0]


def test_missing_mask_in_train_is_an_error(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / "labeled_train" / "Brest" / "UrbanAtlas" /
     "29-2012-0145-6845-LA93-0M50-E080_UA2012.tif").unlink()
    with pytest.raises(InvalidDataError, match="has no mask"):
        DFC2022(tmp_path)[0]


def test_not_found_names_dataport(tmp_path: Path) -> None:
    check_not_found_hint(DFC2022, tmp_path, "ieee-dataport.org", "val.zip", split="val")


def test_extracts_archive_on_disk(tmp_path: Path) -> None:
    info = fake.make(tmp_path)
    for r in DFC2022.resources:
        assert r.filename in info["archives"]
    assert len(DFC2022(tmp_path, split="val", checksum=False)) == 2
    assert not (tmp_path / "labeled_train").exists()  # only the split's archive


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(DFC2022, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    check_plot(DFC2022(root))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("dfc2022", data=root)
    assert "bands=['R'] selects one channel" in report.passed

"""SEN12MS-CR loader against fake mediaTUM archives (4 seasons x s1, s2, s2_cloudy)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import sen12ms_cr as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.sen12ms_cr import SEN12MSCR
from testkit.http import Served

made, root = archive_fixtures(fake.make, "sen12ms_cr")
S2 = SEN12MSCR.all_bands[2:]


def as_float(n: int, modality: str) -> torch.Tensor:
    return torch.from_numpy(fake.array(n, modality).astype(np.float32))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """The archives extracted (a copy a test may change)."""
    fake.make(tmp_path, extract=True)
    return tmp_path


def test_registry_and_resources() -> None:
    assert geoplug.datasets.get("sen12ms_cr") is SEN12MSCR
    info = geoplug.datasets.info("sen12ms_cr")
    assert info.bands[:4] == ("VV", "VH", "B01", "B02") and len(info.bands) == 15
    assert info.splits == ("train", "val", "test")
    assert len(SEN12MSCR.resources) == 12
    assert SEN12MSCR.resources[2].filename == "ROIs1158_spring_s2_cloudy.tar.gz"
    assert SEN12MSCR.resources[2].url == ("https://dataserv.ub.tum.de/s/m1554803/download"
                                          "?path=/&files=ROIs1158_spring_s2_cloudy.tar.gz")


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_split_lists_scenes_exactly(root: Path, split: str) -> None:
    """Spring scene 10 is in no list (though ``s1_1`` is its prefix), test scene 106 is not
    train; patches in season, scene, patch-number order (p2 before p10)."""
    ds = SEN12MSCR(root, split=split)
    assert [(scene, patch) for scene, patch, _ in ds.files] == [
        (scene, patch) for scene, patch, _ in fake.expected(split)]
    assert len(ds) == {"train": 6, "val": 4, "test": 4}[split]


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_samples_pair_s1_cloudy_and_clear(root: Path, split: str) -> None:
    ds = SEN12MSCR(root, split=split)
    for index, (scene, patch, n) in enumerate(fake.expected(split)):
        sample = ds[index]
        assert (sample["scene"], sample["patch"]) == (scene, patch)
        assert sample["image"].dtype == torch.float32 and sample["mask"].dtype == torch.float32
        assert sample["image"].shape == (15, fake.SIZE, fake.SIZE)
        assert torch.equal(sample["image"],
                           torch.cat([as_float(n, "s1"), as_float(n, "s2_cloudy")]))
        assert torch.equal(sample["mask"], as_float(n, "s2"))


def test_pixel_values_by_formula(root: Path) -> None:
    """Train patch 1 (spring scene 1, p10) is n = 1: files 3 (s1), 4 (s2), 5 (s2_cloudy)."""
    sample = SEN12MSCR(root)[1]
    r, c = 3, 5  # S1 -(1000 f + 100 b + r + c/64), S2 1000 f + 100 b + 7 r + 3 c + r c
    assert sample["image"][:, r, c].tolist() == (
        [-(3000 + 100 * b + r + c / 64) for b in range(2)]
        + [5000.0 + 100 * b + 7 * r + 3 * c + r * c for b in range(13)])
    assert sample["mask"][:, r, c].tolist() == [4000.0 + 100 * b + 51 for b in range(13)]


def test_geo(root: Path) -> None:
    sample = SEN12MSCR(root, split="val")[3]  # fall scene 65, p10: n = 13
    assert sample["crs"] == CRS.from_epsg(32633)
    bounds = sample["bounds"]
    assert (bounds.minx, bounds.maxy) == (500000.0 + 2560 * 13, 4000000.0 + 650)
    assert bounds.maxx - bounds.minx == 10 * fake.SIZE


def test_band_selection(root: Path) -> None:
    ds = SEN12MSCR(root, bands=["B04", "VH", "B8A", "VV"])
    sample = ds[0]  # n = 0
    assert torch.equal(sample["image"], torch.stack([
        as_float(0, "s2_cloudy")[3], as_float(0, "s1")[1], as_float(0, "s2_cloudy")[8],
        as_float(0, "s1")[0]]))
    assert ds.target_bands == ("B04", "B8A")
    assert torch.equal(sample["mask"], as_float(0, "s2")[[3, 8]])
    sar = SEN12MSCR(root, bands=["VV"])
    assert sar.target_bands == S2
    assert sar[2]["image"].shape == (1, fake.SIZE, fake.SIZE)
    assert torch.equal(sar[2]["mask"], as_float(8, "s2"))  # summer scene 7, p2: n = 8
    with pytest.raises(ValueError, match="unknown band"):
        SEN12MSCR(root, bands=["B13"])


def test_optical_only_download_without_sentinel1(tree: Path) -> None:
    """The publisher's script makes the Sentinel-1 archives optional: with only s2 and
    s2_cloudy folders, Sentinel-2 bands load; asking for a Sentinel-1 band names the gap."""
    for season in fake.SEASONS:
        shutil.rmtree(tree / f"{season}_s1")
    for archive in tree.glob("*_s1.tar.gz"):
        archive.unlink()
    ds = SEN12MSCR(tree, split="test", bands=["B04", "B03", "B02"])
    assert [(s, p) for s, p, _ in ds.files] == [(s, p) for s, p, _ in fake.expected("test")]
    for index, (_, _, n) in enumerate(fake.expected("test")):
        sample = ds[index]
        assert torch.equal(sample["image"], as_float(n, "s2_cloudy")[[3, 2, 1]])
        assert torch.equal(sample["mask"], as_float(n, "s2")[[3, 2, 1]])
    with pytest.raises(DatasetNotFoundError):
        SEN12MSCR(tree, split="test")


def test_transforms(root: Path) -> None:
    ds = SEN12MSCR(root, split="test", transforms=lambda s: {**s, "mask": s["mask"] * 0})
    assert ds[0]["mask"].abs().sum().item() == 0
    assert ds[0]["image"].abs().sum().item() > 0


def test_folder_below_root(tmp_path: Path) -> None:
    """The publisher's script gathers the folders in ``SEN12MSCR/``: found below the root."""
    fake.make(tmp_path / "SEN12MSCR", extract=True)
    for archive in (tmp_path / "SEN12MSCR").glob("*.tar.gz"):
        archive.unlink()
    ds = SEN12MSCR(tmp_path, split="test")
    assert ds.base == tmp_path / "SEN12MSCR"
    assert torch.equal(ds[3]["mask"], as_float(11, "s2"))  # summer scene 119, p10


def test_unpaired_patch_skipped_and_named(tree: Path) -> None:
    gone = (tree / "ROIs1868_summer_s2_cloudy" / "s2_cloudy_7"
            / "ROIs1868_summer_s2_cloudy_7_p2.tif")
    gone.unlink()
    with pytest.warns(UserWarning, match=re.escape("ROIs1868_summer_s2_cloudy_7_p2.tif")):
        ds = SEN12MSCR(tree)
    assert [(s, p) for s, p, _ in ds.files] == [
        ("ROIs1158_spring/1", 2), ("ROIs1158_spring/1", 10), ("ROIs1868_summer/7", 10),
        ("ROIs2017_winter/8", 2), ("ROIs2017_winter/8", 10)]
    assert torch.equal(ds[2]["mask"], as_float(9, "s2"))


def test_missing_modality_folder_named(tree: Path) -> None:
    shutil.rmtree(tree / "ROIs1970_fall_s2")
    for archive in tree.glob("*.tar.gz"):
        archive.unlink()
    with pytest.raises(InvalidDataError, match=r"ROIs1970_fall_s2 .*ROIs1970_fall_s2\.tar\.gz"):
        SEN12MSCR(tree, split="val")


def test_corrupt_file_named(tree: Path) -> None:
    bad = tree / "ROIs1158_spring_s2" / "s2_106" / "ROIs1158_spring_s2_106_p2.tif"
    bad.write_bytes(bad.read_bytes()[:100])
    ds = SEN12MSCR(tree, split="test")
    with pytest.raises(InvalidDataError, match=re.escape("ROIs1158_spring_s2_106_p2.tif")):
        ds[0]


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SEN12MSCR, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SEN12MSCR, made, http_server.url, http_root, monkeypatch)
    ds = SEN12MSCR(tmp_path, split="val", download=True, checksum=True)
    assert sorted(p.name for p in tmp_path.glob("*.tar.gz")) == sorted(made["archives"])
    assert torch.equal(ds[1]["image"][2:], as_float(5, "s2_cloudy"))  # spring 17, p10


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SEN12MSCR, made, monkeypatch, tmp_path,
                        "ROIs1970_fall_s2_cloudy.tar.gz")


def test_plot(root: Path) -> None:
    ds = SEN12MSCR(root)
    check_plot(ds)
    sample = ds[0]
    sample["prediction"] = sample["mask"]
    assert len(ds.plot(sample).axes) == 4
    sar = SEN12MSCR(root, bands=["VH"])
    assert [ax.get_title() for ax in sar.plot(sar[0]).axes] == ["VH", "cloud-free S2"]


def test_plugin(root: Path) -> None:
    check_dataset_plugin("sen12ms_cr", data=root)


def test_one_season_of_archives(made: dict[str, Any], tmp_path: Path) -> None:
    """The three archives of a season suffice (a partial download): its scenes are read."""
    names = [n for n in made["archives"] if n.startswith("ROIs1868_summer_")]
    for name in names:
        shutil.copy(made["dir"] / name, tmp_path / name)
    assert [(s, p) for s, p, _ in SEN12MSCR(tmp_path, split="test").files] == [
        ("ROIs1868_summer/119", 2), ("ROIs1868_summer/119", 10)]
    assert not (tmp_path / "ROIs1158_spring_s1").exists()
    (tmp_path / "ROIs1970_fall_s1.tar.gz").write_bytes(b"")  # an incomplete season: ignored
    assert len(SEN12MSCR(tmp_path, split="train")) == 2
    with pytest.raises(InvalidDataError, match="no extracted scene"):
        SEN12MSCR(tmp_path, split="val")  # summer has no val scene here

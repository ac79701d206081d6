from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import spacenet1 as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from fakedata._dc_util import SN_SIZE
from geoplug.core.bbox import BoundingBox
from geoplug.datasets.spacenet1 import SpaceNet1
from testkit.http import Served

made, root = archive_fixtures(fake.make, "sn1")


def test_train_rgb(root: Path) -> None:
    ds = SpaceNet1(root)
    assert len(ds) == 3
    assert (root / "SN1_buildings" / "train" / "3band").is_dir()  # unpacked per split
    sample = ds[0]
    assert set(sample) == {"image", "mask", "crs", "bounds"}
    assert sample["image"].shape == (3, SN_SIZE, SN_SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["image"][:, 0, 0].tolist() == [10, 11, 12]
    mask = sample["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (SN_SIZE, SN_SIZE)
    assert int(mask.sum()) == 16 and int(mask[3:7, 2:6].sum()) == 16
    assert sample["crs"] == CRS.from_epsg(4326)
    b = sample["bounds"]
    assert isinstance(b, BoundingBox)
    assert b.minx == pytest.approx(fake.ORIGIN[0] + 0.001)
    assert b.maxy == pytest.approx(fake.ORIGIN[1])
    assert b.maxx - b.minx == pytest.approx(SN_SIZE * fake.RES)
    assert int(ds[1]["mask"].sum()) == 0  # empty FeatureCollection
    third = ds[2]  # chip 3: pixel (5, 9) holds 30 + b + 7*5 + 3*9 + 5*9
    assert third["image"][:, 5, 9].tolist() == [137.0, 138.0, 139.0]
    assert third["image"][:, 9, 5].tolist() == [153.0, 154.0, 155.0]  # not transposed
    expected = torch.zeros(SN_SIZE, SN_SIZE, dtype=torch.int64)
    expected[7:11, 2:6] = 1  # chip 3's building: SN_BLOCK four rows down
    assert torch.equal(third["mask"], expected)


def test_8band_and_band_order(root: Path) -> None:
    ds = SpaceNet1(root, image="8band", bands=["nir1", "red"])
    sample = ds[2]
    assert sample["image"][:, 0, 0].tolist() == [306, 304]
    assert sample["image"][:, 2, 3].tolist() == [335, 333]  # 300 + b + 7*2 + 3*3 + 2*3
    assert sample["mask"].shape == (SN_SIZE, SN_SIZE)
    assert int(sample["mask"].sum()) == 1  # same footprint, 4x coarser pixels
    assert int(sample["mask"][2, 1]) == 1  # 3band rows 7-10, columns 2-5, divided by 4
    with pytest.raises(ValueError, match=r"unknown band\(s\) \['nir1'\]; available: R, G, B"):
        SpaceNet1(root, bands=["nir1"])
    with pytest.raises(ValueError, match="9band"):
        SpaceNet1(root, image="9band")


def test_test_split_has_no_mask(root: Path) -> None:
    ds = SpaceNet1(root, split="test")
    assert len(ds) == 2
    assert "mask" not in ds[0]
    assert (root / "SN1_buildings" / "test" / "3band").is_dir()


def test_transforms_and_plot(root: Path) -> None:
    ds = SpaceNet1(root, transforms=lambda s: {**s, "image": s["image"] / 2})
    assert ds[0]["image"][0, 0, 0] == 5
    check_plot(ds)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SpaceNet1, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SpaceNet1, made, http_server.url, http_root, monkeypatch)
    ds = SpaceNet1(tmp_path, split="test", download=True, checksum=True)
    assert len(ds) == 2
    assert (tmp_path / "SN1_buildings" / "test" / "SN1_buildings_test_AOI_1_Rio_3band.tar.gz"
            ).is_file()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SpaceNet1, made, monkeypatch, tmp_path,
                            "SN1_buildings_train_AOI_1_Rio_8band.tar.gz")


def test_registry() -> None:
    assert geoplug.datasets.get("spacenet1") is SpaceNet1


def test_extracted_release_labels(tmp_path: Path) -> None:
    """Zero-byte label files mean no buildings; CRS84 3-D footprints rasterize as usual."""
    ds = SpaceNet1(fake.make_extracted(tmp_path))
    assert len(ds) == 2
    empty, full = ds[0]["mask"], ds[1]["mask"]
    assert empty.shape == (SN_SIZE, SN_SIZE) and int(empty.sum()) == 0
    assert int(full.sum()) == 16 and int(full[3:7, 2:6].sum()) == 16


def test_tarballs_in_s3_key_layout(made: dict[str, Any], tmp_path: Path) -> None:
    """Tarballs kept as on S3 (``SN1_buildings/tarballs/``) are found and unpacked per split."""
    names = [n for n in made["archives"] if "_test_" in n]
    copy_archives(made["dir"], tmp_path / "SN1_buildings" / "tarballs", names)
    ds = SpaceNet1(tmp_path, split="test")
    assert len(ds) == 2
    assert (tmp_path / "SN1_buildings" / "test" / "3band").is_dir()

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import spacenet6 as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from fakedata._dc_util import SN_SIZE
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.spacenet6 import SpaceNet6
from testkit.http import Served

made, root = archive_fixtures(fake.make, "sn6")


def building(shift: int) -> torch.Tensor:
    """``SN_BLOCK`` (rows 3..6, cols 2..5) moved ``shift`` rows down."""
    mask = torch.zeros(SN_SIZE, SN_SIZE, dtype=torch.int64)
    mask[3 + shift : 7 + shift, 2:6] = 1
    return mask


def test_train_sar(root: Path) -> None:
    ds = SpaceNet6(root)
    assert ds.image == "SAR-Intensity" and ds.bands == ("HH", "HV", "VH", "VV")
    assert len(ds) == 3
    sample = ds[1]  # strip 20190804111224_20190804111453, tile 12
    assert sample["image"].shape == (4, SN_SIZE, SN_SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["image"][:, 0, 0].tolist() == [200.0, 201.0, 202.0, 203.0]
    # pixel (5, 9): 200 + b + 7*5 + 3*9 + 5*9; (9, 5): 200 + b + 63 + 15 + 45
    assert sample["image"][:, 5, 9].tolist() == [307.0, 308.0, 309.0, 310.0]
    assert sample["image"][:, 9, 5].tolist() == [323.0, 324.0, 325.0, 326.0]
    assert torch.equal(sample["mask"], building(1))
    assert torch.equal(ds[0]["mask"], building(0))
    assert ds[2]["image"][0, 0, 0] == 300  # tile 2747 of the second strip
    assert int(ds[2]["mask"].sum()) == 0  # its label is an empty FeatureCollection
    assert sample["crs"].to_epsg() == 32631
    assert sample["bounds"].minx == pytest.approx(594200.0)
    assert sample["bounds"].maxy == pytest.approx(5753000.0)
    assert sample["bounds"].maxx - sample["bounds"].minx == pytest.approx(0.5 * SN_SIZE)


@pytest.mark.parametrize(("image", "count", "p"),
                         [("PS-RGB", 3, 1), ("PS-RGBNIR", 4, 2), ("RGBNIR", 4, 3), ("PAN", 1, 4)])
def test_optical_products(root: Path, image: str, count: int, p: int) -> None:
    ds = SpaceNet6(root, image=image)
    assert len(ds) == 3
    sample = ds[1]
    assert sample["image"].shape == (count, SN_SIZE, SN_SIZE)
    assert sample["image"][:, 0, 0].tolist() == [200 + 10 * p + b for b in range(count)]
    if image != "RGBNIR":  # the same 0.5 m grid as the SAR tile: the same building pixels
        assert torch.equal(sample["mask"], building(1))
    else:  # 2 m: the same footprint covers fewer, coarser pixels
        assert sample["mask"].shape == (SN_SIZE, SN_SIZE)
        assert int(sample["mask"].sum()) < 16


def test_bands_and_plot(root: Path) -> None:
    ds = SpaceNet6(root, bands=["VV", "HH"])
    assert ds[0]["image"][:, 0, 0].tolist() == [103.0, 100.0]
    assert ds.rgb_indices == []
    check_plot(ds)
    rgb = SpaceNet6(root, image="PS-RGBNIR", bands=["nir", "red", "green", "blue"])
    assert rgb.rgb_indices == [1, 2, 3]
    assert rgb[0]["image"][:, 0, 0].tolist() == [123.0, 120.0, 121.0, 122.0]
    check_plot(rgb, 1)


def test_test_split(root: Path) -> None:
    ds = SpaceNet6(root, split="test")
    assert len(ds) == 2
    assert "mask" not in ds[0]
    assert ds[0]["image"][:, 0, 0].tolist() == [900.0, 901.0, 902.0, 903.0]
    assert ds[1]["image"][0, 0, 0] == 910
    with pytest.raises(ValueError, match="SAR-Intensity tiles only"):
        SpaceNet6(root, split="test", image="PS-RGB")
    with pytest.raises(ValueError, match="EO"):
        SpaceNet6(root, image="EO")


def test_transforms(root: Path) -> None:
    ds = SpaceNet6(root, transforms=lambda s: {**s, "image": s["image"] * 2})
    assert ds[0]["image"][0, 0, 0] == 200


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SpaceNet6, tmp_path)
    check_not_found(SpaceNet6, tmp_path, split="test")


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SpaceNet6, made, http_server.url, http_root, monkeypatch)
    ds = SpaceNet6(tmp_path, split="test", download=True, checksum=True)
    assert len(ds) == 2 and ds[1]["image"][0, 0, 0] == 910


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SpaceNet6, made, monkeypatch, tmp_path,
                        "SN6_buildings_AOI_11_Rotterdam_train.tar.gz")


def test_registry_and_plugin(root: Path) -> None:
    assert geoplug.datasets.get("spacenet6") is SpaceNet6
    check_dataset_plugin("spacenet6", data=root)


def test_unpacked_by_hand(made: dict[str, Any], tmp_path: Path) -> None:
    # both tarballs unpacked directly under root: train/ and test_public/ side by side
    import tarfile

    for name in made["archives"]:
        with tarfile.open(made["dir"] / name) as tf:
            tf.extractall(tmp_path, filter="data")
    assert len(SpaceNet6(tmp_path)) == 3
    assert len(SpaceNet6(tmp_path, split="test")) == 2
    assert torch.equal(SpaceNet6(tmp_path, image="PAN")[1]["mask"], building(1))

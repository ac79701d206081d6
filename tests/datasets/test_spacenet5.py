from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import spacenet5 as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from fakedata._dc_util import SN_SIZE, sn_value
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.spacenet5 import SpaceNet5
from testkit.http import Served

made, root = archive_fixtures(fake.make, "sn5")
TRAIN = list(fake.TRAIN)


def pixels(base: int, bands: int, dtype: str = "uint8", size: int = SN_SIZE) -> torch.Tensor:
    """The whole chip the generator wrote with ``base`` (an independent formula)."""
    rows, cols = np.indices((size, size))
    return torch.tensor(np.stack([sn_value(base, b, rows, cols, dtype) for b in range(bands)]),
                        dtype=torch.float32)


def road_mask(aoi: str, k: int, metres: float = 2.0) -> torch.Tensor:
    """Pixels whose centre is within ``metres`` (geodesic, WGS84) of chip ``k``'s two roads."""
    from pyproj import Geod

    a = TRAIN.index(aoi)
    x0, y0 = fake.origin(aoi, k)
    rows, cols = np.indices((SN_SIZE, SN_SIZE))
    x, y = x0 + (cols + 0.5) * fake.RES, y0 - (rows + 0.5) * fake.RES
    line_y = np.full_like(y, y0 - (fake.road_row(a, k) + 0.5) * fake.RES)
    line_x = np.full_like(x, x0 + (fake.road_col(a, k) + 0.5) * fake.RES)
    geod = Geod(ellps="WGS84")
    to_ew = geod.inv(x.ravel(), y.ravel(), x.ravel(), line_y.ravel())[2].reshape(x.shape)
    to_ns = geod.inv(x.ravel(), y.ravel(), line_x.ravel(), y.ravel())[2].reshape(x.shape)
    return torch.from_numpy(((to_ew <= metres) | (to_ns <= metres)).astype(np.int64))


@pytest.fixture(scope="module")
def unpacked(root: Path) -> Path:
    SpaceNet5(root)  # unpack the two train tarballs once
    return root


def test_train(unpacked: Path) -> None:
    ds = SpaceNet5(unpacked)
    assert len(ds) == 6  # 2 AOIs x 3 labelled chips; the unlabelled chip is left out
    assert ds.image == "PS-RGB" and ds.bands == ("red", "green", "blue")
    # Moscow chips 0, 2, 10 then Mumbai: numeric chip order, image paired with its label
    names = [p.name for p, _ in ds.files]
    assert names[:3] == [f"SN5_roads_train_AOI_7_Moscow_PS-RGB_chip{n}.tif" for n in (0, 2, 10)]
    assert [label.name.split("_")[-1] for _, label in ds.files[3:]] == [
        "chip0.geojson", "chip2.geojson", "chip10.geojson"]
    for i, (a, k) in enumerate([(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]):
        sample = ds[i]
        assert sample["image"].dtype == torch.float32
        assert torch.equal(sample["image"], pixels(fake.base(a, k, 0), 3))
        assert sample["mask"].dtype == torch.int64
        aoi = TRAIN[a]
        expected = (torch.zeros(SN_SIZE, SN_SIZE, dtype=torch.int64) if (aoi, k) == fake.EMPTY
                    else road_mask(aoi, k))
        assert torch.equal(sample["mask"], expected), (aoi, k)
    sample = ds[2]
    assert sample["crs"].to_epsg() == 4326
    west, north = fake.origin("AOI_7_Moscow", 2)
    assert sample["bounds"].minx == pytest.approx(west)
    assert sample["bounds"].maxy == pytest.approx(north)
    assert sample["bounds"].maxx == pytest.approx(west + SN_SIZE * fake.RES)


def test_reference_widths() -> None:
    # 2 m on the ground: 1e-5 degrees of longitude is 0.63 m in Moscow (3 columns either
    # side of the north-south road) and 1.05 m in Mumbai (1 column either side)
    col = fake.road_col(0, 0)
    assert road_mask("AOI_7_Moscow", 0)[0].nonzero().flatten().tolist() == list(
        range(col - 3, col + 4))
    col = fake.road_col(1, 0)
    assert road_mask("AOI_8_Mumbai", 0)[0].nonzero().flatten().tolist() == list(
        range(col - 1, col + 2))


@pytest.mark.parametrize(("image", "p", "bands"), [("PS-MS", 1, 8), ("MS", 2, 8), ("PAN", 3, 1)])
def test_products(unpacked: Path, image: str, p: int, bands: int) -> None:
    ds = SpaceNet5(unpacked, image=image, aois=["AOI_8_Mumbai"])
    assert len(ds) == 3
    sample = ds[1]  # Mumbai chip 2 (position 1)
    assert torch.equal(sample["image"], pixels(fake.base(1, 1, p), bands, "uint16"))
    if image != "MS":  # the PS-RGB grid: the same road pixels
        assert torch.equal(sample["mask"], road_mask("AOI_8_Mumbai", 1))
    else:  # 4x coarser chip: a coarser mask, still roads only where the roads are
        assert 0 < int(sample["mask"].sum()) < int(road_mask("AOI_8_Mumbai", 1).sum())


def test_buffer(unpacked: Path) -> None:
    wide = SpaceNet5(unpacked, aois=["AOI_7_Moscow"], buffer=4.0)
    assert torch.equal(wide[1]["mask"], road_mask("AOI_7_Moscow", 1, metres=4.0))
    assert not torch.equal(wide[1]["mask"], road_mask("AOI_7_Moscow", 1))


def test_test_split(root: Path) -> None:
    with pytest.warns(UserWarning, match="SN5_roads_test_public_AOI_8_Mumbai.tar.gz"):
        ds = SpaceNet5(root, split="test")  # the fake release has no Mumbai test tarball
    assert len(ds) == 2 and "mask" not in ds[0]
    assert torch.equal(ds[0]["image"], pixels(fake.base(0, 0, 0, test=True), 3))  # Moscow
    assert torch.equal(ds[1]["image"], pixels(fake.base(1, 0, 0, test=True), 3))  # San Juan
    pan = SpaceNet5(root, split="test", image="PAN", aois=["AOI_9_San_Juan"])
    assert len(pan) == 1
    assert torch.equal(pan[0]["image"], pixels(fake.base(1, 0, 3, test=True), 1, "uint16"))


def test_bands_transforms_plot(unpacked: Path) -> None:
    ds = SpaceNet5(unpacked, image="PS-MS", aois=["AOI_7_Moscow"], bands=["red", "green", "blue"],
                   transforms=lambda s: {**s, "mask": s["mask"] * 7})
    # WorldView-3 order: coastal, blue, green, yellow, red, ...: red is band 4
    assert torch.equal(ds[0]["image"], pixels(fake.base(0, 0, 1), 8, "uint16")[[4, 2, 1]])
    assert int(ds[0]["mask"].max()) == 7
    check_plot(SpaceNet5(unpacked, aois=["AOI_7_Moscow"]))


def test_bad_arguments(unpacked: Path) -> None:
    with pytest.raises(ValueError, match="AOI_9_San_Juan"):  # no train data for San Juan
        SpaceNet5(unpacked, aois=["AOI_9_San_Juan"])
    with pytest.raises(ValueError, match="positive"):
        SpaceNet5(unpacked, buffer=-1)
    with pytest.raises(ValueError, match="image"):
        SpaceNet5(unpacked, image="RGB-PanSharpen")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SpaceNet5, tmp_path)
    check_not_found(SpaceNet5, tmp_path, split="test")


def test_some_tarballs_only(made: dict[str, Any], tmp_path: Path) -> None:
    name = "SN5_roads_train_AOI_8_Mumbai.tar.gz"
    (tmp_path / name).write_bytes((made["dir"] / name).read_bytes())
    with pytest.warns(UserWarning, match="SN5_roads_train_AOI_7_Moscow.tar.gz"):
        ds = SpaceNet5(tmp_path)
    assert len(ds) == 3
    assert torch.equal(ds[0]["mask"], road_mask("AOI_8_Mumbai", 0))


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SpaceNet5, made, http_server.url, http_root, monkeypatch)
    data = tmp_path / "data"
    ds = SpaceNet5(data, split="test", download=True, checksum=True,
                   aois=["AOI_9_San_Juan"])
    assert len(ds) == 1
    assert torch.equal(ds[0]["image"], pixels(fake.base(1, 0, 0, test=True), 3))
    # only the asked AOI's tarball, kept where the loader looks for it next time
    assert [p.name for p in data.rglob("*.tar.gz")] == [
        "SN5_roads_test_public_AOI_9_San_Juan.tar.gz"]
    assert len(SpaceNet5(data, split="test", aois=["AOI_9_San_Juan"])) == 1


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SpaceNet5, made, monkeypatch, tmp_path,
                        "SN5_roads_train_AOI_7_Moscow.tar.gz")


def test_s3_layout(made: dict[str, Any], tmp_path: Path) -> None:
    # the bucket's unpacked trees: SN5_roads/train/<AOI>/... and SN5_roads/test_public/<AOI>/...
    for name in made["archives"]:
        folder = "test_public" if "_test_public_" in name else "train"
        with tarfile.open(made["dir"] / name) as tf:
            tf.extractall(tmp_path / "SN5_roads" / folder, filter="data")
    train = SpaceNet5(tmp_path / "SN5_roads")
    assert len(train) == 6 and torch.equal(train[5]["mask"], torch.zeros(SN_SIZE, SN_SIZE,
                                                                          dtype=torch.int64))
    assert len(SpaceNet5(tmp_path / "SN5_roads", split="test")) == 2


def test_registry_and_plugin(unpacked: Path) -> None:
    assert geoplug.datasets.get("spacenet5") is SpaceNet5
    check_dataset_plugin("spacenet5", data=unpacked)

"""GeoNRW loader against a fake nrw_dataset.tar.gz (city folders of rgb/dem/seg tiles)."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import geonrw as fake
from fakedata._dc_checks import check_not_found, check_plot
from fakedata._made import check_wrong_md5, made_root
from fakedata._segutil import served_resources
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.geonrw import GeoNRW

matplotlib.use("Agg")


root = made_root(fake.make, "geonrw", extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("geonrw") is GeoNRW
    assert geoplug.datasets.info("geonrw").num_classes == 11


@pytest.mark.parametrize(("split", "tiles"), [("train", fake.TRAIN), ("test", fake.TEST)])
def test_splits_by_city(root: Path, split: str, tiles: list[str]) -> None:
    ds = GeoNRW(root, split=split)
    assert [p.name.removesuffix("_rgb.jp2") for p in ds.files] == tiles  # city, then tile
    assert len(ds) == len(tiles)


def test_sample(root: Path) -> None:
    sample = GeoNRW(root)[1]  # aachen 295_5627
    tile = "295_5627"
    assert sample["image"].shape == (4, fake.H, fake.W)
    assert sample["image"].dtype == torch.float32
    assert sample["mask"].dtype == torch.int64
    assert sample["image"][:3, 8, 11].tolist() == [float(v) for v in fake.rgb(tile)[:, 8, 11]]
    assert sample["image"][3, 8, 11].item() == pytest.approx(float(fake.dem(tile)[8, 11]))
    assert torch.equal(sample["mask"], torch.from_numpy(fake.seg(tile).astype(np.int64)))
    assert sample["crs"] == CRS.from_epsg(25832)
    assert sample["bounds"].minx == pytest.approx(295000.0)
    assert sample["bounds"].maxy == pytest.approx(5628000.0)


def test_band_selection(root: Path) -> None:
    tile = "374_5711"
    image = GeoNRW(root, split="test", bands=["DEM", "G"])[0]["image"]
    assert image.shape == (2, fake.H, fake.W)
    assert image[:, 4, 6].tolist() == [float(fake.dem(tile)[4, 6]), float(fake.rgb(tile)[1, 4, 6])]


def test_nested_folder_and_missing_test_cities(tmp_path: Path) -> None:
    fake.make(tmp_path / "nrw_dataset", extract=True)
    assert len(GeoNRW(tmp_path, split="test")) == 2
    for city in ("herne", "neuss"):
        shutil.rmtree(tmp_path / "nrw_dataset" / city)
    with pytest.raises(InvalidDataError, match=r"no folder of the test cities \(duesseldorf"):
        GeoNRW(tmp_path, split="test")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(GeoNRW, tmp_path)


def test_extracts_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert len(GeoNRW(tmp_path, split="test")) == 2
    assert (tmp_path / "bochum" / "371_5702_seg.tif").is_file()


def test_download(tmp_path: Path, http_root: Path, http_server,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(GeoNRW, "resources",
                        served_resources(GeoNRW.resources, http_server.url, info["archives"]))
    assert len(GeoNRW(tmp_path / "x", download=True, checksum=True)) == 3


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(GeoNRW, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    check_plot(GeoNRW(root))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("geonrw", data=root)
    assert "bands=['R'] selects one channel" in report.passed

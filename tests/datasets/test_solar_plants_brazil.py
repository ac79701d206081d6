"""Solar Plants Brazil loader against a fake solarplantsbrazil.zip in the publisher's layout."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import solar_plants_brazil as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.solar_plants_brazil import SolarPlantsBrazil
from testkit.http import Served

made, root = archive_fixtures(fake.make, "solar_plants_brazil")


def assert_chip(sample: dict[str, Any], split: str, n: int, bands: list[int] | None = None
                ) -> None:
    """Chip ``img(n)`` of ``split``: its bands and its own mask."""
    k = fake.number(split, n)
    bands = bands if bands is not None else [0, 1, 2, 3]
    assert sample["image"].dtype == torch.float32 and sample["mask"].dtype == torch.int64
    np.testing.assert_array_equal(sample["image"].numpy(), fake.image(k)[bands])
    np.testing.assert_array_equal(sample["mask"].numpy(), fake.panels(k))


def test_archive_layout(made: dict[str, Any]) -> None:
    with zipfile.ZipFile(made["dir"] / fake.ARCHIVE) as zf:
        names = set(zf.namelist())
    assert {"val/input/img(2).tif", "val/labels/target(2).tif"} <= names
    assert len(names) == 2 * sum(fake.COUNTS.values())


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_splits_and_pairs(root: Path, split: str) -> None:
    ds = SolarPlantsBrazil(root, split=split)
    assert len(ds) == fake.COUNTS[split]
    for i in range(len(ds)):
        assert_chip(ds[i], split, i + 1)


def test_numeric_order_and_values(root: Path) -> None:
    """img(10) follows img(9); pixel (3, 5) of band b of chip k is 1000 k + 100 b + 3 + 5/64."""
    ds = SolarPlantsBrazil(root)
    assert [p.name for p, _ in ds.files][8:] == ["img(9).tif", "img(10).tif", "img(11).tif"]
    assert [q.name for _, q in ds.files][9] == "target(10).tif"
    sample = ds[9]
    assert sample["image"][:, 3, 5].tolist() == [9000.0 + 100 * b + 3 + 5 / 64 for b in range(4)]
    assert set(sample["mask"].unique().tolist()) == {0, 1}
    assert (fake.labels(fake.number("train", 10)) == 2).any()  # soil is stored, read as 0


def test_crs_and_bounds(root: Path) -> None:
    sample = SolarPlantsBrazil(root, split="val")[0]
    assert sample["crs"].to_epsg() == 4326
    west, north = fake.ORIGIN
    side = fake.SIZE * fake.RES
    assert sample["bounds"] == BoundingBox(west, west + side, north - side, north)


def test_band_selection(root: Path) -> None:
    ds = SolarPlantsBrazil(root, split="test", bands=["B08", "B04"])
    assert ds[2]["image"].shape == (2, fake.SIZE, fake.SIZE)
    assert_chip(ds[2], "test", 3, bands=[3, 0])
    assert ds.rgb_indices == []


def test_missing_mask_is_named(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, [fake.ARCHIVE])
    SolarPlantsBrazil(tmp_path, split="test")
    (tmp_path / "test" / "labels" / "target(2).tif").unlink()
    with pytest.raises(InvalidDataError, match=r"target\(2\)\.tif"):
        SolarPlantsBrazil(tmp_path, split="test")


def test_unpacked_one_folder_below(made: dict[str, Any], tmp_path: Path) -> None:
    with zipfile.ZipFile(made["dir"] / fake.ARCHIVE) as zf:
        zf.extractall(tmp_path / "solarplantsbrazil")
    ds = SolarPlantsBrazil(tmp_path, split="val")
    assert ds.split_dir == tmp_path / "solarplantsbrazil" / "val"
    assert_chip(ds[1], "val", 2)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SolarPlantsBrazil, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SolarPlantsBrazil, made, http_server.url, http_root, monkeypatch)
    ds = SolarPlantsBrazil(tmp_path / "dl", split="val", download=True, checksum=True)
    assert len(ds) == fake.COUNTS["val"]
    assert_chip(ds[0], "val", 1)


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SolarPlantsBrazil, made, monkeypatch, tmp_path, fake.ARCHIVE)


def test_published_resource() -> None:
    (resource,) = SolarPlantsBrazil.resources
    assert resource.url == ("https://huggingface.co/datasets/FederCO23/solar-plants-brazil/"
                            "resolve/1dc13a453ef6acabf08a1781c523fd1db3d9bcc5/"
                            "solarplantsbrazil.zip")
    assert resource.md5 == "dfa0d3efdef4143a33b0e7ba834eaafa"


def test_plot(root: Path) -> None:
    check_plot(SolarPlantsBrazil(root))


def test_registry() -> None:
    assert geoplug.datasets.get("solar_plants_brazil") is SolarPlantsBrazil
    info = geoplug.datasets.info("solar_plants_brazil")
    assert info.task == "segmentation" and info.classes == ("background", "solar panel")
    assert info.bands == ("B04", "B03", "B02", "B08")


def test_plugin(root: Path) -> None:
    check_dataset_plugin("solar_plants_brazil", data=root)

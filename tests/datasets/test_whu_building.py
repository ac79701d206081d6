"""WHU Building (aerial) loader against a fake archive in the publisher's layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import whu_building as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from fakedata._segutil import write_tif
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.core.testing.http import LocalHTTPServer
from geoplug.datasets.whu_building import WHUBuilding

made = archive_fixtures(fake.make, "whu_building")[0]  # the archive, built once


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive extracted into the root, as the loader leaves it."""
    path = tmp_path_factory.mktemp("whu_building_extracted")
    fake.make(path, extract=True)
    return path


def expected(name: str) -> tuple[torch.Tensor, torch.Tensor]:
    return (torch.from_numpy(fake.image(name).astype(np.float32)),
            torch.from_numpy(fake.labels(name)))


def test_registry() -> None:
    assert geoplug.datasets.get("whu_building") is WHUBuilding
    info = geoplug.datasets.info("whu_building")
    assert info.classes == ("background", "building")
    assert info.resolution == 0.3 and info.patch_size == 512


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_splits(root: Path, split: str) -> None:
    ds = WHUBuilding(root, split=split)
    assert len(ds) == len(fake.IDS[split])
    assert [image.name for image, _ in ds.pairs] == fake.IDS[split]
    assert [label.name for _, label in ds.pairs] == fake.IDS[split]
    assert all(label.parent.name == "label" and label.parent.parent.name == split
               for _, label in ds.pairs)


def test_sample_values_pairing_and_georeference(root: Path) -> None:
    name = fake.IDS["train"][1]
    sample = WHUBuilding(root, split="train")[1]
    assert set(sample) == {"image", "mask", "crs", "bounds"}
    assert sample["image"].dtype == torch.float32 and sample["mask"].dtype == torch.int64
    assert sample["image"].shape == (3, fake.H, fake.W) and sample["mask"].shape == (fake.H,
                                                                                   fake.W)
    image, mask = expected(name)
    assert torch.equal(sample["image"], image)
    # pixel (row 3, col 5), band G of tile 1: 41 + 17 + 7*3 + 3*5 + 3*5 (nothing transposed)
    assert sample["image"][1, 3, 5].item() == 41 + 17 + 21 + 15 + 15
    assert torch.equal(sample["mask"], mask)  # 0/255 read as 0/1
    assert set(sample["mask"].unique().tolist()) == {0, 1}
    # the mask is this tile's, not a neighbour's
    assert not torch.equal(sample["mask"], expected(fake.IDS["train"][0])[1])
    assert sample["crs"] == CRS.from_epsg(2193)
    x0, y0 = fake.origin(name)
    bounds = sample["bounds"]
    assert (bounds.minx, bounds.maxx) == pytest.approx((x0, x0 + fake.W * fake.RES))
    assert (bounds.miny, bounds.maxy) == pytest.approx((y0 - fake.H * fake.RES, y0))


def test_band_selection_and_transforms(root: Path) -> None:
    ds = WHUBuilding(root, split="test", bands=["B", "R"],
                     transforms=lambda s: {**s, "image": s["image"] * 2})
    full, _ = expected(fake.IDS["test"][1])
    assert torch.equal(ds[1]["image"], full[[2, 0]] * 2)


def test_tiles_without_georeference(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True, georeferenced=False)
    sample = WHUBuilding(tmp_path, split="val")[0]
    assert set(sample) == {"image", "mask"}
    image, mask = expected(fake.IDS["val"][0])
    assert torch.equal(sample["image"], image) and torch.equal(sample["mask"], mask)


def test_archive_on_disk_is_extracted(made: dict, tmp_path: Path) -> None:
    shutil.copy(made["dir"] / fake.ARCHIVE, tmp_path / fake.ARCHIVE)
    ds = WHUBuilding(tmp_path, split="val")
    assert (tmp_path / fake.FOLDER / "val" / "label" / fake.IDS["val"][0]).is_file()
    assert torch.equal(ds[0]["mask"], expected(fake.IDS["val"][0])[1])


def test_archive_under_the_pages_other_number(made: dict, tmp_path: Path) -> None:
    shutil.copy(made["dir"] / fake.ARCHIVE,
                tmp_path / "1.1 The cropped aerial image tiles and raster labels.zip")
    ds = WHUBuilding(tmp_path, split="test")
    assert torch.equal(ds[0]["image"], expected(fake.IDS["test"][0])[0])


def test_extracted_into_its_own_folder(root: Path, tmp_path: Path) -> None:
    own = tmp_path / "3. The cropped aerial image tiles and raster labels"
    shutil.copytree(root / fake.FOLDER, own / fake.FOLDER)
    ds = WHUBuilding(tmp_path, split="test")
    assert [image.name for image, _ in ds.pairs] == fake.IDS["test"]
    assert ds.folder == own / fake.FOLDER / "test"


def test_renamed_copy_with_bare_split_folders(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root / fake.FOLDER / "train", tmp_path / "whubuilding" / "train")
    ds = WHUBuilding(tmp_path, split="train")
    assert len(ds) == len(fake.IDS["train"])
    assert torch.equal(ds[2]["image"], expected(fake.IDS["train"][2])[0])


def test_converted_labels_of_zeros_and_ones(root: Path, tmp_path: Path) -> None:
    """A copy whose labels were converted to 0/1 keeps its buildings; other values are
    refused rather than thresholded away."""
    import rasterio

    shutil.copytree(root / fake.FOLDER / "val", tmp_path / "val")
    name = fake.IDS["val"][0]
    path = tmp_path / "val" / "label" / name
    with rasterio.open(path) as src:
        profile, data = src.profile, src.read(1)
    assert (data == 255).any()
    with rasterio.open(path, "w", **profile) as dst:
        dst.write((data > 0).astype(data.dtype), 1)
    ds = WHUBuilding(tmp_path, split="val")
    index = [p[0].name for p in ds.pairs].index(name)
    assert torch.equal(ds[index]["mask"], expected(name)[1])
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(np.where(data > 0, 7, 0).astype(data.dtype), 1)
    with pytest.raises(InvalidDataError, match=r"holds values \[0, 7\]"):
        ds[index]


def test_download(tmp_path: Path, made: dict, http_root: Path, http_server: LocalHTTPServer,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(WHUBuilding, made, http_server.url, http_root, monkeypatch)
    data = tmp_path / "data"  # not above the served folder
    ds = WHUBuilding(data, split="train", download=True, checksum=True)
    assert (data / fake.ARCHIVE).read_bytes() == (http_root / fake.ARCHIVE).read_bytes()
    assert len(ds) == len(fake.IDS["train"])
    image, mask = expected(fake.IDS["train"][0])
    assert torch.equal(ds[0]["image"], image) and torch.equal(ds[0]["mask"], mask)
    before = len(http_server.stats.requests)  # once there, nothing is fetched again
    assert len(WHUBuilding(data, split="test", download=True)) == len(fake.IDS["test"])
    assert len(http_server.stats.requests) == before


def test_checksum_mismatch(tmp_path: Path, made: dict,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(WHUBuilding, made, monkeypatch, tmp_path, fake.ARCHIVE)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(WHUBuilding, tmp_path)
    with pytest.raises(Exception, match=r"gpcv\.whu\.edu\.cn") as info:
        WHUBuilding(tmp_path)
    assert fake.ARCHIVE in str(info.value)


def test_missing_label_is_named(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root / fake.FOLDER / "test", tmp_path / fake.FOLDER / "test")
    (tmp_path / fake.FOLDER / "test" / "label" / fake.IDS["test"][1]).unlink()
    with pytest.raises(InvalidDataError, match=r"4401\.tif has no label"):
        WHUBuilding(tmp_path, split="test")


def test_corrupt_and_mismatched_tiles_are_named(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root / fake.FOLDER / "train", tmp_path / fake.FOLDER / "train")
    base = tmp_path / fake.FOLDER / "train"
    (base / "image" / fake.IDS["train"][0]).write_bytes(b"not a tiff")
    write_tif(base / "label" / fake.IDS["train"][1], np.zeros((8, 8), np.uint8), crs=None)
    ds = WHUBuilding(tmp_path, split="train")
    with pytest.raises(InvalidDataError, match=r"1004\.tif"):
        ds[0]
    with pytest.raises(InvalidDataError, match="not a pair"):
        ds[1]


def test_empty_split_says_so(tmp_path: Path) -> None:
    for kind in ("image", "label"):
        (tmp_path / fake.FOLDER / "val" / kind).mkdir(parents=True)
    with pytest.raises(InvalidDataError, match=r"holds no \.tif tile"):
        WHUBuilding(tmp_path, split="val")


def test_plot(root: Path) -> None:
    check_plot(WHUBuilding(root, split="val"))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("whu_building", data=root)
    assert "bands=['R'] selects one channel" in report.passed

"""ISPRS Potsdam loader against fake archives in the publisher's layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import potsdam as fake
from fakedata._segutil import served_resources, wrong_md5
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.datasets.potsdam import Potsdam

matplotlib.use("Agg")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    fake.make(tmp_path, extract=True)
    return tmp_path


def test_registry_returns_class() -> None:
    assert geoplug.datasets.get("potsdam") is Potsdam
    assert geoplug.datasets.info("potsdam").num_classes == 6


@pytest.mark.parametrize(("split", "tiles", "first"), [("train", 2, 0), ("test", 1, 2)])
def test_whole_tiles_per_split(root: Path, split: str, tiles: int, first: int) -> None:
    ds = Potsdam(root, split=split, patch_size=None)
    assert len(ds) == tiles
    sample = ds[0]
    assert sample["image"].shape == (4, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(fake.class_map(first)))
    assert torch.equal(sample["image"], torch.from_numpy(fake.image_for(first)).float())


def test_chips_are_windows(root: Path) -> None:
    ds = Potsdam(root, split="train", patch_size=16)
    # 40 px -> offsets 0, 16, 24 on each axis, 9 chips per tile
    assert len(ds) == 18
    sample = ds[5]  # tile 0, row offset 16, column offset 24
    assert sample["image"].shape == (4, 16, 16)
    expected = fake.class_map(0)[16:32, 24:40]
    assert torch.equal(sample["mask"], torch.from_numpy(expected))
    assert torch.equal(sample["image"],
                       torch.from_numpy(fake.image_for(0)[:, 16:32, 24:40]).float())
    assert sample["crs"] == CRS.from_epsg(32633)
    b = sample["bounds"]
    assert b.minx == pytest.approx(368000.0 + 24 * 0.05)
    assert b.maxy == pytest.approx(5808000.0 - 16 * 0.05)
    assert b.maxx - b.minx == pytest.approx(16 * 0.05)
    offset = ds[14]  # tile 1, row offset 16, column offset 24
    # chip pixel (3, 5) is tile pixel (19, 29): 41*1 + 17*b + 7*19 + 3*29 + 19*29 (mod 256)
    assert offset["image"][:, 3, 5].tolist() == [44.0, 61.0, 78.0, 95.0]
    assert offset["mask"][3, 5].item() == fake.class_map(1)[19, 29]
    assert torch.equal(offset["mask"], torch.from_numpy(fake.class_map(1)[16:32, 24:40]))
    assert torch.equal(offset["image"],
                       torch.from_numpy(fake.image_for(1)[:, 16:32, 24:40]).float())


def test_default_patch_larger_than_tile_gives_one_chip(root: Path) -> None:
    ds = Potsdam(root)
    assert len(ds) == 2
    assert ds[1]["image"].shape == (4, fake.SIZE, fake.SIZE)


def test_band_selection_order(root: Path) -> None:
    ds = Potsdam(root, bands=["IR", "R"], patch_size=None)
    assert ds[0]["image"][:, 2, 3].tolist() == [80.0, 29.0]  # 17*b + 7*2 + 3*3 + 2*3
    assert Potsdam(root, bands=["R", "G", "B"]).rgb_indices == [0, 1, 2]
    with pytest.raises(ValueError, match="unknown band"):
        Potsdam(root, bands=["NIR"])


def test_transforms_applied(root: Path) -> None:
    def double(sample: dict) -> dict:
        return {**sample, "image": sample["image"] * 2}

    ds = Potsdam(root, patch_size=None, transforms=double)
    assert ds[0]["image"][0, 2, 3].item() == 58.0


def test_invalid_split(root: Path) -> None:
    with pytest.raises(ValueError, match="split 'val'"):
        Potsdam(root, split="val")


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True") as info:
        Potsdam(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_download_from_publisher_is_refused_with_hint(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="on request"):
        Potsdam(tmp_path, download=True)


def test_extracts_archives_on_disk(tmp_path: Path) -> None:
    info = fake.make(tmp_path)
    assert not (tmp_path / "4_Ortho_RGBIR").exists()
    ds = Potsdam(tmp_path, split="test", patch_size=None)
    assert len(ds) == 1
    assert (tmp_path / "4_Ortho_RGBIR" / "top_potsdam_5_15_RGBIR.tif").is_file()
    assert (tmp_path / "top_potsdam_5_15_label.tif").is_file()
    assert info["md5"]


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(Potsdam, "resources",
                        served_resources(Potsdam.resources, http_server.url, info["md5"]))
    root = tmp_path / "data"
    ds = Potsdam(root, download=True, checksum=True, patch_size=None)
    assert len(ds) == 2
    assert (root / "4_Ortho_RGBIR.zip").is_file()
    assert http_server.stats.bytes_sent > 0


def test_checksum_mismatch(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    monkeypatch.setattr(Potsdam, "resources", wrong_md5(Potsdam.resources))
    with pytest.raises(ChecksumError, match=r"4_Ortho_RGBIR\.zip"):
        Potsdam(tmp_path, checksum=True)


def test_corrupt_tile_is_reported(root: Path) -> None:
    (root / "4_Ortho_RGBIR" / "top_potsdam_2_10_RGBIR.tif").write_bytes(b"not a tiff")
    from geoplug.core.errors import InvalidDataError

    with pytest.raises(InvalidDataError, match=r"top_potsdam_2_10_RGBIR\.tif"):
        Potsdam(root)


def test_a_colour_of_no_class_is_ignored_not_clutter() -> None:
    # clutter (red) is a scored class: a stray colour, or the eroded references' black
    # boundary, was trained and scored as clutter
    from geoplug.core.registry import datasets
    from geoplug.datasets._isprs import ISPRS_COLORS, UNKNOWN, rgb_to_index

    rgb = np.array([[[0, 12, 0, 255]], [[0, 34, 0, 0]], [[255, 56, 0, 0]]], dtype=np.uint8)
    # blue (building), an odd colour, black, red (clutter)
    assert rgb_to_index(rgb, ISPRS_COLORS).tolist() == [[2, UNKNOWN, UNKNOWN, 0]]
    assert ISPRS_COLORS[0] == (255, 0, 0)
    for name in ("potsdam", "vaihingen"):  # what the data modules hand the tasks
        assert datasets.info(name).ignore_index == UNKNOWN


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    ds = Potsdam(root, patch_size=None)
    fig = ds.plot(ds[0], suptitle="potsdam")
    assert isinstance(fig, Figure)
    plt.close(fig)


def test_dataset_shutil_copy_is_independent(root: Path, tmp_path: Path) -> None:
    other = tmp_path / "copy"
    shutil.copytree(root / "4_Ortho_RGBIR", other / "4_Ortho_RGBIR")
    with pytest.raises(DatasetNotFoundError):
        Potsdam(other)  # images without labels are not a dataset

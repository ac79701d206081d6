"""Five-Billion-Pixels loader against fake release folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch

import geoplug.datasets
from fakedata import five_billion_pixels as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, made_root
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.five_billion_pixels import FiveBillionPixels

root = made_root(fake.make, "five_billion_pixels")


def test_registry() -> None:
    assert geoplug.datasets.get("five_billion_pixels") is FiveBillionPixels
    info = geoplug.datasets.info("five_billion_pixels")
    assert len(info.classes) == 25
    assert info.classes[0] == "unlabeled" and info.classes[24] == "airport"
    assert FiveBillionPixels.splits == ("train",)


def test_fake_is_cmyk_like_the_release(root: Path) -> None:
    """Read plainly, GDAL converts the files to RGBA: the loader must not."""
    path = next((root / "Image__8bit_NirRGB").glob("*.tiff"))
    with rasterio.open(path) as src:
        assert not np.array_equal(src.read(), fake.image_for(0))


def test_whole_scenes(root: Path) -> None:
    ds = FiveBillionPixels(root, patch_size=None)
    assert len(ds) == 3
    order = sorted(range(3), key=lambda i: fake.SCENES[i])
    for k, index in enumerate(order):
        sample = ds[k]
        assert set(sample) == {"image", "mask"}
        assert sample["image"].dtype == torch.float32
        assert sample["mask"].dtype == torch.int64
        assert torch.equal(sample["image"], torch.from_numpy(fake.image_for(index)).float())
        assert torch.equal(sample["mask"], torch.from_numpy(fake.class_map(index)).long())


def test_windowed_chips(root: Path) -> None:
    ds = FiveBillionPixels(root, patch_size=16, stride=12)
    # width 40 -> 0, 12, 24; height 36 -> 0, 12, 20: 9 chips per scene
    assert len(ds) == 27
    chip = ds[9 + 5]  # second scene in name order, row offset 12, column offset 24
    index = sorted(range(3), key=lambda i: fake.SCENES[i])[1]
    assert chip["image"].shape == (4, 16, 16)
    assert torch.equal(chip["image"],
                       torch.from_numpy(fake.image_for(index)[:, 12:28, 24:40]).float())
    assert torch.equal(chip["mask"],
                       torch.from_numpy(fake.class_map(index)[12:28, 24:40]).long())
    # pixel (3, 5) of the chip is scene pixel (15, 29), band R:
    # 41 i + 17 + 7*15 + 3*29 + 15*29 (mod 256)
    assert chip["image"][1, 3, 5].item() == (41 * index + 17 + 105 + 87 + 435) % 256


def test_band_selection(root: Path) -> None:
    ds = FiveBillionPixels(root, bands=["R", "G", "B"], patch_size=None)
    index = sorted(range(3), key=lambda i: fake.SCENES[i])[0]
    assert torch.equal(ds[0]["image"], torch.from_numpy(fake.image_for(index)[1:]).float())
    assert ds.rgb_indices == [0, 1, 2]


def test_tif_suffix_and_nested_folder(tmp_path: Path) -> None:
    fake.make(tmp_path / "Five-Billion-Pixels", suffix=".tif")
    ds = FiveBillionPixels(tmp_path, patch_size=None)
    assert len(ds) == 3


def test_missing_annotation(tmp_path: Path) -> None:
    fake.make(tmp_path)
    (tmp_path / "Annotation__index" / f"{fake.SCENES[1]}_24label.png").unlink()
    with pytest.raises(InvalidDataError, match=rf"{fake.SCENES[1]}\.tiff has no annotation"):
        FiveBillionPixels(tmp_path)


def test_truncated_image(tmp_path: Path) -> None:
    fake.make(tmp_path)
    (tmp_path / "Image__8bit_NirRGB" / f"{fake.SCENES[0]}.tiff").write_bytes(b"II*\x00")
    with pytest.raises(InvalidDataError, match=fake.SCENES[0]):
        FiveBillionPixels(tmp_path)


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "Image__8bit_NirRGB").mkdir()
    with pytest.raises(InvalidDataError, match=r"holds no <scene>\.tiff image"):
        FiveBillionPixels(tmp_path)


def test_invalid_patch_size(root: Path) -> None:
    with pytest.raises(ValueError, match="patch_size"):
        FiveBillionPixels(root, patch_size=0)
    with pytest.raises(ValueError, match="split"):
        FiveBillionPixels(root, split="val")


def test_not_found(tmp_path: Path) -> None:
    check_not_found_hint(FiveBillionPixels, tmp_path, "x-ytong.github.io",
                         "Image__8bit_NirRGB")


def test_only_color_annotations_is_an_error(tmp_path: Path) -> None:
    fake.make(tmp_path)
    shutil.rmtree(tmp_path / "Annotation__index")
    with pytest.raises(InvalidDataError, match="Annotation__index"):
        FiveBillionPixels(tmp_path)


def test_plot(root: Path) -> None:
    check_plot(FiveBillionPixels(root, patch_size=16))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("five_billion_pixels", data=root)
    assert report.passed

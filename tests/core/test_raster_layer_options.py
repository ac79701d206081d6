"""RasterDataset options for layers: float masks (``mask_dtype``), per-band scale and offset."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
import rasterio
import torch
from affine import Affine

from geoplug.core import BoundingBox
from geoplug.core.raster import RasterDataset


class _Codes(RasterDataset):
    filename_glob: ClassVar[str] = "*.tif"
    is_image: ClassVar[bool] = False


class _Heights(_Codes):
    mask_dtype: ClassVar[str] = "float32"


def _write(path: Path) -> np.ndarray:
    cols, rows = np.meshgrid(np.arange(16), np.arange(16))
    data = (rows * 1.25 + cols * 0.5).astype(np.float32)
    with rasterio.open(path, "w", driver="GTiff", width=16, height=16, count=1,
                       dtype="float32", crs="EPSG:32633",
                       transform=Affine(10, 0, 400000, 0, -10, 5000000)) as dst:
        dst.write(data, 1)
    return data


def test_float_masks_keep_fractions(tmp_path: Path) -> None:
    data = _write(tmp_path / "h.tif")
    q = BoundingBox(400020, 400100, 4999880, 4999960, -np.inf, np.inf)  # rows 4-11, cols 2-9
    heights = _Heights(tmp_path, cache=False)[q]["mask"]
    assert heights.dtype == torch.float32 and heights.shape == (8, 8)
    np.testing.assert_array_equal(heights.numpy(), data[4:12, 2:10])
    codes = _Codes(tmp_path, cache=False)[q]["mask"]
    assert codes.dtype == torch.int64
    np.testing.assert_array_equal(codes.numpy(), data[4:12, 2:10].astype(np.int64))


def test_float_masks_refuse_deferred_int_masks(tmp_path: Path) -> None:
    _write(tmp_path / "h.tif")
    with pytest.raises(ValueError, match=r"float32 masks.*keep_dtype=True"):
        _Heights(tmp_path, cache=False, defer_resampling=True)
    ds = _Heights(tmp_path, cache=False, defer_resampling=True, keep_dtype=True)
    assert ds.defer_resampling


class _Scaled(RasterDataset):
    filename_glob: ClassVar[str] = "*.tif"


def test_band_scale_and_offset_keep_the_fill_value(tmp_path: Path) -> None:
    cols, rows = np.meshgrid(np.arange(8), np.arange(8))
    data = np.stack([rows * 8 + cols, 100 + rows]).astype(np.int16)
    data[:, 0, 0] = -9999
    with rasterio.open(tmp_path / "s.tif", "w", driver="GTiff", width=8, height=8, count=2,
                       dtype="int16", crs="EPSG:32633", nodata=-9999,
                       transform=Affine(10, 0, 400000, 0, -10, 5000000)) as dst:
        dst.write(data)
    ds = _Scaled(tmp_path, cache=False)
    ds.band_scale = np.array([0.5, 2.0], np.float32)
    ds.band_offset = np.array([1.0, -100.0], np.float32)
    image = ds[ds.bounds]["image"].numpy()
    np.testing.assert_array_equal(image[0, 1:], data[0, 1:] * 0.5 + 1.0)
    np.testing.assert_array_equal(image[1, 1:], data[1, 1:] * 2.0 - 100.0)
    assert image[0, 0, 0] == -9999 and image[1, 0, 0] == -9999
    raw = _Scaled(tmp_path, cache=False, keep_dtype=True)
    raw.band_scale = ds.band_scale
    assert raw[raw.bounds]["image"].dtype == torch.int16  # keep_dtype: numbers as stored


class _Gains(RasterDataset):
    """One file per band whose name also changes with the band: ``lo_b1.tif``, ``hi_b2.tif``."""

    filename_glob: ClassVar[str] = "*_b*.tif"
    filename_regex: ClassVar[str] = r"^(?:lo|hi)_(?P<band>b\d)\.tif$"
    separate_files: ClassVar[bool] = True
    all_bands: ClassVar[tuple[str, ...]] = ("b1", "b2")

    def _band_file(self, name: str, match: re.Match[str], band: str) -> str:
        return ("hi_" if band == "b2" else "lo_") + band + ".tif"


def test_band_file_hook_pairs_differently_named_band_files(tmp_path: Path) -> None:
    for name, value in (("lo_b1.tif", 7), ("hi_b2.tif", 9)):
        with rasterio.open(tmp_path / name, "w", driver="GTiff", width=4, height=4, count=1,
                           dtype="uint8", crs="EPSG:32633",
                           transform=Affine(10, 0, 400000, 0, -10, 5000000)) as dst:
            dst.write(np.full((4, 4), value, np.uint8), 1)
    ds = _Gains(tmp_path, cache=False)
    assert len(ds) == 1  # hi_b2.tif is the second band of lo_b1.tif's scene, not a scene
    image = ds[ds.bounds]["image"]
    assert image[:, 0, 0].tolist() == [7.0, 9.0]
    assert _Gains(tmp_path, bands=["b2"], cache=False)[ds.bounds]["image"][0, 0, 0] == 9

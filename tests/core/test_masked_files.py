"""Files whose mask (an internal mask band, as JPEG-compressed imagery has, or an alpha band)
says where the data is, without a nodata value: their masked pixels are no data, as GDAL has
them, in composites, warps (nearest, bilinear, GDAL's other methods) and the header cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.enums import Resampling
from rasterio.env import Env
from rasterio.merge import merge
from rasterio.transform import from_origin
from rasterio.warp import reproject

from geoplug.core.bbox import BoundingBox
from geoplug.core.headers import read_header
from geoplug.core.raster import RasterDataset

SIZE = 40


def _masked_tif(path: Path, alpha: bool = False) -> np.ndarray:
    """A uint8 file with values varying in space; its left third is masked out (its pixels
    hold 7, the residue a lossy codec leaves there). Returns the mask."""
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    data = (20 + 3 * rows + 2 * cols).astype(np.uint8)[None]
    mask = np.full((SIZE, SIZE), 255, np.uint8)
    mask[:, :SIZE // 3] = 0
    data[:, mask == 0] = 7
    path.parent.mkdir(parents=True, exist_ok=True)
    profile = dict(driver="GTiff", width=SIZE, height=SIZE, dtype="uint8", crs="EPSG:32633",
                   transform=from_origin(500_000, 4_000_000 + SIZE * 30, 30, 30))
    if alpha:
        with rasterio.open(path, "w", count=2, photometric="minisblack", **profile) as dst:
            dst.write(data[0], 1)
            dst.write(mask, 2)
            dst.colorinterp = [rasterio.enums.ColorInterp.gray, rasterio.enums.ColorInterp.alpha]
    else:
        with Env(GDAL_TIFF_INTERNAL_MASK=True), rasterio.open(path, "w", count=1,
                                                              **profile) as dst:
            dst.write(data)
            dst.write_mask(mask)
    return mask > 0


def _plain_tif(path: Path, value: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    with rasterio.open(path, "w", driver="GTiff", width=SIZE, height=SIZE, count=1,
                       dtype="uint8", crs="EPSG:32633",
                       transform=from_origin(500_000, 4_000_000 + SIZE * 30, 30,
                                             30)) as dst:
        dst.write((value + rows + cols).astype(np.uint8)[None])


class Dated(RasterDataset):
    filename_glob = "*.tif"
    filename_regex = r".*_(?P<date>\d{8})\.tif"


def test_the_header_says_a_file_is_masked(tmp_path: Path) -> None:
    _masked_tif(tmp_path / "m.tif")
    _masked_tif(tmp_path / "a.tif", alpha=True)
    _plain_tif(tmp_path / "p.tif", 1)
    assert read_header(str(tmp_path / "m.tif")).masked
    assert read_header(str(tmp_path / "a.tif")).masked
    assert not read_header(str(tmp_path / "p.tif")).masked


def test_a_masked_file_leaves_its_masked_pixels_to_the_next(tmp_path: Path) -> None:
    # the earlier file's masked third held 7s, which hid the later file's pixels
    _masked_tif(tmp_path / "a_20200101.tif")
    _plain_tif(tmp_path / "b_20200201.tif", 100)
    got = Dated(tmp_path, keep_dtype=True)[BoundingBox(500_000, 500_000 + SIZE * 30,
                                                       4_000_000, 4_000_000 + SIZE * 30)]
    expected, _ = merge([str(tmp_path / "a_20200101.tif"), str(tmp_path / "b_20200201.tif")])
    np.testing.assert_array_equal(got["image"].numpy(), expected)
    assert not (got["image"] == 7).any()


@pytest.mark.parametrize("method", ["nearest", "bilinear", "cubic"])
@pytest.mark.parametrize("alpha", [False, True])
def test_a_warped_masked_file_equals_gdal(tmp_path: Path, method: str, alpha: bool) -> None:
    path = tmp_path / "a_20200101.tif"
    _masked_tif(path, alpha=alpha)
    ds = Dated(tmp_path, crs="EPSG:32634", res=25.0, resampling=method, keep_dtype=True,
               bands=None)
    b = ds.bounds
    q = BoundingBox(b.minx + 50, b.minx + 50 + 25 * 32, b.maxy - 50 - 25 * 32, b.maxy - 50)
    got = ds[q]["image"].numpy()[0]
    expected = np.zeros((32, 32), np.uint8)
    with rasterio.open(path) as src:  # GDAL's warp of the band (with its mask), or of the
        # band as masked by its alpha band (GDAL warps an alpha band with the dataset)
        source = src.read(1, masked=True) if alpha else rasterio.band(src, 1)
        reproject(source, expected, src_transform=src.transform, src_crs=src.crs,
                  dst_transform=from_origin(q.minx, q.maxy, 25, 25), dst_crs="EPSG:32634",
                  dst_nodata=0, resampling=Resampling[method])
    assert not (got == 7).any()
    assert (expected == 0).sum() > 50  # the masked third is there, as no data
    if method == "nearest":
        np.testing.assert_array_equal(got, expected)
    else:
        assert np.abs(got.astype(int) - expected.astype(int)).max() <= 1
        np.testing.assert_array_equal(got == 0, expected == 0)


def test_masked_files_are_not_deferred(tmp_path: Path) -> None:
    _masked_tif(tmp_path / "a_20200101.tif")
    with pytest.raises(ValueError, match="mask"):
        Dated(tmp_path, crs="EPSG:32634", res=25.0, defer_resampling=True)

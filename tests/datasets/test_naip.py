"""NAIP quarter quads: 4-band uint8, UTM, 1 m, composited across tiles."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata.naip import naip_tile, naip_value
from geoplug.core import BoundingBox
from geoplug.core.errors import InvalidDataError
from geoplug.datasets.naip import NAIP


def test_tile_values_bands_and_date(tmp_path: Path) -> None:
    naip_tile(tmp_path)
    ds = NAIP(tmp_path, bands=["NIR", "R"], cache=False)
    assert ds.crs.to_epsg() == 26918 and ds.res == (1.0, 1.0)
    assert tuple(ds.bounds)[:4] == (450000.0, 450200.0, 4300000.0, 4300200.0)
    q = BoundingBox(450010, 450042, 4300100, 4300132, ds.bounds.mint, ds.bounds.maxt)
    image = ds[q]["image"]
    assert image.shape == (2, 32, 32) and image.dtype == torch.float32
    cols, rows = np.meshgrid(np.arange(32), np.arange(32))
    xs, ys = 450010 + cols + 0.5, 4300132 - rows - 0.5
    np.testing.assert_array_equal(image[0].numpy(), naip_value(xs, ys, 4))
    np.testing.assert_array_equal(image[1].numpy(), naip_value(xs, ys, 1))
    assert ds.files[0].endswith("m_3807511_ne_18_100_20181104.tif")


def test_two_adjacent_tiles_compose(tmp_path: Path) -> None:
    naip_tile(tmp_path, name="m_3807511_ne_18_100_20181104.tif")
    naip_tile(tmp_path, name="m_3807511_nw_18_100_20181104.tif", origin=(449800.0, 4300200.0))
    ds = NAIP(tmp_path, keep_dtype=True, cache=False)
    assert len(ds) == 2
    q = BoundingBox(449990, 450010, 4300100, 4300120, ds.bounds.mint, ds.bounds.maxt)
    image = ds[q]["image"]
    assert image.dtype == torch.uint8
    cols, rows = np.meshgrid(np.arange(20), np.arange(20))
    np.testing.assert_array_equal(image[2].numpy(),
                                  naip_value(449990 + cols + 0.5, 4300120 - rows - 0.5, 3))


def test_three_band_year_needs_rgb(tmp_path: Path) -> None:
    naip_tile(tmp_path, bands=3)
    with pytest.raises(InvalidDataError, match="3 band"):
        NAIP(tmp_path, cache=False)
    assert NAIP(tmp_path, bands=["R", "G", "B"], cache=False).bands == ("R", "G", "B")


def test_pre_2013_names_and_upper_case_extension(tmp_path: Path) -> None:
    """1 m years before 2013 write the resolution as ``1``; ``.TIF`` copies are read too."""
    naip_tile(tmp_path, name="m_3807511_ne_18_1_20120611.tif")
    naip_tile(tmp_path, name="m_3807511_nw_18_060_20190605_20191010.TIF",
              origin=(449800.0, 4300200.0))
    ds = NAIP(tmp_path, cache=False)
    assert len(ds) == 2
    assert sorted(p.rsplit("/", 1)[-1][:17] for p in ds.files) == [
        "m_3807511_ne_18_1", "m_3807511_nw_18_0"]
    q = BoundingBox(450000, 450010, 4300100, 4300110, ds.bounds.mint, ds.bounds.maxt)
    cols, rows = np.meshgrid(np.arange(10), np.arange(10))
    np.testing.assert_array_equal(ds[q]["image"][0].numpy(),
                                  naip_value(450000 + cols + 0.5, 4300110 - rows - 0.5, 1))


def test_2016_names_with_h_resolution(tmp_path: Path) -> None:
    """Some 2016 states write the resolution field as ``h``: those tiles are indexed too."""
    naip_tile(tmp_path, name="m_4207201_ne_18_h_20160809.tif")
    naip_tile(tmp_path, name="m_4207201_nw_18_060_20160809.tif", origin=(449800.0, 4300200.0))
    ds = NAIP(tmp_path, cache=False)
    assert len(ds) == 2
    q = BoundingBox(450000, 450010, 4300100, 4300110, ds.bounds.mint, ds.bounds.maxt)
    cols, rows = np.meshgrid(np.arange(10), np.arange(10))
    np.testing.assert_array_equal(ds[q]["image"][1].numpy(),
                                  naip_value(450000 + cols + 0.5, 4300110 - rows - 0.5, 2))


def test_jpeg2000_copy(tmp_path: Path) -> None:
    """A lossless ``.jp2`` quarter quad (EarthExplorer format) reads like the GeoTIFF."""
    import rasterio.shutil

    tif = naip_tile(tmp_path / "tif", size=64)
    jp2 = tmp_path / "jp2" / (tif.stem + ".jp2")
    jp2.parent.mkdir()
    rasterio.shutil.copy(tif, jp2, driver="JP2OpenJPEG", QUALITY="100", REVERSIBLE="YES")
    ds = NAIP(tmp_path / "jp2", cache=False)
    assert ds.files[0].endswith(".jp2") and ds.crs.to_epsg() == 26918
    q = BoundingBox(450000, 450016, 4300184, 4300200, ds.bounds.mint, ds.bounds.maxt)
    cols, rows = np.meshgrid(np.arange(16), np.arange(16))
    np.testing.assert_array_equal(ds[q]["image"][3].numpy(),
                                  naip_value(450000 + cols + 0.5, 4300200 - rows - 0.5, 4))

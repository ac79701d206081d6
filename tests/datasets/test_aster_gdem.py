"""ASTER GDEM v3: dem and num files as bands, whole-degree pixel centres, zips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid, window
from fakedata.aster_gdem import RES, gdem_tile, gdem_value, gdem_zip, upper_left
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.aster_gdem import AsterGDEM


def _query(ds: AsterGDEM, tile: str, row: int, col: int, n: int) -> BoundingBox:
    return window(upper_left(tile), RES, row, col, n, (ds.bounds.mint, ds.bounds.maxt))


def test_dem_default_and_both_bands(tmp_path: Path) -> None:
    gdem_tile(tmp_path, "N45E006", k=1)
    ds = AsterGDEM(tmp_path, cache=False)
    assert ds.bands == ("dem",) and ds.crs.to_epsg() == 4326
    assert ds.res == pytest.approx((RES, RES))
    assert ds.bounds.minx == pytest.approx(6 - RES / 2) and ds.bounds.maxy == pytest.approx(
        46 + RES / 2)
    image = ds[_query(ds, "N45E006", 3, 7, 12)]["image"]
    assert image.dtype == torch.float32 and image.shape == (1, 12, 12)
    rows, cols = grid(12, 12)
    np.testing.assert_array_equal(image[0].numpy(), gdem_value(1, rows + 3, cols + 7, "dem"))
    both = AsterGDEM(tmp_path, bands=["num", "dem"], cache=False)
    image = both[_query(both, "N45E006", 3, 7, 12)]["image"]
    np.testing.assert_array_equal(image[0].numpy(), gdem_value(1, rows + 3, cols + 7, "num"))
    np.testing.assert_array_equal(image[1].numpy(), gdem_value(1, rows + 3, cols + 7, "dem"))
    with pytest.raises(ValueError, match=r"unknown band"):
        AsterGDEM(tmp_path, bands=["slope"], cache=False)


def test_num_is_resampled_by_nearest(tmp_path: Path) -> None:
    """``num`` holds scene counts (and fill-source codes): at another resolution each pixel
    takes a source pixel's value, never an average (bilinear gave 4.5 and the like)."""
    gdem_tile(tmp_path, "N45E006", k=1)
    ds = AsterGDEM(tmp_path, bands=["num"], res=2 * RES, cache=False)
    x, y = upper_left("N45E006")
    q = BoundingBox(x, x + 20 * RES, y - 20 * RES, y, ds.bounds.mint, ds.bounds.maxt)
    image = ds[q]["image"][0].numpy()
    rows, cols = grid(10, 10)  # output centres fall on source pixel corners (2r + 1, 2c + 1)
    np.testing.assert_array_equal(image, gdem_value(1, 2 * rows + 1, 2 * cols + 1, "num"))
    dem = AsterGDEM(tmp_path, res=2 * RES, cache=False)[q]["image"][0].numpy()
    # heights alone keep bilinear: the mean of the four pixels around each centre, rounded
    np.testing.assert_array_equal(dem[1:, 1:], (602 + 4 * rows + 2 * cols)[1:, 1:])


def test_missing_num_file(tmp_path: Path) -> None:
    gdem_tile(tmp_path)[1].unlink()
    assert len(AsterGDEM(tmp_path, cache=False)) == 1  # dem alone is enough
    with pytest.raises(InvalidDataError, match=r"ASTGTMV003_N45E006_num.tif"):
        AsterGDEM(tmp_path, bands=["dem", "num"], cache=False)


def test_zips_of_two_tiles(tmp_path: Path) -> None:
    gdem_zip(tmp_path, "N45E006", k=0)
    gdem_zip(tmp_path, "S01W072", k=2)
    ds = AsterGDEM(tmp_path, cache=False)
    assert len(ds) == 2
    rows, cols = grid(5, 5)
    np.testing.assert_array_equal(ds[_query(ds, "S01W072", 10, 20, 5)]["image"][0].numpy(),
                                  gdem_value(2, rows + 10, cols + 20, "dem"))


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"Earthdata login.*lpdaac"):
        AsterGDEM(tmp_path, cache=False)


def test_plot_and_conformance(tmp_path: Path) -> None:
    gdem_tile(tmp_path)
    ds = AsterGDEM(tmp_path, cache=False)
    assert ds.plot(ds[ds.bounds]).axes[0].get_title() == "ASTER GDEM"
    check_dataset_plugin("aster_gdem", data=tmp_path, kwargs={"cache": False})

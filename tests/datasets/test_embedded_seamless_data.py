"""Embedded Seamless Data: the FSQ decoding of the monthly indices, channel subsets, years,
places without a tile, stacking onto CDL."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from affine import Affine
from pyproj import Transformer

from fakedata._earth_embeddings import gdal_nearest
from fakedata._layers import grid, write_tif
from fakedata.cdl import cdl
from fakedata.embedded_seamless_data import esd_index, esd_tile
from geoplug.core import BoundingBox, RandomGeoSampler
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.cdl import CDL
from geoplug.datasets.embedded_seamless_data import EmbeddedSeamlessData

MONTHS = np.arange(1, 13)[:, None, None]
INF = (-np.inf, np.inf)


def _decoded(indices: np.ndarray) -> np.ndarray:
    """ESDNet's decoder written out, digit by digit: ``[M, H, W]`` -> ``[M * 6, H, W]``."""
    out = []
    for month in indices.astype(np.int64):
        rest = month
        for level in (8, 8, 8, 5, 5, 5):
            digit = rest % level
            rest = rest // level
            out.append((digit - level // 2) / (level // 2))
    return np.stack(out).astype(np.float32)


def _window(row: int, col: int, n: int, origin: tuple[float, float] = (300000.0, 3400020.0),
            times: tuple[float, float] = INF) -> BoundingBox:
    x, y = origin
    return BoundingBox(x + 30 * col, x + 30 * (col + n), y - 30 * (row + n), y - 30 * row, *times)


def test_window_is_the_decoded_months(tmp_path: Path) -> None:
    esd_tile(tmp_path, k=1)
    ds = EmbeddedSeamlessData(tmp_path, cache=False)
    assert len(ds) == 1 and ds.crs.to_epsg() == 32636 and ds.res == (30.0, 30.0)
    assert ds.bands[:7] == ("M01_C1", "M01_C2", "M01_C3", "M01_C4", "M01_C5", "M01_C6",
                            "M02_C1")
    assert ds.bounds.mint == pytest.approx(1704067200.0)  # 2024 from the name
    image = ds[_window(4, 7, 6)]["image"]
    assert image.dtype == torch.float32 and image.shape == (72, 6, 6)
    rows, cols = grid(6, 6)
    want = _decoded(esd_index(1, MONTHS, rows[None] + 4, cols[None] + 7))
    np.testing.assert_array_equal(image.numpy(), want)
    assert set(np.unique(image.numpy()[3])) <= {-1.0, -0.5, 0.0, 0.5, 1.0}  # a level of 5
    assert len(np.unique(image.numpy()[::6])) > 4  # the first digit varies
    raw = EmbeddedSeamlessData(tmp_path, keep_dtype=True, cache=False)[_window(4, 7, 6)]
    assert raw["image"].dtype == torch.uint16 and raw["image"].shape == (12, 6, 6)
    np.testing.assert_array_equal(raw["image"].numpy().astype(np.int64),
                                  esd_index(1, MONTHS, rows[None] + 4, cols[None] + 7))


def test_channel_subset_reads_the_months_named(tmp_path: Path) -> None:
    esd_tile(tmp_path, k=2)
    ds = EmbeddedSeamlessData(tmp_path, bands=["M12_C6", "M03_C1", "M12_C1"], cache=False)
    assert ds.months == (3, 12)
    rows, cols = grid(5, 5)
    full = _decoded(esd_index(2, MONTHS, rows[None] + 1, cols[None]))
    np.testing.assert_array_equal(ds[_window(1, 0, 5)]["image"].numpy(),
                                  full[[11 * 6 + 5, 2 * 6, 11 * 6]])
    with pytest.raises(ValueError, match=r"unknown band"):
        EmbeddedSeamlessData(tmp_path, bands=["M13_C1"], cache=False)


def test_outside_the_tiles_is_nan_and_years_are_told_apart(tmp_path: Path) -> None:
    esd_tile(tmp_path, year=2023, k=3)
    esd_tile(tmp_path, year=2024, k=4)
    ds = EmbeddedSeamlessData(tmp_path, cache=False)
    assert len(ds) == 2
    rows, cols = grid(4, 2)
    y2023 = (1672531200.0, 1704067199.0)
    image = ds[_window(0, -2, 4, times=y2023)]["image"].numpy()
    assert np.isnan(image[:, :, :2]).all()
    np.testing.assert_array_equal(image[:, :, 2:],
                                  _decoded(esd_index(3, MONTHS, rows[None], cols[None])))


def test_a_file_without_the_monthly_bands_is_named(tmp_path: Path) -> None:
    write_tif(tmp_path / "SDC30_EBD_V001_36RUU_2024.tif", np.zeros((3, 4, 4), np.uint16),
              "EPSG:32636", Affine(30.0, 0, 300000.0, 0, -30.0, 3400020.0))
    with pytest.raises(InvalidDataError, match=r"SDC30_EBD_V001_36RUU_2024\.tif.*3 band"):
        EmbeddedSeamlessData(tmp_path, cache=False)


def test_stacked_on_cdl_with_a_sampler(tmp_path: Path) -> None:
    """ESD (UTM 16N) & CDL (Albers): patches on ESD's grid hold the tile's decoded indices
    (GDAL nearest) and CDL's classes under their pixels (GDAL nearest)."""
    west, north = 241020.0, 4431000.0
    tif = esd_tile(tmp_path / "esd", tile="16SBE", epsg=32616, origin=(west, north), k=5)
    xs, ys = Transformer.from_crs("EPSG:32616", "EPSG:5070", always_xy=True).transform(
        [west, west + 900, west, west + 900], [north, north, north - 900, north - 900])
    area = (min(xs) - 300, min(ys) - 300, max(xs) + 300, max(ys) + 300)
    cdl_tif = cdl(tmp_path / "cdl", year=2024, bounds=tuple(30.0 * round(v / 30) for v in area))
    ds = EmbeddedSeamlessData(tmp_path / "esd", cache=False) & CDL(tmp_path / "cdl",
                                                                   cache=False)
    for query in RandomGeoSampler(ds, size=8, length=3, seed=4):
        sample = ds[query]
        assert sample["image"].shape == (72, 8, 8) and sample["mask"].shape == (8, 8)
        indices = gdal_nearest(tif, list(range(1, 13)), query, 30.0, "EPSG:32616", "uint16")
        classes = gdal_nearest(cdl_tif, [1], query, 30.0, "EPSG:32616", "uint8")[0]
        np.testing.assert_array_equal(sample["image"].numpy(), _decoded(indices))
        np.testing.assert_array_equal(sample["mask"].numpy(), classes)


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"SDC30_EBD_V001_<tile>_<year>\.tif.*"
                                                   r"data-starcloud"):
        EmbeddedSeamlessData(tmp_path, cache=False)


def test_plot_and_conformance(tmp_path: Path) -> None:
    esd_tile(tmp_path)
    ds = EmbeddedSeamlessData(tmp_path, cache=False)
    fig = ds.plot(ds[_window(0, -3, 10)])
    assert fig.axes[0].get_title() == "Embedded Seamless Data"
    rgb = fig.axes[0].images[0].get_array()
    assert (rgb[:, :3] == 1).all() and rgb[:, 3:].min() == 0  # no tile: white
    check_dataset_plugin("embedded_seamless_data", data=tmp_path, kwargs={"cache": False})

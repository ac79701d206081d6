"""Google Satellite Embedding: bottom-up int8 COGs, the published de-quantisation, masked
pixels, year folders, stacking onto CDL with a sampler, download from a local server."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch
from pyproj import Transformer

from fakedata._earth_embeddings import gdal_nearest
from fakedata._layers import grid
from fakedata.cdl import cdl
from fakedata.google_satellite_embedding import gse_code, gse_file, gse_name
from geoplug.core import BoundingBox, RandomGeoSampler
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import google_satellite_embedding as module
from geoplug.datasets.cdl import CDL
from geoplug.datasets.google_satellite_embedding import GoogleSatelliteEmbedding

BANDS = np.arange(64)[:, None, None]
Y2023 = (1672531200.0, 1704067199.0)  # 2023, UTC
Y2024 = (1704067200.0, 1735689599.0)


def _published(codes: np.ndarray) -> np.ndarray:
    """Google's de-quantisation, written out: sign(v) * (|v| / 127.5) ** 2, NaN for -128."""
    v = codes.astype(np.float64)
    out = np.where(v < 0, -1.0, np.where(v > 0, 1.0, 0.0)) * (np.abs(v) / 127.5) ** 2
    return np.where(codes == -128, np.nan, out).astype(np.float32)


def _window(row: int, col: int, n: int, times: tuple[float, float] = Y2024,
            origin: tuple[float, float] = (500000.0, 4000000.0)) -> BoundingBox:
    """``n`` x ``n`` pixels from (``row`` from the north, ``col``) of a file at ``origin``."""
    x, y = origin
    return BoundingBox(x + 10 * col, x + 10 * (col + n), y - 10 * (row + n), y - 10 * row,
                       times[0] + 1, times[1] - 1)


def test_window_is_the_dequantised_codes_of_a_bottom_up_file(tmp_path: Path) -> None:
    tif = gse_file(tmp_path, k=1)
    with rasterio.open(tif) as src:
        assert src.transform.e > 0 and src.descriptions[0] == "A00"  # as published
    ds = GoogleSatelliteEmbedding(tmp_path, cache=False)
    assert len(ds) == 1  # the .vrt beside the file is not indexed
    assert ds.crs.to_epsg() == 32610 and ds.res == (10.0, 10.0)
    b = ds.bounds
    assert tuple(b)[:4] == (500000.0, 500240.0, 3999760.0, 4000000.0)
    assert (b.mint, b.maxt) == pytest.approx(Y2024, abs=1)
    image = ds[_window(3, 5, 10)]["image"]
    assert image.dtype == torch.float32 and image.shape == (64, 10, 10)
    rows, cols = grid(10, 10)
    want = _published(gse_code(1, BANDS, rows[None] + 3, cols[None] + 5))
    np.testing.assert_array_equal(image.numpy(), want)
    assert float(image.min()) < -0.5 and float(image.max()) > 0.5


def test_masked_pixels_and_places_without_a_file(tmp_path: Path) -> None:
    gse_file(tmp_path, k=2)
    query = _window(0, -2, 6)  # two columns west of the file, then its masked corner
    image = GoogleSatelliteEmbedding(tmp_path, cache=False)[query]["image"].numpy()
    assert np.isnan(image[:, :, :2]).all() and np.isnan(image[:, 0, 2:4]).all()
    assert not np.isnan(image[:, 1:, 2:]).any() and not np.isnan(image[:, 0, 4:]).any()
    filled = GoogleSatelliteEmbedding(tmp_path, masked=0.0, cache=False)[query]["image"]
    assert (filled[:, :, :2] == 0).all() and (filled[:, 0, 2:4] == 0).all()
    assert not torch.isnan(filled).any()


def test_keep_dtype_and_band_subset(tmp_path: Path) -> None:
    gse_file(tmp_path, k=3)
    rows, cols = grid(4, 4)
    raw = GoogleSatelliteEmbedding(tmp_path, keep_dtype=True, cache=False)[_window(2, 2, 4)]
    assert raw["image"].dtype == torch.int8
    np.testing.assert_array_equal(raw["image"].numpy(),
                                  gse_code(3, BANDS, rows[None] + 2, cols[None] + 2))
    ds = GoogleSatelliteEmbedding(tmp_path, bands=["A63", "A05"], cache=False)
    image = ds[_window(2, 2, 4)]["image"].numpy()
    want = _published(gse_code(3, np.array([63, 5])[:, None, None], rows[None] + 2,
                               cols[None] + 2))
    np.testing.assert_array_equal(image, want)
    with pytest.raises(ValueError, match=r"unknown band"):
        GoogleSatelliteEmbedding(tmp_path, bands=["A64"], cache=False)
    with pytest.raises(ValueError, match=r"keep_dtype=True"):
        GoogleSatelliteEmbedding(tmp_path, defer_resampling=True, cache=False)
    # averaging the int8 codes is not averaging the (squared) embeddings
    for kwargs in ({"merge": "mean"}, {"resampling": "bilinear"}):
        with pytest.raises(ValueError, match=r"combine the stored codes"):
            GoogleSatelliteEmbedding(tmp_path, cache=False, **kwargs)
    assert GoogleSatelliteEmbedding(tmp_path, merge="mean", keep_dtype=True, cache=False)


def test_years_are_dated_by_their_folders(tmp_path: Path) -> None:
    gse_file(tmp_path, year=2023, k=4)
    gse_file(tmp_path, year=2024, k=5)
    ds = GoogleSatelliteEmbedding(tmp_path, cache=False)
    assert len(ds) == 2
    rows, cols = grid(3, 3)
    for times, k in ((Y2023, 4), (Y2024, 5)):
        np.testing.assert_array_equal(
            ds[_window(1, 1, 3, times)]["image"].numpy(),
            _published(gse_code(k, BANDS, rows[None] + 1, cols[None] + 1)))
    only = GoogleSatelliteEmbedding(tmp_path, year=2023, cache=False)
    assert len(only) == 1 and only.year == 2023
    assert only.bounds.maxt == pytest.approx(Y2023[1], abs=1)
    with pytest.raises(DatasetNotFoundError, match=r"No file in a 2019/ folder"):
        GoogleSatelliteEmbedding(tmp_path, year=2019, cache=False)


def test_stacked_on_cdl_with_a_sampler(tmp_path: Path) -> None:
    """Embeddings & CDL (another CRS): each sampled patch holds the file's codes under the
    patch's pixels (GDAL nearest), de-quantised, and CDL's classes there (GDAL nearest)."""
    west, north = 241000.0, 4431000.0  # UTM 16N, near 40 N 90 W
    tif = gse_file(tmp_path / "gse", zone="16N", epsg=32616, origin=(west, north), size=40, k=6)
    to_albers = Transformer.from_crs("EPSG:32616", "EPSG:5070", always_xy=True)
    xs, ys = to_albers.transform([west, west + 400, west, west + 400],
                                 [north, north, north - 400, north - 400])
    area = (min(xs) - 300, min(ys) - 300, max(xs) + 300, max(ys) + 300)
    cdl_tif = cdl(tmp_path / "cdl", year=2024, bounds=tuple(30.0 * round(v / 30) for v in area))
    ds = GoogleSatelliteEmbedding(tmp_path / "gse", cache=False) & CDL(tmp_path / "cdl",
                                                                       cache=False)
    assert ds.crs.to_epsg() == 32616 and ds.res == (10.0, 10.0)
    for query in RandomGeoSampler(ds, size=8, length=4, seed=1):
        sample = ds[query]
        assert sample["image"].shape == (64, 8, 8) and sample["mask"].shape == (8, 8)
        codes = gdal_nearest(tif, list(range(1, 65)), query, 10.0, "EPSG:32616", "int8", -128)
        classes = gdal_nearest(cdl_tif, [1], query, 10.0, "EPSG:32616", "uint8")[0]
        np.testing.assert_array_equal(sample["image"].numpy(), _published(codes))
        np.testing.assert_array_equal(sample["mask"].numpy(), classes)
        assert (classes > 0).all()


def test_download_the_files_asked_for(tmp_path: Path, http_root: Path, http_server: object,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    gse_file(http_root, year=2024, zone="10N", k=7)
    gse_file(http_root, year=2024, zone="10N", k=8, origin=(500240.0, 4000000.0),
             offsets=(0, 8192))
    monkeypatch.setattr(module, "_URL", http_server.url)  # type: ignore[attr-defined]
    root = tmp_path / "aef"
    with pytest.raises(ValueError, match=r"download=True needs files="):
        GoogleSatelliteEmbedding(root, download=True, cache=False)
    with pytest.raises(ValueError, match=r"not a file key"):
        GoogleSatelliteEmbedding(root, files=["10N/x.tiff"], download=True, cache=False)
    keys = [f"2024/10N/{gse_name(7)}", f"2024/10N/{gse_name(8, 0, 8192)}"]
    ds = GoogleSatelliteEmbedding(root, files=keys, download=True, cache=False)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*.tiff")) == sorted(keys)
    assert len(ds) == 2
    rows, cols = grid(4, 4)
    np.testing.assert_array_equal(  # the second file, east of the first
        ds[_window(2, 25, 4)]["image"].numpy(),
        _published(gse_code(8, BANDS, rows[None] + 2, cols[None] + 1)))


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"<year>/<zone>/<id>-<row>-<col>\.tiff.*"
                                                   r"download=True with files="):
        GoogleSatelliteEmbedding(tmp_path, cache=False)


def test_plot_and_conformance(tmp_path: Path) -> None:
    gse_file(tmp_path)
    ds = GoogleSatelliteEmbedding(tmp_path, cache=False)
    fig = ds.plot(ds[_window(0, 0, 12)])
    assert fig.axes[0].get_title() == "Google Satellite Embedding"
    rgb = fig.axes[0].images[0].get_array()
    assert rgb.shape == (12, 12, 3) and (rgb[0, :2] == 1).all()  # masked: white
    assert rgb[1:].min() == 0 and rgb[1:].max() == 1
    check_dataset_plugin("google_satellite_embedding", data=tmp_path, kwargs={"cache": False})

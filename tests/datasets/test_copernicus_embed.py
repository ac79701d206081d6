"""Copernicus-Embed: the 0.25 degree map's vectors, ocean zeros, band subsets, CDL & embeddings
on CDL's grid, download with its MD5."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from pyproj import Transformer

from fakedata._earth_embeddings import gdal_nearest
from fakedata._layers import downloaded_checked, grid
from fakedata.cdl import cdl
from fakedata.copernicus_embed import FILE, embed_map, embed_value, ocean
from geoplug.core import BoundingBox, RandomGeoSampler
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import copernicus_embed as module
from geoplug.datasets.cdl import CDL
from geoplug.datasets.copernicus_embed import CopernicusEmbed

BANDS = np.arange(768)[:, None, None]
INF = (-np.inf, np.inf)


def _cells(row: int, col: int, n: int, m: int | None = None) -> BoundingBox:
    """``n`` x ``m`` cells of the full map from cell (``row``, ``col``) (cell (0, 0) is
    centred on 180 W, 90 N)."""
    m = n if m is None else m
    west, north = -180.125 + 0.25 * col, 90.125 - 0.25 * row
    return BoundingBox(west, west + 0.25 * m, north - 0.25 * n, north, *INF)


def test_cells_hold_their_vectors(tmp_path: Path) -> None:
    embed_map(tmp_path)  # cells 150-165 x 744-763 of the full map
    ds = CopernicusEmbed(tmp_path, cache=False)
    assert len(ds) == 1 and ds.crs.to_epsg() == 4326 and ds.res == (0.25, 0.25)
    assert ds.bands[0] == "E000" and len(ds.bands) == 768
    image = ds[_cells(153, 748, 5, 7)]["image"]
    assert image.dtype == torch.float32 and image.shape == (768, 5, 7)
    rows, cols = grid(5, 7)
    want = embed_value(BANDS, rows[None] + 153, cols[None] + 748)
    np.testing.assert_array_equal(image.numpy(), want)
    is_ocean = ocean(rows + 153, cols + 748)
    assert is_ocean.any() and (image.numpy()[:, is_ocean] == 0).all()
    assert (np.abs(image.numpy()[:, ~is_ocean]).sum(axis=0) > 0).all()


def test_band_subset_and_finer_grid(tmp_path: Path) -> None:
    embed_map(tmp_path)
    ds = CopernicusEmbed(tmp_path, bands=["E767", "E001"], res=0.05, cache=False)
    image = ds[_cells(151, 745, 2)]["image"].numpy()
    assert image.shape == (2, 10, 10)  # each cell is 5 x 5 output pixels: nearest
    rows, cols = grid(10, 10)
    want = embed_value(np.array([767, 1])[:, None, None], (rows[None] // 5) + 151,
                       (cols[None] // 5) + 745)
    np.testing.assert_array_equal(image, want)


def test_cdl_and_embeddings_with_a_sampler(tmp_path: Path) -> None:
    """On CDL's 30 m Albers grid each pixel takes the vector of the cell under its centre
    (GDAL nearest of the map), beside CDL's own classes."""
    tif = embed_map(tmp_path / "embed", row0=196, col0=356)  # around 40 N, 90 W
    # around the corner of four cells (89.875 W, 40.125 N)
    lon = np.array([-89.895, -89.855, -89.895, -89.855])
    lat = np.array([40.105, 40.105, 40.145, 40.145])
    xs, ys = Transformer.from_crs("EPSG:4326", "EPSG:5070", always_xy=True).transform(lon, lat)
    area = (min(xs), min(ys), max(xs), max(ys))
    cdl(tmp_path / "cdl", year=2023, bounds=tuple(30.0 * round(v / 30) for v in area))
    ds = CDL(tmp_path / "cdl", cache=False) & CopernicusEmbed(
        tmp_path / "embed", bands=["E000", "E383", "E767"], cache=False)
    assert ds.crs.to_epsg() == 5070 and ds.res == (30.0, 30.0)
    seen = set()
    for query in RandomGeoSampler(ds, size=32, length=3, seed=2):
        sample = ds[query]
        assert sample["image"].shape == (3, 32, 32) and sample["mask"].shape == (32, 32)
        want = gdal_nearest(tif, [1, 384, 768], query, 30.0, "EPSG:5070", "float32")
        np.testing.assert_array_equal(sample["image"].numpy(), want)
        seen.update(map(float, np.unique(sample["image"][0].numpy())))
    assert len(seen) > 1  # the patches cross cell edges


def test_download_and_checksums(tmp_path: Path, http_root: Path, http_server: object,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    served = embed_map(http_root, row0=100, col0=200, rows=4, cols=4)
    ds = downloaded_checked(
        monkeypatch, module, served, f"{http_server.url}/{FILE}",  # type: ignore[attr-defined]
        lambda folder: CopernicusEmbed(folder, download=True, cache=False), tmp_path)
    assert not (tmp_path / "bad" / FILE).exists()  # a bad download is not kept
    rows, cols = grid(4, 4)
    np.testing.assert_array_equal(ds[_cells(100, 200, 4)]["image"].numpy(),
                                  embed_value(BANDS, rows[None] + 100, cols[None] + 200))
    CopernicusEmbed(tmp_path / "ok", checksum=True, cache=False)  # the MD5 of the served file
    corrupt = tmp_path / "ok" / FILE
    corrupt.write_bytes(corrupt.read_bytes()[:-1] + b"\0")
    with pytest.raises(ChecksumError, match=r"embed_map_310k\.tif does not match"):
        CopernicusEmbed(tmp_path / "ok", checksum=True, cache=False)


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"embed_map_310k\.tif: pass download=True"):
        CopernicusEmbed(tmp_path, cache=False)


def test_plot_and_conformance(tmp_path: Path) -> None:
    embed_map(tmp_path)
    ds = CopernicusEmbed(tmp_path, cache=False)
    sample = ds[_cells(150, 744, 9)]
    fig = ds.plot(sample)
    assert fig.axes[0].get_title() == "Copernicus-Embed"
    rgb = fig.axes[0].images[0].get_array()
    rows, cols = grid(9, 9)
    assert (rgb[ocean(rows + 150, cols + 744)] == 1).all()  # ocean: white
    check_dataset_plugin("copernicus_embed", data=tmp_path, kwargs={"cache": False})

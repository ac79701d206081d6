"""Presto pixel embeddings of Togo: Earth Engine GeoTIFF tiles read as a raster layer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import window
from fakedata.presto_embeddings import BANDS, CORNER, RES, SIZE, value, write_tiles
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.presto_embeddings import PrestoEmbeddings


def expected(row: int, col: int, n: int) -> np.ndarray:
    """The ``[128, n, n]`` values of the mosaic window from pixel (``row``, ``col``)."""
    rows, cols = np.meshgrid(np.arange(row, row + n), np.arange(col, col + n), indexing="ij")
    return np.stack([value(b, rows, cols) for b in range(BANDS)]).astype(np.float32)


def test_window_across_the_seam(tmp_path: Path) -> None:
    write_tiles(tmp_path)
    ds = PrestoEmbeddings(tmp_path)
    assert len(ds) == 2 and ds.crs.to_epsg() == 25231 and ds.res == (RES, RES)
    assert ds.bounds.minx == CORNER[0] and ds.bounds.maxx == CORNER[0] + 2 * SIZE * RES
    # 6 x 6 pixels from row 3, column 13: three columns of each tile
    sample = ds[window(CORNER, RES, 3, SIZE - 3, 6)]
    assert sample["image"].dtype == torch.float32 and sample["image"].shape == (BANDS, 6, 6)
    np.testing.assert_array_equal(sample["image"].numpy(), expected(3, SIZE - 3, 6))
    assert ds.plot(sample).axes


def test_keep_dtype_and_coarser_grid(tmp_path: Path) -> None:
    write_tiles(tmp_path)
    raw = PrestoEmbeddings(tmp_path, keep_dtype=True)[window(CORNER, RES, 0, 0, 4)]
    assert raw["image"].dtype == torch.uint16
    # at 30 m, nearest takes the middle one of each 3 x 3 block: fine pixel (3i + 1, 3j + 1)
    coarse = PrestoEmbeddings(tmp_path, res=3 * RES)[window(CORNER, 3 * RES, 0, 0, 4)]
    assert coarse["image"].shape == (BANDS, 4, 4)
    np.testing.assert_array_equal(coarse["image"].numpy(), expected(0, 0, 12)[:, 1::3, 1::3])


def test_not_found_and_bands(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="Togo_Presto_Embeddings") as err:
        PrestoEmbeddings(tmp_path)
    assert str(tmp_path) in str(err.value)
    with pytest.raises(ValueError, match="no band names"):
        PrestoEmbeddings(tmp_path, bands=["b1"])


def test_conformance(tmp_path: Path) -> None:
    write_tiles(tmp_path)
    check_dataset_plugin("presto_embeddings", tmp_path)

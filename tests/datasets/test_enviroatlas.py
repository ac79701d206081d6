"""EnviroAtlas: several layers per tile, stacked, with the land cover as mask."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import downloaded_checked, grid
from fakedata._readonly import read_only
from fakedata.enviroatlas import (
    LC_CODES,
    ORIGIN,
    SIZE,
    envi_tile,
    envi_zip,
    layer_value,
    lc_code,
)
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import enviroatlas as module
from geoplug.datasets.enviroatlas import EnviroAtlas

INDEX = {int(c): i for i, c in enumerate(LC_CODES)}


def _window(k: int, row: int, col: int, n: int) -> BoundingBox:
    x = ORIGIN[0] + k * SIZE + col
    return BoundingBox(x, x + n, ORIGIN[1] - row - n, ORIGIN[1] - row, -np.inf, np.inf)


def test_layers_stack_and_pair(tmp_path: Path) -> None:
    envi_tile(tmp_path, tile="4007925_se", k=0)
    envi_tile(tmp_path, tile="4007925_sw", k=1)
    ds = EnviroAtlas(tmp_path, bands=["naip", "roads", "prior"], extra_layers=["nlcd"],
                     cache=False)
    assert ds.crs.to_epsg() == 26917 and ds.res == (1.0, 1.0) and len(ds) == 2
    sample = ds[_window(1, 4, 6, 8)]
    image = sample["image"]
    assert image.dtype == torch.float32 and image.shape == (4 + 1 + 5, 8, 8)
    rows, cols = grid(8, 8)
    rows, cols = rows + 4, cols + 6
    np.testing.assert_array_equal(image[2].numpy(), layer_value(1, "naip", 2, rows, cols))
    np.testing.assert_array_equal(image[4].numpy(), layer_value(1, "roads", 0, rows, cols))
    np.testing.assert_array_equal(image[9].numpy(), layer_value(1, "prior", 4, rows, cols))
    assert sample["mask"].dtype == torch.int64
    np.testing.assert_array_equal(sample["mask"].numpy(),
                                  np.vectorize(INDEX.get)(lc_code(1, rows, cols)))
    np.testing.assert_array_equal(sample["nlcd"].numpy(), layer_value(1, "nlcd", 0, rows, cols))
    # NLCD codes as the mask have no legend of lc's names
    assert ds.classes and EnviroAtlas(tmp_path, mask_layer="nlcd", cache=False).classes == ()


def test_splits_bad_layers_and_not_found(tmp_path: Path) -> None:
    envi_tile(tmp_path, split="austin_tx-2012_1m-test", epsg=26914)
    with pytest.raises(DatasetNotFoundError, match=r"found: \['austin_tx-2012_1m-test'\]"):
        EnviroAtlas(tmp_path, cache=False)
    ds = EnviroAtlas(tmp_path, splits=["austin_tx-2012_1m-test"], mask_layer=None, cache=False)
    assert ds.crs.to_epsg() == 26914 and "mask" not in ds[_window(0, 0, 0, 4)]
    with pytest.raises(ValueError, match=r"unknown layer\(s\) \['lidar'\]"):
        EnviroAtlas(tmp_path, bands=["lidar"])
    with pytest.raises(ValueError, match="unknown layer"):
        EnviroAtlas(tmp_path, mask_layer="roads")


def test_zip_only_root_is_extracted(tmp_path: Path) -> None:
    """Zenodo and TorchGeo's sample leave only enviroatlas_lotp.zip in the folder."""
    envi_zip(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["enviroatlas_lotp.zip"]
    ds = EnviroAtlas(tmp_path, cache=False)
    assert len(ds) == 1 and (tmp_path / "enviroatlas_lotp").is_dir()
    rows, cols = grid(5, 5)
    np.testing.assert_array_equal(ds[_window(2, 0, 0, 5)]["image"][1].numpy(),
                                  layer_value(2, "naip", 1, rows, cols))


def test_zip_in_read_only_folder_is_extracted_into_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))
    envi_zip(tmp_path / "data")
    with read_only(tmp_path / "data"):
        ds = EnviroAtlas(tmp_path / "data", cache=False)
        assert len(ds) == 1
        rows, cols = grid(4, 4)
        np.testing.assert_array_equal(ds[_window(2, 1, 1, 4)]["mask"].numpy(),
                                      np.vectorize(INDEX.get)(lc_code(2, rows + 1, cols + 1)))
        assert len(EnviroAtlas(tmp_path / "data", cache=False)) == 1  # extracted once
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["enviroatlas_lotp.zip"]
    assert len(list((tmp_path / "cache").rglob("*_a_naip.tif"))) == 1


def test_download_zip(tmp_path: Path, http_root: Path, http_server: object,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    ds = downloaded_checked(
        monkeypatch, module, envi_zip(http_root),
        f"{http_server.url}/enviroatlas_lotp.zip",  # type: ignore[attr-defined]
        lambda folder: EnviroAtlas(folder, download=True, cache=False), tmp_path)
    rows, cols = grid(5, 5)
    np.testing.assert_array_equal(ds[_window(2, 0, 0, 5)]["image"][0].numpy(),
                                  layer_value(2, "naip", 0, rows, cols))


def test_plot_and_conformance(tmp_path: Path) -> None:
    envi_tile(tmp_path)
    ds = EnviroAtlas(tmp_path, cache=False)
    fig = ds.plot(ds[_window(0, 0, 0, 8)])
    assert [ax.get_title() for ax in fig.axes] == ["image", "mask"]
    check_dataset_plugin("enviroatlas", data=tmp_path, kwargs={"cache": False})

"""L8 Biome: scene band files and the ENVI mask as two intersecting layers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid
from fakedata.l7_irish import mirror_downloaded
from fakedata.l8_biome import (
    biome_mask,
    biome_scene,
    biome_value,
    mirror_scene,
    tar_biome,
    tar_mirror_biome,
)
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import l8_biome as module
from geoplug.datasets.l8_biome import L8Biome, L8BiomeImage, L8BiomeStacked

INDEX = {0: 0, 64: 1, 128: 2, 192: 3, 255: 4}


def test_scene_and_mask_are_paired(tmp_path: Path) -> None:
    folder = biome_scene(tmp_path, k=1)
    assert (folder / f"{folder.name}_fixedmask.hdr").is_file()  # the ENVI header
    ds = L8Biome(tmp_path, bands=["B4", "B3", "B10"], cache=False)
    assert ds.crs.to_epsg() == 32611 and ds.res == (30.0, 30.0) and len(ds) == 1
    day = float(np.datetime64("2013-08-08", "s").astype(np.int64))  # day 220 of 2013
    assert ds.bounds.mint == pytest.approx(day)
    q = BoundingBox(500000 + 4 * 30, 500000 + 16 * 30, 8800000 - 18 * 30, 8800000 - 6 * 30,
                    day, day + 3600)
    sample = ds[q]
    assert sample["image"].shape == (3, 12, 12) and sample["mask"].dtype == torch.int64
    rows, cols = grid(12, 12)
    xs, ys = 500000 + (cols + 4 + 0.5) * 30, 8800000 - (rows + 6 + 0.5) * 30
    for i, band in enumerate(("B4", "B3", "B10")):
        np.testing.assert_array_equal(sample["image"][i].numpy(), biome_value(1, band, xs, ys))
    np.testing.assert_array_equal(sample["mask"].numpy(),
                                  np.vectorize(INDEX.get)(biome_mask(1, rows + 6, cols + 4)))
    assert L8Biome(tmp_path, cache=False).bands == ("B1", "B2", "B3", "B4", "B5", "B6", "B7",
                                                     "B9", "B10", "B11")


def test_two_biomes_and_pan(tmp_path: Path) -> None:
    biome_scene(tmp_path, "barren", 42, 8, date(2013, 8, 8), k=0)
    biome_scene(tmp_path, "forest", 7, 66, date(2014, 8, 22), k=2, epsg=32618,
                origin=(600000.0, 9000000.0))
    ds = L8Biome(tmp_path, crs="EPSG:32618", cache=False)
    assert len(ds) == 2
    pan = L8BiomeImage(tmp_path / "forest", bands=["B8"], cache=False)
    assert pan.res == (15.0, 15.0)
    q = BoundingBox(600030, 600180, 8999850, 9000000, -np.inf, np.inf)
    rows, cols = grid(10, 10)
    np.testing.assert_array_equal(pan[q]["image"][0].numpy(),
                                  biome_value(2, "B8", 600030 + (cols + 0.5) * 15,
                                              9000000 - (rows + 0.5) * 15))


def test_biome_archives_are_extracted(tmp_path: Path) -> None:
    """A root holding only barren.tar.gz (the per-biome download)."""
    biome_scene(tmp_path, "barren", 42, 8, date(2013, 8, 8), k=3)
    tar_biome(tmp_path, "barren")
    assert [p.name for p in tmp_path.iterdir()] == ["barren.tar.gz"]
    ds = L8Biome(tmp_path, bands=["B5"], cache=False)
    assert len(ds) == 1
    q = BoundingBox(500000, 500000 + 5 * 30, 8800000 - 5 * 30, 8800000, -np.inf, np.inf)
    rows, cols = grid(5, 5)
    xs, ys = 500000 + (cols + 0.5) * 30, 8800000 - (rows + 0.5) * 30
    sample = ds[q]
    np.testing.assert_array_equal(sample["image"][0].numpy(), biome_value(3, "B5", xs, ys))
    np.testing.assert_array_equal(sample["mask"].numpy(),
                                  np.vectorize(INDEX.get)(biome_mask(3, rows, cols)))


def test_not_found_and_plot_and_conformance(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="landsat-8-cloud-cover"):
        L8Biome(tmp_path / "none", cache=False)
    biome_scene(tmp_path)
    ds = L8Biome(tmp_path, cache=False)
    b = ds.bounds
    fig = ds.plot(ds[BoundingBox(b.minx, b.minx + 240, b.maxy - 240, b.maxy, b.mint, b.maxt)])
    assert [ax.get_title() for ax in fig.axes] == ["image", "mask"]
    check_dataset_plugin("l8_biome", data=tmp_path, kwargs={"cache": False})


def _check_mirror_window(ds: L8Biome, k: int, bands: list[str]) -> None:
    q = BoundingBox(500000 + 2 * 30, 500000 + 9 * 30, 8800000 - 11 * 30, 8800000 - 4 * 30,
                    -np.inf, np.inf)
    sample = ds[q]
    assert sample["image"].shape == (len(bands), 7, 7) and sample["mask"].dtype == torch.int64
    rows, cols = grid(7, 7)
    xs, ys = 500000 + (cols + 2 + 0.5) * 30, 8800000 - (rows + 4 + 0.5) * 30
    for i, band in enumerate(bands):
        np.testing.assert_array_equal(sample["image"][i].numpy(), biome_value(k, band, xs, ys))
    np.testing.assert_array_equal(sample["mask"].numpy(),
                                  np.vectorize(INDEX.get)(biome_mask(k, rows + 4, cols + 2)))


def test_mirror_layout_one_multiband_file_per_scene(tmp_path: Path) -> None:
    """TorchGeo's mirror: l8biome/<biome>/<id>/<id>.TIF and <id>_fixedmask.TIF."""
    mirror_scene(tmp_path, "barren", k=2)
    mirror_scene(tmp_path, "forest", 7, 66, date(2014, 8, 22), k=4, epsg=32618,
                 origin=(600000.0, 9000000.0))
    ds = L8Biome(tmp_path, crs="EPSG:32611", bands=["B8", "B4", "B11"], cache=False)
    assert type(ds.image) is L8BiomeStacked and len(ds.image) == 2 and len(ds.mask) == 2
    assert ds.res == (30.0, 30.0)
    _check_mirror_window(ds, 2, ["B8", "B4", "B11"])
    day = float(np.datetime64("2013-08-08", "s").astype(np.int64))
    barren = L8Biome(tmp_path / "l8biome" / "barren", cache=False)
    assert barren.bounds.mint == pytest.approx(day)
    assert barren.mask.bounds.mint == pytest.approx(day)


def test_download_mirror_archives_with_checksum(tmp_path: Path, http_root: Path,
                                                http_server: object,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    mirror_scene(src, "barren", k=1)
    mirror_scene(src, "water", 20, 46, date(2014, 1, 5), k=3, origin=(500720.0, 8800000.0))
    archives = {b: tar_mirror_biome(src, b, http_root) for b in ("barren", "water")}
    ds = mirror_downloaded(
        monkeypatch, module, archives, http_server.url,  # type: ignore[attr-defined]
        lambda folder: L8Biome(folder, download=True, checksum=True, cache=False), tmp_path)
    assert sorted(p.name for p in (tmp_path / "ok").iterdir()) == [
        "barren.tar.gz", "l8biome", "water.tar.gz"]
    assert len(ds) == 2 and ds.bands == ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B9",
                                         "B10", "B11")
    _check_mirror_window(ds, 1, list(ds.bands))

"""GlobBiomass: estimate and error files per tile, measurements, zips and checksums."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid, window
from fakedata.globbiomass import RES, biomass_tile, biomass_value, biomass_zip, tile_origin
from geoplug.core import BoundingBox
from geoplug.core.errors import ChecksumError, DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import globbiomass as module
from geoplug.datasets.globbiomass import GlobBiomass


def _query(ds: GlobBiomass, tile: str, row: int, col: int, n: int) -> BoundingBox:
    return window(tile_origin(tile), RES, row, col, n, (ds.bounds.mint, ds.bounds.maxt))


def test_estimate_and_error_are_paired(tmp_path: Path) -> None:
    biomass_tile(tmp_path, "N40E020", "agb", k=1)
    biomass_tile(tmp_path, "N40E020", "gsv", k=1)
    ds = GlobBiomass(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 4326 and ds.res == pytest.approx((RES, RES))
    assert ds.bands == ("agb", "agb_err") and len(ds) == 1
    sample = ds[_query(ds, "N40E020", 5, 12, 10)]
    assert sample["mask"].dtype == torch.float32 and sample["mask"].shape == (10, 10)
    rows, cols = grid(10, 10)
    np.testing.assert_array_equal(sample["mask"].numpy(),
                                  biomass_value(1, rows + 5, cols + 12, "agb"))
    np.testing.assert_array_equal(sample["agb_err"].numpy(),
                                  biomass_value(1, rows + 5, cols + 12, "agb_err"))
    gsv = GlobBiomass(tmp_path, measurement="gsv", cache=False)
    np.testing.assert_array_equal(gsv[_query(gsv, "N40E020", 0, 0, 4)]["gsv_err"].numpy(),
                                  biomass_value(1, *grid(4, 4), "gsv_err"))
    only = GlobBiomass(tmp_path, bands=["gsv"], cache=False)
    assert set(only[_query(only, "N40E020", 0, 0, 4)]) == {"mask", "crs", "bounds"}


def test_bad_measurement_and_missing_error_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown measurement 'height'"):
        GlobBiomass(tmp_path, measurement="height")
    files = biomass_tile(tmp_path, "N00E020", "agb")
    files[1].unlink()
    with pytest.raises(InvalidDataError, match=r"N00E020_agb_err.tif"):
        GlobBiomass(tmp_path, cache=False)


def test_zips_two_tiles_and_checksum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = biomass_zip(tmp_path, "N40E020", k=0)
    biomass_zip(tmp_path, "S40W060", k=3)
    monkeypatch.setitem(module._MD5, good.name, hashlib.md5(good.read_bytes()).hexdigest())
    monkeypatch.setitem(module._MD5, "S40W060_agb.zip", "0" * 32)
    with pytest.raises(ChecksumError, match=r"S40W060_agb.zip"):
        GlobBiomass(tmp_path, checksum=True, cache=False)
    ds = GlobBiomass(tmp_path, cache=False)  # without checksum: extracted and read
    assert len(ds) == 2
    rows, cols = grid(6, 6)
    np.testing.assert_array_equal(ds[_query(ds, "S40W060", 2, 3, 6)]["mask"].numpy(),
                                  biomass_value(3, rows + 2, cols + 3, "agb"))


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"<tile>_agb\.tif.*PANGAEA"):
        GlobBiomass(tmp_path, cache=False)


def test_plot_and_conformance(tmp_path: Path) -> None:
    biomass_tile(tmp_path)
    ds = GlobBiomass(tmp_path, cache=False)
    fig = ds.plot(ds[ds.bounds])
    assert fig.axes[0].get_title() == "GlobBiomass agb"
    check_dataset_plugin("globbiomass", data=tmp_path, kwargs={"cache": False})

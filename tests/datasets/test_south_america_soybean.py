"""South America Soybean: yearly binary maps, time queries, download per year."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid, window
from fakedata.south_america_soybean import ORIGIN, RES, soy_map, soy_value
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import south_america_soybean as module
from geoplug.datasets.south_america_soybean import SouthAmericaSoybean


def _year(year: int) -> tuple[float, float]:
    start = float(np.datetime64(f"{year}-03-01", "s").astype(np.int64))
    return start, start + 86400


def _query(row: int, col: int, n: int, year: int) -> BoundingBox:
    return window(ORIGIN, RES, row, col, n, _year(year))


def test_years_are_told_apart_by_time(tmp_path: Path) -> None:
    soy_map(tmp_path, 2002)
    soy_map(tmp_path, 2021)
    ds = SouthAmericaSoybean(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 4326 and len(ds) == 2
    rows, cols = grid(12, 12)
    for year in (2002, 2021):
        mask = ds[_query(7, 5, 12, year)]["mask"]
        assert mask.dtype == torch.int64 and mask.shape == (12, 12)
        np.testing.assert_array_equal(mask.numpy(), soy_value(year, rows + 7, cols + 5))
    assert ds.classes == ("other", "soybean")


def test_download_years(tmp_path: Path, http_root: Path, http_server: object,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    soy_map(http_root, 2005)
    monkeypatch.setattr(module, "_URL",
                        http_server.url + "/SouthAmerica_Soybean_{year}.tif")  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match=r"no soybean map for \[1999\]"):
        SouthAmericaSoybean(tmp_path, years=[1999], download=True)
    ds = SouthAmericaSoybean(tmp_path / "soy", years=[2005], download=True, cache=False)
    rows, cols = grid(40, 40)
    np.testing.assert_array_equal(ds[ds.bounds]["mask"].numpy(), soy_value(2005, rows, cols))
    sent = http_server.stats.bytes_sent  # type: ignore[attr-defined]
    SouthAmericaSoybean(tmp_path / "soy", years=[2005], download=True, cache=False)
    assert http_server.stats.bytes_sent == sent  # type: ignore[attr-defined]


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"SouthAmerica_Soybean_<year>.tif.*download"):
        SouthAmericaSoybean(tmp_path, cache=False)


def test_plot_and_conformance(tmp_path: Path) -> None:
    soy_map(tmp_path)
    ds = SouthAmericaSoybean(tmp_path, cache=False)
    sample = ds[ds.bounds]
    rgba = ds.plot(sample).axes[0].images[0].get_array()
    ys, xs = np.nonzero(sample["mask"].numpy() == 1)
    assert tuple(rgba[ys[0], xs[0]]) == (38, 112, 0, 255)
    check_dataset_plugin("south_america_soybean", data=tmp_path, kwargs={"cache": False})

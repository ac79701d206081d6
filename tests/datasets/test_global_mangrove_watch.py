"""Global Mangrove Watch v3: upper-left tile names, epochs by time, zips, download, errors."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid, window
from fakedata.global_mangrove_watch import RES, gmw_corner, gmw_tile, gmw_value, gmw_zip
from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import global_mangrove_watch as module
from geoplug.datasets.global_mangrove_watch import GlobalMangroveWatch


def _year(year: int) -> tuple[float, float]:
    start = datetime(year, 1, 1, tzinfo=timezone.utc).timestamp()
    return start, datetime(year, 12, 31, 23, tzinfo=timezone.utc).timestamp()


def test_window_values_upper_left_naming_and_grid(tmp_path: Path) -> None:
    gmw_tile(tmp_path, "N26W082", 2020, k=2)
    ds = GlobalMangroveWatch(tmp_path, cache=False)
    assert len(ds) == 1  # the change tile beside it is not indexed
    assert ds.crs.to_epsg() == 4326 and ds.res == pytest.approx((RES, RES))
    b = ds.bounds
    assert (b.minx, b.maxy) == pytest.approx((-82.0, 26.0))  # N26 is the top edge
    assert b.mint == pytest.approx(_year(2020)[0])
    mask = ds[window(gmw_corner("N26W082"), RES, 5, 7, 20, _year(2020))]["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (20, 20)
    rows, cols = grid(20, 20)
    np.testing.assert_array_equal(mask.numpy(), gmw_value(2, rows + 5, cols + 7))
    assert tuple(ds.classes) == ("Not mangrove", "Mangrove")


def test_two_tiles_each_where_it_lies(tmp_path: Path) -> None:
    gmw_tile(tmp_path, "N26W082", 2020, k=1)
    gmw_tile(tmp_path, "S03E100", 2020, k=3)
    ds = GlobalMangroveWatch(tmp_path, cache=False)
    assert len(ds) == 2
    rows, cols = grid(8, 8)
    for tile, k in (("N26W082", 1), ("S03E100", 3)):
        got = ds[window(gmw_corner(tile), RES, 11, 13, 8, _year(2020))]["mask"].numpy()
        np.testing.assert_array_equal(got, gmw_value(k, rows + 11, cols + 13))


def test_epochs_are_picked_by_time_and_by_years(tmp_path: Path) -> None:
    gmw_tile(tmp_path, "N26W082", 1996, k=0)
    gmw_tile(tmp_path, "N26W082", 2020, k=1)
    ds = GlobalMangroveWatch(tmp_path, cache=False)
    assert len(ds) == 2
    rows, cols = grid(10, 10)
    for year, k in ((1996, 0), (2020, 1)):
        got = ds[window(gmw_corner("N26W082"), RES, 3, 4, 10, _year(year))]["mask"].numpy()
        np.testing.assert_array_equal(got, gmw_value(k, rows + 3, cols + 4))
    # a query over every epoch reads the first epoch's map, 0s included, not the union
    both = ds[window(gmw_corner("N26W082"), RES, 3, 4, 10)]["mask"].numpy()
    np.testing.assert_array_equal(both, gmw_value(0, rows + 3, cols + 4))
    only = GlobalMangroveWatch(tmp_path, years=[1996], cache=False)
    assert len(only) == 1 and only.years == [1996]
    assert only.bounds.mint == pytest.approx(_year(1996)[0])
    with pytest.raises(ValueError, match=r"\[2011\] are not GMW v3 epochs"):
        GlobalMangroveWatch(tmp_path, years=[2011], cache=False)


def test_zip_lying_in_paths_is_extracted_once(tmp_path: Path) -> None:
    gmw_zip(tmp_path, 2016, (("N26W082", 4), ("N01E009", 2)))
    ds = GlobalMangroveWatch(tmp_path, cache=False)
    tif = tmp_path / "gmw_v3_2016" / "GMW_N01E009_2016_v3.tif"
    assert len(ds) == 2 and tif.is_file()
    rows, cols = grid(6, 6)
    got = ds[window(gmw_corner("N01E009"), RES, 20, 1, 6, _year(2016))]["mask"].numpy()
    np.testing.assert_array_equal(got, gmw_value(2, rows + 20, cols + 1))
    before = tif.stat().st_mtime_ns
    assert len(GlobalMangroveWatch(tmp_path, cache=False)) == 2
    assert tif.stat().st_mtime_ns == before


def test_checksum_of_a_zip_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = gmw_zip(tmp_path, 2020)
    with pytest.raises(ChecksumError, match=r"gmw_v3_2020_gtiff\.zip does not match"):
        GlobalMangroveWatch(tmp_path, checksum=True, cache=False)
    monkeypatch.setitem(module.GMW_MD5, 2020, hashlib.md5(archive.read_bytes()).hexdigest())
    assert len(GlobalMangroveWatch(tmp_path, checksum=True, cache=False)) == 1


def test_download_epochs_with_md5(tmp_path: Path, http_root: Path, http_server: object,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    archive = gmw_zip(http_root, 2019, (("S03E100", 5),))
    monkeypatch.setattr(module, "_URL", http_server.url)  # type: ignore[attr-defined]
    with pytest.raises(ChecksumError):  # the real MD5 does not match the fake zip
        GlobalMangroveWatch(tmp_path / "bad", years=[2019], download=True, cache=False)
    assert not list((tmp_path / "bad").rglob("GMW_*.tif"))
    monkeypatch.setitem(module.GMW_MD5, 2019, hashlib.md5(archive.read_bytes()).hexdigest())
    ds = GlobalMangroveWatch(tmp_path / "ok", years=[2019], download=True, cache=False)
    assert (tmp_path / "ok" / "gmw_v3_2019" / "GMW_S03E100_2019_v3.tif").is_file()
    rows, cols = grid(9, 9)
    got = ds[window(gmw_corner("S03E100"), RES, 2, 30, 9, _year(2019))]["mask"].numpy()
    np.testing.assert_array_equal(got, gmw_value(5, rows + 2, cols + 30))


def test_not_found_and_corrupt_tile(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"gmw_v3_<year>_gtiff\.zip.*download=True"):
        GlobalMangroveWatch(tmp_path, cache=False)
    gmw_tile(tmp_path, "N26W082", 2020)
    with pytest.raises(DatasetNotFoundError):
        GlobalMangroveWatch(tmp_path, years=[2007], cache=False)
    bad = tmp_path / "GMW_N10E010_2020_v3.tif"
    bad.write_bytes(b"not a tiff")
    with pytest.raises(Exception, match=r"GMW_N10E010_2020_v3\.tif"):
        GlobalMangroveWatch(tmp_path, cache=False)


def test_plot_draws_mangrove_green(tmp_path: Path) -> None:
    gmw_tile(tmp_path, k=0)
    ds = GlobalMangroveWatch(tmp_path, cache=False)
    sample = ds[window(gmw_corner("N26W082"), RES, 0, 0, 10, _year(2020))]
    fig = ds.plot(sample)
    rgba = fig.axes[0].images[0].get_array()
    ys, xs = np.nonzero(sample["mask"].numpy() == 1)
    assert tuple(rgba[ys[0], xs[0]]) == (0, 150, 0, 255)
    assert "Mangrove" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_conformance(tmp_path: Path) -> None:
    gmw_tile(tmp_path)
    check_dataset_plugin("global_mangrove_watch", data=tmp_path, kwargs={"cache": False})

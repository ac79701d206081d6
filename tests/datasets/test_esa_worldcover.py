"""ESA WorldCover: codes to indices, tiles, both releases, macrotile zips, bucket download."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch

from fakedata._layers import grid, window
from fakedata.esa_worldcover import (
    CODES,
    RES,
    corner,
    tile_name,
    wc_macrotile_zip,
    wc_tile,
    wc_value,
)
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import esa_worldcover as module
from geoplug.datasets.esa_worldcover import ESAWorldCover, tiles_covering

#: raw code -> ordinal index, written out independently of the loader
INDEX = {0: 0, **{code: i for i, code in enumerate(CODES, start=1)}}


def _ordinal(codes: np.ndarray) -> np.ndarray:
    return np.vectorize(INDEX.__getitem__)(codes)


def _query(ds: ESAWorldCover, tile: str, row: int, col: int, n: int) -> object:
    return window(corner(tile), RES, row, col, n, (ds.bounds.mint, ds.bounds.maxt))


def test_window_values_ordinal_and_grid(tmp_path: Path) -> None:
    wc_tile(tmp_path, "N45E006", 2021, k=2)
    ds = ESAWorldCover(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 4326 and ds.res == pytest.approx((RES, RES)) and len(ds) == 1
    b = ds.bounds
    assert (b.minx, b.maxy) == pytest.approx((6.0, 48.0))
    assert (b.maxx, b.miny) == pytest.approx((6.0 + 60 * RES, 48.0 - 60 * RES))
    assert b.mint == pytest.approx(1609459200.0)  # the year of the release, 2021
    assert ds.year == 2021 and ds.classes[1] == "Tree cover" and len(ds.classes) == 12
    mask = ds[_query(ds, "N45E006", 5, 7, 20)]["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (20, 20)
    rows, cols = grid(20, 20)
    np.testing.assert_array_equal(mask.numpy(), _ordinal(wc_value(2, rows + 5, cols + 7)))
    corner_mask = ds[_query(ds, "N45E006", 0, 0, 4)]["mask"].numpy()
    assert corner_mask[0, 0] == 0 and corner_mask[3, 3] == INDEX[int(wc_value(2, 3, 3))]


def test_raw_codes_and_class_names(tmp_path: Path) -> None:
    wc_tile(tmp_path, "S03W060", 2020, k=1)
    ds = ESAWorldCover(tmp_path, ordinal=False, cache=False)
    rows, cols = grid(12, 12)
    np.testing.assert_array_equal(ds[_query(ds, "S03W060", 10, 20, 12)]["mask"].numpy(),
                                  wc_value(1, rows + 10, cols + 20))
    assert ds.class_names[-1] == "Moss and lichen" and ds.codes[10] == 95


def test_two_tiles_each_read_where_it_lies(tmp_path: Path) -> None:
    wc_tile(tmp_path, "N45E006", 2021, k=1)
    wc_tile(tmp_path, "N42E009", 2021, k=4)
    ds = ESAWorldCover(tmp_path, cache=False)
    assert len(ds) == 2
    rows, cols = grid(8, 8)
    for tile, k in (("N45E006", 1), ("N42E009", 4)):
        np.testing.assert_array_equal(ds[_query(ds, tile, 30, 40, 8)]["mask"].numpy(),
                                      _ordinal(wc_value(k, rows + 30, cols + 40)))


def test_both_releases_need_a_year(tmp_path: Path) -> None:
    wc_tile(tmp_path, "N45E006", 2020, k=1)
    wc_tile(tmp_path, "N45E006", 2021, k=5)
    with pytest.raises(ValueError, match=r"2020, 2021: pass year="):
        ESAWorldCover(tmp_path, cache=False)
    rows, cols = grid(6, 6)
    for year, k in ((2020, 1), (2021, 5)):
        ds = ESAWorldCover(tmp_path, year=year, cache=False)
        assert len(ds) == 1 and ds.year == year
        np.testing.assert_array_equal(ds[_query(ds, "N45E006", 9, 9, 6)]["mask"].numpy(),
                                      _ordinal(wc_value(k, rows + 9, cols + 9)))
    with pytest.raises(ValueError, match=r"year is one of \[2020, 2021\]"):
        ESAWorldCover(tmp_path, year=2019, cache=False)


def test_missing_year_says_which_is_there(tmp_path: Path) -> None:
    wc_tile(tmp_path, "N45E006", 2020)
    with pytest.raises(DatasetNotFoundError, match=r"year=2021.*tiles of 2020 are there"):
        ESAWorldCover(tmp_path, year=2021, cache=False)


def test_macrotile_zip_is_extracted(tmp_path: Path) -> None:
    wc_macrotile_zip(tmp_path, 2021, "N30E000", (("N45E006", 3), ("N33E009", 6)))
    ds = ESAWorldCover(tmp_path, cache=False)
    assert len(ds) == 2 and ds.year == 2021  # the InputQuality files are not read
    assert (tmp_path / tile_name(2021, "N45E006", "V200")).is_file()
    rows, cols = grid(10, 10)
    np.testing.assert_array_equal(ds[_query(ds, "N33E009", 2, 2, 10)]["mask"].numpy(),
                                  _ordinal(wc_value(6, rows + 2, cols + 2)))
    before = (tmp_path / tile_name(2021, "N45E006", "V200")).stat().st_mtime_ns
    assert len(ESAWorldCover(tmp_path, cache=False)) == 2
    assert (tmp_path / tile_name(2021, "N45E006", "V200")).stat().st_mtime_ns == before


def test_download_tiles_from_the_bucket(tmp_path: Path, http_root: Path, http_server: object,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    wc_tile(http_root, "N45E006", 2021, k=6)
    wc_tile(http_root, "N45E006", 2020, k=7)
    monkeypatch.setattr(module, "_URL", http_server.url)  # type: ignore[attr-defined]
    root = tmp_path / "wc"
    with pytest.raises(ValueError, match=r"download=True needs tiles"):
        ESAWorldCover(root, download=True, cache=False)
    with pytest.raises(ValueError, match=r"'N45E007' is not a tile of the 3-degree grid"):
        ESAWorldCover(root, tiles=["N45E007"], download=True, cache=False)
    ds = ESAWorldCover(root, tiles=tiles_covering(6.5, 45.5, 7.0, 46.0), download=True,
                       cache=False)
    assert (root / "v200" / "2021" / "map" / tile_name(2021, "N45E006")).is_file()
    rows, cols = grid(5, 5)
    np.testing.assert_array_equal(ds[_query(ds, "N45E006", 4, 4, 5)]["mask"].numpy(),
                                  _ordinal(wc_value(6, rows + 4, cols + 4)))
    old = ESAWorldCover(tmp_path / "old", year=2020, tiles=["N45E006"], download=True,
                        cache=False)
    np.testing.assert_array_equal(old[_query(old, "N45E006", 4, 4, 5)]["mask"].numpy(),
                                  _ordinal(wc_value(7, rows + 4, cols + 4)))


def test_tiles_covering_a_box() -> None:
    assert tiles_covering(5.5, 45.2, 9.0, 46.1) == ["N45E003", "N45E006"]
    assert tiles_covering(-1.0, -1.0, 1.0, 1.0) == ["S03W003", "S03E000", "N00W003", "N00E000"]
    assert tiles_covering(7.0, 46.0, 7.0, 46.0) == ["N45E006"]
    with pytest.raises(ValueError, match=r"not \(west, south"):
        tiles_covering(9.0, 45.0, 6.0, 46.0)


def test_not_found_and_corrupt_tile(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"ESA_WorldCover_10m_<year>.*tiles=\["):
        ESAWorldCover(tmp_path, cache=False)
    bad = tmp_path / tile_name(2021, "N45E006")
    bad.write_bytes(b"not a tiff")
    with pytest.raises(Exception, match=tile_name(2021, "N45E006")):
        ESAWorldCover(tmp_path, cache=False)


def test_plot_uses_esa_colours(tmp_path: Path) -> None:
    path = wc_tile(tmp_path, k=0)
    ds = ESAWorldCover(tmp_path, cache=False)
    sample = ds[_query(ds, "N45E006", 0, 0, 20)]
    fig = ds.plot(sample)
    assert fig.axes[0].get_title() == "ESA WorldCover 2021"
    rgba = fig.axes[0].images[0].get_array()
    ys, xs = np.nonzero(sample["mask"].numpy() == INDEX[80])
    with rasterio.open(path) as src:  # the colour table embedded in the tile
        assert tuple(rgba[ys[0], xs[0]]) == tuple(src.colormap(1)[80])
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "Permanent water bodies" in labels


def test_conformance(tmp_path: Path) -> None:
    wc_tile(tmp_path)
    check_dataset_plugin("esa_worldcover", data=tmp_path, kwargs={"cache": False})

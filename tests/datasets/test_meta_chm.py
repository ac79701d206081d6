"""Meta / WRI canopy height: quadkey tiles, heights in metres, quadkeys of an area, download."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid, window
from fakedata.meta_chm import HALF, RES, chm_corner, chm_tile, chm_value
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import meta_chm as module
from geoplug.datasets.meta_chm import MetaCHM, quadkey_bounds, quadkeys_covering


def test_window_heights_and_grid(tmp_path: Path) -> None:
    chm_tile(tmp_path, "120230330", k=1)
    ds = MetaCHM(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 3857 and ds.res == pytest.approx((RES, RES)) and len(ds) == 1
    x, y = chm_corner("120230330")
    assert (ds.bounds.minx, ds.bounds.maxy) == pytest.approx((x, y))
    sample = ds[window((x, y), RES, 6, 3, 16)]
    mask = sample["mask"]
    assert mask.dtype == torch.float32 and mask.shape == (16, 16)
    rows, cols = grid(16, 16)
    np.testing.assert_array_equal(mask.numpy(), chm_value(1, rows + 6, cols + 3))
    assert ds.bands == ("height",) or list(ds.bands) == ["height"]


def test_two_tiles_each_where_it_lies(tmp_path: Path) -> None:
    chm_tile(tmp_path, "120230330", k=0)
    chm_tile(tmp_path, "031313131", k=2)
    (tmp_path / "chm" / "notes.tif").write_bytes(b"not a tile name")  # ignored by name
    ds = MetaCHM(tmp_path, cache=False)
    assert len(ds) == 2
    rows, cols = grid(7, 7)
    for key, k in (("120230330", 0), ("031313131", 2)):
        got = ds[window(chm_corner(key), RES, 20, 11, 7)]["mask"].numpy()
        np.testing.assert_array_equal(got, chm_value(k, rows + 20, cols + 11))


def test_quadkeys_of_points_and_boxes() -> None:
    # just north-east of (0, 0) is tile x=256, y=255 at zoom 9: digits 1 then eight 2s
    assert quadkeys_covering(0.01, 0.01, 0.01, 0.01) == ["122222222"]
    assert quadkeys_covering(-0.01, -0.01, -0.01, -0.01) == ["211111111"]
    box = quadkeys_covering(-0.01, -0.01, 0.01, 0.01)
    assert box == ["033333333", "122222222", "211111111", "300000000"]
    assert quadkeys_covering(10.0, 50.0, 10.0, 50.0, zoom=3) == ["120"]
    assert quadkey_bounds("0") == pytest.approx((-HALF, 0.0, 0.0, HALF))
    assert quadkey_bounds("3") == pytest.approx((0.0, -HALF, HALF, 0.0))
    minx, _, maxx, maxy = quadkey_bounds("120230330")
    assert (minx, maxy) == pytest.approx(chm_corner("120230330"))
    assert maxx - minx == pytest.approx(65536 * RES)
    with pytest.raises(ValueError, match="not a quadkey"):
        quadkey_bounds("12a")
    with pytest.raises(ValueError, match="not \\(west, south"):
        quadkeys_covering(5.0, 0.0, 4.0, 1.0)


def test_download_quadkeys(tmp_path: Path, http_root: Path, http_server: object,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    chm_tile(http_root, "122222222", k=3, folder="")
    monkeypatch.setattr(module, "_URL", http_server.url)  # type: ignore[attr-defined]
    root = tmp_path / "canopy"
    with pytest.raises(ValueError, match="download=True needs quadkeys"):
        MetaCHM(root, download=True, cache=False)
    with pytest.raises(ValueError, match="not a quadkey"):
        MetaCHM(root, quadkeys=["1229"], download=True, cache=False)
    ds = MetaCHM(root, quadkeys=quadkeys_covering(0.001, 0.001, 0.002, 0.002),
                          download=True, cache=False)
    assert (root / "chm" / "122222222.tif").is_file()
    rows, cols = grid(5, 5)
    got = ds[window(chm_corner("122222222"), RES, 2, 2, 5)]["mask"].numpy()
    np.testing.assert_array_equal(got, chm_value(3, rows + 2, cols + 2))


def test_not_found_and_corrupt(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"<quadkey>\.tif.*quadkeys_covering"):
        MetaCHM(tmp_path, cache=False)
    (tmp_path / "120230331.tif").write_bytes(b"broken")
    with pytest.raises(Exception, match=r"120230331\.tif"):
        MetaCHM(tmp_path, cache=False)


def test_plot_has_a_colour_bar_in_metres(tmp_path: Path) -> None:
    chm_tile(tmp_path)
    ds = MetaCHM(tmp_path, cache=False)
    fig = ds.plot(ds[window(chm_corner("120230330"), RES, 0, 0, 10)])
    assert fig.axes[0].get_title() == "Canopy height"
    assert fig.axes[1].get_ylabel() == "m"


def test_conformance(tmp_path: Path) -> None:
    chm_tile(tmp_path)
    check_dataset_plugin("meta_chm", data=tmp_path, kwargs={"cache": False})

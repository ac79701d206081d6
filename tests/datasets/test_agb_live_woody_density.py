"""Aboveground Live Woody Biomass Density: tiles, publisher names, GeoJSON-driven download."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid, window
from fakedata.agb_live_woody_density import INDEX, RES, agb_index, agb_tile, agb_value, corner
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import agb_live_woody_density as module
from geoplug.datasets.agb_live_woody_density import AbovegroundLiveWoodyBiomassDensity as AGB


def _query(ds: AGB, tile: str, row: int, col: int, n: int) -> BoundingBox:
    return window(corner(tile), RES, row, col, n, (ds.bounds.mint, ds.bounds.maxt))


def test_window_values_and_publisher_names(tmp_path: Path) -> None:
    agb_tile(tmp_path, "10N_020E", k=1)
    agb_tile(tmp_path, "00N_050W", k=2, name="00N_050W_t_aboveground_biomass_ha_2000.tif")
    ds = AGB(tmp_path, cache=False)
    assert ds.crs.to_epsg() == 4326 and ds.res == pytest.approx((RES, RES)) and len(ds) == 2
    rows, cols = grid(10, 10)
    for tile, k in (("10N_020E", 1), ("00N_050W", 2)):
        mask = ds[_query(ds, tile, 6, 3, 10)]["mask"]
        assert mask.dtype == torch.float32 and mask.shape == (10, 10)
        np.testing.assert_array_equal(mask.numpy(), agb_value(k, rows + 6, cols + 3))


def test_download_from_the_index(tmp_path: Path, http_root: Path, http_server: object,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    url = http_server.url  # type: ignore[attr-defined]
    agb_tile(http_root / "tiles", "10N_020E", k=3)
    agb_tile(http_root / "tiles", "20S_130E", k=4)
    # the index links each tile's density (Mg/ha) and its biomass per pixel (Mg, about 11
    # times smaller at 30 m): the density is the dataset
    agb_tile(http_root / "per_pixel", "20S_130E", k=9)
    agb_index(http_root / INDEX, {"10N_020E": f"{url}/tiles/10N_020E.tif",
                                  "20S_130E": f"{url}/tiles/20S_130E.tif"},
              per_pixel={"20S_130E": f"{url}/per_pixel/20S_130E.tif"})
    monkeypatch.setattr(module, "_URL", f"{url}/{INDEX}")
    root = tmp_path / "agb"
    with pytest.raises(ValueError, match=r"\['99N_999E'\] are not in the index"):
        AGB(root, tiles=["99N_999E"], download=True, cache=False)
    ds = AGB(root, tiles=["20S_130E"], download=True, cache=False)
    assert sorted(p.name for p in root.glob("*.tif")) == ["20S_130E.tif"]
    rows, cols = grid(4, 4)
    np.testing.assert_array_equal(ds[_query(ds, "20S_130E", 2, 2, 4)]["mask"].numpy(),
                                  agb_value(4, rows + 2, cols + 2))
    assert len(AGB(root, download=True, cache=False)) == 2  # the rest of the index


def test_older_index_key_and_broken_index(tmp_path: Path, http_root: Path, http_server: object,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    url = http_server.url  # type: ignore[attr-defined]
    agb_tile(http_root, "10N_020E")
    agb_index(http_root / INDEX, {"10N_020E": f"{url}/10N_020E.tif"}, key="download")
    monkeypatch.setattr(module, "_URL", f"{url}/{INDEX}")
    assert len(AGB(tmp_path / "a", download=True, cache=False)) == 1
    (http_root / "bad.geojson").write_text('{"type": "FeatureCollection"}')
    monkeypatch.setattr(module, "_URL", f"{url}/bad.geojson")
    with pytest.raises(InvalidDataError, match=r"tile index GeoJSON"):
        AGB(tmp_path / "b", download=True, cache=False)


def test_not_found_message(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"10N_020E.tif.*download=True"):
        AGB(tmp_path, cache=False)


def test_plot_and_conformance(tmp_path: Path) -> None:
    agb_tile(tmp_path)
    ds = AGB(tmp_path, cache=False)
    assert ds.plot(ds[ds.bounds]).axes[0].get_title().startswith("Aboveground")
    check_dataset_plugin("agb_live_woody_density", data=tmp_path, kwargs={"cache": False})

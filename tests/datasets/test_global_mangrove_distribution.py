"""Global Mangrove Distribution (Giri et al. 2011): the UNEP-WCMC pack's shapefile as masks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import window
from fakedata.global_mangrove_distribution import ORIGIN, RES, giri_mask, giri_pack, giri_zip
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.global_mangrove_distribution import GlobalMangroveDistribution


def test_mask_of_the_polygons_on_the_default_grid(tmp_path: Path) -> None:
    giri_pack(tmp_path, "1_4")
    ds = GlobalMangroveDistribution(tmp_path)
    assert ds.crs.to_epsg() == 4326 and ds.res == pytest.approx((RES, RES)) and len(ds) == 1
    b = ds.bounds
    assert (b.minx, b.maxy) == pytest.approx((ORIGIN[0] + 1 * RES, ORIGIN[1] - 2 * RES))
    mask = ds[window(ORIGIN, RES, 0, 0, 32)]["mask"]
    assert mask.dtype == torch.int64 and mask.shape == (32, 32)
    np.testing.assert_array_equal(mask.numpy(), giri_mask())
    part = ds[window(ORIGIN, RES, 9, 2, 6)]["mask"].numpy()  # a window into the L shape
    np.testing.assert_array_equal(part, giri_mask()[9:15, 2:8])
    assert tuple(ds.classes) == ("background", "mangrove")


def test_reprojected_to_utm_at_30_m(tmp_path: Path) -> None:
    giri_pack(tmp_path, "1_4")
    ds = GlobalMangroveDistribution(tmp_path, crs="EPSG:32647")
    assert ds.res == (30.0, 30.0) and ds.crs.to_epsg() == 32647
    mask = ds[ds.bounds]["mask"].numpy()
    assert set(np.unique(mask)) == {0, 1}
    # each polygon covers about its area in 30 m pixels (1 arc-second is about 30.7 m here)
    assert abs(int(mask.sum()) - int(giri_mask().sum())) < 0.15 * giri_mask().sum()


def test_v1_3_data_pack_zip_is_extracted(tmp_path: Path) -> None:
    giri_zip(tmp_path, "1_3", shift=2)
    ds = GlobalMangroveDistribution(tmp_path)
    shp = (tmp_path / "DataPack-14_001_WCMC010_MangrovesUSGS2011_v1_3" / "01_Data"
           / "14_001_WCMC010_MangroveUSGS2011_v1_3.shp")
    assert shp.is_file() and len(ds) == 1
    np.testing.assert_array_equal(ds[window(ORIGIN, RES, 0, 0, 32)]["mask"].numpy(),
                                  giri_mask(shift=2))
    before = shp.stat().st_mtime_ns
    GlobalMangroveDistribution(tmp_path)
    assert shp.stat().st_mtime_ns == before


def test_not_found_bands_and_missing_prj(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"MangroveUSGS2011_v1_<n>\.shp.*"
                                                   r"data\.unep-wcmc\.org/datasets/4"):
        GlobalMangroveDistribution(tmp_path)
    shp = giri_pack(tmp_path, "1_4")
    with pytest.raises(ValueError, match="no bands"):
        GlobalMangroveDistribution(tmp_path, bands=["mask"])
    shp.with_suffix(".prj").unlink()
    with pytest.raises(InvalidDataError, match=r"MangroveUSGS2011_v1_4\.shp.*no CRS"):
        GlobalMangroveDistribution(tmp_path)


def test_plot(tmp_path: Path) -> None:
    giri_pack(tmp_path)
    ds = GlobalMangroveDistribution(tmp_path)
    sample = ds[window(ORIGIN, RES, 0, 0, 32)]
    fig = ds.plot(sample)
    rgba = fig.axes[0].images[0].get_array()
    assert tuple(rgba[3, 5]) == (0, 128, 0, 255) and tuple(rgba[0, 0]) == (255, 255, 255, 255)
    assert fig.axes[0].get_title() == "Global Mangrove Distribution (USGS 2011)"


def test_conformance(tmp_path: Path) -> None:
    giri_pack(tmp_path)
    check_dataset_plugin("global_mangrove_distribution", data=tmp_path)

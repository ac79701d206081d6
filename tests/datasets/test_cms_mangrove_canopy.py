"""CMS Global Mangrove Canopy: products per country, country filter, the DAAC zip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid, window
from fakedata.cms_mangrove_canopy import RES, mangrove_country, mangrove_value, mangrove_zip
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.cms_mangrove_canopy import CMSGlobalMangroveCanopy


def _query(ds: CMSGlobalMangroveCanopy, origin: tuple[float, float], row: int, col: int,
           n: int) -> BoundingBox:
    return window(origin, RES, row, col, n, (ds.bounds.mint, ds.bounds.maxt))


def test_products_are_paired_per_country(tmp_path: Path) -> None:
    mangrove_country(tmp_path, "Angola", k=2)
    ds = CMSGlobalMangroveCanopy(tmp_path, bands=["hmax95", "agb"], cache=False)
    assert ds.crs.to_epsg() == 4326 and len(ds) == 1
    sample = ds[_query(ds, (12.0, -5.0), 4, 9, 8)]
    assert sample["mask"].dtype == torch.float32 and sample["mask"].shape == (8, 8)
    rows, cols = grid(8, 8)
    np.testing.assert_array_equal(sample["mask"].numpy(),
                                  mangrove_value(2, rows + 4, cols + 9, "hmax95"))
    np.testing.assert_array_equal(sample["agb"].numpy(),
                                  mangrove_value(2, rows + 4, cols + 9, "agb"))
    assert CMSGlobalMangroveCanopy(tmp_path, cache=False).bands == ("agb",)


def test_zip_and_country_filter(tmp_path: Path) -> None:
    mangrove_zip(tmp_path)
    ds = CMSGlobalMangroveCanopy(tmp_path, cache=False)
    assert len(ds) == 2
    gabon = CMSGlobalMangroveCanopy(tmp_path, countries=["Gabon"], bands=["hba95"], cache=False)
    assert len(gabon) == 1 and gabon.bounds.minx == pytest.approx(9.5)
    rows, cols = grid(5, 5)
    np.testing.assert_array_equal(gabon[_query(gabon, (9.5, 0.5), 1, 2, 5)]["mask"].numpy(),
                                  mangrove_value(1, rows + 1, cols + 2, "hba95"))
    with pytest.raises(ValueError, match=r"\['Kenya'\].*found: \['Angola', 'Gabon'\]"):
        CMSGlobalMangroveCanopy(tmp_path, countries=["Kenya"], cache=False)


def test_country_names_with_digits_and_separators(tmp_path: Path) -> None:
    """The DAAC's names include Fiji2, Somalia2, CotedIvoire; other separators also pass."""
    names = ["Fiji2", "Somalia2", "CotedIvoire", "Guinea_Bissau"]
    for k, name in enumerate(names):
        mangrove_country(tmp_path, name, k=k, origin=(10.0 + k, 0.0), size=10)
    ds = CMSGlobalMangroveCanopy(tmp_path, bands=["hba95", "agb"], cache=False)
    assert len(ds) == 4
    for k, name in enumerate(names):
        one = CMSGlobalMangroveCanopy(tmp_path, countries=[name], bands=["hba95", "agb"],
                                      cache=False)
        assert len(one) == 1 and one.bounds.minx == pytest.approx(10.0 + k)
        sample = one[_query(one, (10.0 + k, 0.0), 2, 3, 4)]
        rows, cols = grid(4, 4)
        np.testing.assert_array_equal(sample["mask"].numpy(),
                                      mangrove_value(k, rows + 2, cols + 3, "hba95"))
        np.testing.assert_array_equal(sample["agb"].numpy(),
                                      mangrove_value(k, rows + 2, cols + 3, "agb"))
    with pytest.raises(ValueError, match=r"found: \['CotedIvoire', 'Fiji2', 'Guinea_Bissau', "
                                         r"'Somalia2'\]"):
        CMSGlobalMangroveCanopy(tmp_path, countries=["Fiji"], cache=False)


def test_missing_product_and_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"Earthdata login.*ds_id=1665"):
        CMSGlobalMangroveCanopy(tmp_path, cache=False)
    mangrove_country(tmp_path, "Kenya", products=("agb",))
    with pytest.raises(InvalidDataError, match=r"Mangrove_hba95_Kenya.tif"):
        CMSGlobalMangroveCanopy(tmp_path, bands=["agb", "hba95"], cache=False)


def test_plot_and_conformance(tmp_path: Path) -> None:
    mangrove_country(tmp_path)
    ds = CMSGlobalMangroveCanopy(tmp_path, cache=False)
    assert ds.plot(ds[ds.bounds]).axes[0].get_title() == "Mangrove agb"
    check_dataset_plugin("cms_mangrove_canopy", data=tmp_path, kwargs={"cache": False})

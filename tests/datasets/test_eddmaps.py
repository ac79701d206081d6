"""EDDMapS: a query result's mappings.csv read as points with their date."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fakedata._points import check_rows, projected
from fakedata._points import utc_seconds as _ts
from fakedata.eddmaps import SIGHTINGS, mappings_csv
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.eddmaps import EDDMapS

LOCATED = [r for r in SIGHTINGS if r[0] and r[1]]


def test_points_and_dates_are_the_rows(tmp_path: Path) -> None:
    mappings_csv(tmp_path)
    assert len(LOCATED) == 4
    # ObsDate (MM-DD-YY), never the entry date DateEnt
    check_rows(EDDMapS(tmp_path), LOCATED, [r[4] for r in LOCATED])


def test_utm_and_day_query(tmp_path: Path) -> None:
    mappings_csv(tmp_path)
    ds = EDDMapS(tmp_path, crs="EPSG:32617", res=10.0)
    xs, ys = projected(LOCATED, "EPSG:32617")
    # the first two sightings' box on 2019-11-30 (late evening): the second only
    box = BoundingBox(min(xs[:2]) - 1, max(xs[:2]) + 1, min(ys[:2]) - 1, max(ys[:2]) + 1,
                      _ts("2019-11-30") + 23 * 3600, _ts("2019-11-30") + 23.5 * 3600)
    sample = ds[box]
    np.testing.assert_allclose(sample["points"].numpy(), [[xs[1], ys[1]]], atol=0.01)
    assert sample["time"].tolist() == [_ts("2019-11-30")]


def test_missing_and_bands(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"mappings\.csv.*eddmaps\.org"):
        EDDMapS(tmp_path)
    with pytest.raises(ValueError, match="no bands"):
        EDDMapS(tmp_path, bands=["x"])


def test_conformance(tmp_path: Path) -> None:
    mappings_csv(tmp_path)
    check_dataset_plugin("eddmaps", tmp_path)

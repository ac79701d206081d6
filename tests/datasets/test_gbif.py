"""GBIF: a simple-CSV occurrence download read as points with their time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fakedata._points import check_rows, projected
from fakedata._points import utc_seconds as _ts
from fakedata.gbif import KEY, RECORDS, download_csv, download_zip
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.gbif import GBIF

LOCATED = [r for r in RECORDS if r[0]]


def test_points_and_times_are_the_rows(tmp_path: Path) -> None:
    download_csv(tmp_path)
    assert len(LOCATED) == 6
    check_rows(GBIF(tmp_path), LOCATED, [r[6] for r in LOCATED])


def test_query_box_time_and_utm(tmp_path: Path) -> None:
    download_zip(tmp_path)  # the zip as GBIF delivers it is extracted in place
    ds = GBIF(tmp_path, crs="EPSG:32616", res=10.0)
    assert (tmp_path / f"{KEY}.csv").is_file()
    xs, ys = projected(LOCATED, "EPSG:32616")
    # a box around the second and third records, in April 2022: only the second
    box = BoundingBox(min(xs[1:3]) - 5, max(xs[1:3]) + 5, min(ys[1:3]) - 5, max(ys[1:3]) + 5,
                      _ts("2022-04-17T12:00:00"), _ts("2022-04-17T13:00:00"))
    sample = ds[box]
    np.testing.assert_allclose(sample["points"].numpy(), [[xs[1], ys[1]]], atol=0.01)
    assert sample["time"].tolist() == [_ts("2022-04-17T00:00:00")]
    # July 2021 (the record with year/month only) finds the third
    july = BoundingBox(box.minx, box.maxx, box.miny, box.maxy, _ts("2021-07-20T00:00:00"),
                       _ts("2021-07-21T00:00:00"))
    np.testing.assert_allclose(ds[july]["points"].numpy(), [[xs[2], ys[2]]], atol=0.01)


def test_missing_and_bands(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"gbif\.org/occurrence/search"):
        GBIF(tmp_path)
    with pytest.raises(ValueError, match="no bands"):
        GBIF(tmp_path, bands=["x"])


def test_conformance(tmp_path: Path) -> None:
    download_csv(tmp_path)
    check_dataset_plugin("gbif", tmp_path)

"""iNaturalist: an observations export read as points with their time."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._points import check_rows, projected
from fakedata._points import utc_seconds as _ts
from fakedata._readonly import read_only
from fakedata.inaturalist import EXPORT_ID, OBSERVATIONS, export_csv, export_zip
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.inaturalist import INaturalist

LOCATED = [r for r in OBSERVATIONS if r[0]]


def test_points_and_times_are_the_rows(tmp_path: Path) -> None:
    export_csv(tmp_path)
    assert len(LOCATED) == 4
    # time_observed_at (UTC or an offset) wins over the day; created_at is never used
    check_rows(INaturalist(tmp_path), LOCATED, [r[4] for r in LOCATED])


def test_zip_utm_and_time_query(tmp_path: Path) -> None:
    export_zip(tmp_path)
    ds = INaturalist(tmp_path, crs="EPSG:32610", res=10.0)
    assert (tmp_path / f"observations-{EXPORT_ID}.csv").is_file()
    xs, ys = projected(LOCATED, "EPSG:32610")
    b = ds.bounds
    # 2022-05-08 10:00-11:00 UTC: the second observation, and the undated fourth
    hour = BoundingBox(b.minx, b.maxx, b.miny, b.maxy, _ts("2022-05-08T10:00:00"),
                       _ts("2022-05-08T11:00:00"))
    sample = ds[hour]
    np.testing.assert_allclose(sample["points"].numpy(), [[xs[1], ys[1]], [xs[3], ys[3]]],
                               atol=0.01)
    assert sample["time"][0].item() == _ts("2022-05-08T10:02:53")
    assert torch.isnan(sample["time"][1])


def test_zip_in_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))
    export_zip(tmp_path / "data")
    with read_only(tmp_path / "data"):
        check_rows(INaturalist(tmp_path / "data"), LOCATED, [r[4] for r in LOCATED])
    assert [p.name for p in (tmp_path / "data").iterdir()] == [
        f"observations-{EXPORT_ID}.csv.zip"]


def test_missing_and_bands(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"inaturalist\.org/observations/export"):
        INaturalist(tmp_path)
    with pytest.raises(ValueError, match="no bands"):
        INaturalist(tmp_path, bands=["x"])


def test_conformance(tmp_path: Path) -> None:
    export_csv(tmp_path)
    check_dataset_plugin("inaturalist", tmp_path)

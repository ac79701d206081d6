"""South Africa Crop Type: dated field imagery (S1 or S2) and crop-type labels."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid
from fakedata.south_africa_crop_type import ORIGIN, SIZE, crop_field, crop_label, crop_value
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.south_africa_crop_type import (
    SouthAfricaCropType,
    SouthAfricaCropTypeImage,
)


def _ts(day: date) -> float:
    return float(np.datetime64(day.isoformat(), "s").astype(np.int64))


def _window(k: int, row: int, col: int, n: int, day: date | None = None) -> BoundingBox:
    x = ORIGIN[0] + k * SIZE * 10 + col * 10
    y = ORIGIN[1] - row * 10
    t = (_ts(day), _ts(day) + 3600) if day else (-np.inf, np.inf)
    return BoundingBox(x, x + n * 10, y - n * 10, y, *t)


def test_dates_bands_and_labels_pair(tmp_path: Path) -> None:
    crop_field(tmp_path, 1234, k=0)
    crop_field(tmp_path, 5678, k=1)
    ds = SouthAfricaCropType(tmp_path, bands=["B04", "CLM"], cache=False)
    assert ds.crs.to_epsg() == 32734 and ds.res == (10.0, 10.0)
    assert len(ds.image) == 4 and len(ds) == 4  # two fields, two S2 dates each
    rows, cols = grid(6, 6)
    for day in (date(2017, 7, 3), date(2017, 7, 13)):
        sample = ds[_window(1, 3, 4, 6, day)]
        assert sample["image"].dtype == torch.float32 and sample["image"].shape == (2, 6, 6)
        np.testing.assert_array_equal(sample["image"][0].numpy(),
                                      crop_value(1, "B04", day, rows + 3, cols + 4).astype(
                                          np.uint16))
        np.testing.assert_array_equal(sample["mask"].numpy(), crop_label(1, rows + 3, cols + 4))
    # a query over all time merges the earliest acquisition first
    first = ds[_window(0, 0, 0, 6)]["image"][1].numpy()
    np.testing.assert_array_equal(first, crop_value(0, "CLM", date(2017, 7, 3), rows, cols)
                                  .astype(np.uint16))


def test_sentinel1_bands_and_no_mixing(tmp_path: Path) -> None:
    crop_field(tmp_path, 42, k=2)
    s1 = SouthAfricaCropType(tmp_path, bands=["VV", "VH"], cache=False)
    assert len(s1) == 1
    rows, cols = grid(4, 4)
    got = s1[_window(2, 1, 1, 4)]["image"]
    np.testing.assert_array_equal(got[0].numpy(),
                                  crop_value(2, "VV", date(2017, 7, 5), rows + 1, cols + 1))
    with pytest.raises(ValueError, match="mix Sentinel-1"):
        SouthAfricaCropTypeImage(tmp_path, bands=["VV", "B02"], cache=False)


def test_fields_without_labels_and_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="south-africa-crops-competition"):
        SouthAfricaCropType(tmp_path, cache=False)
    crop_field(tmp_path, 7, k=0, split="test", label=False)
    assert len(SouthAfricaCropTypeImage(tmp_path, cache=False)) == 2
    with pytest.raises(DatasetNotFoundError, match=r"labels/<field>\.tif"):
        SouthAfricaCropType(tmp_path, cache=False)


def test_plot_and_conformance(tmp_path: Path) -> None:
    crop_field(tmp_path)
    ds = SouthAfricaCropType(tmp_path, cache=False)
    assert ds.bands == ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09",
                        "B11", "B12")
    fig = ds.plot(ds[_window(0, 0, 0, 8)])
    assert fig.axes[0].get_title() == "crop type"
    check_dataset_plugin("south_africa_crop_type", data=tmp_path, kwargs={"cache": False})

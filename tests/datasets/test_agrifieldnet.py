"""AgriFieldNet: source chips and train labels as two intersecting layers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid
from fakedata.agrifieldnet import CODES, ORIGIN, SIZE, agri_chip, agri_label, agri_value
from geoplug.core import BoundingBox
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.agrifieldnet import AgriFieldNet, AgriFieldNetImage

INDEX = {int(c): i for i, c in enumerate(CODES)}


def _chip_window(k: int, row: int, col: int, n: int) -> BoundingBox:
    x = ORIGIN[0] + k * SIZE * 10 + col * 10
    y = ORIGIN[1] - row * 10
    return BoundingBox(x, x + n * 10, y - n * 10, y, -np.inf, np.inf)


def test_train_chips_pair_image_and_crop_types(tmp_path: Path) -> None:
    agri_chip(tmp_path, "a1b2c", k=0)
    agri_chip(tmp_path, "d3e4f", k=1)
    agri_chip(tmp_path, "g5h6i", k=2, train=False)
    ds = AgriFieldNet(tmp_path, bands=["B04", "B8A"], cache=False)
    assert ds.crs.to_epsg() == 32644 and ds.res == (10.0, 10.0)
    assert len(ds.image) == 3 and len(ds) == 2  # the test chip has no crop types
    sample = ds[_chip_window(1, 2, 3, 8)]
    assert sample["image"].dtype == torch.float32 and sample["image"].shape == (2, 8, 8)
    rows, cols = grid(8, 8)
    np.testing.assert_array_equal(sample["image"][0].numpy(),
                                  agri_value(1, "B04", rows + 2, cols + 3))
    np.testing.assert_array_equal(sample["image"][1].numpy(),
                                  agri_value(1, "B8A", rows + 2, cols + 3))
    want = np.vectorize(INDEX.get)(agri_label(1, rows + 2, cols + 3))
    np.testing.assert_array_equal(sample["mask"].numpy(), want)
    assert ds.classes[INDEX[36]] == "Rice"


def test_image_layer_alone_reads_test_chips(tmp_path: Path) -> None:
    agri_chip(tmp_path, "g5h6i", k=2, train=False)
    image = AgriFieldNetImage(tmp_path, cache=False)
    assert image.bands[8] == "B8A" and len(image.bands) == 12
    got = image[_chip_window(2, 0, 0, 4)]["image"]
    np.testing.assert_array_equal(got[11].numpy(), agri_value(2, "B12", *grid(4, 4)))
    with pytest.raises(DatasetNotFoundError, match=r"AgriFieldNet.*source\.coop"):
        AgriFieldNet(tmp_path, cache=False)  # no train labels


def test_band_files_outside_chip_folders_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "B01.tif").write_bytes(b"not a chip")
    with pytest.raises(DatasetNotFoundError, match=r"_source_<id>/B01\.tif"):
        AgriFieldNetImage(tmp_path, cache=False)


def test_plot_and_conformance(tmp_path: Path) -> None:
    agri_chip(tmp_path)
    ds = AgriFieldNet(tmp_path, cache=False)
    fig = ds.plot(ds[_chip_window(0, 0, 0, 8)])
    assert [ax.get_title() for ax in fig.axes] == ["image", "crop type"]
    check_dataset_plugin("agrifieldnet", data=tmp_path, kwargs={"cache": False})

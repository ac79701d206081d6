"""AgriFieldNet: source chips and train labels as two intersecting layers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import grid
from fakedata.agrifieldnet import (
    CODES,
    ORIGIN,
    SIZE,
    agri_chip,
    agri_chip_source_coop,
    agri_label,
    agri_tarball,
    agri_value,
)
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


def _check_chip(ds: AgriFieldNet, k: int, bands: list[str]) -> None:
    sample = ds[_chip_window(k, 4, 1, 6)]
    assert sample["image"].shape == (len(bands), 6, 6) and sample["mask"].dtype == torch.int64
    rows, cols = grid(6, 6)
    for i, band in enumerate(bands):
        np.testing.assert_array_equal(sample["image"][i].numpy(),
                                      agri_value(k, band, rows + 4, cols + 1))
    np.testing.assert_array_equal(sample["mask"].numpy(),
                                  np.vectorize(INDEX.get)(agri_label(k, rows + 4, cols + 1)))


def test_source_cooperative_layout(tmp_path: Path) -> None:
    """source/<P>_source_<id>/<P>_source_<id>_<band>_10m.tif, train_labels/<P>_labels_train_
    <id>.tif (+ _field_ids.tif, never read as crop types), test_labels/..._field_ids.tif."""
    agri_chip_source_coop(tmp_path, "0a1b2", k=0)
    agri_chip_source_coop(tmp_path, "ff450", k=1)
    agri_chip_source_coop(tmp_path, "eac11", k=2, train=False)
    ds = AgriFieldNet(tmp_path, bands=["B8A", "B02", "B12"], cache=False)
    assert len(ds.image) == 3 and len(ds.mask) == 2 and len(ds) == 2
    assert ds.crs.to_epsg() == 32644 and ds.res == (10.0, 10.0)
    _check_chip(ds, 1, ["B8A", "B02", "B12"])
    assert len(AgriFieldNet(tmp_path, cache=False).bands) == 12


def test_archive_alone_is_extracted(tmp_path: Path) -> None:
    """A root holding only ref_agrifieldnet_competition_v1.tar.gz (TorchGeo's sample)."""
    agri_chip(tmp_path, "a1b2c", k=0)
    agri_chip(tmp_path, "d3e4f", k=1)
    agri_tarball(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["ref_agrifieldnet_competition_v1.tar.gz"]
    ds = AgriFieldNet(tmp_path, bands=["B04"], cache=False)
    assert len(ds) == 2
    _check_chip(ds, 1, ["B04"])
    assert (tmp_path / "ref_agrifieldnet_competition_v1").is_dir()

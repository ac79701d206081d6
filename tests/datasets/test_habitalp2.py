"""HabitAlp 2.0: per-epoch layers stacked in order, labels paired, download, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from fakedata._layers import window
from fakedata.habitalp2 import ORIGIN, RES, ha_layer, ha_mask, ha_snapshot
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets import habitalp2 as module
from geoplug.datasets.habitalp2 import HabitAlp2


def test_default_bands_rgb_nir_and_mask(tmp_path: Path) -> None:
    ha_snapshot(tmp_path, (2013,))
    ds = HabitAlp2(tmp_path, cache=False)
    assert ds.bands == ("R", "G", "B", "NIR") and ds.year == 2013
    assert ds.crs.to_epsg() == 31258 and ds.res == (RES, RES)
    sample = ds[window(ORIGIN, RES, 5, 7, 12)]
    image, mask = sample["image"], sample["mask"]
    assert image.dtype == torch.float32 and image.shape == (4, 12, 12)
    assert mask.dtype == torch.int64 and mask.shape == (12, 12)
    np.testing.assert_array_equal(image[:3].numpy(), ha_layer(2013, "rgb")[:, 5:17, 7:19])
    np.testing.assert_array_equal(image[3].numpy(), ha_layer(2013, "cir")[0, 5:17, 7:19])
    np.testing.assert_array_equal(mask.numpy(), ha_mask(2013)[5:17, 7:19])
    assert len(ds.classes) == 24 and ds.classes[20] == "Mountain dwarf forest (Krummholz)"


def test_terrain_bands_in_canonical_order_and_epochs(tmp_path: Path) -> None:
    ha_snapshot(tmp_path, (2013, 2020))
    ds = HabitAlp2(tmp_path, year=2020, bands=["tri", "ndsm", "G"], cache=False)
    assert ds.bands == ("G", "ndsm", "tri")
    sample = ds[window(ORIGIN, RES, 0, 30, 6)]
    np.testing.assert_array_equal(sample["image"][0].numpy(),
                                  ha_layer(2020, "rgb")[1, 0:6, 30:36])
    np.testing.assert_array_equal(sample["image"][1].numpy(),
                                  ha_layer(2020, "ndsm")[0, 0:6, 30:36])
    np.testing.assert_array_equal(sample["image"][2].numpy(),
                                  ha_layer(2020, "tri")[0, 0:6, 30:36])
    np.testing.assert_array_equal(sample["mask"].numpy(), ha_mask(2020)[0:6, 30:36])


def test_2003_has_rgb_only(tmp_path: Path) -> None:
    ha_snapshot(tmp_path, (2003,))
    ds = HabitAlp2(tmp_path, year=2003, cache=False)
    assert ds.bands == ("R", "G", "B")
    sample = ds[window(ORIGIN, RES, 20, 1, 8)]
    np.testing.assert_array_equal(sample["image"].numpy(), ha_layer(2003, "rgb")[:, 20:28, 1:9])
    np.testing.assert_array_equal(sample["mask"].numpy(), ha_mask(2003)[20:28, 1:9])
    with pytest.raises(ValueError, match=r"\['NIR'\] are not layers of HabitAlp2 2003"):
        HabitAlp2(tmp_path, year=2003, bands=["R", "NIR"], cache=False)
    with pytest.raises(ValueError, match=r"year is one of \[2003, 2013, 2020\]"):
        HabitAlp2(tmp_path, year=2010, cache=False)


def test_download_fetches_only_what_is_asked(tmp_path: Path, http_root: Path,
                                             http_server: object,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    ha_snapshot(http_root, (2013,))
    monkeypatch.setattr(module, "_URL", http_server.url)  # type: ignore[attr-defined]
    root = tmp_path / "habitalp"
    ds = HabitAlp2(root, bands=["R", "dtm"], download=True, cache=False)
    got = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.tif"))
    assert got == ["data_2013/aerial_rgb_2013_2015.tif", "data_2013/dtm.tif",
                   "labels/classes_2013.tif"]
    sample = ds[window(ORIGIN, RES, 3, 3, 5)]
    np.testing.assert_array_equal(sample["image"][1].numpy(), ha_layer(2013, "dtm")[0, 3:8, 3:8])


def test_not_found_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=r"data_2013/aerial_rgb_2013_2015\.tif.*"
                                                   r"download=True"):
        HabitAlp2(tmp_path, cache=False)
    ha_snapshot(tmp_path, (2013,))
    (tmp_path / "labels" / "classes_2013.tif").unlink()
    with pytest.raises(DatasetNotFoundError, match=r"labels/classes_2013\.tif"):
        HabitAlp2(tmp_path, cache=False)


def test_plot(tmp_path: Path) -> None:
    ha_snapshot(tmp_path, (2013,))
    ds = HabitAlp2(tmp_path, cache=False)
    sample = ds[window(ORIGIN, RES, 0, 0, 16)]
    fig = ds.plot(sample)
    assert [a.get_title() for a in fig.axes] == ["HabitAlp2 2013", "habitats"]
    colours = fig.axes[1].images[0].get_array()
    assert int(sample["mask"][0, 0]) == 5  # Rock, the fifth colour of tab20
    assert tuple(colours[0, 0]) == (44, 160, 44)


def test_conformance(tmp_path: Path) -> None:
    ha_snapshot(tmp_path, (2013,))
    check_dataset_plugin("habitalp2", data=tmp_path, kwargs={"cache": False})

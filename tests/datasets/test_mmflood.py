"""MMFlood loader against a fake activations.json and the 11-part activations archive."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import mmflood as fake
from fakedata._made import check_wrong_md5, made_root
from fakedata._segutil import served_resources
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.mmflood import IGNORE_INDEX, MMFlood

matplotlib.use("Agg")


root = made_root(fake.make, extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("mmflood") is MMFlood
    assert geoplug.datasets.info("mmflood").bands == ("VV", "VH", "DEM", "hydro")


@pytest.mark.parametrize(("split", "length"), [("train", 3), ("val", 1), ("test", 1)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(MMFlood(root, split=split)) == length


def test_sample_pairs_modalities_and_mask(root: Path) -> None:
    ds = MMFlood(root)
    sample = ds[1]  # EMSR100-0-1.tif, 6x6
    assert set(sample) == {"image_s1", "image_dem", "mask", "crs", "bounds"}
    assert sample["image_s1"].shape == (2, 6, 6)
    assert sample["image_s1"].dtype == torch.float32
    assert sample["image_dem"].shape == (1, 6, 6)
    assert sample["mask"].dtype == torch.int64
    assert sample["image_s1"][1, 3, 4].item() == pytest.approx(fake.s1(1)[1, 3, 4])
    assert sample["image_dem"][0, 5, 2].item() == pytest.approx(fake.dem(1)[0, 5, 2])
    assert torch.equal(sample["mask"], torch.from_numpy(fake.mask(1).astype(np.int64)))
    assert sample["crs"] == CRS.from_epsg(4326)
    assert sample["bounds"].minx == pytest.approx(11.0)


def test_missing_sar_pixels_are_zero_and_ignored(root: Path) -> None:
    sample = MMFlood(root)[0]
    row, col = fake.NAN_AT
    assert sample["image_s1"][0, row, col].item() == 0.0
    assert not torch.isnan(sample["image_s1"]).any()
    assert sample["mask"][row, col].item() == IGNORE_INDEX
    assert sample["mask"][row, col + 1].item() == int(fake.mask(0)[row, col + 1])
    # the same pixels are ignored without Sentinel-1 read, or with only its other band (the
    # NaN is in VV): the labels did not depend on what was read
    for kwargs in ({"modalities": ["dem"]}, {"bands": ["VH", "DEM"]}):
        mask = MMFlood(root, **kwargs)[0]["mask"]
        assert mask[row, col].item() == IGNORE_INDEX
        assert torch.equal(mask, sample["mask"])


def test_hydro_keeps_tiles_that_have_it(root: Path) -> None:
    ds = MMFlood(root, modalities=["s1", "dem", "hydro"])
    assert len(ds) == 1
    sample = ds[0]
    assert sample["image_hydro"].shape == (1, 8, 10)
    assert torch.equal(sample["image_hydro"][0], torch.from_numpy(fake.hydro(0)[0]).float())


def test_band_selection(root: Path) -> None:
    ds = MMFlood(root, split="test", bands=["VH", "DEM"])
    sample = ds[0]
    assert sample["image_s1"].shape == (1, 9, 6)
    assert sample["image_s1"][0, 7, 5].item() == pytest.approx(fake.s1(4)[1, 7, 5])
    only_vv = MMFlood(root, split="test", bands=["VV"], modalities=["s1"])
    assert set(only_vv[0]) == {"image_s1", "mask", "crs", "bounds"}
    with pytest.raises(ValueError, match=r"modality \['dem'\] has none of the bands"):
        MMFlood(root, bands=["VV"])
    with pytest.raises(ValueError, match="belong to none of the modalities"):
        MMFlood(root, bands=["VV", "hydro"])
    with pytest.raises(ValueError, match="unknown modality"):
        MMFlood(root, modalities=["s2"])


def test_chips_cover_the_tiles(root: Path) -> None:
    ds = MMFlood(root, chip_size=4, stride=3)
    # 8x10 -> rows 0,3,4 x cols 0,3,6; 6x6 -> 0,2 x 0,2 (last flush); 7x9 -> 0,3 x 0,3,5
    assert len(ds) == 9 + 4 + 6
    chip = ds[5]  # tile 0, row offset 3, col offset 6
    assert chip["image_s1"].shape == (2, 4, 4)
    assert torch.equal(chip["image_s1"][1], torch.from_numpy(fake.s1(0)[1, 3:7, 6:10]))
    assert torch.equal(chip["mask"], torch.from_numpy(fake.mask(0)[3:7, 6:10].astype(np.int64)))
    assert chip["bounds"].minx == pytest.approx(10.0 + 6 * 0.0002)
    # where each chip lies, for splits carved from these (neighbours share pixels)
    assert ds.footprints()[5] == (0, 3, 6, 4, 4) and len(ds.footprints()) == len(ds)
    assert MMFlood(root).footprints()[0][1:3] == (0, 0)  # a whole tile
    with pytest.raises(ValueError, match="must be positive"):
        MMFlood(root, chip_size=0)


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        MMFlood(tmp_path)


def test_download_joins_parts(tmp_path: Path, http_root: Path, http_server,
                              monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(MMFlood, "resources",
                        served_resources(MMFlood.resources, http_server.url, info["md5"]))
    monkeypatch.setattr(MMFlood, "archive", dataclasses.replace(
        MMFlood.archive, md5=info["md5"]["activations.tar.gz"]))
    ds = MMFlood(tmp_path, split="val", download=True, checksum=True)
    assert len(ds) == 1
    assert (tmp_path / "activations.tar.gz").is_file()
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.mask(3).astype(np.int64)))


def test_checksum(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(MMFlood, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = MMFlood(root)
    sample = ds[0]
    fig = ds.plot({**sample, "prediction": sample["mask"]})
    assert isinstance(fig, plt.Figure)
    assert [ax.get_title() for ax in fig.axes] == ["s1", "dem", "mask", "prediction"]
    plt.close(fig)


def test_conformance(root: Path) -> None:
    check_dataset_plugin("mmflood", data=root)

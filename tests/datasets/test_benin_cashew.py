"""Benin cashew loader against fake files in the Source Cooperative layout."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import benin_cashew as fake
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.datasets.benin_cashew import BeninSmallHolderCashews, file_resources

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("benin")
    fake.make(path)
    return path


def test_registry() -> None:
    assert geoplug.datasets.get("benin_cashew") is BeninSmallHolderCashews
    assert len(BeninSmallHolderCashews.resources) == 1 + 70 * 13


def test_conforms_as_time_series_segmentation(root: Path) -> None:
    # a [T,C,H,W] image with a [H,W] mask: the plugin kit refused segmentation of time series
    from geoplug.core.testing import check_dataset_plugin

    check_dataset_plugin("benin_cashew", root)


def test_whole_tile_when_chip_is_larger(root: Path) -> None:
    ds = BeninSmallHolderCashews(root)
    assert len(ds) == 1
    sample = ds[0]
    assert sample["image"].shape == (2, 13, fake.H, fake.W)
    assert sample["image"].dtype == torch.float32
    assert sample["image"][1, :, 0, 0].tolist() == [1000.0 + 100 * b for b in range(13)]
    assert torch.equal(sample["image"], torch.from_numpy(fake.image()).float())
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(fake.expected_mask()))
    assert sample["crs"] == CRS.from_epsg(32631)
    assert sample["dates"] == fake.DATES


def test_chips(root: Path) -> None:
    ds = BeninSmallHolderCashews(root, chip_size=10, stride=10)
    # height 20 -> rows 0, 10; width 24 -> cols 0, 10, 14
    assert len(ds) == 6
    last = ds[5]
    assert (last["y"], last["x"]) == (10, 14)
    assert torch.equal(last["mask"], torch.from_numpy(fake.expected_mask()[10:20, 14:24]))
    assert last["bounds"].minx == pytest.approx(fake.X0 + 14 * fake.RES)
    assert last["bounds"].maxy == pytest.approx(fake.Y0 - 10 * fake.RES)
    assert torch.equal(last["image"], torch.from_numpy(fake.image()[:, :, 10:20, 14:24]).float())
    middle = ds[4]  # rows 10-19, columns 10-19
    # chip pixel (3, 5) is tile pixel (13, 15): 1000 i + 100 b + 7*13 + 3*15 + 13*15
    assert middle["image"][1, :, 3, 5].tolist() == [1331.0 + 100 * b for b in range(13)]
    assert middle["image"][0, 2, 5, 3].tolist() == 200.0 + 7 * 15 + 3 * 13 + 15 * 13
    assert middle["mask"][3, 0].item() == 0 and middle["mask"][3, 5].item() == 3
    assert torch.equal(middle["mask"], torch.from_numpy(fake.expected_mask()[10:20, 10:20]))
    # rows 10-19, columns 0-9: class 2 at chip rows 3-6, columns 2-7, nothing else
    assert torch.equal(ds[3]["mask"], torch.from_numpy(fake.expected_mask()[10:20, 0:10]))


def test_bands_transforms(root: Path) -> None:
    ds = BeninSmallHolderCashews(root, bands=["B04", "B03", "B02"],
                                 transforms=lambda s: {**s, "image": s["image"][-1]})
    assert ds.rgb_indices == [0, 1, 2]
    assert ds[0]["image"][:, 2, 3].tolist() == [1329.0, 1229.0, 1129.0]  # 100 b + 14 + 9 + 6


def test_invalid_split(root: Path) -> None:
    with pytest.raises(ValueError, match="split"):
        BeninSmallHolderCashews(root, split="test")


def test_bad_labels(tmp_path: Path) -> None:
    fake.make(tmp_path)
    (tmp_path / "labels" / "00.geojson").write_text('{"type": "FeatureCollection", '
                                                     '"features": [{"type": "Feature", '
                                                     '"properties": {}, "geometry": {"type": '
                                                     '"Point", "coordinates": [1, 8]}}]}')
    with pytest.raises(InvalidDataError, match="class"):
        BeninSmallHolderCashews(tmp_path)


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match=str(tmp_path)):
        BeninSmallHolderCashews(tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    fake.make(http_root)
    monkeypatch.setattr(BeninSmallHolderCashews, "resources",
                        file_resources(http_server.url, fake.DATES))
    ds = BeninSmallHolderCashews(tmp_path, download=True)
    assert len(ds) == 1
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.expected_mask()))


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = BeninSmallHolderCashews(root)
    sample = ds[0]
    fig = ds.plot(sample, time_step=-1)
    assert isinstance(fig, plt.Figure)
    assert len(fig.axes) == 2  # one date and the mask, not every date
    assert fig.get_suptitle() == sample["dates"][-1]
    plt.close(fig)
    with pytest.raises(IndexError, match="time_step"):
        ds.plot(sample, time_step=5)

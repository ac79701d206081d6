"""CV4A Kenya crop type loader against fake files in the Source Cooperative layout."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest
import torch

import geoplug.datasets
from fakedata import cv4a_kenya_crop_type as fake
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.datasets.cv4a_kenya_crop_type import CV4AKenyaCropType, file_resources

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cv4a")
    fake.make(path)
    return path


def test_registry() -> None:
    assert geoplug.datasets.get("cv4a_kenya_crop_type") is CV4AKenyaCropType


def test_published_file_list() -> None:
    names = [r.filename for r in CV4AKenyaCropType.resources]
    assert len(names) == 4 * (2 + 13 * 13) + 1
    assert "FieldIds.csv" in names
    assert "data/3/20191103/3_CLD_20191103.tif" in names
    assert "data/0/0_field_id.tif" in names


def test_train_chips_hold_labelled_fields(root: Path) -> None:
    ds = CV4AKenyaCropType(root, chip_size=8, stride=8)
    # tile 0: 3x3 grid (rows 0,8,16; cols 0,8,12); the chips at (0,0), (8,8) and (8,12) hold
    # crop labels (fields 5 and 6)
    assert len(ds) == 3
    sample = ds[0]
    assert sample["image"].shape == (3, 13, 8, 8)
    assert sample["image"].dtype == torch.float32
    assert sample["image"][:, :, 0, 0].tolist() == [[1000.0 * i + 100 * b for b in range(13)]
                                                   for i in range(3)]
    assert sample["mask"].dtype == torch.int64
    assert sample["mask"].unique().tolist() == [2]
    assert sample["field_ids"].unique().tolist() == [5]
    assert (sample["tile"], sample["x"], sample["y"]) == ("0", 0, 0)
    assert sample["dates"] == fake.DATES
    offset = ds[1]
    assert (offset["tile"], offset["y"], offset["x"]) == ("0", 8, 8)
    # chip pixel (3, 5) is tile pixel (11, 13): 1000 i + 100 b + 11 + 13/64
    assert offset["image"][2, :, 3, 5].tolist() == [2011.203125 + 100 * b for b in range(13)]
    assert torch.equal(offset["image"], torch.from_numpy(fake.image(0)[:, :, 8:16, 8:16]))
    # field 6 (crop 4) covers tile rows 10-13, columns 9-14: chip rows 2-5, columns 1-7
    labels, fields = fake.rasters("0")
    assert offset["mask"][3, 5].item() == 4 and offset["mask"][3, 0].item() == 0
    assert offset["mask"][1, 5].item() == 0 and offset["field_ids"][5, 6].item() == 6
    assert torch.equal(offset["mask"], torch.from_numpy(labels[8:16, 8:16]).long())
    assert torch.equal(offset["field_ids"], torch.from_numpy(fields[8:16, 8:16]).long())


def test_test_split_holds_test_fields(root: Path) -> None:
    ds = CV4AKenyaCropType(root, split="test", chip_size=8, stride=8)
    where = sorted((s["tile"], s["y"], s["x"]) for s in (ds[i] for i in range(len(ds))))
    # tile 0: field 9 at rows 16-23 / cols 12-19 -> chips (16, 8) and (16, 12);
    # tile 1: field 11 in rows 0-3 -> the three chips of row 0
    assert where == [("0", 16, 8), ("0", 16, 12), ("1", 0, 0), ("1", 0, 8), ("1", 0, 12)]
    assert all(ds[i]["mask"].sum().item() == 0 for i in range(len(ds)))


@pytest.mark.parametrize("split_file", [False, True])
def test_a_test_chip_gives_no_labels_of_train_fields(root: Path, tmp_path: Path,
                                                      split_file: bool) -> None:
    # overlapping chips: the test chip at rows 12-19 also holds field 6 (train, crop 4);
    # its label was the test split's only label, so "test" scored training pixels
    import shutil

    shutil.copytree(root / "data", tmp_path / "data")
    if split_file:
        (tmp_path / "FieldIds.csv").write_text("train,test\n5,9\n6,11\n")
    ds = CV4AKenyaCropType(tmp_path, split="test", chip_size=8, stride=4)
    samples = [ds[i] for i in range(len(ds))]
    assert any((s["field_ids"] == 6).any() for s in samples)
    assert all(s["mask"].sum().item() == 0 for s in samples)
    train = CV4AKenyaCropType(tmp_path, chip_size=8, stride=4)
    labelled = [s for s in (train[i] for i in range(len(train))) if (s["mask"] == 4).any()]
    assert labelled and all(torch.equal(s["mask"] == 4, s["field_ids"] == 6) for s in labelled)


def test_a_split_file_naming_none_of_the_fields_gives_every_chip(root: Path,
                                                                 tmp_path: Path) -> None:
    # a FieldIds.csv of other data (TorchGeo's sample lists ids 1-6 beside random rasters)
    # splits nothing: both splits are every chip of the tiles, with a warning, not an error
    import shutil

    shutil.copytree(root / "data", tmp_path / "data")
    (tmp_path / "FieldIds.csv").write_text("train,test\n1001,1002\n1003\n")
    expected = set()  # the chips of both published splits
    for split in ("train", "test"):
        published = CV4AKenyaCropType(root, split=split, chip_size=8, stride=8)
        expected |= {(s["tile"], s["y"], s["x"]) for s in published}
    for split in ("train", "test"):
        with pytest.warns(UserWarning, match="none of the 3 field ids"):
            ds = CV4AKenyaCropType(tmp_path, split=split, chip_size=8, stride=8)
        where = {(s["tile"], s["y"], s["x"]) for s in (ds[i] for i in range(len(ds)))}
        assert len(ds) == 2 * 9 and expected < where  # two 24 x 24 tiles of 3 x 3 chips
        assert torch.equal(ds[4]["image"], torch.from_numpy(fake.image(0)[:, :, 8:16, 8:16]))


def test_former_mlhub_layout(tmp_path: Path) -> None:
    fake.make(tmp_path, layout="mlhub")
    ds = CV4AKenyaCropType(tmp_path, split="test", chip_size=8, stride=8)
    assert len(ds) == 5
    sample = ds[0]
    assert sample["image"].shape == (3, 13, 8, 8)
    assert sample["tile"] == "00"
    # the first test chip of tile "00" is the one at row 16, column 8 (field 9):
    # 1000 * date + 100 * band + row + column / 64
    assert sample["image"][2, 12, 0, 0].item() == 3200.0 + 16 + 8 / 64
    assert sample["image"][2, 12, 3, 5].item() == 3200.0 + 19 + 13 / 64


def test_default_chip_larger_than_tile(root: Path) -> None:
    ds = CV4AKenyaCropType(root)
    assert len(ds) == 1
    assert ds[0]["image"].shape == (3, 13, fake.H, fake.W)


def test_band_selection_and_transforms(root: Path) -> None:
    ds = CV4AKenyaCropType(root, bands=["CLD", "B02"], chip_size=8,
                           transforms=lambda s: {**s, "image": s["image"] + 1})
    # 1000 * date + 100 * band + 2 + 3/64, plus one
    assert ds[0]["image"][:, :, 2, 3].tolist() == [[1203.046875, 103.046875],
                                                   [2203.046875, 1103.046875],
                                                   [3203.046875, 2103.046875]]


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        CV4AKenyaCropType(tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    fake.make(http_root)
    resources = file_resources(http_server.url, fake.TILES, fake.DATES)
    monkeypatch.setattr(CV4AKenyaCropType, "resources", resources)
    ds = CV4AKenyaCropType(tmp_path, download=True, chip_size=8)
    assert len(ds) == 1
    assert (tmp_path / "data" / "1" / "20190701" / "1_B8A_20190701.tif").is_file()


def test_plot(root: Path) -> None:
    import matplotlib.pyplot as plt

    ds = CV4AKenyaCropType(root, chip_size=8)
    sample = ds[0]
    fig = ds.plot(sample, time_step=-1)
    assert isinstance(fig, plt.Figure)
    assert len(fig.axes) == 2  # one date and the mask, not every date
    assert fig.get_suptitle() == sample["dates"][-1]
    plt.close(fig)
    with pytest.raises(IndexError, match="time_step"):
        ds.plot(sample, time_step=5)


def test_split_follows_field_ids_csv(root: Path) -> None:
    """``FieldIds.csv`` (train column longer than test) decides the split, not the labels."""
    (root / "FieldIds.csv").write_text("train,test\n5,11\n9\n")
    train = CV4AKenyaCropType(root, chip_size=8, stride=8)
    where = sorted((s["tile"], s["y"], s["x"]) for s in (train[i] for i in range(len(train))))
    assert where == [("0", 0, 0), ("0", 16, 8), ("0", 16, 12)]
    test = CV4AKenyaCropType(root, split="test", chip_size=8, stride=8)
    assert sorted(test[i]["tile"] for i in range(len(test))) == ["1", "1", "1"]
    (root / "FieldIds.csv").write_text("id,crop\n5,2\n")
    with pytest.raises(InvalidDataError, match="train,test"):
        CV4AKenyaCropType(root)


def test_a_split_without_any_field_says_so(tmp_path: Path) -> None:
    """Files found but no chip holds a field of the split: an error, not an empty dataset."""
    fake.make(tmp_path)
    (tmp_path / "FieldIds.csv").write_text("train,test\n5,98\n,99\n")  # no test field exists
    with pytest.raises(InvalidDataError) as info:
        CV4AKenyaCropType(tmp_path, split="test", chip_size=8, stride=8)
    message = str(info.value)
    assert "'test' split yields no sample" in message
    assert "8x8 chip (stride 8) of its 2 tile(s)" in message and "FieldIds.csv" in message
    assert len(CV4AKenyaCropType(tmp_path, chip_size=8, stride=8)) == 1  # train still loads

"""CaFFe loader against a fake data_raw.zip in the PANGAEA layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import caffe as fake
from fakedata._dc_checks import check_not_found
from fakedata._made import check_wrong_md5, made_root
from fakedata._segutil import served_resources
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.caffe import CaFFe, val_positions

matplotlib.use("Agg")

root = made_root(fake.make, "caffe", extract=True)
#: the fake train folder's held-out image: RandomState(1).permutation(5)[:ceil(0.5)] is [2]
VAL = fake.STEMS["train"][2]


def test_registry() -> None:
    assert geoplug.datasets.get("caffe") is CaFFe
    info = geoplug.datasets.info("caffe")
    assert info.classes == ("NA area", "rock", "glacier", "ocean and ice melange")
    assert info.splits == ("train", "val", "test") and info.num_samples == 681


@pytest.mark.parametrize(("split", "n"), [("train", 4), ("val", 1), ("test", 2)])
def test_lengths(root: Path, split: str, n: int) -> None:
    assert len(CaFFe(root, split=split)) == n


def test_val_is_the_papers_hold_out_of_train(root: Path) -> None:
    train = [p.stem for p, _ in CaFFe(root, split="train").files]
    val = [p.stem for p, _ in CaFFe(root, split="val").files]
    assert val == [VAL]
    assert sorted(train + val) == fake.STEMS["train"]
    # sklearn's ceil(0.1 * n): 56 of the release's 559 train images
    assert len(val_positions(30)) == 3 and len(val_positions(31)) == 4
    assert len(val_positions(559)) == 56
    # RandomState(1).permutation(559)[:56], sorted: pins the seed of the paper's split
    assert sorted(val_positions(559))[:6] == [0, 9, 29, 41, 47, 49]
    assert val_positions(5) == {2}


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_zone_samples_pair_image_and_label(root: Path, split: str) -> None:
    ds = CaFFe(root, split=split)
    for i, (path, label) in enumerate(ds.files):
        assert label.name == f"{path.stem}_zones.png"
        k = fake.index(path.stem)
        sample = ds[i]
        assert set(sample) == {"image", "mask"}
        assert sample["image"].dtype == torch.float32 and sample["mask"].dtype == torch.int64
        assert sample["image"].shape == (1, *fake.shape(k))
        np.testing.assert_array_equal(sample["image"][0].numpy(), fake.image(k))
        np.testing.assert_array_equal(sample["mask"].numpy(), fake.zones(k))


def test_grey_values_become_class_indices(root: Path) -> None:
    """64 rock -> 1, 127 glacier -> 2, 254 ocean and ice melange -> 3 (checked on the file)."""
    ds = CaFFe(root, split="test")
    path = ds.files[1][1]
    with Image.open(path) as img:
        grey = np.asarray(img)
    mask = ds[1]["mask"].numpy()
    for value, index in ((0, 0), (64, 1), (127, 2), (254, 3)):
        assert (grey == value).any()
        assert (mask[grey == value] == index).all()
    assert ds[1]["image"][0, 3, 5].item() == float(fake.image(fake.index("Mapple_2008-10-13_"
                                                                         "TSX_7_2_034"))[3, 5])


def test_fronts(root: Path) -> None:
    ds = CaFFe(root, split="train", mask="fronts")
    assert ds.classes == ("background", "calving front")
    assert ds.files[0][1].name == "Crane_2002-11-09_ERS_20_2_061_front.png"
    for i, (path, _) in enumerate(ds.files):
        np.testing.assert_array_equal(ds[i]["mask"].numpy(), fake.fronts(fake.index(path.stem)))
    assert set(np.unique(ds[0]["mask"].numpy())) == {0, 1}
    assert CaFFe(root, split="train").classes[3] == "ocean and ice melange"


def test_bad_mask_argument(root: Path) -> None:
    with pytest.raises(ValueError, match=r"mask='front' is not one of zones, fronts"):
        CaFFe(root, mask="front")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(CaFFe, tmp_path)


def test_extracts_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert not (tmp_path / "data_raw").exists()
    assert len(CaFFe(tmp_path, split="test")) == 2
    assert (tmp_path / "data_raw" / "fronts" / "test" / "COL_2020-03-08_S1_20_3_094_front.png"
            ).is_file()


def test_layouts_one_folder_below_or_without_data_raw(tmp_path: Path) -> None:
    fake.make(tmp_path / "caffe", extract=True)
    (tmp_path / "caffe" / "data_raw.zip").unlink()
    assert len(CaFFe(tmp_path, split="val")) == 1
    shutil.move(tmp_path / "caffe" / "data_raw", tmp_path / "flat")
    ds = CaFFe(tmp_path / "flat", split="test")
    np.testing.assert_array_equal(ds[0]["mask"].numpy(), fake.zones(5))


def test_missing_label_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    gone = tmp_path / "data_raw" / "zones" / "test" / "COL_2020-03-08_S1_20_3_094_zones.png"
    gone.unlink()
    with pytest.raises(InvalidDataError, match=r"COL_2020-03-08_S1_20_3_094_zones\.png"):
        CaFFe(tmp_path, split="test")
    assert len(CaFFe(tmp_path, split="test", mask="fronts")) == 2


def test_unknown_grey_value_is_an_error(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    path = tmp_path / "data_raw" / "zones" / "train" / "DBE_2008-03-30_TSX_7_3_049_zones.png"
    with Image.open(path) as img:
        grey = np.asarray(img).copy()
    grey[2, 3] = 128
    Image.fromarray(grey, mode="L").save(path)
    with pytest.raises(InvalidDataError, match=r"row 2, col 3\) is 128"):
        CaFFe(tmp_path)[1]


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(CaFFe, "resources",
                        served_resources(CaFFe.resources, http_server.url, info["archives"]))
    ds = CaFFe(tmp_path / "x", split="val", download=True, checksum=True)
    assert [p.stem for p, _ in ds.files] == [VAL]
    np.testing.assert_array_equal(ds[0]["image"][0].numpy(), fake.image(2))


def test_checksum_mismatch(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(CaFFe, monkeypatch, tmp_path)


def test_plot_shows_image_and_mask(root: Path) -> None:
    from matplotlib.figure import Figure

    ds = CaFFe(root, split="test")
    sample = ds[0]
    fig = ds.plot(sample, suptitle="CaFFe")
    assert isinstance(fig, Figure)
    np.testing.assert_array_equal(np.asarray(fig.axes[1].images[0].get_array()),
                                  sample["mask"].numpy())


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("caffe", data=root)
    assert any("plot" in line for line in report.passed)

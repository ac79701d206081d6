"""38-Cloud and 95-Cloud loaders against fake publisher trees."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import cloud38 as fake
from fakedata._dc_checks import check_plot
from fakedata._made import made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.cloud38 import Cloud38, Cloud95

matplotlib.use("Agg")

root = made_root(fake.make, "cloud38")


def test_registry() -> None:
    assert geoplug.datasets.get("cloud38") is Cloud38
    assert geoplug.datasets.get("cloud95") is Cloud95
    assert geoplug.datasets.info("cloud95").bands[:4] == ("B4", "B3", "B2", "B5")


@pytest.mark.parametrize(("cls", "split", "nonempty", "length"), [
    (Cloud38, "train", False, 4), (Cloud38, "train", True, 3), (Cloud38, "test", False, 3),
    (Cloud95, "train", False, 6), (Cloud95, "train", True, 4), (Cloud95, "test", False, 3)])
def test_lengths(root: Path, cls: type[Cloud38], split: str, nonempty: bool,
                 length: int) -> None:
    assert len(cls(root, split=split, nonempty=nonempty)) == length


def test_train_sample_pairs_bands_and_gt(root: Path) -> None:
    sample = Cloud38(root)[1]
    name = fake.TRAIN[1]
    assert sample["image"].dtype == torch.float32
    assert sample["image"].shape == (4, fake.HEIGHT, fake.WIDTH)
    for b in range(4):  # red, green, blue, nir = B4, B3, B2, B5
        assert torch.equal(sample["image"][b], torch.from_numpy(
            fake.band(name, b).astype(np.float32)))
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(fake.cloud(name)))
    assert set(sample["mask"].unique().tolist()) == {0, 1}


def test_band_selection(root: Path) -> None:
    image = Cloud38(root, bands=["B5", "B4"])[2]["image"]
    assert image.shape == (2, fake.HEIGHT, fake.WIDTH)
    assert image[0, 13, 7].item() == fake.band(fake.TRAIN[2], 3)[13, 7]
    assert image[1, 13, 7].item() == fake.band(fake.TRAIN[2], 0)[13, 7]
    with pytest.raises(ValueError, match="unknown band"):
        Cloud38(root, bands=["B6"])


def test_test_split_has_no_mask(root: Path) -> None:
    ds = Cloud38(root, split="test")
    assert [n for _, n in ds.patches] == fake.TEST  # the publisher's CSV order
    sample = ds[1]
    assert set(sample) == {"image"}
    assert sample["image"][2, 15, 11].item() == fake.band(fake.TEST[1], 2)[15, 11]


def test_nonempty_leaves_out_the_margin_patch(root: Path) -> None:
    ds = Cloud38(root, nonempty=True)
    assert [n for _, n in ds.patches] == fake.TRAIN[:3]
    assert Cloud38(root).patches[-1][1] == fake.EMPTY


def test_cloud95_adds_the_additional_part(root: Path) -> None:
    ds = Cloud95(root)
    names = [n for _, n in ds.patches]
    assert names[:4] == fake.TRAIN
    assert sorted(names[4:]) == sorted(fake.EXTRA)
    index = names.index(fake.EXTRA[0])
    sample = ds[index]
    assert sample["image"][3, 9, 5].item() == fake.band(fake.EXTRA[0], 3)[9, 5]
    assert torch.equal(sample["mask"], torch.from_numpy(fake.cloud(fake.EXTRA[0])))


def test_cloud95_plain_band_folders(tmp_path: Path) -> None:
    fake.make(tmp_path)
    extra = tmp_path / "95-cloud_training_only_additional_to38-cloud"
    for colour in (*fake.COLOURS, "gt"):
        (extra / f"train_{colour}_additional_to38cloud").rename(extra / f"train_{colour}")
    ds = Cloud95(tmp_path, nonempty=True)
    assert ds.patches[-1][1] == fake.EXTRA[0]
    assert ds[3]["image"][0, 1, 2].item() == fake.band(fake.EXTRA[0], 0)[1, 2]


def test_list_from_folder_without_csv(tmp_path: Path) -> None:
    fake.make(tmp_path, extra=False)
    (tmp_path / "38-Cloud_test" / "test_patches_38-Cloud.csv").unlink()
    ds = Cloud38(tmp_path, split="test")
    assert [n for _, n in ds.patches] == sorted(fake.TEST)  # a stable order, whatever the disk
    assert sorted(fake.TEST) != fake.TEST


def test_nonempty_without_list(tmp_path: Path) -> None:
    fake.make(tmp_path, extra=False)
    (tmp_path / "training_patches_38-cloud_nonempty.csv").unlink()
    with pytest.raises(InvalidDataError, match=r"training_patches_38-cloud_nonempty\.csv"):
        Cloud38(tmp_path, nonempty=True)


def test_bad_patch_list(tmp_path: Path) -> None:
    fake.make(tmp_path, extra=False)
    (tmp_path / "38-Cloud_training" / "training_patches_38-Cloud.csv").write_text("id\nx\n")
    with pytest.raises(InvalidDataError, match="no 'name' column"):
        Cloud38(tmp_path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extra=False)
    (tmp_path / "38-Cloud_training" / "train_gt" / f"gt_{fake.TRAIN[0]}.TIF").unlink()
    with pytest.raises(InvalidDataError, match=f"gt_{fake.TRAIN[0]}"):
        Cloud38(tmp_path)[0]


def test_not_found(tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError, match="38-Cloud_training"):
        Cloud38(tmp_path)
    with pytest.raises(DatasetNotFoundError, match="no direct download"):
        Cloud38(tmp_path, split="test", download=True)


def test_cloud95_needs_its_additional_part(tmp_path: Path) -> None:
    fake.make(tmp_path, extra=False)
    with pytest.raises(DatasetNotFoundError, match="additional_to38cloud"):
        Cloud95(tmp_path)
    assert len(Cloud95(tmp_path, split="test")) == 3


def test_plot(root: Path) -> None:
    check_plot(Cloud38(root))
    check_plot(Cloud95(root, split="test"))


@pytest.mark.parametrize("name", ["cloud38", "cloud95"])
def test_conformance(root: Path, name: str) -> None:
    check_dataset_plugin(name, data=root)

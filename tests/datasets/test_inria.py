"""Inria Aerial Image Labeling loader against a fake NEW2-AerialImageDataset.zip."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from rasterio.crs import CRS

import geoplug.datasets
from fakedata import inria as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, check_wrong_md5, made_root
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.inria import InriaAerialImageLabeling as Inria

matplotlib.use("Agg")


root = made_root(fake.make, "inria", extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("inria") is Inria
    assert geoplug.datasets.info("inria").classes == ("not building", "building")


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_splits_follow_tile_numbers(root: Path, split: str) -> None:
    ds = Inria(root, split=split)
    assert [p.stem for p in ds.tiles] == fake.SPLITS[split]
    assert len(ds) == len(fake.SPLITS[split])


def test_whole_tile_sample(root: Path) -> None:
    sample = Inria(root, split="train")[1]  # austin12 (numeric order within a city)
    assert sample["image"].shape == (3, fake.H, fake.W)
    assert sample["image"].dtype == torch.float32
    assert sample["mask"].dtype == torch.int64
    assert sample["image"][:, 9, 13].tolist() == [float(v) for v in
                                                  fake.image("austin12")[:, 9, 13]]
    expected = (fake.gt("austin12") == 255).astype(np.int64)
    assert torch.equal(sample["mask"], torch.from_numpy(expected))
    assert set(sample["mask"].unique().tolist()) == {0, 1}
    assert sample["crs"] == CRS.from_epsg(32614)
    assert sample["bounds"].minx == pytest.approx(fake.ORIGIN[0])
    assert sample["bounds"].miny == pytest.approx(fake.ORIGIN[1] - fake.H * 0.3)


def test_chips_are_windows(root: Path) -> None:
    ds = Inria(root, split="val", patch_size=8)
    # 20x16 px: columns at 0, 8, 12; rows at 0, 8 -> 6 chips per tile
    assert len(ds) == 3 * 6
    sample = ds[6 + 5]  # austin2, row offset 8, column offset 12
    assert sample["image"].shape == (3, 8, 8)
    assert torch.equal(sample["image"], torch.from_numpy(
        fake.image("austin2")[:, 8:16, 12:20].astype(np.float32)))
    assert torch.equal(sample["mask"], torch.from_numpy(
        (fake.gt("austin2")[8:16, 12:20] > 0).astype(np.int64)))
    assert sample["bounds"].minx == pytest.approx(fake.ORIGIN[0] + 12 * 0.3)


def test_test_split_has_no_mask(root: Path) -> None:
    sample = Inria(root, split="test")[1]
    assert "mask" not in sample
    assert sample["image"][0, 3, 4].item() == float(fake.image("sfo2")[0, 3, 4])
    assert sample["crs"] == CRS.from_epsg(32610)


def test_band_selection(root: Path) -> None:
    image = Inria(root, split="val", bands=["G"])[0]["image"]
    assert image.shape == (1, fake.H, fake.W)
    assert image[0, 2, 2].item() == float(fake.image("austin1")[1, 2, 2])


def test_bad_patch_size(root: Path) -> None:
    with pytest.raises(ValueError, match="patch_size and stride must be positive"):
        Inria(root, patch_size=0)


def test_not_found_says_where_to_ask(tmp_path: Path) -> None:
    check_not_found_hint(Inria, tmp_path, "project.inria.fr/aerialimagelabeling",
                         "7z x aerialimagelabeling.7z.001")


def test_extracts_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert len(Inria(tmp_path, split="test")) == 2
    assert (tmp_path / "AerialImageDataset" / "train" / "gt" / "vienna7.tif").is_file()


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(Inria, monkeypatch, tmp_path)


def test_no_tile_of_the_split(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    for path in (tmp_path / "AerialImageDataset" / "train" / "images").glob("*.tif"):
        if int("".join(c for c in path.stem if c.isdigit())) <= 5:
            path.unlink()
    with pytest.raises(InvalidDataError, match=r"no <city><n>\.tif tile numbered 1-5"):
        Inria(tmp_path, split="val")


def test_plot(root: Path) -> None:
    check_plot(Inria(root, split="val"))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("inria", data=root)
    assert "bands=['R'] selects one channel" in report.passed


def test_7zip_volumes_say_how_to_unpack(tmp_path: Path) -> None:
    fake.make_volumes(tmp_path)
    with pytest.raises(DatasetNotFoundError) as info:
        Inria(tmp_path)
    message = str(info.value)
    assert "aerialimagelabeling.7z.001, aerialimagelabeling.7z.002" in message
    assert f"run `cd {tmp_path} && 7z x aerialimagelabeling.7z.001`" in message
    assert "p7zip-full" in message and "NEW2-AerialImageDataset.zip" in message


def test_7zip_volumes_missing_one_name_it(tmp_path: Path) -> None:
    fake.make_volumes(tmp_path, skip=(3,))
    with pytest.raises(DatasetNotFoundError,
                       match=r"volume\(s\) aerialimagelabeling\.7z\.003 are missing"):
        Inria(tmp_path, split="test")

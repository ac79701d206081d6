"""DeepGlobe Land Cover loader against a fake Kaggle archive.zip."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import deepglobe_land_cover as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, made_root
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.deepglobe_land_cover import DeepGlobeLandCover as DeepGlobe

matplotlib.use("Agg")


root = made_root(fake.make, "deepglobe", extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("deepglobe_land_cover") is DeepGlobe
    assert geoplug.datasets.info("deepglobe_land_cover").classes == tuple(fake.CLASSES)


@pytest.mark.parametrize(("split", "folder"), [("train", "train"), ("val", "valid"),
                                               ("test", "test")])
def test_lengths(root: Path, split: str, folder: str) -> None:
    assert len(DeepGlobe(root, split=split)) == len(fake.IDS[folder])


def test_train_sample(root: Path) -> None:
    ds = DeepGlobe(root, split="train")
    sample = ds[1]  # 10452 (files sorted by name: 100694, 10452, 119)
    assert set(sample) == {"image", "mask"}
    assert sample["image"].shape == (3, fake.H, fake.W)
    assert sample["image"].dtype == torch.float32
    assert sample["mask"].dtype == torch.int64
    # the mask decodes to the class indices the colours were drawn from (noisy rows included)
    assert torch.equal(sample["mask"], torch.from_numpy(fake.labels(10452)))
    # the image is exactly the JPEG's pixels, in [C,H,W], and near the written ramp
    with Image.open(root / "train" / "10452_sat.jpg") as img:
        decoded = np.asarray(img.convert("RGB")).transpose(2, 0, 1)
    assert torch.equal(sample["image"], torch.from_numpy(decoded.astype(np.float32)))
    assert np.abs(decoded.astype(int) - fake.image(10452).astype(int)).max() <= 4
    assert abs(sample["image"][2, 9, 13].item() - (20 + 120 + 54 + 26 + 10452 % 7)) <= 4


def test_val_and_test_have_no_mask(root: Path) -> None:
    for split in ("val", "test"):
        assert set(DeepGlobe(root, split=split)[0]) == {"image"}


def test_band_selection(root: Path) -> None:
    image = DeepGlobe(root, split="test", bands=["B", "G"])[1]["image"]  # 8000
    assert image.shape == (2, fake.H, fake.W)
    assert abs(image[0, 5, 5].item() - (20 + 120 + 30 + 10 + 8000 % 7)) <= 4
    assert abs(image[1, 5, 5].item() - (20 + 60 + 30 + 10 + 8000 % 7)) <= 4


def test_class_dict_colours_are_read(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    table = (tmp_path / "class_dict.csv").read_text()
    # swap the colours of water and forest_land: the decoded indices swap with them
    table = table.replace("water,0,0,255", "water,0,255,0").replace(
        "forest_land,0,255,0", "forest_land,0,0,255")
    (tmp_path / "class_dict.csv").write_text(table)
    mask = DeepGlobe(tmp_path)[0]["mask"].numpy()
    expected = fake.labels(100694)
    swapped = np.where(expected == 3, 4, np.where(expected == 4, 3, expected))
    assert np.array_equal(mask, swapped)


def test_unknown_colour_is_an_error(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    rgb = fake.mask_rgb(119)
    rgb[5, 6] = (255, 0, 0)  # red is no class colour
    Image.fromarray(rgb).save(tmp_path / "train" / "119_mask.png")
    with pytest.raises(InvalidDataError, match=r"row 5, col 6\) has colour \(255, 0, 0\)"):
        DeepGlobe(tmp_path)[2]


def test_challenge_folder_names(tmp_path: Path) -> None:
    fake.make(tmp_path / "src", extract=True)
    shutil.copytree(tmp_path / "src" / "valid", tmp_path / "land-valid")
    assert len(DeepGlobe(tmp_path, split="val")) == 2


def test_not_found_names_kaggle(tmp_path: Path) -> None:
    check_not_found_hint(DeepGlobe, tmp_path, "kaggle.com/datasets/balraj98")


def test_extracts_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert len(DeepGlobe(tmp_path, split="val")) == 2
    assert (tmp_path / "train" / "119_mask.png").is_file()


def test_empty_split_says_so(tmp_path: Path) -> None:
    (tmp_path / "test").mkdir()
    with pytest.raises(InvalidDataError, match=r"holds no <id>_sat\.jpg image"):
        DeepGlobe(tmp_path, split="test")


def test_plot(root: Path) -> None:
    check_plot(DeepGlobe(root))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("deepglobe_land_cover", data=root)
    assert "bands=['R'] selects one channel" in report.passed


def test_val_mask_is_read_where_present(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    Image.fromarray(fake.mask_rgb(3128)).save(tmp_path / "valid" / "3128_mask.png")
    ds = DeepGlobe(tmp_path, split="val")  # 207743 (no mask), 3128 (mask)
    assert "mask" not in ds[0]
    assert torch.equal(ds[1]["mask"], torch.from_numpy(fake.labels(3128)))

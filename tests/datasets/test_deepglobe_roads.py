"""DeepGlobe Road Extraction loader against a fake Kaggle archive.zip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import geoplug.datasets
from fakedata import deepglobe_roads as fake
from fakedata._dc_checks import check_plot
from fakedata._made import check_not_found_hint, check_wrong_md5, made_root
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.deepglobe_roads import DeepGlobeRoads

root = made_root(fake.make, "deepglobe_roads", extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("deepglobe_roads") is DeepGlobeRoads
    assert geoplug.datasets.info("deepglobe_roads").classes == ("background", "road")


@pytest.mark.parametrize(("split", "folder"), [("train", "train"), ("val", "valid"),
                                               ("test", "test")])
def test_lengths(root: Path, split: str, folder: str) -> None:
    assert len(DeepGlobeRoads(root, split=split)) == len(fake.IDS[folder])


def test_train_sample_pairs_image_and_mask(root: Path) -> None:
    ds = DeepGlobeRoads(root)
    sample = ds[1]  # sorted by path: 104, 21, 9557
    assert set(sample) == {"image", "mask"}
    assert sample["image"].shape == (3, fake.H, fake.W)
    assert sample["image"].dtype == torch.float32
    assert sample["mask"].dtype == torch.int64
    # binarised at 128: 127 is background, 128 is road; the road band is image 21's
    assert torch.equal(sample["mask"], torch.from_numpy(fake.roads(21)))
    assert not torch.equal(sample["mask"], torch.from_numpy(fake.roads(104)))
    with Image.open(root / "train" / "21_sat.jpg") as img:
        decoded = np.asarray(img.convert("RGB")).transpose(2, 0, 1)
    assert torch.equal(sample["image"], torch.from_numpy(decoded.astype(np.float32)))
    # near the written ramp 30 + 50 b + 5 r + 3 c + id % 11 at band 2, row 9, col 13
    assert abs(sample["image"][2, 9, 13].item() - (30 + 100 + 45 + 39 + 21 % 11)) <= 4


def test_threshold_levels_are_both_sides(root: Path) -> None:
    gray = fake.mask_gray(9557)
    assert {127, 128} <= set(np.unique(gray).tolist())
    mask = DeepGlobeRoads(root)[2]["mask"].numpy()
    assert np.array_equal(mask, (gray >= 128).astype(np.int64))


def test_val_and_test_have_no_mask(root: Path) -> None:
    for split in ("val", "test"):
        assert set(DeepGlobeRoads(root, split=split)[0]) == {"image"}


def test_band_selection(root: Path) -> None:
    image = DeepGlobeRoads(root, split="test", bands=["B", "R"])[1]["image"]  # 815
    assert image.shape == (2, fake.H, fake.W)
    assert abs(image[0, 4, 6].item() - (30 + 100 + 20 + 18 + 815 % 11)) <= 4
    assert abs(image[1, 4, 6].item() - (30 + 0 + 20 + 18 + 815 % 11)) <= 4


def test_metadata_is_the_index(tmp_path: Path) -> None:
    """metadata.csv decides which files a split holds (a stray file is not a sample)."""
    fake.make(tmp_path, extract=True)
    Image.fromarray(fake.image(1).transpose(1, 2, 0)).save(tmp_path / "valid" / "1_sat.jpg")
    assert len(DeepGlobeRoads(tmp_path, split="val")) == 2
    (tmp_path / "metadata.csv").unlink()
    assert len(DeepGlobeRoads(tmp_path, split="val")) == 3


def test_metadata_names_missing_file(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / "train" / "9557_mask.png").unlink()
    with pytest.raises(InvalidDataError, match=r"lists .*9557_mask\.png, which is missing"):
        DeepGlobeRoads(tmp_path)


def test_folder_without_metadata_names_missing_mask(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / "metadata.csv").unlink()
    (tmp_path / "train" / "104_mask.png").unlink()
    with pytest.raises(InvalidDataError, match=r"104_sat\.jpg has no mask"):
        DeepGlobeRoads(tmp_path)


def test_grayscale_mask(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    Image.fromarray(fake.mask_gray(104), mode="L").save(tmp_path / "train" / "104_mask.png")
    assert torch.equal(DeepGlobeRoads(tmp_path)[0]["mask"], torch.from_numpy(fake.roads(104)))


def test_extracted_one_level_down(tmp_path: Path) -> None:
    fake.make(tmp_path / "deepglobe", extract=True)
    assert len(DeepGlobeRoads(tmp_path, split="test")) == 2


def test_extracts_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert not (tmp_path / "train").exists()
    assert len(DeepGlobeRoads(tmp_path, split="val")) == 2
    assert (tmp_path / "train" / "21_mask.png").is_file()


def test_checksum_mismatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(DeepGlobeRoads, monkeypatch, tmp_path)


def test_not_found_names_kaggle(tmp_path: Path) -> None:
    check_not_found_hint(DeepGlobeRoads, tmp_path, "kaggle.com/datasets/balraj98", "archive.zip")


def test_empty_split_says_so(tmp_path: Path) -> None:
    (tmp_path / "test").mkdir()
    with pytest.raises(InvalidDataError, match=r"holds no <id>_sat\.jpg image"):
        DeepGlobeRoads(tmp_path, split="test")


def test_bad_metadata_columns(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / "metadata.csv").write_text("id,path\n1,train/104_sat.jpg\n")
    with pytest.raises(InvalidDataError, match="not the publisher's"):
        DeepGlobeRoads(tmp_path)


def test_transforms(root: Path) -> None:
    ds = DeepGlobeRoads(root, transforms=lambda s: {**s, "mask": s["mask"] * 2})
    assert torch.equal(ds[0]["mask"], torch.from_numpy(fake.roads(104) * 2))


def test_plot(root: Path) -> None:
    check_plot(DeepGlobeRoads(root))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("deepglobe_roads", data=root)
    assert "bands=['R'] selects one channel" in report.passed

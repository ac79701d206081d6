"""BRIGHT loader against a fake dfc25_track2_trainval_with_split.zip in the mirror's layout."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import bright as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.bright import BRIGHTDFC2025
from testkit.http import Served

made, root = archive_fixtures(fake.make, "bright")


def assert_sample(sample: dict[str, torch.Tensor], split: str, n: int,
                  bands: list[int] | None = None) -> None:
    """The ``n``-th id of ``split``: pre bands, SAR repeated per band, and its damage map."""
    g = fake.number(split, n)
    bands = bands if bands is not None else [0, 1, 2]
    pre = torch.from_numpy(fake.pre(g)[bands]).float()
    sar = torch.from_numpy(fake.post(g)).float().expand(len(bands), -1, -1)
    assert sample["image"].dtype == torch.float32
    assert torch.equal(sample["image"], torch.stack([pre, sar]))
    if split == "test":
        assert "mask" not in sample
    else:
        assert sample["mask"].dtype == torch.int64
        assert torch.equal(sample["mask"], torch.from_numpy(fake.damage(g)).long())


def test_archive_has_the_published_layout(made: dict[str, Any]) -> None:
    with zipfile.ZipFile(made["dir"] / fake.ARCHIVE) as zf:
        names = set(zf.namelist())
    assert "dfc25_track2_trainval/holdout_setlevel.txt" in names
    assert ("dfc25_track2_trainval/train/target/turkey-earthquake_00000413_building_damage.tif"
            in names)
    assert "dfc25_track2_trainval/val/post-event/val-disaster_00000002_post_disaster.tif" in names


@pytest.mark.parametrize(("split", "count"), [("train", 3), ("val", 1), ("test", 2)])
def test_splits_follow_the_id_lists(root: Path, split: str, count: int) -> None:
    ds = BRIGHTDFC2025(root, split=split)
    assert len(ds) == count
    ids = fake.IDS[split][2]
    assert [pre.name for pre, _, _ in ds.files] == [f"{sid}_pre_disaster.tif" for sid in ids]
    for n in range(count):
        assert_sample(ds[n], split, n)


def test_pixel_values_prove_window_and_pairing(root: Path) -> None:
    """Pixel (3, 5) of file f, band b is 41 f + 17 b + 7*3 + 3*5 + 3*5 (mod 256)."""
    sample = BRIGHTDFC2025(root, split="train")[2]  # bata-explosion_00000047, g = 2
    assert sample["image"].shape == (2, 3, fake.SIZE, fake.SIZE)
    assert sample["image"][0, :, 3, 5].tolist() == [(41 * 4 + 17 * b + 51) % 256 for b in range(3)]
    assert sample["image"][1, :, 3, 5].tolist() == [(41 * 5 + 51) % 256] * 3
    assert sample["mask"][3, 5].item() == int(fake.damage(2)[3, 5])
    assert set(sample["mask"].unique().tolist()) == {0, 1, 2, 3}


def test_band_selection(root: Path) -> None:
    ds = BRIGHTDFC2025(root, split="val", bands=["B", "R"])
    assert ds[0]["image"].shape == (2, 2, fake.SIZE, fake.SIZE)
    assert_sample(ds[0], "val", 0, bands=[2, 0])
    with pytest.raises(ValueError, match="SAR"):
        BRIGHTDFC2025(root, bands=["SAR"])


def test_test_split_with_targets_has_masks(made: dict[str, Any], tmp_path: Path) -> None:
    """A later release that adds ``val/target`` gets test masks; a missing one is named."""
    copy_archives(made["dir"], tmp_path, [fake.ARCHIVE])
    BRIGHTDFC2025(tmp_path, split="test")
    base = tmp_path / fake.TOP
    (base / "val" / "target").mkdir()
    for n, sid in enumerate(fake.IDS["test"][2]):
        src = base / "train" / "target" / f"{fake.IDS['train'][2][n]}_building_damage.tif"
        (base / "val" / "target" / f"{sid}_building_damage.tif").write_bytes(src.read_bytes())
    ds = BRIGHTDFC2025(tmp_path, split="test")
    assert torch.equal(ds[1]["mask"], torch.from_numpy(fake.damage(1)).long())
    (base / "val" / "target" / "val-disaster_00000002_building_damage.tif").unlink()
    with pytest.raises(InvalidDataError, match="val-disaster_00000002_building_damage"):
        BRIGHTDFC2025(tmp_path, split="test")


def test_missing_partner_is_named(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, [fake.ARCHIVE])
    BRIGHTDFC2025(tmp_path)
    (tmp_path / fake.TOP / "train" / "post-event" / "bata-explosion_00000014_post_disaster.tif"
     ).unlink()
    with pytest.raises(InvalidDataError, match="bata-explosion_00000014_post_disaster"):
        BRIGHTDFC2025(tmp_path)


def test_labelled_split_without_targets_is_an_error(made: dict[str, Any],
                                                    tmp_path: Path) -> None:
    """Only the contest's validation phase may lack targets; train without them is damage."""
    import shutil

    copy_archives(made["dir"], tmp_path, [fake.ARCHIVE])
    BRIGHTDFC2025(tmp_path, split="val")
    shutil.rmtree(tmp_path / fake.TOP / "train" / "target")
    with pytest.raises(InvalidDataError, match="turkey-earthquake_00000413_building_damage"):
        BRIGHTDFC2025(tmp_path, split="val")


def test_bad_damage_value_is_named(made: dict[str, Any], tmp_path: Path) -> None:
    import rasterio

    copy_archives(made["dir"], tmp_path, [fake.ARCHIVE])
    ds = BRIGHTDFC2025(tmp_path, split="val")
    target = ds.files[0][2]
    assert target is not None
    with rasterio.open(target, "r+") as dst:
        data = dst.read()
        data[0, 0, 0] = 7
        dst.write(data)
    with pytest.raises(InvalidDataError, match="turkey-earthquake_00000413_building_damage"):
        ds[0]


def test_extracted_contents_directly_in_root(made: dict[str, Any], tmp_path: Path) -> None:
    with zipfile.ZipFile(made["dir"] / fake.ARCHIVE) as zf:
        zf.extractall(tmp_path)
    flat = tmp_path / fake.TOP
    ds = BRIGHTDFC2025(flat, split="val")
    assert ds.base == flat
    assert_sample(ds[0], "val", 0)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(BRIGHTDFC2025, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(BRIGHTDFC2025, made, http_server.url, http_root, monkeypatch)
    ds = BRIGHTDFC2025(tmp_path / "dl", split="test", download=True, checksum=True)
    assert len(ds) == 2
    assert_sample(ds[1], "test", 1)
    assert (tmp_path / "dl" / fake.ARCHIVE).is_file()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(BRIGHTDFC2025, made, monkeypatch, tmp_path, fake.ARCHIVE)


def test_published_resource() -> None:
    (resource,) = BRIGHTDFC2025.resources
    assert resource.filename == "dfc25_track2_trainval_with_split.zip"
    assert resource.url.startswith("https://huggingface.co/datasets/torchgeo/bright/resolve/")
    assert resource.url.endswith(resource.filename)
    assert resource.md5 == "45fd96716e7f5673869b166859a6cb3c"


def test_plot(root: Path) -> None:
    check_plot(BRIGHTDFC2025(root))
    check_plot(BRIGHTDFC2025(root, split="test"))


def test_registry() -> None:
    assert geoplug.datasets.get("bright") is BRIGHTDFC2025
    assert geoplug.datasets.get("dfc25_track2") is BRIGHTDFC2025
    info = geoplug.datasets.info("bright")
    assert info.task == "change_detection"
    assert info.classes == ("background", "intact", "damaged", "destroyed")
    assert info.splits == ("train", "val", "test")


def test_plugin(root: Path) -> None:
    check_dataset_plugin("bright", data=root)

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import levircd as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    copy_archives,
    serve_made,
)
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.levircd import LEVIRCD
from testkit.http import Served

made, root = archive_fixtures(fake.make, "levircd")


def expected(split: str, n: int) -> dict[str, torch.Tensor]:
    """The sample the generator wrote as pair ``n`` of ``split``: [2, 3, H, W] and [H, W]."""
    g = fake.number(split, n)
    dates = [torch.from_numpy(fake.pixel(g, d)).permute(2, 0, 1) for d in (0, 1)]
    return {"image": torch.stack(dates).float(), "mask": torch.from_numpy(fake.change(g)).long()}


def assert_sample(sample: dict[str, torch.Tensor], split: str, n: int) -> None:
    """Same keys, dtypes, shapes and values as :func:`expected`."""
    want = expected(split, n)
    assert {k: (v.dtype, v.shape) for k, v in sample.items()} == {
        k: (v.dtype, v.shape) for k, v in want.items()}
    assert all(torch.equal(sample[k], want[k]) for k in want)


def test_archives_have_the_published_layout(made: dict[str, Any]) -> None:
    with zipfile.ZipFile(made["dir"] / "val.zip") as zf:
        assert sorted(zf.namelist()) == ["A/val_1.png", "A/val_2.png", "B/val_1.png",
                                         "B/val_2.png", "label/val_1.png", "label/val_2.png"]


@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_split_lengths_and_sample(root: Path, split: str) -> None:
    ds = LEVIRCD(root, split=split)
    assert len(ds) == fake.COUNTS[split]
    sample = ds[1]
    assert_sample(sample, split, 1)
    assert sample["image"].shape == (2, 3, fake.SIZE, fake.SIZE)
    g = fake.number(split, 1)
    # pixel (3, 5) of file f (A: 2g, B: 2g + 1): 41 f + 17 b + 7*3 + 3*5 + 3*5 (mod 256)
    assert sample["image"][:, :, 3, 5].tolist() == [
        [(41 * (2 * g + d) + 17 * b + 51) % 256 for b in range(3)] for d in (0, 1)]
    assert set(sample["mask"].unique().tolist()) == {0, 1}


def test_splits_share_folders_but_not_files(root: Path) -> None:
    """The archives unpack into one ``A/``; each split reads only its own prefix."""
    for split in fake.COUNTS:
        LEVIRCD(root, split=split)
    assert len(list((root / "A").glob("*.png"))) == sum(fake.COUNTS.values())
    for split in fake.COUNTS:
        names = [a.name for a, _, _ in LEVIRCD(root, split=split).files]
        assert all(name.startswith(f"{split}_") for name in names)


def test_publisher_numbering_order(root: Path) -> None:
    ds = LEVIRCD(root)
    assert [a.name for a, _, _ in ds.files][8:] == ["train_9.png", "train_10.png"]
    assert [b.name for _, b, _ in ds.files] == [a.name for a, _, _ in ds.files]
    assert_sample(ds[9], "train", 9)


def test_one_folder_per_split(root: Path, tmp_path: Path) -> None:
    """``<root>/<split>/{A,B,label}`` (the layout change-detection code expects) reads the same."""
    LEVIRCD(root, split="test")  # make sure test.zip was extracted
    for sub in ("A", "B", "label"):
        (tmp_path / "test" / sub).mkdir(parents=True)
        for path in (root / sub).glob("test_*.png"):
            shutil.copy(path, tmp_path / "test" / sub / path.name)
    ds = LEVIRCD(tmp_path, split="test")
    assert len(ds) == fake.COUNTS["test"]
    assert ds.files[0][0] == tmp_path / "test" / "A" / "test_1.png"
    assert_sample(ds[2], "test", 2)
    with pytest.raises(DatasetNotFoundError):
        LEVIRCD(tmp_path, split="train")


def test_missing_partner_is_named(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, ["val.zip"])
    LEVIRCD(tmp_path, split="val")
    (tmp_path / "label" / "val_2.png").unlink()
    with pytest.raises(InvalidDataError, match=r"val_2\.png"):
        LEVIRCD(tmp_path, split="val")


def test_band_selection_order(root: Path) -> None:
    ds = LEVIRCD(root, split="val", bands=["B", "R"])
    assert ds[1]["image"].shape == (2, 2, fake.SIZE, fake.SIZE)
    assert torch.equal(ds[1]["image"], expected("val", 1)["image"][:, [2, 0]])
    assert ds.rgb_indices == []


def test_invalid_split(root: Path) -> None:
    with pytest.raises(ValueError, match="validation"):
        LEVIRCD(root, split="validation")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(LEVIRCD, tmp_path)


def test_only_the_split_archive_is_needed(made: dict[str, Any], tmp_path: Path) -> None:
    copy_archives(made["dir"], tmp_path, ["train.zip"])
    assert len(LEVIRCD(tmp_path)) == fake.COUNTS["train"]
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        LEVIRCD(tmp_path, split="val")


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(LEVIRCD, made, http_server.url, http_root, monkeypatch)
    ds = LEVIRCD(tmp_path / "dl", split="val", download=True, checksum=True)
    assert len(ds) == fake.COUNTS["val"]
    assert_sample(ds[0], "val", 0)
    assert sorted(p.name for p in (tmp_path / "dl").glob("*.zip")) == ["val.zip"]


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(LEVIRCD, made, monkeypatch, tmp_path, "train.zip")


def test_published_resources() -> None:
    assert [(r.filename, r.splits) for r in LEVIRCD.resources] == [
        ("train.zip", ("train",)), ("val.zip", ("val",)), ("test.zip", ("test",))]
    assert all(r.url.endswith(r.filename) and r.md5 and len(r.md5) == 32
               for r in LEVIRCD.resources)


def test_plot(root: Path) -> None:
    check_plot(LEVIRCD(root))


def test_registry() -> None:
    assert geoplug.datasets.get("levircd") is LEVIRCD
    assert geoplug.datasets.get("levir_cd") is LEVIRCD
    info = geoplug.datasets.info("levircd")
    assert info.task == "change_detection"
    assert info.splits == ("train", "val", "test")
    assert LEVIRCD.classes == ("no change", "change")


def test_plugin(root: Path) -> None:
    check_dataset_plugin("levircd", data=root)

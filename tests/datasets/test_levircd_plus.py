from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import levircd_plus as fake
from fakedata._dc_checks import (
    check_checksum_mismatch,
    check_not_found,
    check_plot,
    copy_archives,
    serve_resources,
)
from geoplug.datasets.levircd_plus import LEVIRCDPlus
from testkit.http import Served


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fake.make(tmp_path_factory.mktemp("levir_src"))


@pytest.fixture(scope="module")
def root(made: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("levir")
    copy_archives(made["archive"].parent, root, ["LEVIR-CD+.zip"])
    return root


@pytest.mark.parametrize("split", ["train", "test"])
def test_split_lengths_and_sample(root: Path, split: str) -> None:
    ds = LEVIRCDPlus(root, split=split)
    assert len(ds) == fake.COUNTS[split]
    sample = ds[1]
    assert set(sample) == {"image", "mask"}
    assert sample["image"].shape == (2, 3, fake.SIZE, fake.SIZE)
    assert sample["image"].dtype == torch.float32
    assert sample["mask"].dtype == torch.int64
    assert sample["mask"].shape == (fake.SIZE, fake.SIZE)
    for date in (0, 1):
        expected = torch.from_numpy(fake.pixel(split, 1, date)).permute(2, 0, 1).float()
        assert torch.equal(sample["image"][date], expected)
    g = fake.number(split, 1)
    # pixel (3, 5) of file f (A: 2g, B: 2g + 1): 41 f + 17 b + 7*3 + 3*5 + 3*5 (mod 256)
    assert sample["image"][:, :, 3, 5].tolist() == [
        [(41 * (2 * g + d) + 17 * b + 51) % 256 for b in range(3)] for d in (0, 1)]
    assert set(sample["mask"].unique().tolist()) == {0, 1}
    assert torch.equal(sample["mask"], torch.from_numpy(fake.change(split, 1)).long())


def test_band_selection_order(root: Path) -> None:
    ds = LEVIRCDPlus(root, bands=["B", "R"])
    image = ds[0]["image"]
    assert image.shape == (2, 2, fake.SIZE, fake.SIZE)
    assert image[0, :, 2, 3].tolist() == [63.0, 29.0]  # A of pair 0: 17 b + 7*2 + 3*3 + 2*3
    assert image[1, :, 2, 3].tolist() == [104.0, 70.0]  # B: 41 more
    assert ds.rgb_indices == []


def test_transforms(root: Path) -> None:
    ds = LEVIRCDPlus(root, transforms=lambda s: {**s, "image": s["image"] * 0 + 7})
    assert bool((ds[0]["image"] == 7).all())


def test_invalid_split(root: Path) -> None:
    with pytest.raises(ValueError, match="val"):
        LEVIRCDPlus(root, split="val")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(LEVIRCDPlus, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    copy_archives(made["archive"].parent, http_root, ["LEVIR-CD+.zip"])
    serve_resources(LEVIRCDPlus, monkeypatch, http_server.url, {"LEVIR-CD+.zip": made["md5"]})
    ds = LEVIRCDPlus(tmp_path / "dl", split="test", download=True, checksum=True)
    assert len(ds) == 2
    assert (tmp_path / "dl" / "LEVIR-CD+.zip").is_file()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    copy_archives(made["archive"].parent, tmp_path, ["LEVIR-CD+.zip"])
    check_checksum_mismatch(LEVIRCDPlus, monkeypatch, tmp_path, "LEVIR-CD+.zip")


def test_plot(root: Path) -> None:
    check_plot(LEVIRCDPlus(root))


def test_registry() -> None:
    assert geoplug.datasets.get("levircd_plus") is LEVIRCDPlus
    assert geoplug.datasets.info("levircd_plus").task == "change_detection"


def test_extracted_without_top_folder(root: Path, tmp_path: Path) -> None:
    """``<root>/train/{A,B,label}`` (zip unpacked without ``LEVIR-CD+/``) reads the same."""
    import shutil

    LEVIRCDPlus(root)  # make sure the zip was extracted
    shutil.copytree(root / "LEVIR-CD+" / "train", tmp_path / "train")
    ds = LEVIRCDPlus(tmp_path)
    assert len(ds) == fake.COUNTS["train"]
    assert torch.equal(ds[1]["image"], LEVIRCDPlus(root)[1]["image"])

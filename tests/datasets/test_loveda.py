"""LoveDA loader against fake Train/Val/Test zips in the publisher's layout."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import loveda as fake
from fakedata._dc_checks import check_not_found, check_plot
from fakedata._made import check_wrong_md5, made_root
from fakedata._segutil import served_resources
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.loveda import LoveDA

matplotlib.use("Agg")


root = made_root(fake.make, "loveda", extract=True)


def test_registry() -> None:
    assert geoplug.datasets.get("loveda") is LoveDA
    assert geoplug.datasets.info("loveda").classes[0] == "no-data"


@pytest.mark.parametrize(("split", "domains", "n"), [
    ("train", ("urban", "rural"), 5), ("train", "urban", 3), ("train", ["Rural"], 2),
    ("val", ("urban", "rural"), 3), ("test", ("rural",), 1)])
def test_lengths(root: Path, split: str, domains: object, n: int) -> None:
    assert len(LoveDA(root, split=split, domains=domains)) == n  # type: ignore[arg-type]


def test_sample_pairs_image_and_mask(root: Path) -> None:
    ds = LoveDA(root, split="train")
    # urban first, ids in numeric order: 1366, 1367, 2010, then rural 0, 9
    sample = ds[2]
    assert set(sample) == {"image", "mask"}
    assert sample["image"].shape == (3, fake.H, fake.W)
    assert sample["image"].dtype == torch.float32
    assert sample["mask"].dtype == torch.int64
    assert sample["mask"].shape == (fake.H, fake.W)
    # row 7, col 5 of tile 2010: proves the file, the band and no transposition
    assert sample["image"][:, 7, 5].tolist() == [
        float(v) for v in fake.image(2010)[:, 7, 5]]
    assert torch.equal(sample["mask"], torch.from_numpy(fake.mask(2010).astype(np.int64)))
    rural = ds[4]
    assert int(rural["mask"][3, 4]) == int(fake.mask(9)[3, 4]) == (3 + 8 + 9) % 8


def test_numeric_order_not_lexical(root: Path) -> None:
    ds = LoveDA(root, split="train", domains="rural")
    assert [p.name for p, _, _ in ds.files] == ["0.png", "9.png"]
    assert ds[1]["image"][0, 0, 1].item() == float(fake.image(9)[0, 0, 1])


def test_test_split_has_no_mask(root: Path) -> None:
    sample = LoveDA(root, split="test", domains="urban")[0]
    assert set(sample) == {"image"}
    assert sample["image"][1, 2, 3].item() == float(fake.image(4191)[1, 2, 3])


def test_band_selection(root: Path) -> None:
    sample = LoveDA(root, split="val", bands=["B", "R"])[0]
    assert sample["image"].shape == (2, fake.H, fake.W)
    assert sample["image"][:, 1, 1].tolist() == [float(fake.image(3514)[2, 1, 1]),
                                                 float(fake.image(3514)[0, 1, 1])]


def test_bad_domain(root: Path) -> None:
    with pytest.raises(ValueError, match=r"domains .*suburban.* must be among urban, rural"):
        LoveDA(root, domains="suburban")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(LoveDA, tmp_path)


def test_empty_domain_folder_says_so(tmp_path: Path) -> None:
    for domain in ("Urban", "Rural"):
        (tmp_path / "Val" / domain / "images_png").mkdir(parents=True)
    with pytest.raises(InvalidDataError, match=r"extract Val\.zip again"):
        LoveDA(tmp_path, split="val")


def test_extracts_archive_on_disk(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert len(LoveDA(tmp_path, split="val")) == 3
    assert (tmp_path / "Val" / "Rural" / "masks_png" / "2523.png").is_file()


def test_nested_folder(tmp_path: Path) -> None:
    fake.make(tmp_path / "LoveDA", extract=True)
    assert len(LoveDA(tmp_path, split="test")) == 2


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    info = fake.make(http_root)
    monkeypatch.setattr(LoveDA, "resources",
                        served_resources(LoveDA.resources, http_server.url, info["archives"]))
    ds = LoveDA(tmp_path / "x", split="val", download=True, checksum=True)
    assert len(ds) == 3
    assert not (tmp_path / "x" / "Train").exists()  # only the split's archive is fetched


def test_checksum_mismatch(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(LoveDA, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    check_plot(LoveDA(root, split="val"))


def test_conformance(root: Path) -> None:
    report = check_dataset_plugin("loveda", data=root)
    assert "bands=['R'] selects one channel" in report.passed


def test_palette_mask_keeps_its_indices(tmp_path: Path) -> None:
    """A mask saved as a palette PNG is read as class indices, not as grey levels."""
    from PIL import Image

    fake.make(tmp_path, extract=True)
    path = tmp_path / "Val" / "Urban" / "masks_png" / "3514.png"
    img = Image.fromarray(fake.mask(3514), mode="P")
    img.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255] * 85 + [0, 0, 0])
    img.save(path)
    with Image.open(path) as check:
        assert check.mode == "P"
    mask = LoveDA(tmp_path, split="val", domains="urban")[0]["mask"]
    assert torch.equal(mask, torch.from_numpy(fake.mask(3514).astype(np.int64)))


def test_default_domains_are_those_found(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    shutil.rmtree(tmp_path / "Train" / "Urban")
    (tmp_path / "Train.zip").unlink()
    ds = LoveDA(tmp_path)
    assert ds.domains == ("Rural",)
    assert len(ds) == 2
    with pytest.raises(DatasetNotFoundError):
        LoveDA(tmp_path, domains="urban")
    fake.make(tmp_path / "zips")  # with the archive there, the missing domain is extracted
    shutil.copy(tmp_path / "zips" / "Train.zip", tmp_path / "Train.zip")
    assert len(LoveDA(tmp_path, domains="urban")) == 3

"""SIRI-WHU read from a fake ``Google dataset of SIRI-WHU_earth_im_tiff.zip`` (3-band TIFFs,
one short chip), fetched by hand."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from fakedata import siri_whu as fake
from fakedata._dc_checks import archive_fixtures, check_made_checksum
from fakedata._scene_folders import check_registered
from geoplug.core.errors import DatasetNotFoundError
from geoplug.datasets.siri_whu import SIRIWHU

made, root = archive_fixtures(fake.make, "siri_whu")


def resized_ramp() -> np.ndarray:
    """The short ramp chip resized from 190 to 200 rows, from the bilinear formula: output
    row ``r`` samples source row ``(r + 0.5) * 190 / 200 - 0.5``, clamped to the edges."""
    rows = np.clip((np.arange(fake.SIZE) + 0.5) * fake.ODD_ROWS / fake.SIZE - 0.5, 0,
                   fake.ODD_ROWS - 1)
    r, c = np.meshgrid(rows, np.arange(fake.SIZE), indexing="ij")
    return np.stack([r + 20 * b + c % 7 for b in range(3)]).astype(np.float32)


def check_samples(ds: SIRIWHU, expected: list[dict[str, Any]]) -> None:
    """Every sample is its file: label, class name and exact pixels (the short one resized)."""
    assert len(ds) == len(expected)
    for i, exp in enumerate(expected):
        sample = ds[i]
        assert sample["image"].dtype == torch.float32 and sample["image"].shape == (3, 200, 200)
        assert sample["label"].dtype == torch.int64 and int(sample["label"]) == exp["label"]
        assert ds.classes[exp["label"]] == exp["class"]
        if exp["pixels"].shape[1] == fake.SIZE:
            np.testing.assert_array_equal(sample["image"].numpy(),
                                          exp["pixels"].astype(np.float32), exp["member"])
        else:
            np.testing.assert_allclose(sample["image"].numpy(), resized_ramp(), atol=1e-3)


def test_samples_from_the_archive(made: dict[str, Any], root: Path) -> None:
    ds = SIRIWHU(root)
    assert (root / fake.TOP / "12class_tif" / "idle_land" / "0001.tif").is_file()
    check_samples(ds, made["expected"])
    assert [int(ds[i]["label"]) for i in range(len(ds))] == [0, 0, 3, 8, 8, 11]


def test_short_chip_is_resized(made: dict[str, Any], root: Path) -> None:
    ds = SIRIWHU(root)
    index = [f"{p.parent.name}/{p.name}" for p, _ in ds.samples].index("pond/0002.tif")
    assert made["expected"][index]["pixels"].shape == (3, 190, 200)
    image = ds[index]["image"].numpy()
    assert image.shape == (3, 200, 200)
    np.testing.assert_allclose(image, resized_ramp(), atol=1e-3)


@pytest.mark.parametrize("top", ["12class_tif", ""])
def test_other_layouts(tmp_path: Path, top: str) -> None:
    other = fake.make(tmp_path, top=top)  # just 12class_tif/, or the class folders in root
    check_samples(SIRIWHU(tmp_path), other["expected"])


def test_extracted_folder_without_archive(made: dict[str, Any], tmp_path: Path) -> None:
    with zipfile.ZipFile(made["dir"] / fake.ARCHIVE) as zf:
        zf.extractall(tmp_path)
    check_samples(SIRIWHU(tmp_path), made["expected"])


def test_bands_and_split(made: dict[str, Any], root: Path) -> None:
    first = made["expected"][0]["pixels"].astype(np.float32)
    np.testing.assert_array_equal(SIRIWHU(root, bands=("B", "R"))[0]["image"].numpy(),
                                  first[[2, 0]])
    with pytest.raises(ValueError, match="split 'val'"):
        SIRIWHU(root, split="val")


@pytest.mark.parametrize("download", [False, True])
def test_not_found_says_where_to_get_it(tmp_path: Path, download: bool) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        SIRIWHU(tmp_path, download=download)  # no direct download: never fetches the page
    message = str(info.value)
    assert str(tmp_path) in message and fake.ARCHIVE in message and "lmars.whu.edu.cn" in message
    assert list(tmp_path.iterdir()) == []


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SIRIWHU, made, monkeypatch, tmp_path, fake.ARCHIVE)


def test_plot_and_registry(root: Path) -> None:
    check_registered(SIRIWHU, "siri_whu", root, 12)

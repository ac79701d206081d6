from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import oscd as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.datasets.oscd import OSCD
from testkit.http import Served

made, root = archive_fixtures(fake.make, "oscd")


@pytest.mark.parametrize("split", ["train", "test"])
def test_split(root: Path, split: str) -> None:
    ds = OSCD(root, split=split)
    cities = fake.CITIES[split]
    assert len(ds) == len(cities)
    all_cities = fake.CITIES["train"] + fake.CITIES["test"]
    for i, city in enumerate(cities):
        sample = ds[i]
        h, w = fake.SIZES[city]
        assert set(sample) == {"image", "mask"}
        assert sample["image"].shape == (2, 13, h, w)
        assert sample["image"].dtype == torch.float32
        assert sample["mask"].shape == (h, w)
        assert sample["mask"].dtype == torch.int64
        ci = all_cities.index(city)
        assert torch.equal(sample["mask"], torch.from_numpy(fake.change(ci)).long())
        for date in (0, 1):
            got = sample["image"][date, :, 3, 5].tolist()
            assert got == [fake.value(ci, date + 1, b, 3, 5) for b in range(13)]
            expected = torch.from_numpy(fake.bands(ci, date + 1).astype("float32"))
            assert torch.equal(sample["image"][date], expected)
    if split == "train":  # beirut (city 1), second date, pixel (3, 5): 1000*3 + 100 b + 51
        assert ds[1]["image"][1, :, 3, 5].tolist() == [3051.0 + 100 * b for b in range(13)]


def test_band_selection(root: Path) -> None:
    ds = OSCD(root, bands=["B8A", "B04", "B03", "B02"])
    image = ds[0]["image"]
    assert image.shape[:2] == (2, 4)
    assert image[0, :, 2, 3].tolist() == [fake.value(0, 1, b, 2, 3) for b in (8, 3, 2, 1)]
    assert image[1, :, 2, 3].tolist() == [1029.0 + 100 * b for b in (8, 3, 2, 1)]
    assert ds.rgb_indices == [1, 2, 3]
    check_plot(ds)


def test_transforms(root: Path) -> None:
    ds = OSCD(root, transforms=lambda s: {**s, "mask": s["mask"] + 1})
    assert int(ds[0]["mask"].min()) == 1


def test_not_found(tmp_path: Path) -> None:
    check_not_found(OSCD, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(OSCD, made, http_server.url, http_root, monkeypatch)
    ds = OSCD(tmp_path / "dl", split="test", download=True, checksum=True)
    assert len(ds) == 1
    # only the Images and Test Labels zips are needed by the test split
    assert not (tmp_path / "dl" / f"{fake.PREFIX}Train Labels.zip").exists()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(OSCD, made, monkeypatch, tmp_path, f"{fake.PREFIX}Images.zip")


def test_registry() -> None:
    assert geoplug.datasets.get("oscd") is OSCD
    assert len(geoplug.datasets.info("oscd").bands) == 13

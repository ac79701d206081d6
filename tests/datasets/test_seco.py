from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import seco as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.datasets.seco import SeasonalContrastS2
from testkit.http import Served

made, root = archive_fixtures(fake.make, "seco")


def test_stack(root: Path) -> None:
    ds = SeasonalContrastS2(root)
    assert len(ds) == 2
    image = ds[1]["image"]
    assert image.shape == (5, 12, 8, 8)  # 20 m / 60 m bands resampled to the 10 m grid
    assert image.dtype == torch.float32
    # pixel (3, 5) of every band, whether stored at 10, 20 or 60 m: 20000 + 2000 d + 100 b + 44
    assert image[2, :, 3, 5].tolist() == [24044.0 + 100 * b for b in range(12)]
    rows, cols = torch.meshgrid(torch.arange(2, 6), torch.arange(2, 6), indexing="ij")
    for d in range(5):
        for b in range(12):  # the interior of every resampled band lies on the 10 m plane
            expected = (fake.value(1, d, b) + 8 * rows + 4 * cols).float()
            assert torch.equal(image[d, b, 2:6, 2:6], expected), (d, fake.BANDS[b])


def test_seasons_bands(root: Path) -> None:
    ds = SeasonalContrastS2(root, bands=["B4", "B3", "B2", "B12"], seasons=2,
                            transforms=lambda s: {**s, "image": s["image"] - 1})
    image = ds[0]["image"]
    assert image.shape == (2, 4, 8, 8)
    assert image[1, :, 4, 2].tolist() == [fake.at(0, 1, b, 4, 2) - 1 for b in (3, 2, 1, 11)]
    assert ds.rgb_indices == [0, 1, 2]
    check_plot(ds)
    with pytest.raises(ValueError, match="seasons"):
        SeasonalContrastS2(root, seasons=6)
    with pytest.raises(ValueError, match="10k"):
        SeasonalContrastS2(root, version="10k")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SeasonalContrastS2, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(SeasonalContrastS2, made, http_server.url, http_root, monkeypatch)
    assert len(SeasonalContrastS2(tmp_path, download=True, checksum=True)) == 2
    assert not (tmp_path / "seco_1m.zip").exists()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(SeasonalContrastS2, made, monkeypatch, tmp_path, "seco_100k.zip")


def test_registry() -> None:
    assert geoplug.datasets.get("seco") is SeasonalContrastS2

"""S2-100K loader against a fake index.csv and satclip.tar."""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import s2_100k as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    check_plot,
    serve_made,
)
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.s2_100k import S2100K
from testkit.http import Served

made, root = archive_fixtures(fake.make, "s2_100k")


def expected(patch: int, band: int, size: int = fake.SIZE) -> torch.Tensor:
    rows, cols = torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")
    return fake.at(patch, band, rows, cols).float()


def test_images_paired_with_points_in_index_order(root: Path) -> None:
    ds = S2100K(root)
    assert len(ds) == 4
    assert (root / "images" / "satclip.tar").is_file()  # extracted where the README does
    for i, (patch, lon, lat) in enumerate(fake.ROWS):
        sample = ds[i]
        assert sample["filename"] == f"patch_{patch}.tif"
        assert sample["point"].dtype == torch.float32
        assert sample["point"].tolist() == [lon, lat]
        if patch != fake.SMALL:
            assert sample["image"].shape == (12, fake.SIZE, fake.SIZE)
            for b in (0, 8, 11):
                assert torch.equal(sample["image"][b], expected(patch, b)), (patch, b)


def test_bands(root: Path) -> None:
    ds = S2100K(root, bands=["B12", "B8A", "B4"])
    image = ds[1]["image"]
    assert torch.equal(image[0], expected(3, 11))
    assert torch.equal(image[1], expected(3, 8))
    assert torch.equal(image[2], expected(3, 3))
    with pytest.raises(ValueError, match=r"unknown band.*B10"):
        S2100K(root, bands=["B10"])


def test_min_file_size(root: Path) -> None:
    ds = S2100K(root, min_file_size=1000)
    assert [ds[i]["filename"] for i in range(len(ds))] == ["patch_12.tif", "patch_3.tif",
                                                            "patch_40.tif"]
    assert ds[2]["point"].tolist() == [134.25, -15.5]
    with pytest.raises(InvalidDataError, match="smaller than min_file_size"):
        S2100K(root, min_file_size=10**9)


def test_tar_with_its_own_images_folder(made: dict[str, Any], tmp_path: Path) -> None:
    images = tmp_path / "images"
    images.mkdir()
    with tarfile.open(made["dir"] / "satclip.tar") as tf:
        tf.extractall(images / "images", filter="data")
    shutil.copy(made["dir"] / "index.csv", tmp_path)
    assert torch.equal(S2100K(tmp_path)[3]["image"][5], expected(40, 5))


def test_missing_patch_named(made: dict[str, Any], tmp_path: Path) -> None:
    shutil.copy(made["dir"] / "index.csv", tmp_path)
    with tarfile.open(made["dir"] / "satclip.tar") as tf:
        tf.extractall(tmp_path / "images", filter="data")
    (tmp_path / "images" / "patch_40.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"patch_40\.tif"):
        S2100K(tmp_path)


def test_plot(root: Path) -> None:
    ds = S2100K(root)
    check_plot(ds)
    fig = ds.plot(ds[0])
    assert fig.axes[0].get_title() == "lon -68.2500, lat -54.1250"


def test_not_found(tmp_path: Path) -> None:
    check_not_found(S2100K, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(S2100K, made, http_server.url, http_root, monkeypatch)
    ds = S2100K(tmp_path, download=True, checksum=True)
    assert len(ds) == 4
    assert (tmp_path / "index.csv").is_file() and (tmp_path / "images" / "satclip.tar").is_file()
    assert torch.equal(ds[0]["image"][2], expected(12, 2))


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """No checksum is published, but one set on the resource is enforced."""
    check_made_checksum(S2100K, made, monkeypatch, tmp_path, "satclip.tar")


def test_plugin(root: Path) -> None:
    assert geoplug.datasets.get("s2_100k") is S2100K
    check_dataset_plugin("s2_100k", data=root)

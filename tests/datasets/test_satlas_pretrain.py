"""SatlasPretrain loader against a fake tree of per-band PNG tiles and its tarballs."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest
import torch

import geoplug.datasets
from fakedata import satlas_pretrain as fake
from fakedata._dc_checks import check_not_found, check_plot, copy_archives
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.satlas_pretrain import SatlasPretrain
from testkit.http import Served


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fake.make(tmp_path_factory.mktemp("satlas_src"))  # type: ignore[return-value]


@pytest.fixture(scope="module")
def root(made: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("satlas")
    shutil.copytree(made["tree"], root / "satlas")  # the README's satlas/ folder
    return root


@pytest.mark.parametrize(("split", "length"), [("train_lowres", 3), ("test_lowres", 1),
                                               ("train_highres", 2), ("test_highres", 1)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(SatlasPretrain(root, split=split)) == length  # 11_20 has no image


def test_sentinel2_latest_image_and_bands(root: Path) -> None:
    ds = SatlasPretrain(root)
    assert ds.tiles == ["10_20", "10_21", "12_20"]
    image = ds[1]["image_sentinel2"]  # 10_21: in both images, the 2022 one wins
    assert image.shape == (9, 8, 8) and image.dtype == torch.float32
    assert image[:, 3, 5].tolist() == [fake.s2_at(1, "10_21", b, 3, 5) for b in range(9)]
    rows, cols = torch.meshgrid(torch.arange(1, 7), torch.arange(1, 7), indexing="ij")
    for b in range(9):  # the 4 x 4 bands upsampled bilinearly lie on the 8 x 8 plane
        expected = (fake.base(1, "10_21", b) + 2 * rows + 2 * cols).float()
        assert torch.allclose(image[b, 1:7, 1:7], expected, atol=1e-3), fake.S2_BANDS[b]
    assert ds[0]["image_sentinel2"][0, 2, 4].item() == fake.s2_at(0, "10_20", 0, 2, 4)


def test_naip_highres_and_labels(root: Path) -> None:
    ds = SatlasPretrain(root, split="train_highres", bands=["NIR", "R"])
    sample = ds[1]
    assert sample["image_naip"][:, 6, 2].tolist() == [
        fake.other_at(0, "1000_2001", 3, 6, 2), fake.other_at(0, "1000_2001", 0, 6, 2)]
    lab = SatlasPretrain(root, split="train_lowres", labels=["land_cover"],
                         modalities=["sentinel2", "sentinel1"])
    assert lab.tiles == ["10_20", "10_21"]
    first, second = lab[0], lab[1]
    assert first["mask_land_cover"].dtype == torch.int64
    assert first["mask_land_cover"][5, 6].item() == fake.land_cover(5, 6)
    assert not second["mask_land_cover"].any()  # not annotated: zeros (invalid)
    assert first["image_sentinel1"][:, 7, 1].tolist() == [fake.other_at(2, "10_20", k, 7, 1)
                                                          for k in range(2)]
    check_plot(lab)


def test_errors(root: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown modality"):
        SatlasPretrain(root, modalities=["landsat"])
    with pytest.raises(ValueError, match=r"band\(s\) \['R'\] belong to none"):
        SatlasPretrain(root, bands=["R"])
    shutil.copytree(root / "satlas" / "metadata", tmp_path / "metadata")
    (tmp_path / "sentinel2").mkdir()
    with pytest.raises(InvalidDataError, match="has an image of every product"):
        SatlasPretrain(tmp_path)


def test_not_found(tmp_path: Path) -> None:
    check_not_found(SatlasPretrain, tmp_path)


def _serve(cls: type, made: dict[str, Any], url: str, monkeypatch: pytest.MonkeyPatch,
           bad: str = "") -> None:
    patched = tuple(dataclasses.replace(r, url=f"{url}/{r.filename}",
                                        md5="0" * 32 if r.filename == bad
                                        else made["archives"][r.filename])
                    for r in cls.resources if r.filename in made["archives"])
    monkeypatch.setattr(cls, "resources", patched)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    copy_archives(made["dir"], http_root, list(made["archives"]))
    _serve(SatlasPretrain, made, http_server.url, monkeypatch)
    ds = SatlasPretrain(tmp_path, split="test_lowres", download=True, checksum=True)
    assert len(ds) == 1 and ds[0]["image_sentinel2"][0, 0, 0].item() == fake.s2_at(
        1, "10_21", 0, 0, 0)
    assert not (tmp_path / "satlas-dataset-v1-naip-2015.tar").exists()


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    from geoplug.core.errors import ChecksumError

    copy_archives(made["dir"], tmp_path, list(made["archives"]))
    _serve(SatlasPretrain, made, "http://unused", monkeypatch,
           bad="satlas-dataset-v1-metadata.tar")
    with pytest.raises(ChecksumError, match="checksum"):
        SatlasPretrain(tmp_path, checksum=True)


def test_plugin(root: Path) -> None:
    assert geoplug.datasets.get("satlas_pretrain") is SatlasPretrain
    check_dataset_plugin("satlas_pretrain", data=root)

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


def test_landsat_bands_on_the_pan_grid(root: Path) -> None:
    """landsat/2022-03/b1..b11: b8 8 x 8, b10/b11 2 x 2, others 4 x 4, all onto b8's grid."""
    ds = SatlasPretrain(root, modalities=["landsat"])
    assert ds.tiles == ["10_20", "12_20"]  # 10_21 has no Landsat image
    assert ds.bands == ("B4", "B3", "B2", "B5", "B6", "B7", "B8", "B11", "B1", "B9", "B10")
    image = ds[1]["image_landsat"]
    assert image.shape == (11, 8, 8) and image.dtype == torch.float32
    rows, cols = torch.meshgrid(torch.arange(2, 6), torch.arange(2, 6), indexing="ij")
    for i, band in enumerate(ds.bands):
        b = int(band[1:]) - 1
        expected = torch.as_tensor(fake.landsat_at("12_20", b, rows, cols)).float()
        assert torch.allclose(image[i, 2:6, 2:6], expected, atol=1e-3), band
    assert image[6, 7, 0].item() == fake.landsat_at("12_20", 7, 7, 0)  # B8 as stored
    both = SatlasPretrain(root, bands=["B8", "B4"], modalities=["sentinel2", "landsat"])
    assert both.tiles == ["10_20", "12_20"]
    sample = both[0]
    assert sample["image_sentinel2"][:, 3, 3].tolist() == [
        fake.s2_at(0, "10_20", 6, 3, 3), fake.s2_at(0, "10_20", 0, 3, 3)]
    assert sample["image_landsat"][:, 3, 3].tolist() == pytest.approx(
        [fake.landsat_at("10_20", 7, 3, 3), fake.landsat_at("10_20", 3, 3, 3)], abs=1e-3)
    check_plot(both)


def test_good_images_list_is_honoured(root: Path, tmp_path: Path) -> None:
    """metadata/good_images_lowres_all.json: pairs missing from it are not used."""
    shutil.copytree(root / "satlas", tmp_path / "satlas")
    good = [[10, 20, fake.S2_IMAGES[0]], [10, 21, fake.S2_IMAGES[0]],
            [10, 21, fake.S2_IMAGES[1]], [10, 20, fake.LANDSAT_IMAGE]]
    fake.write_good_images(tmp_path / "satlas" / "metadata", good[:2] + good[3:])
    ds = SatlasPretrain(tmp_path)
    assert ds.tiles == ["10_20", "10_21"]  # 12_20's only image is not listed
    # 10_21: the 2022 image is not listed, so the 2016 one is used
    assert ds[1]["image_sentinel2"][0, 2, 3].item() == fake.s2_at(0, "10_21", 0, 2, 3)
    every = SatlasPretrain(tmp_path, good_images=False)
    assert every.tiles == ["10_20", "10_21", "12_20"]
    assert every[1]["image_sentinel2"][0, 2, 3].item() == fake.s2_at(1, "10_21", 0, 2, 3)
    # the list names Sentinel-2 images only (the publisher made it from those): Sentinel-1
    # and Landsat images are not filtered by it (all were left out)
    assert SatlasPretrain(tmp_path, modalities=["landsat"]).tiles == ["10_20", "12_20"]
    assert SatlasPretrain(tmp_path, modalities=["sentinel2", "sentinel1"]).tiles == ["10_20",
                                                                                      "10_21"]
    fake.write_good_images(tmp_path / "satlas" / "metadata", [[12, 20, "elsewhere"]])
    with pytest.raises(InvalidDataError, match="good_images=False"):
        SatlasPretrain(tmp_path)
    (tmp_path / "satlas" / "metadata" / "good_images_lowres_all.json").write_text("[[1, 2]]")
    with pytest.raises(InvalidDataError, match=r"not a list of \[col, row, image name\]"):
        SatlasPretrain(tmp_path)


def test_errors(root: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown modality"):
        SatlasPretrain(root, modalities=["spot"])
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
    assert not (tmp_path / "satlas-dataset-v1-landsat.tar").exists()
    landsat = SatlasPretrain(tmp_path, modalities=["landsat"], download=True, checksum=True)
    assert (tmp_path / "satlas-dataset-v1-landsat.tar").is_file() and len(landsat) == 2
    assert landsat[0]["image_landsat"][6, 5, 4].item() == fake.landsat_at("10_20", 7, 5, 4)


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

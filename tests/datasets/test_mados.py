"""MADOS loader against a fake MADOS.zip (Scene_<n>/{10,20,60}/ band files, splits/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import mados as fake
from fakedata._dc_checks import check_not_found, check_plot, serve_made
from fakedata._made import check_wrong_md5, made_root
from geoplug.core.errors import InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets._catalog.segmentation_mados import MADOS_MEAN
from geoplug.datasets.mados import IGNORE_INDEX, MADOS

root = made_root(fake.make, "mados", extract=True)


def on_10m_grid(i: int, band: int) -> np.ndarray:
    """Independent reference: the native band with each pixel repeated to cover 10 m cells."""
    array = fake.native(i, band)
    factor = fake.HEIGHT // array.shape[0]
    return np.kron(array, np.ones((factor, factor), np.float32))


def test_registry() -> None:
    assert geoplug.datasets.get("mados") is MADOS
    info = geoplug.datasets.info("mados")
    assert info.bands == ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A",
                          "B11", "B12")
    assert info.num_classes == 15
    assert info.classes[0] == "Marine Debris" and info.classes[5] == "Oil Spill"
    # the archive and MD5 of the Zenodo record 10664073
    assert [(r.filename, r.md5) for r in MADOS.resources] == [
        ("MADOS.zip", "1076b25d2797be3095d82a61105c7380")]


@pytest.mark.parametrize(("split", "length"), [("train", 3), ("val", 1), ("test", 1)])
def test_lengths(root: Path, split: str, length: int) -> None:
    assert len(MADOS(root, split=split)) == length


def test_list_order_and_ids(root: Path) -> None:
    ds = MADOS(root)
    assert [ds[i]["id"] for i in range(3)] == fake.SPLITS["train"]


def test_sample_pairs_bands_and_label(root: Path) -> None:
    sample = MADOS(root)[1]  # Scene_17_3: an S2B scene (442, 559, 739, ... nm files)
    i = fake.index("Scene_17_3")
    assert sample["image"].shape == (11, fake.HEIGHT, fake.WIDTH)
    assert sample["image"].dtype == torch.float32
    for band in range(11):
        assert np.array_equal(sample["image"][band].numpy(), on_10m_grid(i, band)), band
    # B02 (10 m) at row 7, col 11: 1000 i + 100 b + r + c / 64
    assert sample["image"][1, 7, 11].item() == 1000 * i + 100 + 7 + 11 / 64
    # B05 (20 m): 10 m pixel (7, 11) lies in native pixel (3, 5)
    assert sample["image"][4, 7, 11].item() == 1000 * i + 400 + 3 + 5 / 64
    # B01 (60 m): native pixel (1, 1)
    assert sample["image"][0, 7, 11].item() == 1000 * i + 1 + 1 / 64
    assert sample["mask"].dtype == torch.int64
    assert torch.equal(sample["mask"], torch.from_numpy(fake.labels(i).astype(np.int64) - 1))
    assert (sample["mask"] == IGNORE_INDEX).any() and sample["mask"].max() == 14


def test_s2a_wavelength_names(root: Path) -> None:
    sample = MADOS(root, split="test")[0]  # Scene_0_2: 443, 560, 740, ... nm files
    i = fake.index("Scene_0_2")
    assert np.array_equal(sample["image"][8].numpy(), on_10m_grid(i, 8))  # B8A, 865 nm
    assert torch.equal(sample["mask"], torch.from_numpy(fake.labels(i).astype(np.int64) - 1))


def test_nan_filled_with_band_mean(root: Path) -> None:
    image = MADOS(root)[2]["image"]  # Scene_0_1, crop 0: NaN in B8A's native pixel (1, 4)
    assert not torch.isnan(image).any()
    assert (image[8, 2:4, 8:10] == torch.tensor(MADOS_MEAN[8])).all()
    assert image[8, 2, 10].item() == on_10m_grid(0, 8)[2, 10]


def test_band_selection(root: Path) -> None:
    image = MADOS(root, bands=["B12", "B02"])[0]["image"]
    i = fake.index("Scene_0_12")
    assert np.array_equal(image[0].numpy(), on_10m_grid(i, 10))
    assert np.array_equal(image[1].numpy(), on_10m_grid(i, 1))
    with pytest.raises(ValueError, match="unknown band"):
        MADOS(root, bands=["B09"])


def test_extracts_the_archive(tmp_path: Path) -> None:
    fake.make(tmp_path)
    assert not (tmp_path / "MADOS").exists()
    ds = MADOS(tmp_path, split="val")
    assert (tmp_path / "MADOS" / "splits" / "val_X.txt").is_file()
    assert ds[0]["id"] == "Scene_17_5"


def test_incomplete_crop_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / "MADOS" / "Scene_0" / "20" / "Scene_0_L2R_rhorc_865_12.tif").unlink()
    with pytest.raises(InvalidDataError, match="Scene_0_12 has 10 of 11"):
        MADOS(tmp_path)
    shutil.rmtree(tmp_path / "MADOS" / "Scene_0")
    with pytest.raises(InvalidDataError, match=r"2 crop\(s\).*Scene_0_1 has 0 of 11"):
        MADOS(tmp_path)


def test_missing_label_is_named(tmp_path: Path) -> None:
    fake.make(tmp_path, extract=True)
    (tmp_path / "MADOS" / "Scene_17" / "10" / "Scene_17_L2R_cl_5.tif").unlink()
    with pytest.raises(InvalidDataError, match=r"Scene_17_L2R_cl_5\.tif"):
        MADOS(tmp_path, split="val")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(MADOS, tmp_path)


def test_download(tmp_path: Path, http_root: Path, http_server, monkeypatch) -> None:
    made = fake.make(tmp_path / "made")
    serve_made(MADOS, made, http_server.url, http_root, monkeypatch)
    data = tmp_path / "data"
    ds = MADOS(data, split="test", download=True, checksum=True)
    assert (data / fake.ARCHIVE).is_file()
    assert ds[0]["id"] == "Scene_0_2"


def test_checksum_mismatch(tmp_path: Path, monkeypatch) -> None:
    fake.make(tmp_path)
    check_wrong_md5(MADOS, monkeypatch, tmp_path)


def test_plot(root: Path) -> None:
    check_plot(MADOS(root))


def test_conformance(root: Path) -> None:
    check_dataset_plugin("mados", data=root)

"""DLRSD masks and the UC Merced multi-label table, read with the UC Merced chips."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import geoplug.datasets
from fakedata import dlrsd as fake
from fakedata._dc_checks import check_checksum_mismatch, check_plot, serve_resources
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.testing import check_dataset_plugin
from geoplug.datasets.dlrsd import DLRSD, DLRSDMultiLabel
from testkit.http import Served

UCM_FILES = ["UCMerced_LandUse.zip", "uc_merced-train.txt", "uc_merced-val.txt",
             "uc_merced-test.txt"]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fake.make(tmp_path_factory.mktemp("dlrsd_src"))


def copy(made: dict[str, Any], dst: Path, names: list[str]) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(made["dir"] / name, dst / name)
    return dst


@pytest.fixture(scope="module")
def root(made: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archives as a user puts them in root; the loaders extract them."""
    return copy(made, tmp_path_factory.mktemp("dlrsd"),
                [*UCM_FILES, "DLRSD.zip", "multilabels.zip"])


def expected_mask(made: dict[str, Any], name: str) -> np.ndarray:
    codes = made["masks"][name].astype(np.int64)
    return np.where(codes > 0, codes - 1, -1)


# -- DLRSD --------------------------------------------------------------------------------------
@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_dlrsd_images_and_masks(made: dict[str, Any], root: Path, split: str) -> None:
    ds = DLRSD(root, split=split)
    expected = made["expected"][split]
    assert len(ds) == {"train": 6, "val": 3, "test": 3}[split] == len(expected)
    for i, exp in enumerate(expected):
        sample = ds[i]
        name = Path(exp["path"]).stem
        assert ds.chips[i][0] == name
        assert sample["image"].dtype == torch.float32
        np.testing.assert_array_equal(sample["image"].numpy(), exp["pixels"].astype(np.float32))
        assert sample["mask"].dtype == torch.int64
        np.testing.assert_array_equal(sample["mask"].numpy(), expected_mask(made, name))


def test_dlrsd_codes_ignore_and_odd_chip(root: Path) -> None:
    ds = DLRSD(root)
    first = ds[0]  # agricultural00, chip 0: code 0 in its top-left corner
    assert ds.chips[0][0] == "agricultural00"
    assert (first["mask"][:4, :4] == -1).all()
    assert int(first["mask"][4, 4]) == 0  # code 1 -> "airplane"
    assert int(first["mask"][8, 0]) == 1 and int(first["mask"][0, 8]) == 3
    odd = ds[1]  # agricultural01 is 247 rows, as some UC Merced chips are
    assert odd["image"].shape == (3, 247, 256) and odd["mask"].shape == (247, 256)


def test_dlrsd_band_selection(root: Path) -> None:
    full = DLRSD(root, split="val")[1]["image"]
    torch.testing.assert_close(DLRSD(root, split="val", bands=["B"])[1]["image"], full[[2]])


def test_dlrsd_bad_masks(root: Path, tmp_path: Path) -> None:
    from PIL import Image

    shutil.copytree(root, tmp_path / "c")
    ds = DLRSD(tmp_path / "c", split="test")  # extracts the archives if not yet done
    mask = tmp_path / "c" / "DLRSD" / "Images" / "tenniscourt" / "tenniscourt03.png"
    Image.fromarray(np.zeros((10, 10), np.uint8)).save(mask)
    with pytest.raises(InvalidDataError, match="tenniscourt03"):
        ds[2]
    Image.fromarray(np.zeros((256, 256, 3), np.uint8)).save(mask)
    with pytest.raises(InvalidDataError, match="RGB"):
        ds[2]
    mask.unlink()
    with pytest.raises(InvalidDataError, match="tenniscourt03"):
        ds[2]


def test_dlrsd_not_found(made: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        DLRSD(tmp_path / "empty", download=True)
    assert str(tmp_path / "empty") in str(info.value)
    assert "sites.google.com/view/zhouwx/dataset" in str(info.value)
    # the UC Merced part alone: DLRSD.zip is still asked for, by name
    with pytest.raises(DatasetNotFoundError, match=r"DLRSD\.zip"):
        DLRSD(copy(made, tmp_path / "ucm", UCM_FILES))


def test_dlrsd_download_images_with_manual_masks(made: dict[str, Any], http_server: Served,
                                                 http_root: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    copy(made, http_root, UCM_FILES)
    serve_resources(DLRSD, monkeypatch, http_server.url, made["md5s"])
    dst = copy(made, tmp_path / "dl", ["DLRSD.zip"])
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        DLRSD(dst, split="val")
    ds = DLRSD(dst, split="val", download=True, checksum=True)
    assert len(ds) == 3
    assert (dst / "UCMerced_LandUse" / "Images").is_dir() and (dst / "DLRSD").is_dir()


def test_dlrsd_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy(made, tmp_path / "c", [*UCM_FILES, "DLRSD.zip"])
    check_checksum_mismatch(DLRSD, monkeypatch, root, "UCMerced_LandUse.zip")


def test_dlrsd_plot(root: Path) -> None:
    check_plot(DLRSD(root))


def test_dlrsd_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("dlrsd") is DLRSD
    assert geoplug.datasets.info("dlrsd").ignore_index == -1
    check_dataset_plugin("dlrsd", root)


# -- multi-label --------------------------------------------------------------------------------
@pytest.mark.parametrize("split", ["train", "val", "test"])
def test_multilabel_images_and_labels(made: dict[str, Any], root: Path, split: str) -> None:
    ds = DLRSDMultiLabel(root, split=split)
    expected = made["expected"][split]
    assert len(ds) == len(expected)
    for i, exp in enumerate(expected):
        sample = ds[i]
        name = Path(exp["path"]).stem
        np.testing.assert_array_equal(sample["image"].numpy(), exp["pixels"].astype(np.float32))
        assert sample["label"].dtype == torch.int64
        assert sample["label"].tolist() == made["rows"][name]


def test_multilabel_named_classes(root: Path) -> None:
    label = DLRSDMultiLabel(root, split="test")[0]["label"]  # agricultural03: chip 3
    assert [DLRSDMultiLabel.classes[i] for i in np.flatnonzero(label.numpy())] == [
        "bare soil", "cars"]


def test_multilabel_column_order(made: dict[str, Any], root: Path, tmp_path: Path) -> None:
    shutil.copytree(root, tmp_path / "c")
    DLRSDMultiLabel(tmp_path / "c")  # extracts the archives if not yet done
    table = tmp_path / "c" / "multilabels" / "LandUse_Multilabeled.txt"
    rows = [line.split("\t") for line in table.read_text().splitlines()]
    # the same table with its class columns reversed: labels follow the names
    table.write_text("\n".join("\t".join([r[0], *r[:0:-1]]) for r in rows) + "\n")
    ds = DLRSDMultiLabel(tmp_path / "c", split="val")
    for i, (name, _) in enumerate(ds.chips):
        assert ds[i]["label"].tolist() == made["rows"][name]


def test_multilabel_bad_tables(root: Path, tmp_path: Path) -> None:
    shutil.copytree(root, tmp_path / "c")
    DLRSDMultiLabel(tmp_path / "c")  # extracts the archives if not yet done
    table = tmp_path / "c" / "multilabels" / "LandUse_Multilabeled.txt"
    lines = table.read_text().splitlines()
    table.write_text("\n".join(line for line in lines if not line.startswith("zoo")
                               and not line.startswith("tenniscourt03")) + "\n")
    with pytest.raises(InvalidDataError, match="tenniscourt03"):
        DLRSDMultiLabel(tmp_path / "c", split="test")
    table.write_text("\n".join([lines[0].replace("\twater", ""), *lines[1:]]) + "\n")
    with pytest.raises(InvalidDataError, match="16 classes"):
        DLRSDMultiLabel(tmp_path / "c", split="test")
    table.write_text("\n".join([lines[0].replace("bare-soil", "volcano"), *lines[1:]]) + "\n")
    with pytest.raises(InvalidDataError, match="volcano"):
        DLRSDMultiLabel(tmp_path / "c", split="test")
    table.write_text("\n".join([*lines, "agricultural04\t2" + "\t0" * 16]) + "\n")
    with pytest.raises(InvalidDataError, match="line"):
        DLRSDMultiLabel(tmp_path / "c", split="test")


def test_multilabel_download(made: dict[str, Any], http_server: Served, http_root: Path,
                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy(made, http_root, [*UCM_FILES, "multilabels.zip"])
    serve_resources(DLRSDMultiLabel, monkeypatch, http_server.url, made["md5s"])
    with pytest.raises(DatasetNotFoundError, match="download=True"):
        DLRSDMultiLabel(tmp_path / "dl")
    ds = DLRSDMultiLabel(tmp_path / "dl", split="test", download=True, checksum=True)
    assert len(ds) == 3
    assert zipfile.is_zipfile(tmp_path / "dl" / "multilabels.zip")


def test_multilabel_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy(made, tmp_path / "c", [*UCM_FILES, "multilabels.zip"])
    check_checksum_mismatch(DLRSDMultiLabel, monkeypatch, root, "UCMerced_LandUse.zip")


def test_multilabel_plot(root: Path) -> None:
    check_plot(DLRSDMultiLabel(root))


def test_multilabel_registry_and_conformance(root: Path) -> None:
    assert geoplug.datasets.get("dlrsd_multilabel") is DLRSDMultiLabel
    check_dataset_plugin("dlrsd_multilabel", root)

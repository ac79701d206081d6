"""OPTIMAL-31 read from a fake ``OPTIMAL-31.zip`` (``OPTIMAL-31/Images/<class>/``), fetched
by hand."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from fakedata import optimal31 as fake
from fakedata._dc_checks import archive_fixtures, check_made_checksum
from fakedata._scene_folders import check_bands, check_registered, check_samples
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.datasets.optimal31 import OPTIMAL31

made, root = archive_fixtures(fake.make, "optimal31")


def test_samples_from_the_archive(made: dict[str, Any], root: Path) -> None:
    ds = OPTIMAL31(root)  # OPTIMAL-31.zip is in root: extracted on first use
    assert (root / "OPTIMAL-31" / "Images" / "runway" / "runway(60).jpg").is_file()
    check_samples(ds, made["expected"])
    assert [e["member"].rsplit("/", 1)[1] for e in made["expected"][:3]] == [
        "airplane(1).jpg", "airplane(10).jpg", "airplane(2).jpg"]
    assert [int(ds[i]["label"]) for i in range(len(ds))] == [0, 0, 0, 2, 28, 30]


@pytest.mark.parametrize("top", ["Images", ""])
def test_mirror_layouts(tmp_path: Path, top: str) -> None:
    other = fake.make(tmp_path, top=top)  # Images/ at the top, or the class folders in root
    check_samples(OPTIMAL31(tmp_path), other["expected"])


def test_extracted_folder_without_archive(made: dict[str, Any], tmp_path: Path) -> None:
    with zipfile.ZipFile(made["dir"] / "OPTIMAL-31.zip") as zf:
        zf.extractall(tmp_path)
    check_samples(OPTIMAL31(tmp_path), made["expected"])


def test_renamed_class_folder(made: dict[str, Any], tmp_path: Path) -> None:
    with zipfile.ZipFile(made["dir"] / "OPTIMAL-31.zip") as zf:
        zf.extractall(tmp_path)
    images = tmp_path / "OPTIMAL-31" / "Images"
    shutil.move(images / "baseball_diamond", images / "Baseball Diamond")
    with pytest.raises(InvalidDataError, match="baseball_diamond"):
        OPTIMAL31(tmp_path)


def test_partly_extracted_copy_is_refused(made: dict[str, Any], tmp_path: Path) -> None:
    """No split list: a class folder that is not there is a partial copy, not fewer classes."""
    with zipfile.ZipFile(made["dir"] / "OPTIMAL-31.zip") as zf:
        zf.extractall(tmp_path)
    shutil.rmtree(tmp_path / "OPTIMAL-31" / "Images" / "harbor")
    with pytest.raises(InvalidDataError, match=r"no folder for the class\(es\) \['harbor'\]"):
        OPTIMAL31(tmp_path)


def test_bands_and_split(made: dict[str, Any], root: Path) -> None:
    check_bands(OPTIMAL31, root, made["expected"][0])
    with pytest.raises(ValueError, match="split 'test'"):
        OPTIMAL31(root, split="test")


@pytest.mark.parametrize("download", [False, True])
def test_not_found_says_where_to_get_it(tmp_path: Path, download: bool) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        OPTIMAL31(tmp_path, download=download)  # no direct download: never fetches the page
    message = str(info.value)
    assert str(tmp_path) in message and "OPTIMAL-31.zip" in message
    assert "drive.google.com" in message
    assert list(tmp_path.iterdir()) == []


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(OPTIMAL31, made, monkeypatch, tmp_path, "OPTIMAL-31.zip")


def test_plot_and_registry(root: Path) -> None:
    check_registered(OPTIMAL31, "optimal31", root, 31)

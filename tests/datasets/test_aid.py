"""AID read from a fake ``AID.zip`` (``AID/<Class>/<class>_<n>.jpg``), fetched by hand."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from fakedata import aid as fake
from fakedata._dc_checks import archive_fixtures, check_made_checksum
from fakedata._scene_folders import check_bands, check_registered, check_samples
from geoplug.core.errors import DatasetNotFoundError
from geoplug.datasets.aid import AID

made, root = archive_fixtures(fake.make, "aid")


def test_samples_from_the_archive(made: dict[str, Any], root: Path) -> None:
    ds = AID(root)  # AID.zip is in root: extracted on first use
    assert (root / "AID" / "StorageTanks" / "storagetanks_254.jpg").is_file()
    check_samples(ds, made["expected"])
    assert [e["member"].rsplit("/", 1)[1] for e in made["expected"][:3]] == [
        "airport_1.jpg", "airport_10.jpg", "airport_2.jpg"]
    assert int(ds[len(ds) - 1]["label"]) == 29  # Viaduct, the last of the 30 classes


def test_extracted_folder_without_archive(made: dict[str, Any], tmp_path: Path) -> None:
    with zipfile.ZipFile(made["dir"] / "AID.zip") as zf:
        zf.extractall(tmp_path)
    check_samples(AID(tmp_path), made["expected"])
    bare = tmp_path / "bare"  # the class folders directly in root
    shutil.move(tmp_path / "AID", bare)
    check_samples(AID(bare), made["expected"])


def test_bands_and_split(made: dict[str, Any], root: Path) -> None:
    check_bands(AID, root, made["expected"][0])
    with pytest.raises(ValueError, match="split 'test'"):
        AID(root, split="test")


@pytest.mark.parametrize("download", [False, True])
def test_not_found_says_where_to_get_it(tmp_path: Path, download: bool) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        AID(tmp_path, download=download)  # no direct download: never fetches the page
    message = str(info.value)
    assert str(tmp_path) in message and "AID.zip" in message and "OneDrive" in message
    assert list(tmp_path.iterdir()) == []


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(AID, made, monkeypatch, tmp_path, "AID.zip")


def test_plot_and_registry(root: Path) -> None:
    check_registered(AID, "aid", root, 30)

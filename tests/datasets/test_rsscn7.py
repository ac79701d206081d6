"""RSSCN7 read from a fake ``RSSCN7-master.zip`` (GitHub's archive of the authors' repo)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fakedata import rsscn7 as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    serve_made,
)
from fakedata._scene_folders import check_bands, check_registered, check_samples
from geoplug.datasets.rsscn7 import RSSCN7
from testkit.http import Served

made, root = archive_fixtures(fake.make, "rsscn7")


def test_samples_from_the_archive(made: dict[str, Any], root: Path) -> None:
    ds = RSSCN7(root)
    check_samples(ds, made["expected"])
    assert [int(ds[i]["label"]) for i in range(len(ds))] == [0, 0, 2, 3, 6, 6]


@pytest.mark.parametrize("top", ["RSSCN7", ""])
def test_clone_and_bare_folders(tmp_path: Path, top: str) -> None:
    other = fake.make(tmp_path, top=top)  # a git clone, or the class folders in root
    check_samples(RSSCN7(tmp_path), other["expected"])


def test_bands_and_split(made: dict[str, Any], root: Path) -> None:
    check_bands(RSSCN7, root, made["expected"][0])
    with pytest.raises(ValueError, match="split 'test'"):
        RSSCN7(root, split="test")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(RSSCN7, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(RSSCN7, made, http_server.url, http_root, monkeypatch)
    ds = RSSCN7(tmp_path / "dl", download=True, checksum=True)
    assert (tmp_path / "dl" / "RSSCN7-master" / "aGrass" / "a001.jpg").is_file()
    check_samples(ds, made["expected"])


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(RSSCN7, made, monkeypatch, tmp_path, "RSSCN7-master.zip")


def test_plot_and_registry(root: Path) -> None:
    check_registered(RSSCN7, "rsscn7", root, 7)

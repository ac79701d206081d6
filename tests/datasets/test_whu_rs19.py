"""WHU-RS19 read from a fake ``WHU-RS19.zip`` (mixed-case class folders)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fakedata import whu_rs19 as fake
from fakedata._dc_checks import (
    archive_fixtures,
    check_made_checksum,
    check_not_found,
    serve_made,
)
from fakedata._scene_folders import check_bands, check_registered, check_samples
from geoplug.datasets.whu_rs19 import WHURS19
from testkit.http import Served

made, root = archive_fixtures(fake.make, "whu_rs19")


def test_samples_from_the_archive(made: dict[str, Any], root: Path) -> None:
    ds = WHURS19(root)
    check_samples(ds, made["expected"])
    assert [ds.classes[int(ds[i]["label"])] for i in (3, 4)] == ["footballField",
                                                                 "railwayStation"]


@pytest.mark.parametrize("top", ["RSDataset", ""])
def test_any_top_folder(tmp_path: Path, top: str) -> None:
    other = fake.make(tmp_path, top=top)  # the archive's top folder is not documented
    check_samples(WHURS19(tmp_path), other["expected"])


def test_bands_and_split(made: dict[str, Any], root: Path) -> None:
    check_bands(WHURS19, root, made["expected"][0])
    with pytest.raises(ValueError, match="split 'val'"):
        WHURS19(root, split="val")


def test_not_found(tmp_path: Path) -> None:
    check_not_found(WHURS19, tmp_path)


def test_download(made: dict[str, Any], http_server: Served, http_root: Path, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    serve_made(WHURS19, made, http_server.url, http_root, monkeypatch)
    ds = WHURS19(tmp_path / "dl", download=True, checksum=True)
    assert (tmp_path / "dl" / "WHU-RS19.zip").is_file()
    check_samples(ds, made["expected"])


def test_checksum_mismatch(made: dict[str, Any], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    check_made_checksum(WHURS19, made, monkeypatch, tmp_path, "WHU-RS19.zip")


def test_plot_and_registry(root: Path) -> None:
    check_registered(WHURS19, "whu_rs19", root, 19)

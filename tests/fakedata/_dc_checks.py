"""Checks every detection / change / time-series dataset must pass (shared by their tests).

They exercise the real shared path: archives on disk are extracted, downloads go through the
``http_server`` fixture, and checksums are verified on the actual bytes.
"""

from __future__ import annotations

import dataclasses
import shutil
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import matplotlib
import pytest

from geoplug.core.errors import ChecksumError, DatasetNotFoundError
from geoplug.core.nongeo import NonGeoDataset

matplotlib.use("Agg")


def copy_archives(src: Path, dst: Path, names: list[str]) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(src / name, dst / name)


def archive_fixtures(make: Callable[[Path], Mapping[str, Any]], name: str) -> tuple[Any, Any]:
    """Module-scoped ``made`` (the generator's output) and ``root`` (its archives, copied).

    Use as ``made, root = archive_fixtures(fake.make, "name")`` in a test module; ``make``
    returns at least ``dir`` (where the archives are) and ``archives`` (name -> md5).
    """

    @pytest.fixture(scope="module", name="made")
    def made_fixture(tmp_path_factory: pytest.TempPathFactory) -> Mapping[str, Any]:
        return make(tmp_path_factory.mktemp(f"{name}_src"))

    @pytest.fixture(scope="module", name="root")
    def root_fixture(made: Mapping[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
        root = tmp_path_factory.mktemp(name)
        copy_archives(made["dir"], root, list(made["archives"]))
        return root

    return made_fixture, root_fixture


def serve_made(cls: type[NonGeoDataset], made: Mapping[str, Any], url: str, http_root: Path,
               monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the generated archives on the test server and point ``cls.resources`` at them."""
    copy_archives(made["dir"], http_root, list(made["archives"]))
    serve_resources(cls, monkeypatch, url, made["archives"])


def check_made_checksum(cls: type[NonGeoDataset], made: Mapping[str, Any],
                        monkeypatch: pytest.MonkeyPatch, root: Path, archive: str,
                        **kwargs: Any) -> None:
    """Copy all generated archives to ``root``, then :func:`check_checksum_mismatch`."""
    copy_archives(made["dir"], root, list(made["archives"]))
    check_checksum_mismatch(cls, monkeypatch, root, archive, **kwargs)


def check_not_found(cls: type[NonGeoDataset], root: Path, **kwargs: Any) -> None:
    with pytest.raises(DatasetNotFoundError) as info:
        cls(root=root, **kwargs)
    message = str(info.value)
    assert str(root) in message
    assert "download=True" in message


def serve_resources(cls: type[NonGeoDataset], monkeypatch: pytest.MonkeyPatch, url: str,
                    md5s: dict[str, str], attr: str = "resources") -> None:
    """Point the class's resources at the local server with the fake archives' md5s."""
    patched = tuple(
        dataclasses.replace(r, url=f"{url}/{urllib.parse.quote(r.filename)}",
                            md5=md5s.get(r.filename, r.md5), sha256=None)
        for r in getattr(cls, attr)
    )
    monkeypatch.setattr(cls, attr, patched)


def check_checksum_mismatch(cls: type[NonGeoDataset], monkeypatch: pytest.MonkeyPatch,
                            root: Path, archive: str, attr: str = "resources",
                            **kwargs: Any) -> None:
    """An archive on disk that does not match its md5 raises ChecksumError (checksum=True)."""
    patched = tuple(dataclasses.replace(r, md5="0" * 32, sha256=None)
                    if r.filename == archive else r for r in getattr(cls, attr))
    monkeypatch.setattr(cls, attr, patched)
    with pytest.raises(ChecksumError, match="checksum"):
        cls(root=root, checksum=True, **kwargs)


def check_plot(ds: NonGeoDataset, index: int = 0) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    fig = ds.plot(ds[index], suptitle="test")
    assert isinstance(fig, Figure)
    plt.close(fig)

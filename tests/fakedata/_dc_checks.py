"""Checks every detection / change / time-series dataset must pass (shared by their tests).

They exercise the real shared path: archives on disk are extracted, downloads go through the
``http_server`` fixture, and checksums are verified on the actual bytes.
"""

from __future__ import annotations

import dataclasses
import shutil
import urllib.parse
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

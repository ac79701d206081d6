"""Leftover extraction staging folders in a read-only dataset copy (a shared or mounted one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakedata._readonly import read_only
from geoplug.core import _staging
from geoplug.core.archives import settle_extractions
from geoplug.core.errors import InvalidDataError


def _dead_staging(dst: Path, moving: bool) -> Path:
    folder, lock = _staging.make(dst)
    (folder / "part.tif").write_bytes(b"half")
    if moving:
        (folder / _staging.MOVING).touch()
    if lock is not None:
        lock.close()  # its process gone: the lock is free
    return folder


def test_a_read_only_copy_with_a_half_unpacked_leftover_opens(tmp_path: Path) -> None:
    # opening the owner file for writing raised EROFS (no PermissionError) on a read-only
    # mount: every open of the dataset failed, for a leftover nothing reads
    (tmp_path / "scene.tif").write_bytes(b"data")
    leftover = _dead_staging(tmp_path, moving=False)
    with read_only(tmp_path):
        settle_extractions(tmp_path)
    assert leftover.is_dir() and (tmp_path / "scene.tif").is_file()


def test_a_read_only_copy_cut_off_mid_move_says_so(tmp_path: Path) -> None:
    (tmp_path / "scene.tif").write_bytes(b"data")
    _dead_staging(tmp_path, moving=True)
    with read_only(tmp_path), pytest.raises(InvalidDataError, match="read-only"):
        settle_extractions(tmp_path)


def test_a_read_only_mount_is_read_only_too(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # a read-only mount answers a write open with EROFS, which is no PermissionError (the
    # immutable folder of read_only answers EPERM): the mount's answer, given here
    import errno
    import os

    (tmp_path / "scene.tif").write_bytes(b"data")
    _dead_staging(tmp_path, moving=False)
    real_open = os.open

    def mounted_read_only(path: object, flags: int, *args: object) -> int:
        if flags & (os.O_RDWR | os.O_WRONLY) and str(path).startswith(str(tmp_path)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    with read_only(tmp_path):
        monkeypatch.setattr(os, "open", mounted_read_only)
        settle_extractions(tmp_path)

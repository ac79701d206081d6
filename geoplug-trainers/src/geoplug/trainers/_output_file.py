"""The prediction's output file: refused before any work where it may not be written, and
put in place in one step (a killed or failed write leaves the old file and no ``*.tif``)."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Sequence
from pathlib import Path

from geoplug.core.errors import GeoplugError

__all__ = ["OutputExistsError", "ReadOnlyOutputError", "check_output", "discard", "move_into_place",
           "temp_name"]


class OutputExistsError(GeoplugError, FileExistsError):
    """The prediction's output file exists and the caller did not ask to replace it."""


class ReadOnlyOutputError(GeoplugError, PermissionError):
    """The prediction's output file is read-only: geoplug never replaces it."""


def _read_only(path: Path) -> bool:
    # os.access alone says "writable" to root, so the permission bits are checked too
    mode = path.stat().st_mode
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path,
                                                                                    os.W_OK)


def check_output(path: str | os.PathLike[str], overwrite: bool = False) -> Path:
    """``path`` as a ``Path`` if a prediction may be written there; checked before predicting
    so that hours of work do not end in a refusal.

    Raises:
        IsADirectoryError: ``path`` is a folder.
        ReadOnlyOutputError: ``path`` exists and is read-only (a ``PermissionError``).
        OutputExistsError: ``path`` exists and ``overwrite`` is false (a ``FileExistsError``).
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"the prediction output {path} is a folder; give a file name "
                                "such as prediction.tif")
    if path.exists():
        if _read_only(path):
            raise ReadOnlyOutputError(
                f"the prediction output {path} exists and is read-only; geoplug never replaces "
                "a read-only file: choose another path or make it writable (chmod u+w)")
        if not overwrite:
            raise OutputExistsError(
                f"the prediction output {path} exists; pass overwrite=True (geoplug predict "
                "--overwrite) to replace it, or choose another path")
    return path


def temp_name(path: Path, kind: str) -> Path:
    """A hidden name next to ``path`` that no glob of the output's suffix matches: a kill
    leaves ``.name.tif.<random>.<kind>`` (and GDAL's ``...<kind>.ovr.tmp``), never ``*.tif``."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.{kind}")


def move_into_place(finished: Path, path: Path, overwrite: bool) -> None:
    """Rename the finished file onto ``path`` in one step (same folder, so atomic).

    Raises:
        OutputExistsError, ReadOnlyOutputError: as :func:`check_output`, re-checked now.
    """
    check_output(path, overwrite)
    if overwrite:
        os.replace(finished, path)
        return
    try:  # no-clobber: a hard link fails if another process created the output meanwhile
        os.link(finished, path)
    except FileExistsError:
        raise OutputExistsError(
            f"the prediction output {path} appeared while it was written; pass overwrite=True "
            "(geoplug predict --overwrite) to replace it") from None
    except OSError:  # a file system without hard links
        os.replace(finished, path)
        return
    finished.unlink()


def discard(paths: Sequence[Path]) -> None:
    """Remove temporary files (those that exist)."""
    for leftover in paths:
        leftover.unlink(missing_ok=True)

"""Which files a dataset reads: paths, folders searched with a glob, and the time span a date
in a file name stands for."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from geoplug.core import handles

__all__ = ["PathsLike", "date_range", "find_files", "path_list"]

PathsLike = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def date_range(text: str, date_format: str) -> tuple[float, float]:
    """POSIX ``(mint, maxt)`` covered by ``text`` parsed with ``date_format``.

    The range spans the finest unit in the format: ``"2023"`` with ``"%Y"`` is the whole year,
    ``"20230615"`` with ``"%Y%m%d"`` the whole day.

    Raises:
        ValueError: ``text`` does not match ``date_format``.
    """
    start = datetime.strptime(text, date_format).replace(tzinfo=timezone.utc)
    if "%S" in date_format or "%s" in date_format:
        end = start + timedelta(seconds=1)
    elif "%M" in date_format:
        end = start + timedelta(minutes=1)
    elif "%H" in date_format or "%I" in date_format:
        end = start + timedelta(hours=1)
    elif any(code in date_format for code in ("%d", "%j")):
        end = start + timedelta(days=1)
    elif "%m" in date_format or "%b" in date_format or "%B" in date_format:
        end = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    else:
        end = start.replace(year=start.year + 1)
    return start.timestamp(), end.timestamp() - 1e-6


def path_list(paths: PathsLike) -> list[str]:
    """``paths`` (one path or URL, or several) as a list of strings."""
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def find_files(paths: PathsLike, filename_glob: str) -> list[str]:
    """Files named by ``paths``: files and URLs as given, folders searched recursively.

    Missing paths are skipped (the caller reports an empty result).
    """
    found: list[str] = []
    for path in path_list(paths):
        if handles.is_remote(path) or os.path.isfile(path):
            found.append(path)
        elif os.path.isdir(path):
            pattern = os.path.join(glob.escape(path), "**", filename_glob)
            found.extend(p for p in glob.glob(pattern, recursive=True) if os.path.isfile(p))
    return sorted(dict.fromkeys(found))

"""Which files a dataset reads: paths, folders searched with a glob, and the time span a date
in a file name stands for."""

from __future__ import annotations

import glob
import math
import os
import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from geoplug.core import handles
from geoplug.core.errors import InvalidDataError

__all__ = ["PathsLike", "date_range", "find_files", "format_unit", "name_dates", "path_list"]

PathsLike = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


#: strptime codes and the unit of time each states, finest first
_FORMAT_UNITS = (("%S", "S"), ("%s", "S"), ("%M", "M"), ("%H", "H"), ("%I", "H"), ("%d", "d"),
                 ("%j", "d"), ("%m", "m"), ("%b", "m"), ("%B", "m"))


_STEPS = {"S": timedelta(seconds=1), "M": timedelta(minutes=1), "H": timedelta(hours=1),
          "d": timedelta(days=1)}


def format_unit(date_format: str) -> str:
    """The finest unit a strptime format states: ``S``, ``M``, ``H``, ``d``, ``m`` or ``y``
    (``%j``, a day of the year, is a day; ``%b``, a month's name, a month)."""
    return next((unit for code, unit in _FORMAT_UNITS if code in date_format), "y")


def date_range(text: str, date_format: str) -> tuple[float, float]:
    """POSIX ``(mint, maxt)`` covered by ``text`` parsed with ``date_format``.

    The range spans the finest unit in the format (:func:`format_unit`): ``"2023"`` with
    ``"%Y"`` is the whole year, ``"20230615"`` with ``"%Y%m%d"`` the whole day.

    Raises:
        ValueError: ``text`` does not match ``date_format``.
    """
    start = datetime.strptime(text, date_format).replace(tzinfo=timezone.utc)
    unit = format_unit(date_format)
    if unit == "m":
        end = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    elif unit == "y":
        end = start.replace(year=start.year + 1)
    else:
        end = start + _STEPS[unit]
    return start.timestamp(), end.timestamp() - 1e-6


def name_dates(match: re.Match[str], date_format: str, path: str) -> tuple[float, float]:
    """The time span of a file: its name's ``date`` group (of ``match``, the dataset's
    ``filename_regex`` on the name) read with ``date_format``; all time without one.

    Raises:
        InvalidDataError: the date does not parse with ``date_format``.
    """
    text = match.groupdict().get("date")
    if text is None:
        return -math.inf, math.inf
    try:
        return date_range(text, date_format)
    except ValueError as err:
        raise InvalidDataError(f"cannot parse the date {text!r} of {path!r} with "
                               f"date_format {date_format!r}") from err


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

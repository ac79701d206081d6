"""Where a geo dataset's downloads go, and the archives a user fetched by hand.

Geo datasets take ``paths`` (a folder, files or URLs) rather than a ``root``; a download needs
one folder to write to. Fetching itself (verified atomic download, safe extraction) is
:func:`geoplug.core.download.fetch`, the one download path of every dataset.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from geoplug.core.download import extract_archive

__all__ = ["download_folder", "extract_found"]


def download_folder(paths: object, name: str) -> Path:
    """The single local folder that ``paths`` names, where downloads go.

    Raises:
        ValueError: ``paths`` is a list, a URL or a file rather than one folder.
    """
    if isinstance(paths, (str, os.PathLike)):
        text = os.fspath(paths)
        if "://" not in text and not os.path.isfile(text):
            return Path(text)
    raise ValueError(f"{name}: download=True needs paths to be one local folder to download "
                     f"into, got {paths!r}")


def extract_found(paths: object, archive_regex: str, extracted: Callable[[Path], bool],
                  into: Callable[[Path], Path] | None = None) -> list[Path]:
    """Extract the publisher's archives lying under the local folders of ``paths``.

    A user who downloaded the archives by hand has them unextracted; each archive whose name
    matches ``archive_regex`` and for which ``extracted(archive)`` is false is extracted into
    ``into(archive)`` (default: the archive's folder). Files, URLs and missing paths are left
    alone.

    Returns:
        The archives extracted.

    Raises:
        UnsafeArchiveError: a member would land outside the target folder, or the archive
            looks like a decompression bomb.
        InvalidDataError: the file is not a supported archive, is damaged or holds no file.
        ArchiveConflictError: a member would replace a folder by a file, or the reverse.
    """
    items: list[object] = []
    if isinstance(paths, (str, os.PathLike)):
        items = [paths]
    elif isinstance(paths, Iterable):
        items = list(paths)
    pattern = re.compile(archive_regex)
    done: list[Path] = []
    for item in items:
        if not isinstance(item, (str, os.PathLike)) or not os.path.isdir(item):
            continue
        for archive in sorted(Path(item).rglob("*")):
            if archive.is_file() and pattern.match(archive.name) and not extracted(archive):
                extract_archive(archive, into(archive) if into else archive.parent)
                done.append(archive)
    return done

"""Where a geo dataset's downloads go, and the archives a user fetched by hand.

Geo datasets take ``paths`` (a folder, files or URLs) rather than a ``root``; a download needs
one folder to write to. Fetching itself (verified atomic download, safe extraction) is
:func:`geoplug.core.download.fetch`, the one download path of every dataset.

Data folders may be read-only (a shared copy, a mounted sample): what a loader derives from
the publisher's files (extracted archives, converted rasters) then goes to a cache folder,
``$GEOPLUG_CACHE_DIR/derived/<key>`` (or ``~/.cache/geoplug/derived/<key>``), keyed by the
source file's path, size and modification time.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from geoplug.core.archives import find_below, settle_extractions
from geoplug.core.download import extract_archive

__all__ = ["derived_folder", "download_folder", "extract_found", "writable"]


def writable(folder: Path) -> bool:
    """Whether a file can be created in ``folder`` (or its nearest existing parent).

    Tried rather than read from the permission bits, which say nothing for root, read-only
    mounts or immutable folders.
    """
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        handle, name = tempfile.mkstemp(prefix=".geoplug-write-test-", dir=folder)
    except OSError:
        return False
    os.close(handle)
    os.unlink(name)
    return True


def cache_folder(source: Path) -> Path:
    """The cache folder for files derived from ``source`` (keyed by path, size, mtime)."""
    from geoplug.core.headers import cache_dir

    stat = source.stat()
    key = hashlib.sha256(f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return cache_dir().parent / "derived" / key.hexdigest()[:24]


def derived_folder(source: Path) -> Path:
    """Where to write a file derived from ``source``: beside it when that folder is writable,
    else :func:`cache_folder` (created)."""
    if writable(source.parent):
        return source.parent
    folder = cache_folder(source)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


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


def extract_found(paths: Any, archive_regex: str, extracted: Callable[[Path], bool],
                  into: Callable[[Path], Path] | None = None) -> Any:
    """Extract the publisher's archives lying under the local folders of ``paths``.

    A user who downloaded the archives by hand has them unextracted; each archive whose name
    matches ``archive_regex`` and for which ``extracted(archive)`` is false is extracted into
    ``into(archive)`` (default: the archive's folder). Files, URLs and missing paths are left
    alone. Where that folder is not writable the archive is extracted (once) into its
    :func:`cache_folder` instead, and that folder is added to the paths returned.

    Returns:
        ``paths`` itself, or a list of its items followed by the cache folders used.

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
    cached: list[str] = []
    for item in items:
        if not isinstance(item, (str, os.PathLike)) or not os.path.isdir(item):
            continue
        for archive in sorted(find_below(Path(item), "*")):
            if not archive.is_file() or not pattern.match(archive.name):
                continue
            target = into(archive) if into else archive.parent
            settle_extractions(target)  # a killed extraction looks extracted
            if extracted(archive):
                continue
            if writable(target):
                extract_archive(archive, target)
                continue
            folder = cache_folder(archive)
            inner = (target.relative_to(archive.parent)
                     if target.is_relative_to(archive.parent) else Path())
            if not (folder / ".extracted").is_file():
                extract_archive(archive, folder / inner)
                (folder / ".extracted").touch()
            cached.append(str(folder))
    if not cached:
        return paths
    return [*(os.fspath(i) if isinstance(i, os.PathLike) else i for i in items), *cached]

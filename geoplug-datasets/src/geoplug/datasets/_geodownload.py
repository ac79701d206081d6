"""Fetching the publisher's archives of a geo dataset into its ``paths`` folder.

Geo datasets take ``paths`` (a folder, files or URLs) rather than a ``root``; a download needs
one folder to write to. Everything else (verified atomic download, safe extraction) is
:mod:`geoplug.core.download`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from geoplug.core.download import check_integrity, download_url, extract_archive
from geoplug.core.nongeo import Resource

__all__ = ["Resource", "download_folder", "extract_found", "fetch"]


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


def fetch(resources: Iterable[Resource], folder: Path, checksum: bool) -> None:
    """Download (unless already there) and extract each resource into ``folder``.

    Call it when the extracted files are missing. An archive already present is re-verified
    only when ``checksum`` is true; a fresh download is always verified when the resource
    has a checksum.

    Raises:
        ChecksumError: a download, or an existing archive when ``checksum``, does not match.
        OSError: a download failed or was interrupted (nothing partial is kept).
    """
    from geoplug.core.errors import ChecksumError

    folder.mkdir(parents=True, exist_ok=True)
    for res in resources:
        archive = folder / res.filename
        if archive.is_file():
            if checksum and not check_integrity(archive, res.md5, res.sha256):
                raise ChecksumError(f"{archive} does not match its published checksum; delete "
                                    "it and download again")
            path = archive
        else:
            path = download_url(res.url, folder, res.filename, md5=res.md5, sha256=res.sha256)
        if res.extract:
            extract_archive(path, folder)


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
        UnsafeArchiveError: a member would land outside the target folder.
        ValueError: the archive format is not recognised.
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

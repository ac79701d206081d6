"""Fetching the publisher's archives of a geo dataset into its ``paths`` folder.

Geo datasets take ``paths`` (a folder, files or URLs) rather than a ``root``; a download needs
one folder to write to. Everything else (verified atomic download, safe extraction) is
:mod:`geoplug.core.download`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from geoplug.core.download import check_integrity, download_url, extract_archive
from geoplug.core.nongeo import Resource

__all__ = ["Resource", "download_folder", "fetch"]


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

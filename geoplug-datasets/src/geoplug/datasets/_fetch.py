"""Download of datasets published as loose files in sub-folders (no archive).

Source Cooperative mirrors (CV4A Kenya, Benin cashews) publish a file tree instead of an
archive; each file is a :class:`~geoplug.core.nongeo.Resource` whose ``filename`` is its path
relative to the dataset root. ``NonGeoDataset``'s own download path expects flat file names,
so these datasets fetch their tree with this helper.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from geoplug.core.download import check_integrity, download_url
from geoplug.core.errors import ChecksumError
from geoplug.core.nongeo import Resource

__all__ = ["fetch_tree"]


def fetch_tree(resources: Iterable[Resource], root: Path, checksum: bool) -> None:
    """Download every resource missing under ``root`` into its sub-folder (atomic, verified).

    Raises:
        ChecksumError: ``checksum`` is True and a file present or downloaded does not match.
        OSError: a download fails (nothing partial is left behind).
    """
    for resource in resources:
        path = root / resource.filename
        if path.is_file():
            if checksum and not check_integrity(path, resource.md5, resource.sha256):
                raise ChecksumError(f"{path} does not match its published checksum; delete it "
                                    "and run again with download=True")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        download_url(resource.url, path.parent, path.name,
                     md5=resource.md5 if checksum else None,
                     sha256=resource.sha256 if checksum else None, progress=False)

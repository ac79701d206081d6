"""Listing a public Azure Blob container, for publishers of loose-file trees.

Source Cooperative serves Radiant Earth's former MLHub datasets from the public container
``https://radiantearth.blob.core.windows.net/mlhub`` (what ``azcopy sync`` copies). Where a
release has too many files, or names we cannot know in advance, the container's own listing
("List Blobs", an XML document) gives every file under a prefix and its ``Content-MD5``, so
a download needs no ``azcopy`` and is still verified file by file.
"""

from __future__ import annotations

import base64
import binascii
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from typing import Any

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError

__all__ = ["blob_resources", "list_blobs", "listing_url"]


def listing_url(container: str, prefix: str) -> str:
    """The "List Blobs" URL of the blobs of ``container`` whose names start with ``prefix``."""
    query = urllib.parse.urlencode({"restype": "container", "comp": "list", "prefix": prefix})
    return f"{container}?{query}"


def _md5_hex(value: str | None) -> str | None:
    """The hex md5 of a base64 ``Content-MD5`` (None when absent or not an md5)."""
    if not value:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw.hex() if len(raw) == 16 else None


def list_blobs(url: str, timeout: float = 60.0) -> list[tuple[str, str | None]]:
    """``(name, md5 hex or None)`` of every blob of a "List Blobs" ``url``, page by page.

    Raises:
        OSError: the listing cannot be fetched.
        InvalidDataError: the answer is not a blob listing.
    """
    found: list[tuple[str, str | None]] = []
    marker = ""
    while True:
        page = f"{url}&{urllib.parse.urlencode({'marker': marker})}" if marker else url
        with urllib.request.urlopen(page, timeout=timeout) as response:
            body = response.read()
        try:
            root = ET.fromstring(body)
        except ET.ParseError as exc:
            raise InvalidDataError(f"{page} did not answer a blob listing (XML): {exc}") from exc
        if root.tag != "EnumerationResults":
            raise InvalidDataError(f"{page} answered <{root.tag}>, not a blob listing "
                                   "(<EnumerationResults>)")
        for blob in root.iter("Blob"):
            name = blob.findtext("Name")
            if name:
                found.append((name, _md5_hex(blob.findtext("Properties/Content-MD5"))))
        marker = root.findtext("NextMarker") or ""
        if not marker:
            return found


def blob_resources(container: str, prefix: str, listing: str | None = None,
                   **kwargs: Any) -> tuple[Resource, ...]:
    """The blobs under ``prefix`` as (non-archive) resources with their md5, named relative to
    ``prefix`` (``listing`` overrides the listing URL; ``kwargs`` go to each Resource).

    Raises:
        OSError, InvalidDataError: see :func:`list_blobs`.
    """
    base = prefix.rstrip("/") + "/"
    out = []
    for name, md5 in list_blobs(listing or listing_url(container, base)):
        relative = name[len(base):] if name.startswith(base) else name
        if relative and not relative.endswith("/"):
            out.append(Resource(url=f"{container}/{urllib.parse.quote(name)}",
                                filename=relative, md5=md5, extract=False, **kwargs))
    return tuple(out)

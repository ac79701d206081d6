"""Per-process cache of open raster handles, and the one place geoplug opens rasters.

Opening a GeoTIFF costs about a millisecond (more over HTTP); a sample must not pay it. Handles
are cached per process and keyed by ``os.getpid()``: a DataLoader worker forked from a parent
that already held handles drops the inherited ones and opens its own (GDAL handles must not be
shared across processes), and a spawned worker starts empty. Every open goes through
:func:`open_raster` so that tests can count opens (``OPEN_COUNT``).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import Any

import rasterio
from rasterio.errors import RasterioError
from rasterio.io import DatasetReader

from geoplug.core.errors import InvalidDataError

__all__ = ["MAX_HANDLES", "OPEN_COUNT", "clear", "gdal_path", "open_raster", "read_handle"]

#: The most handles kept open per process (least recently used are closed first).
MAX_HANDLES = 512

#: Number of ``rasterio.open`` calls made by geoplug in this process (for tests and profiling).
OPEN_COUNT = 0

_PID = os.getpid()
_CACHE: OrderedDict[tuple[str, int | None], DatasetReader] = OrderedDict()

# Options that make remote (HTTP) COG reads cheap: no directory listing, merged ranges.
_REMOTE_OPTIONS: dict[str, Any] = {
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    "GDAL_HTTP_MERGE_CONSECUTIVE_RANGES": "YES",
    "GDAL_HTTP_MULTIPLEX": "YES",
    "VSI_CACHE": "TRUE",
}


def is_remote(path: str) -> bool:
    """True for URLs GDAL reads through ``/vsicurl/`` (http, https, ftp)."""
    return path.startswith(("http://", "https://", "ftp://", "/vsicurl/"))


def gdal_path(path: str) -> str:
    """The name to give GDAL: URLs go through ``/vsicurl/`` (range requests, no download)."""
    if path.startswith(("http://", "https://", "ftp://")):
        return "/vsicurl/" + path
    return path


def open_raster(path: str, overview_level: int | None = None) -> DatasetReader:
    """Open ``path`` (a file or URL) read-only without caching; the caller closes it.

    Raises:
        InvalidDataError: GDAL cannot open the file (missing, not a raster, corrupt header).
    """
    global OPEN_COUNT
    OPEN_COUNT += 1
    kwargs: dict[str, Any] = {}
    if overview_level is not None:
        kwargs["overview_level"] = overview_level
    try:
        if is_remote(path):
            with rasterio.Env(**_REMOTE_OPTIONS):
                return rasterio.open(gdal_path(path), **kwargs)
        return rasterio.open(path, **kwargs)
    except (RasterioError, OSError) as err:
        raise InvalidDataError(
            f"cannot open raster {path!r}: {err}. Check that the file exists, is a complete "
            "(not truncated) raster that GDAL can read, and re-download it if it is corrupt."
        ) from err


def read_handle(path: str, overview_level: int | None = None) -> DatasetReader:
    """A cached open handle of ``path`` (at ``overview_level``) for this process.

    Raises:
        InvalidDataError: GDAL cannot open the file.
    """
    global _PID
    pid = os.getpid()
    if pid != _PID:  # forked: inherited handles belong to the parent, forget (don't close) them
        _CACHE.clear()
        _PID = pid
    key = (path, overview_level)
    handle = _CACHE.get(key)
    if handle is not None:
        _CACHE.move_to_end(key)
        return handle
    handle = open_raster(path, overview_level)
    _CACHE[key] = handle
    while len(_CACHE) > MAX_HANDLES:
        _, old = _CACHE.popitem(last=False)
        old.close()
    return handle


def clear() -> None:
    """Close and forget every cached handle of this process."""
    while _CACHE:
        _, handle = _CACHE.popitem()
        if os.getpid() == _PID:
            handle.close()

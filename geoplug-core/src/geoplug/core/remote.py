"""Reading rasters where they lie: URLs, GDAL's virtual file systems, COG settings, signing.

``https://`` (and ``http``/``ftp``) go through ``/vsicurl/``, ``s3://bucket/key`` through
``/vsis3/``, ``gs://`` through ``/vsigs/`` and ``az://container/blob`` through ``/vsiaz/``.
Credentials are GDAL's business: it reads ``AWS_*``, ``GOOGLE_APPLICATION_CREDENTIALS``,
``AZURE_STORAGE_*`` and the like from the environment, so geoplug never handles a secret.

:func:`remote_options` are the GDAL settings a Cloud-Optimised GeoTIFF wants, applied when
:mod:`geoplug.core.handles` opens a remote file (GDAL reads them when the file is opened, so they
stay with the cached handle): no directory listing on open, consecutive ranges merged into one
request, HTTP/2 multiplexing, transient errors (429, 5xx, reset connections) retried with an
exponential backoff, and a block cache per process sized so that several DataLoader workers
stay within memory (``GEOPLUG_REMOTE_CACHE_MB``, default 64 MiB per process). A value the user
set (environment or GDAL config) always wins.

``CPL_VSIL_CURL_ALLOWED_EXTENSIONS`` is deliberately left alone: STAC assets are often served
from URLs without a file extension (signed URLs, API endpoints), which it would refuse.

:func:`sign_url` asks the plugins' ``geoplug_sign_url`` hook for the URL to read (e.g. with a
Planetary Computer SAS token); each process signs a file once, when it opens it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
import re
from functools import lru_cache
from typing import Any

__all__ = ["REMOTE_SCHEMES", "clear_cache", "gdal_path", "is_remote", "remote_options",
           "sign_url"]

#: URL prefixes read remotely, and the GDAL virtual file system each goes through.
REMOTE_SCHEMES: dict[str, str] = {
    "http://": "/vsicurl/",
    "https://": "/vsicurl/",
    "ftp://": "/vsicurl/",
    "s3://": "/vsis3/",
    "gs://": "/vsigs/",
    "az://": "/vsiaz/",
}
_VSI_PREFIXES = ("/vsicurl/", "/vsis3/", "/vsigs/", "/vsiaz/")

#: per-process block cache of remote reads, in MiB (several workers each hold one)
CACHE_ENV = "GEOPLUG_REMOTE_CACHE_MB"


def is_remote(path: str) -> bool:
    """True for URLs and GDAL virtual paths read over the network."""
    return path.startswith(tuple(REMOTE_SCHEMES)) or path.startswith(_VSI_PREFIXES)


def gdal_path(path: str) -> str:
    """The name to give GDAL: ``https://h/a.tif`` -> ``/vsicurl/https://h/a.tif``,
    ``s3://b/k.tif`` -> ``/vsis3/b/k.tif``; other paths unchanged."""
    for scheme, vsi in REMOTE_SCHEMES.items():
        if path.startswith(scheme):
            return vsi + (path if vsi == "/vsicurl/" else path[len(scheme):])
    return path


def _cache_mb() -> int:
    """``GEOPLUG_REMOTE_CACHE_MB`` as a whole number of MiB (default 64).

    Raises:
        ValueError: it is not a whole positive number.
    """
    text = os.environ.get(CACHE_ENV, "").strip()
    if not text:
        return 64
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"{CACHE_ENV} must be a whole number of MiB >= 1 (the block cache of "
                         f"remote reads per process), got {text!r}")
    return value


def remote_options() -> dict[str, Any]:
    """GDAL options for opening a remote COG (see the module docstring); user values win.

    Raises:
        ValueError: ``GEOPLUG_REMOTE_CACHE_MB`` is not a whole positive number.
    """
    from rasterio.env import get_gdal_config

    cache = _cache_mb() * 1024 * 1024
    defaults: dict[str, Any] = {
        "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
        "GDAL_HTTP_MERGE_CONSECUTIVE_RANGES": "YES",
        "GDAL_HTTP_MULTIPLEX": "YES",
        "GDAL_HTTP_MAX_RETRY": "5",
        "GDAL_HTTP_RETRY_DELAY": "0.2",  # doubled at each retry by GDAL
        "GDAL_HTTP_CONNECTTIMEOUT": "15",
        "GDAL_HTTP_TIMEOUT": "60",
        "GDAL_INGESTED_BYTES_AT_OPEN": "32768",  # a COG's header in the first request
        "VSI_CACHE": "TRUE",
        "VSI_CACHE_SIZE": str(min(cache, 8 * 1024 * 1024)),  # per open file
        "CPL_VSIL_CURL_CACHE_SIZE": str(cache),  # all files of the process
    }
    return {k: v for k, v in defaults.items() if get_gdal_config(k) is None}


_QUERY = re.compile(r"((?:https?|s3|gs|az)://[^\s'\"?]*)\?[^\s'\"]*")


def redact(message: str) -> str:
    """``message`` with the query string of every URL in it cut (``?...``): a signed URL's
    token (an S3 presigned URL, an Azure SAS) must not reach logs and warnings, which GDAL's
    error messages, quoting the URL it read, would bring it to."""
    return _QUERY.sub(r"\1?...", message)


def sign_url(url: str) -> str:
    """``url`` as the first plugin's ``geoplug_sign_url`` hook rewrites it (or unchanged).

    Only URLs (:func:`is_remote`) are offered to the hook.

    Raises:
        TypeError: a plugin returned something other than a string or ``None``.
    """
    if not is_remote(url):
        return url
    from geoplug.core.pluginmanager import plugin_manager

    hook = plugin_manager().hook.geoplug_sign_url
    if not hook.get_hookimpls():
        return url
    signed = hook(url=url)
    if signed is None:
        return url
    if not isinstance(signed, str):
        raise TypeError(f"a geoplug_sign_url plugin returned {type(signed).__name__} for "
                        f"{url!r}; it must return the signed URL as a string, or None")
    return signed


@lru_cache(maxsize=1)
def _libgdal() -> Any:
    """The GDAL library rasterio uses (its wheel's copy, else the system's); ``None`` if not
    found."""
    import rasterio

    candidates = sorted(glob.glob(os.path.join(os.path.dirname(rasterio.__file__) + ".libs",
                                               "libgdal*")))
    system = ctypes.util.find_library("gdal")
    for path in [*candidates, *([system] if system else [])]:
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


def clear_cache(url: str | None = None) -> bool:
    """Forget what GDAL's network file systems cached about ``url`` (``None``: every URL):
    its size, its ranges, and that a read of it failed, so that the next open fetches afresh.
    True if cleared.

    GDAL remembers a failed range request per URL, so a read retried after a dropped connection
    fails again without asking the server unless this is called first; and it keeps the
    ranges it fetched, so a file deleted or replaced on the server would still be read from
    them.
    """
    lib = _libgdal()
    if lib is None:
        return False
    if url is None:
        lib.VSICurlClearCache()
        return True
    if not is_remote(url):
        return False
    lib.VSICurlPartialClearCache(gdal_path(url).encode())
    return True

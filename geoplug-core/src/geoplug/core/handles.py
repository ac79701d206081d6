"""Per-thread cache of open raster handles, and the one place geoplug opens rasters.

Opening a raster costs far more than reading a small window of it, so a sample must not pay
it. Handles are cached per process and thread: a DataLoader worker forked from a parent that
already held handles drops the inherited ones and opens its own (GDAL handles must not be
shared across processes), a spawned worker starts empty, and each thread of a process has its
own handles (a GDAL dataset must not be read by two threads at once; the threads that read a
batch's samples concurrently, :mod:`geoplug.core.concurrency`, share the process's budget of
open files). Every open goes through :func:`open_raster` so that tests can count opens
(``OPEN_COUNT``).

A cached handle remembers the file it opened by its stat signature (size, modification time,
inode). Indexing a dataset calls :func:`revalidate`, after which each cached handle compares
the signature once, at its next lookup, and a file rewritten in place or replaced (e.g. with
``os.replace``) is re-opened, so a new dataset never reads the old file's pixels. Reads in
between stat nothing. URLs have no cheap signature: a dataset indexing them re-opens them and
has GDAL forget what it cached of them (:func:`refresh_remote`).

Remote files survive a bad network here, where every remote open and read goes, so any
dataset given URLs (a plain RasterDataset as much as a StacDataset) gets it: an open or read
of a URL that fails for a transient reason (a dropped connection, a server error left after
GDAL's own retries) is tried again on a fresh connection (:func:`reread`), up to
:data:`REMOTE_ATTEMPTS` times; a permanent one (404, 403, 401) is not. Local files never pay
for it: the retry code runs only after a failure, and only for URLs.

The band files of one scene (one file per band, on one grid) are read through a single GDAL
VRT that stacks them (:func:`stack_handle`): one ``RasterIO`` call for all bands replaces one
``read`` per file, whose fixed cost dominates a small window. The VRT opens its sources
unshared, so a forked worker never reuses a parent's file descriptors.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import rasterio
from rasterio.env import get_gdal_config
from rasterio.errors import RasterioError
from rasterio.io import DatasetReader

from geoplug.core import remote
from geoplug.core.errors import InvalidDataError, UnreadableFileError

__all__ = ["MAX_HANDLES", "OPEN_COUNT", "REMOTE_ATTEMPTS", "check_sibling", "clear", "forget",
           "gdal_path", "open_files", "open_raster", "read_handle", "reread", "revalidate",
           "set_share", "signature", "stack_handle"]

#: The most files kept open per process (least recently used handles are closed first; a
#: stacked VRT counts all its files, so the process stays well under its descriptor limit);
#: threads reading a batch together share it (:func:`set_share`).
MAX_HANDLES = 512

#: Number of ``rasterio.open`` calls made by geoplug in this process (for tests and profiling).
OPEN_COUNT = 0

#: What identifies the content of a local file: ``(size, mtime_ns, inode)``; ``None`` for a
#: URL or a file that cannot be stat'ed.
Signature = tuple[int, int, int] | None


@dataclass(slots=True)
class _Entry:
    """A cached handle, the files it reads and their signatures when it was opened."""

    handle: DatasetReader
    paths: tuple[str, ...]
    signatures: tuple[Any, ...]  # :func:`_stamp` of each path
    generation: int  # the value of _GENERATION when the signatures were last compared


class _ThreadHandles(threading.local):
    """One thread's cached handles (a fresh, empty set in every thread)."""

    def __init__(self) -> None:
        self.pid = os.getpid()  # the process that opened them (a forked child drops them)
        self.cache: OrderedDict[tuple[Any, int | None], _Entry] = OrderedDict()
        self.open_files = 0  # files held by the handles in ``cache``
        self.share = 1  # threads sharing MAX_HANDLES (set_share)
        self.clears = _CLEARS  # the value of _CLEARS when this thread's handles were cleared


_CLEARS = 0  # bumped by clear(): every thread closes its handles at its next lookup
_STATE = _ThreadHandles()
_GENERATION = 0  # bumped by revalidate(): older entries compare their signatures once
#: per URL, how many times a dataset indexed it (:func:`refresh_remote`)
_URL_EPOCHS: dict[str, int] = {}

# GDAL data type names of the numpy dtypes a VRT band can hold.
_GDAL_TYPES = {"uint8": "Byte", "int8": "Int8", "uint16": "UInt16", "int16": "Int16",
               "uint32": "UInt32", "int32": "Int32", "uint64": "UInt64", "int64": "Int64",
               "float32": "Float32", "float64": "Float64"}

# Remote files are opened with geoplug.core.remote.remote_options() (COG settings).

#: attempts at a remote open or read that fails for a transient reason (each after the first
#: on a fresh connection, after a backoff of 0.05 s, 0.1 s, 0.2 s, ...)
REMOTE_ATTEMPTS = 4
# words of GDAL's messages for failures that no retry mends
_PERMANENT = ("404", "403", "401", "Not Found", "Forbidden", "Access Denied")


def _unchangeable(paths: Sequence[str]) -> bool:
    """True when no one but root can truncate any of ``paths`` (no write permission bit set,
    or a read-only file system); one ``stat`` per file, at open time only."""
    try:
        for path in paths:
            st = os.stat(path)
            if st.st_mode & 0o222 and not os.statvfs(path).f_flag & os.ST_RDONLY:
                return False
    except OSError:
        return False
    return True


def _local_options(paths: Sequence[str] = ()) -> dict[str, Any]:
    """GDAL options for opening the local files ``paths``: safe memory maps, no folder listings.

    ``GTIFF_VIRTUAL_MEM_IO``: GDAL then copies a window of an uncompressed GeoTIFF straight
    from the page cache, which every process shares, instead of first reading whole tiles into
    its per-process block cache: a DataLoader worker's reads of small windows of large tiles
    cost about half as much, and workers no longer each hold a copy of the data (README,
    Speed). GDAL ignores it for compressed files. But a file truncated while a process has it
    mapped kills that process with SIGBUS, with no error to catch and no file named, and no
    per-read check can close that race. So geoplug maps only files that cannot be truncated:
    read-only ones (no write permission bit, e.g. after ``chmod a-w``) and files on a read-only
    file system; other files are read through GDAL's block cache, where a truncated or deleted
    file gives a read error naming it (:class:`~geoplug.core.errors.UnreadableFileError`).

    ``GDAL_DISABLE_READDIR_ON_OPEN=TRUE``: by default GDAL lists a file's whole folder at each
    open to look for side-car files, so opening every file of a large folder is quadratic.
    With ``TRUE`` it asks for each side-car by name instead, so external overviews (``.ovr``)
    and ``.aux.xml`` metadata are still found.

    Options are read when a dataset is opened, so they apply to geoplug's handles only; a
    value set by the user (environment or GDAL config) wins (``GTIFF_VIRTUAL_MEM_IO=
    IF_ENOUGH_RAM`` maps writable files too, at the risk above).
    """
    mmap = "IF_ENOUGH_RAM" if paths and _unchangeable(paths) else "NO"
    defaults = {"GTIFF_VIRTUAL_MEM_IO": mmap, "GDAL_DISABLE_READDIR_ON_OPEN": "TRUE"}
    return {k: v for k, v in defaults.items() if get_gdal_config(k) is None}


def is_remote(path: str) -> bool:
    """True for URLs GDAL reads over the network (http(s), ftp, s3, gs, az; see
    :mod:`geoplug.core.remote`)."""
    return remote.is_remote(path)


def gdal_path(path: str) -> str:
    """The name to give GDAL: URLs go through its virtual file systems (``/vsicurl/``,
    ``/vsis3/``, ...: range requests, no download)."""
    return remote.gdal_path(path)


def signature(path: str) -> Signature:
    """``(size, mtime_ns, inode)`` of a local file: any rewrite or replacement changes it.

    ``None`` for URLs and for files that cannot be stat'ed (missing, no permission).
    """
    if is_remote(path):
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _stamp(path: str) -> Any:
    """What a cached handle of ``path`` is checked against: a local file's signature, a URL's
    index epoch."""
    return ("url", _URL_EPOCHS.get(path, 0)) if is_remote(path) else signature(path)


def refresh_remote(paths: Sequence[str]) -> None:
    """A dataset indexes these files afresh: its URLs are read anew, not from the handles
    opened, nor the ranges GDAL fetched, before (a file replaced on its server was read as a
    mix of the old file's cached blocks and the new one's)."""
    for path in paths:
        if is_remote(path):
            _URL_EPOCHS[path] = _URL_EPOCHS.get(path, 0) + 1
            remote.clear_cache(path)
    revalidate()


def revalidate() -> None:
    """Make every cached handle check, at its next lookup, that its files did not change.

    Called whenever a dataset indexes its files, so that a dataset built after a file was
    rewritten reads the new file; each handle then costs one ``stat`` per file, once.
    """
    global _GENERATION
    _GENERATION += 1


def count_opens(n: int) -> None:
    """Add ``n`` files opened on this process's behalf (e.g. by a pool) to :data:`OPEN_COUNT`."""
    global OPEN_COUNT
    OPEN_COUNT += n


def open_raster(path: str, overview_level: int | None = None,
                sources: Sequence[str] | None = None) -> DatasetReader:
    """Open ``path`` (a file or URL) read-only without caching; the caller closes it.

    ``sources``: the files a VRT given as ``path`` reads (their options apply).

    Raises:
        UnreadableFileError: GDAL cannot open the file (missing, not a raster, corrupt header).
    """
    global OPEN_COUNT
    OPEN_COUNT += 1
    kwargs: dict[str, Any] = {}
    if overview_level is not None:
        kwargs["overview_level"] = overview_level
    attempt = 0
    while True:
        try:
            if is_remote(path):  # COG settings, and the URL a plugin signed (remote.py)
                options, name = remote.remote_options(), gdal_path(remote.sign_url(path))
            else:
                options = _local_options([path] if sources is None else sources)
                name = gdal_path(path)
            with rasterio.Env(**options):
                return rasterio.open(name, **kwargs)
        except (RasterioError, OSError) as err:
            if _retry(path, attempt, err):  # a URL's transient fault: again, afresh
                attempt += 1
                continue
            raise UnreadableFileError(remote.redact(  # no signed URL's token in the message
                f"cannot open raster {path!r}: {err}. Check that the file exists, is a "
                "complete (not truncated) raster that GDAL can read, and re-download it if it "
                "is corrupt (or pass on_error='skip' to the dataset to skip the samples needing "
                "it)."), path=path,
            ) from err


def _retry(path: str, attempt: int, err: BaseException) -> bool:
    """Whether to try ``path`` again after attempt ``attempt`` (from 0) failed with ``err``.

    Yes only for a URL, a transient failure and attempts left; then this process's handles
    of ``path`` are closed and GDAL's cached state of it (its ranges, and the failure it
    remembers) cleared, so the next attempt opens a fresh connection, after a backoff.
    """
    if (attempt >= REMOTE_ATTEMPTS - 1 or not is_remote(path)
            or any(word in str(err) for word in _PERMANENT)):
        return False
    forget(path)
    remote.clear_cache(path)
    time.sleep(0.05 * 2 ** attempt)
    return True


def reread(path: str, overview_level: int | None, indexes: list[int], window: Any,
           out: np.ndarray, err: BaseException) -> BaseException | None:
    """Read ``window`` of bands ``indexes`` of ``path`` into ``out`` again, after a read
    failed with ``err``: for a URL and a transient fault, on fresh connections (see
    :data:`REMOTE_ATTEMPTS`).

    Returns:
        ``None`` once a read succeeded; else the last error (``err`` itself for a local file
        or a permanent fault such as a 404), for the caller to report.

    Raises:
        UnreadableFileError: the file cannot be opened again.
    """
    attempt = 0
    while _retry(path, attempt, err):
        attempt += 1
        try:
            read_handle(path, overview_level).read(indexes, window=window, out=out)
            return None
        except (RasterioError, OSError) as again:
            err = again
    return err


def set_share(threads: int) -> None:
    """Let this thread keep ``MAX_HANDLES // threads`` files open: called by each of
    ``threads`` threads that read one process's samples together, so they stay within the
    process's descriptor budget."""
    _STATE.share = max(1, threads)


def _state() -> _ThreadHandles:
    """This thread's handles; those inherited from a parent process are forgotten (not closed:
    they belong to the parent)."""
    state = _STATE
    if state.pid != os.getpid():
        state.cache = OrderedDict()
        state.open_files = 0
        state.pid = os.getpid()
    if state.clears != _CLEARS:  # clear() was called (maybe in another thread)
        state.clears = _CLEARS
        _close_all(state)
    return state


def _cached(key: tuple[Any, int | None]) -> DatasetReader | None:
    """The cached handle of ``key``; ``None`` when there is none or its files changed."""
    state = _state()
    entry = state.cache.get(key)
    if entry is None:
        return None
    if entry.generation != _GENERATION:
        if tuple(_stamp(p) for p in entry.paths) != entry.signatures:
            del state.cache[key]  # rewritten or replaced since it was opened: open it again
            entry.handle.close()
            state.open_files -= len(entry.paths)
            return None
        entry.generation = _GENERATION
    state.cache.move_to_end(key)
    return entry.handle


def _keep(key: tuple[Any, int | None], handle: DatasetReader, paths: Sequence[str],
          signatures: Sequence[Any]) -> DatasetReader:
    """Cache ``handle`` of ``paths`` (stat'ed as ``signatures`` before it was opened)."""
    state = _state()
    state.cache[key] = _Entry(handle, tuple(paths), tuple(signatures), _GENERATION)
    state.open_files += len(paths)
    while state.open_files > MAX_HANDLES // state.share and len(state.cache) > 1:
        _, old = state.cache.popitem(last=False)
        old.handle.close()
        state.open_files -= len(old.paths)
    return handle


def open_files() -> int:
    """Number of files the cached handles of this thread hold open."""
    return _state().open_files


def opened_handle(path: str) -> DatasetReader | None:
    """This thread's cached full-resolution handle of ``path`` if one is open (none is
    opened): what a check of a file already read can look at for free."""
    return _cached((path, None))


def read_handle(path: str, overview_level: int | None = None) -> DatasetReader:
    """A cached open handle of ``path`` (at ``overview_level``) for this process.

    Raises:
        InvalidDataError: GDAL cannot open the file.
    """
    key = (path, overview_level)
    handle = _cached(key)
    if handle is not None:
        return handle
    sig = _stamp(path)  # before opening: a later change is then always seen as one
    return _keep(key, open_raster(path, overview_level), (path,), (sig,))


def check_sibling(handle: DatasetReader, first: str, width: int, height: int) -> None:
    """Check that a band file has the size of its scene's first file ``first``.

    Raises:
        InvalidDataError: it does not.
    """
    if (handle.width, handle.height) != (width, height):
        raise InvalidDataError(
            f"{handle.name!r} is {handle.width}x{handle.height} pixels but its sibling "
            f"{first!r} is {width}x{height}; the band files of one scene must share one grid"
        )


def stack_handle(paths: Sequence[str], indexes: Sequence[Sequence[int]], width: int,
                 height: int, dtype: np.dtype) -> DatasetReader | None:
    """A cached handle whose bands are ``indexes`` of each of ``paths``, in order (a VRT).

    Every file must be ``width`` x ``height`` pixels (checked once per process). ``None`` when
    a VRT cannot stack them (remote files, a dtype GDAL VRTs lack): read file by file then.

    Raises:
        InvalidDataError: a file cannot be opened or its size differs from its siblings'.
    """
    gdal_type = _GDAL_TYPES.get(np.dtype(dtype).name)
    if gdal_type is None or any(is_remote(p) for p in paths):
        return None
    key = (("vrt", tuple(paths), tuple(map(tuple, indexes))), None)
    handle = _cached(key)
    if handle is not None:
        return handle
    sigs = [_stamp(p) for p in paths]  # before opening, as in read_handle
    for path in paths:
        with open_raster(path) as src:
            check_sibling(src, paths[0], width, height)
    rect = f'xOff="0" yOff="0" xSize="{width}" ySize="{height}"'
    bands: list[str] = []
    for path, idx in zip(paths, indexes):
        for i in idx:
            bands.append(
                f'<VRTRasterBand dataType="{gdal_type}" band="{len(bands) + 1}"><SimpleSource>'
                f'<SourceFilename relativeToVRT="0" shared="0">{escape(os.path.abspath(path))}'
                f'</SourceFilename><SourceBand>{i}</SourceBand><SrcRect {rect}/>'
                f'<DstRect {rect}/></SimpleSource></VRTRasterBand>')
    xml = (f'<VRTDataset rasterXSize={quoteattr(str(width))} '
           f'rasterYSize={quoteattr(str(height))}><GeoTransform>0, 1, 0, 0, 0, -1'
           f'</GeoTransform>{"".join(bands)}</VRTDataset>')
    handle = open_raster(xml, sources=paths)
    try:  # the VRT opens its sources at the first read: read under the same options
        with rasterio.Env(**_local_options(paths)):
            handle.read(window=((0, 1), (0, 1)))
    except (RasterioError, OSError):
        pass  # a broken source: the window reads find and name it
    return _keep(key, handle, paths, sigs)


def forget(path: str) -> None:
    """Close and forget this thread's cached handles reading ``path`` (e.g. after a failed
    remote read, so the next read opens a fresh connection)."""
    state = _state()
    for key in [k for k, e in state.cache.items() if path in e.paths]:
        entry = state.cache.pop(key)
        entry.handle.close()
        state.open_files -= len(entry.paths)


def _close_all(state: _ThreadHandles) -> None:
    while state.cache:
        _, entry = state.cache.popitem()
        entry.handle.close()
    state.open_files = 0


def clear() -> None:
    """Close and forget every cached handle of the process: this thread's now, every other
    thread's (e.g. a read pool's, :mod:`geoplug.core.concurrency`) at its next lookup, so that
    no thread keeps reading a file through a handle opened before; and what GDAL cached of
    remote files, so that none is read from ranges fetched before (a file deleted or replaced
    on its server)."""
    global _CLEARS
    _CLEARS += 1
    _state()
    remote.clear_cache()

"""One target's partial download, owned by one process at a time and found by the next run.

A download writes to ``.<name>.part`` beside its target, a name the next run knows, so that
bytes left by a process killed mid-download (SIGKILL, power lost: Python never sees it) are
resumed rather than lost or left behind. Ownership is an OS lock on ``.<name>.part.lock``
(``flock``, or ``msvcrt.locking`` on Windows): the kernel drops it when its process dies,
however it dies, so a held lock always means a live download and a free one a part to adopt.
No process id is involved, which keeps it right across the hosts sharing a network folder and
after a process id is reused. The lock file also records which answer the part's bytes came
from (URL, ETag or Last-Modified, size), what a resume sends back as ``If-Range``.
:func:`lock_nowait` and :func:`unlock` own anything so (archives' staging folders too).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import json
import logging
import os
import re
import sys
import time
from pathlib import Path
from typing import IO, Any

_log = logging.getLogger("geoplug.core.download")

# the random part of the ``.<name>.XXXXXXXX.part`` files of earlier versions, which made their
# partial files with tempfile.mkstemp
_OLD_PART = re.compile(r"[a-z0-9_]{8}\.part")


def part_path(target: Path) -> Path:
    """Where the bytes of ``target`` collect until it is complete."""
    return target.with_name(f".{target.name}.part")


def lock_path(target: Path) -> Path:
    """The file whose OS lock owns ``target``'s part, and records where its bytes came from."""
    return target.with_name(f".{target.name}.part.lock")


class NoLocksError(OSError):
    """The file system holding a lock file has no working locks (some FUSE or old NFS mounts)."""


if sys.platform == "win32":
    import msvcrt

    def _lock(f: IO[bytes], block: bool) -> bool:
        f.seek(0)
        while True:
            try:
                msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not block:
                    return False
                time.sleep(0.2)
else:
    import fcntl

    def _lock(f: IO[bytes], block: bool) -> bool:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | (0 if block else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        except OSError as exc:
            raise NoLocksError(exc.errno, f"no lock on this file system ({exc})") from exc
        return True


def _os_lock(f: IO[bytes], block: bool, path: Path) -> bool:
    try:
        return _lock(f, block)
    except NoLocksError as exc:
        _log.warning("cannot lock %s (%s): two processes downloading its file at once "
                     "would mix their bytes", path, exc)
        return True


def _is_in_place(f: IO[bytes], path: Path) -> bool:
    """Whether ``path`` still names the file ``f`` holds (its last owner may have deleted it
    after we opened it: a lock on the deleted file would own nothing)."""
    try:
        here = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(f.fileno())
    return (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)


def _open(path: Path) -> IO[bytes] | None:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    except FileNotFoundError:  # its folder, made for a download that failed, was removed
        return None
    return os.fdopen(fd, "r+b")


def acquire(target: Path) -> IO[bytes]:
    """Own ``target``'s partial download, waiting while another process downloads it."""
    path = lock_path(target)
    told = False
    while True:
        path.parent.mkdir(parents=True, exist_ok=True)
        f = _open(path)
        if f is None:
            continue
        try:
            if not _os_lock(f, False, path):
                if not told:
                    _log.info("waiting for another process downloading %s", target)
                    told = True
                _os_lock(f, True, path)
            if _is_in_place(f, path):
                return f
        except BaseException:
            f.close()
            raise
        f.close()


#: what opening a file for writing raises in a folder this process may not write (a read-only
#: mount raises EROFS, which is no PermissionError)
_READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)


def lock_nowait(path: Path, *, create: bool = False) -> IO[bytes] | None:
    """``path`` opened and locked by this process, or ``None`` while another process holds it
    (a live owner: the lock of a dead one is free). With ``create``, ``path`` must be new.

    Raises:
        FileNotFoundError: ``path`` is gone (its owner deleted it when done), or its folder.
        NoLocksError: the file system has no locks (nothing is held).
    """
    binary, mode = getattr(os, "O_BINARY", 0), "r+b"
    if create:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | binary, 0o666)
    else:
        try:
            fd = os.open(path, os.O_RDWR | binary)
        except OSError as err:  # a folder shared read-only: a local lock needs no write
            if err.errno not in _READ_ONLY:
                raise
            fd, mode = os.open(path, os.O_RDONLY | binary), "rb"
    f = os.fdopen(fd, mode)
    try:
        if not _lock(f, False):
            f.close()
            return None
        if not _is_in_place(f, path):
            raise FileNotFoundError(errno.ENOENT, "deleted by its owner", str(path))
    except BaseException:
        f.close()
        raise
    return f


def unlock(f: IO[bytes], path: Path) -> None:
    """Delete the lock file ``path`` and drop its lock (a process waiting on it sees it gone)."""
    with contextlib.suppress(OSError):  # Windows deletes no open file: see below
        path.unlink(missing_ok=True)
    f.close()
    if sys.platform == "win32":  # once closed, unless another process opened it since
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def release(f: IO[bytes], target: Path) -> None:
    """Give up ``target``'s partial download, deleting the lock file (a process waiting on it
    sees it gone and locks a new one)."""
    unlock(f, lock_path(target))


def read_state(f: IO[bytes]) -> dict[str, Any]:
    """What the lock file records about the part (empty when nothing, or unreadable)."""
    f.seek(0)
    try:
        state = json.loads(f.read().decode("utf-8") or "{}")
    except (ValueError, UnicodeDecodeError):  # cut short by a kill while written
        return {}
    return state if isinstance(state, dict) else {}


def write_state(f: IO[bytes], state: dict[str, Any]) -> None:
    """Record, before any of its bytes, which answer the part holds."""
    f.seek(0)
    f.truncate()
    f.write(json.dumps(state).encode("utf-8"))
    f.flush()


def remove_old_parts(target: Path) -> None:
    """Delete the ``.<name>.XXXXXXXX.part`` of earlier versions, which named each attempt's
    part anew and so never found those of killed runs (a target whose own name makes such a
    part, with its lock file beside it, is left alone). Called while owning ``target``."""
    head = f".{target.name}."
    for path in target.parent.glob(f"{glob.escape(head)}*.part"):
        if (_OLD_PART.fullmatch(path.name[len(head):])
                and not path.with_name(f"{path.name}.lock").exists()):
            path.unlink(missing_ok=True)


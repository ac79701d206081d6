"""The staging folders of archive extractions, owned by the process unpacking into them.

An extraction unpacks into ``.extract-XXXXXXXX`` inside its target and then moves the files
into place; a process killed meanwhile (SIGKILL, out of memory, preempted) leaves the folder,
which the next reader completes or deletes. Whether its owner still works is an OS lock on the
``.geoplug-owner`` file inside (:mod:`geoplug.core._partial`): the kernel drops it when the
process dies, however it dies, so no host name or process id is guessed at — those change with
every container, and a container's job is often process 1 on every run, the reader included.
Folders of earlier versions (``.extract-<host>-<pid>-XXXXXXXX``, no lock) count as dead unless
their process can be shown to live.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Literal, NamedTuple

from geoplug.core import _partial

_log = logging.getLogger("geoplug.core.archives")

PREFIX = ".extract-"
#: in a staging folder: its archive is unpacked whole and being moved into place, so what
#: the staging folder still holds is the rest of a complete extraction
MOVING = ".geoplug-moving"
#: in a staging folder: locked by its extracting process for as long as it works
OWNER = ".geoplug-owner"
#: a staging folder without a readable owner (no locks, nothing recorded) this long is dead
_UNRECORDED = 60.0


class Claim(NamedTuple):
    """A staging folder judged: ``lock`` is held on a dead one while it is completed."""

    state: Literal["alive", "dead", "gone"]
    lock: IO[bytes] | None = None


def make(dst: Path) -> tuple[Path, IO[bytes] | None]:
    """A new staging folder in ``dst`` and the lock that owns it (``None`` on a file system
    without locks: it is then known by the host and process recorded in it)."""
    while True:
        folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=dst))
        owner = folder / OWNER
        try:
            lock = _partial.lock_nowait(owner, create=True)
        except FileNotFoundError:  # a reader removed the empty folder: make another
            continue
        except _partial.NoLocksError as exc:
            _log.warning("cannot lock %s (%s): an extraction there killed on another host is "
                         "waited for, not completed", owner, exc)
            owner.write_text(_record(), encoding="utf-8")
            return folder, None
        if lock is None:  # a reader locked it first, judges it dead and deletes it
            continue
        lock.write(_record().encode("utf-8"))
        lock.flush()
        return folder, lock


def _record() -> str:
    return json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "time": time.time()})


def discard(folder: Path, lock: IO[bytes] | None) -> None:
    """Delete a staging folder, its lock last (no reader takes a folder whose files are being
    deleted for one killed while moving them)."""
    with contextlib.suppress(FileNotFoundError):
        (folder / MOVING).unlink()
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(folder):
            if entry.name == OWNER:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
    if lock is not None:
        _partial.unlock(lock, folder / OWNER)
    else:
        with contextlib.suppress(OSError):
            (folder / OWNER).unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


def claim(folder: Path) -> Claim:
    """Whether the process of a staging folder works on it (``alive``), is gone without
    finishing (``dead``: the returned lock keeps other readers off while it is completed), or
    the folder is gone."""
    for _ in range(2):
        try:
            lock = _partial.lock_nowait(folder / OWNER)
        except FileNotFoundError:
            if not folder.is_dir():
                return Claim("gone")
            if "-" in folder.name[len(PREFIX):]:  # an earlier version's, named by its process
                return Claim("alive" if _named_owner_alive(folder) else "dead")
            with contextlib.suppress(OSError):
                folder.rmdir()  # empty: made but not yet owned, or its owner's last step
                return Claim("gone")
            continue  # not empty: its owner locked it meanwhile
        except _partial.NoLocksError:
            return Claim("alive" if _recorded_owner_alive(folder) else "dead")
        return Claim("alive") if lock is None else Claim("dead", lock)
    return Claim("dead")  # files without an owner: no process of ours leaves that


def _named_owner_alive(folder: Path) -> bool:
    """An earlier version's ``.extract-<host>-<pid>-XXXXXXXX``: alive only when that process
    of this host lives and was started before the folder last changed."""
    host, pid, *_ = [*folder.name[len(PREFIX):].rsplit("-", 2), "", ""]
    try:
        changed = folder.stat().st_mtime
    except OSError:
        return False
    return pid.isdigit() and _process_alive(host, int(pid), changed)


def _recorded_owner_alive(folder: Path) -> bool:
    """On a file system without locks: the owner recorded in the folder lives, or is of
    another host (which cannot be told: it is waited for rather than raced)."""
    try:
        record = json.loads((folder / OWNER).read_text(encoding="utf-8"))
        host, pid, made = str(record["host"]), int(record["pid"]), float(record["time"])
    except (OSError, ValueError, KeyError, TypeError):
        try:
            return time.time() - folder.stat().st_mtime < _UNRECORDED
        except OSError:
            return False
    return host != socket.gethostname() or _process_alive(host, pid, made)


def _process_alive(host: str, pid: int, since: float) -> bool:
    """Whether process ``pid`` of ``host`` can be shown to live and to be older than
    ``since``: never another host's, nor this process (a container's job is process 1 on every
    run), nor one started later (its number reused)."""
    if host != socket.gethostname() or pid <= 0 or pid == os.getpid() or sys.platform == "win32":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, under another user
    except OSError:
        return False
    started = _started(pid)
    return started is None or started <= since + 1.0


def _started(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch; ``None``: not known, off Linux)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return time.time() - uptime + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None

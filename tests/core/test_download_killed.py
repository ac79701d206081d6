"""Downloads killed mid-transfer (SIGKILL: Python never sees it) and downloads that overlap.

The killed process leaves its ``.<name>.part``: the next download of the same file resumes it
with a ``Range`` request for the missing bytes only, starts over when the file changed on the
server, keeps nothing whose checksum fails, and leaves no partial file behind. Two processes
downloading one file at once do not write into each other's bytes: the second waits for the
first and takes its file.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from geoplug.core.download import Retry, download_url
from geoplug.core.errors import ChecksumError
from testkit.http import Served

PAYLOAD = bytes(range(256)) * 16384  # 4 MiB
STALL = 2_621_440  # the server stalls after 2.5 MiB ...
KEPT = 2 << 20  # ... of which the client has written its first two 1 MiB reads
FAST = Retry(attempts=3, backoff=0.0)

#: download ``argv[1]`` into the folder ``argv[2]`` (md5 ``argv[3]``), saying when it starts
_DOWNLOAD = r"""
import sys
from geoplug.core.download import Retry, download_url
print("started", flush=True)
download_url(sys.argv[1], sys.argv[2], md5=sys.argv[3], progress=False,
             retry=Retry(attempts=2, backoff=0.0))
"""


def _md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def _start(url: str, folder: Path, md5: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen([sys.executable, "-c", _DOWNLOAD, url, str(folder), md5],
                               stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None and process.stdout.readline() == "started\n"
    return process


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def _part_size(folder: Path) -> int:
    """The bytes the partial files of ``folder`` hold (whatever their name)."""
    return sum(p.stat().st_size for p in folder.glob(".*.part")) if folder.is_dir() else 0


def _killed_download(server: Served, url: str, folder: Path) -> None:
    """A download of ``url`` into ``folder`` killed with SIGKILL once its part holds KEPT
    bytes; then the server forgets it (the tests count the next download's requests)."""
    server.stall_after, server.stall_requests = STALL, 1
    process = _start(url, folder, _md5(PAYLOAD))
    _wait_for(lambda: _part_size(folder) >= KEPT, "the first bytes on disk")
    process.kill()
    assert process.wait(timeout=30) == -9
    server.unstall()
    _wait_for(lambda: server.stats.in_flight == 0, "the stalled response to end")
    server.stats.reset()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_killed_download_is_resumed_with_the_missing_range_only(
        tmp_path: Path, http_server: Served) -> None:
    (http_server.root / "data.bin").write_bytes(PAYLOAD)
    url, dl = f"{http_server.url}/data.bin", tmp_path / "dl"
    _killed_download(http_server, url, dl)
    assert _part_size(dl) == KEPT  # what the kill left
    out = download_url(url, dl, md5=_md5(PAYLOAD), progress=False, retry=FAST)
    assert out.read_bytes() == PAYLOAD
    assert [(r.range, r.status) for r in http_server.stats.requests] == [
        (f"bytes={KEPT}-", 206)]
    assert http_server.stats.bytes_sent == len(PAYLOAD) - KEPT
    assert _leftovers(dl) == ["data.bin"]


@pytest.mark.parametrize("if_range", [True, False])
def test_a_killed_download_of_a_file_changed_since_starts_over(
        tmp_path: Path, http_server: Served, if_range: bool) -> None:
    """The file changed on the server (another ETag): a server honouring If-Range sends it
    whole; one that ignores it sends the asked range of the new file, which is not spliced
    onto the old bytes either."""
    served = http_server.root / "data.bin"
    served.write_bytes(PAYLOAD)
    url, dl = f"{http_server.url}/data.bin", tmp_path / "dl"
    _killed_download(http_server, url, dl)
    new = PAYLOAD[::-1]  # same size, other bytes
    served.write_bytes(new)
    os.utime(served, (1, 1))  # another version: another ETag
    http_server.if_range = if_range
    out = download_url(url, dl, md5=_md5(new), progress=False, retry=FAST)
    assert out.read_bytes() == new
    asked = [(r.range, r.status) for r in http_server.stats.requests]
    if if_range:
        assert asked == [(f"bytes={KEPT}-", 200)]
    else:  # the ETag of the partial answer is not the part's: its bytes are not taken
        assert asked == [(f"bytes={KEPT}-", 206), (None, 200)]
    assert _leftovers(dl) == ["data.bin"]


def test_a_resumed_file_failing_its_checksum_is_not_kept(tmp_path: Path,
                                                         http_server: Served) -> None:
    """The file changed on the server but not its ETag: the resumed bytes splice two files,
    which the checksum of the whole file catches; nothing is kept and the next run, once the
    server is right, fetches the file whole."""
    served = http_server.root / "data.bin"
    served.write_bytes(PAYLOAD)
    url, dl = f"{http_server.url}/data.bin", tmp_path / "dl"
    _killed_download(http_server, url, dl)
    stat = served.stat()
    served.write_bytes(PAYLOAD[::-1])
    os.utime(served, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same ETag
    with pytest.raises(ChecksumError, match="md5"):
        download_url(url, dl, md5=_md5(PAYLOAD), progress=False, retry=FAST)
    assert [r.status for r in http_server.stats.requests] == [206]  # it did resume
    assert _leftovers(dl) == []
    served.write_bytes(PAYLOAD)
    http_server.stats.reset()
    assert download_url(url, dl, md5=_md5(PAYLOAD), progress=False).read_bytes() == PAYLOAD
    assert [(r.range, r.status) for r in http_server.stats.requests] == [(None, 200)]


def test_two_processes_downloading_one_file_do_not_mix_their_bytes(
        tmp_path: Path, http_server: Served) -> None:
    (http_server.root / "data.bin").write_bytes(PAYLOAD)
    url, dl, md5 = f"{http_server.url}/data.bin", tmp_path / "dl", _md5(PAYLOAD)
    http_server.stall_after, http_server.stall_requests = STALL, 1
    first = _start(url, dl, md5)
    _wait_for(lambda: _part_size(dl) >= KEPT, "the first process's bytes")
    second = _start(url, dl, md5)  # while the first is mid-transfer
    time.sleep(0.5)
    assert second.poll() is None  # waiting for the first
    http_server.unstall()
    assert first.wait(timeout=60) == 0 and second.wait(timeout=60) == 0
    assert (dl / "data.bin").read_bytes() == PAYLOAD
    assert [(r.range, r.status) for r in http_server.stats.requests] == [(None, 200)]
    assert _leftovers(dl) == ["data.bin"]


def test_leftovers_of_earlier_versions_are_removed(tmp_path: Path,
                                                   http_server: Served) -> None:
    """Earlier versions named each part anew (``.<name>.<random>.part``): those of killed
    runs are deleted by the next download of their file, not a part of another file."""
    (http_server.root / "data.bin").write_bytes(PAYLOAD)
    dl = tmp_path / "dl"
    dl.mkdir()
    (dl / ".data.bin.k3_x9abq.part").write_bytes(PAYLOAD[:1000])
    other = dl / ".data.bin.abcdefgh.part"  # the part of a file named data.bin.abcdefgh ...
    other.write_bytes(b"other")
    (dl / ".data.bin.abcdefgh.part.lock").write_bytes(b"")  # ... with its lock beside it
    download_url(f"{http_server.url}/data.bin", dl, progress=False, retry=FAST)
    assert _leftovers(dl) == [".data.bin.abcdefgh.part", ".data.bin.abcdefgh.part.lock",
                              "data.bin"]


@pytest.mark.skipif(sys.platform == "win32", reason="flock is the POSIX lock")
def test_a_folder_without_file_locks_still_downloads(tmp_path: Path, http_server: Served,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """Some FUSE and old NFS mounts refuse ``flock`` (ENOLCK): the download goes on, unlocked,
    and says so."""
    import errno
    import fcntl

    def refuse(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    (http_server.root / "data.bin").write_bytes(PAYLOAD)
    monkeypatch.setattr(fcntl, "flock", refuse)
    out = download_url(f"{http_server.url}/data.bin", tmp_path, md5=_md5(PAYLOAD),
                       progress=False)
    assert out.read_bytes() == PAYLOAD
    assert "cannot lock" in caplog.text
    assert _leftovers(tmp_path) == ["data.bin", "served"]

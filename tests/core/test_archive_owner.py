"""Who owns an extraction's staging folder: the OS lock its process holds, nothing guessed.

An extraction SIGKILLed while moving its files into place is completed by the next reader
whatever host name the reader has (Docker and Kubernetes give each run a new one), and
whatever process now carries the dead one's number (a container's job is process 1 on every
run: the reader itself). Staging folders of earlier versions, named by host and process, count
as dead unless their process can be shown to live. A live extraction in another process is
waited for, never raced, and one that outlasts the wait is an error, not a partial dataset.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from geoplug.core.archives import settle_extractions

MEMBERS = {f"f{i:02d}.bin": bytes([i]) * 100 for i in range(10)}

#: extract ``argv[1]`` into ``argv[2]``; at the ``argv[4]``-th move into place (0: while
#: unpacking) die by SIGKILL (``argv[3]`` "kill") or touch ``argv[5]`` and pause ``argv[6]`` s
_EXTRACT = r"""
import os, signal, sys, time
from pathlib import Path
import geoplug.core.archives as archives
how, at = sys.argv[3], int(sys.argv[4])
def stop():
    if how == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    Path(sys.argv[5]).touch()
    time.sleep(float(sys.argv[6]))
moves, copies, real_replace, real_copy = [0], [0], os.replace, archives._copy
def replace(a, b):
    real_replace(a, b)
    moves[0] += 1
    if moves[0] == at:
        stop()
def copy(*args):
    n = real_copy(*args)
    copies[0] += 1
    if at == 0 and copies[0] == 3:  # 3 of the 10 members unpacked
        stop()
    return n
os.replace, archives._copy = replace, copy
archives.extract_archive(sys.argv[1], sys.argv[2])
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


def _archive(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "root"
    root.mkdir()
    with zipfile.ZipFile(root / "data.zip", "w") as z:
        for name, data in MEMBERS.items():
            z.writestr(name, data)
    return root, root / "extracted"


def _killed(tmp_path: Path) -> tuple[Path, Path]:
    """An extraction SIGKILLed after moving 3 of its 10 files into place."""
    root, dst = _archive(tmp_path)
    run = subprocess.run([sys.executable, "-c", _EXTRACT, str(root / "data.zip"), str(dst),
                          "kill", "3"], env=_env())
    assert run.returncode == -9
    assert len(list(dst.glob("f*.bin"))) == 3 and (root / ".data.zip.extracting").is_file()
    return root, dst


def _start(tmp_path: Path, at: int, pause: float) -> tuple[Path, Path, subprocess.Popen[bytes]]:
    """A live extraction in another process, paused ``pause`` s at move ``at``."""
    root, dst = _archive(tmp_path)
    ready = tmp_path / "ready"
    child = subprocess.Popen([sys.executable, "-c", _EXTRACT, str(root / "data.zip"),
                              str(dst), "pause", str(at), str(ready), str(pause)], env=_env())
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert child.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    return root, dst, child


def _staging(dst: Path) -> list[Path]:
    return [p for p in dst.iterdir() if p.name.startswith(".extract-")]


def _as_earlier_version(dst: Path, host: str, pid: int) -> Path:
    """Rename the staging folder as an earlier version named it (no lock file inside)."""
    (folder,) = _staging(dst)
    (folder / ".geoplug-owner").unlink(missing_ok=True)
    named = folder.with_name(f".extract-{host}-{pid}-abcd1234")
    folder.rename(named)
    return named


def _whole(root: Path, dst: Path) -> bool:
    found = {p.name: p.read_bytes() for p in dst.iterdir() if p.is_file()}
    return (found == MEMBERS and not _staging(dst)
            and not (root / ".data.zip.extracting").exists())


def test_a_rerun_in_a_new_container_completes_a_killed_extraction(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, dst = _killed(tmp_path)
    monkeypatch.setattr(socket, "gethostname", lambda: "new-container-9c1d")
    settle_extractions(root, timeout=5)
    assert _whole(root, dst)


def test_an_earlier_versions_staging_of_another_host_is_completed(tmp_path: Path) -> None:
    root, dst = _killed(tmp_path)
    _as_earlier_version(dst, "oldcontainer-3f2a", 7)
    settle_extractions(root, timeout=5)
    assert _whole(root, dst)


def test_a_staging_named_by_the_readers_own_pid_is_completed_at_once(tmp_path: Path) -> None:
    # in a container the job's python is process 1 on every run: the dead one's number is ours
    root, dst = _killed(tmp_path)
    _as_earlier_version(dst, socket.gethostname(), os.getpid())
    start = time.monotonic()
    settle_extractions(root, timeout=5)
    assert _whole(root, dst) and time.monotonic() - start < 4


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="process start times: /proc")
def test_a_staging_whose_pid_a_later_process_took_is_completed(tmp_path: Path) -> None:
    root, dst = _killed(tmp_path)
    earlier = time.time() - 30  # the extraction died half a minute ago ...
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as other:
        try:  # ... and its number went to a process started since
            folder = _as_earlier_version(dst, socket.gethostname(), other.pid)
            os.utime(folder, (earlier, earlier))
            start = time.monotonic()
            settle_extractions(root, timeout=5)
            assert _whole(root, dst) and time.monotonic() - start < 4
        finally:
            other.kill()


@pytest.mark.parametrize("at", [0, 2], ids=["unpacking", "moving"])
def test_a_live_extraction_is_waited_for_from_another_host(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int) -> None:
    # another rank on another node, sharing the folder: waited for, not raced; unpacking, it
    # is found in the target (moving, the archive's marker says where)
    root, dst, child = _start(tmp_path, at, pause=1.5)
    monkeypatch.setattr(socket, "gethostname", lambda: "another-node")
    try:
        settle_extractions(dst if at == 0 else root, timeout=60)
        assert _whole(root, dst)
        assert child.wait(timeout=60) == 0  # it finished its own work undisturbed
    finally:
        child.kill()
        child.wait()


def test_an_extraction_outlasting_the_wait_is_an_error(tmp_path: Path) -> None:
    from geoplug.core.archives import ExtractionInProgressError

    root, dst, child = _start(tmp_path, 2, pause=3)
    try:
        with pytest.raises(ExtractionInProgressError, match="still extracts into"):
            settle_extractions(root, timeout=0.5)  # rather than reading 2 files of 10
        assert child.wait(timeout=60) == 0
        settle_extractions(root, timeout=5)
        assert _whole(root, dst)
    finally:
        child.kill()
        child.wait()


def test_a_folder_another_extraction_moved_in_meanwhile_is_merged(tmp_path: Path) -> None:
    # two ranks extracting one archive: the other moved ``top/`` in after this one planned
    # to move its own there, and os.replace of a folder onto a non-empty one failed
    from geoplug.core.archives import _move

    staging = tmp_path / ".extract-x" / "top"
    (staging / "sub").mkdir(parents=True)
    (staging / "a.tif").write_bytes(b"a")
    (staging / "sub" / "b.tif").write_bytes(b"b")
    done = tmp_path / "top"
    (done / "sub").mkdir(parents=True)
    (done / "a.tif").write_bytes(b"a")  # the other rank's copy, whole
    _move(staging, done)
    assert (done / "a.tif").read_bytes() == b"a" and (done / "sub" / "b.tif").read_bytes() == b"b"

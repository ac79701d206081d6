"""The one download path against a real HTTP server on 127.0.0.1, and safe extraction.

Downloads: verified, atomic, resumed with ``Range`` after a dropped connection, retried with
backoff, restarted where the server has no range support, and still guarded by the checksum.
Archives: told apart by their bytes, never empty in silence, never deleting the user's files,
refusing bombs; a file that fails to extract is moved aside so the next download retries.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import os
import shutil
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import geoplug.core.archives
import geoplug.core.nongeo
from geoplug.core.download import (
    ArchiveConflictError,
    InsufficientSpaceError,
    Resource,
    Retry,
    check_integrity,
    download_and_extract,
    download_url,
    extract_archive,
    fetch,
)
from geoplug.core.errors import ChecksumError, GeoplugError, InvalidDataError, UnsafeArchiveError
from geoplug.core.testing.http import LocalHTTPServer
from testkit.http import Served

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB
FAST = Retry(attempts=3, backoff=0.0)
CUT = 300_000  # where a dropped connection cuts the body


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def _publish(server: Served, name: str, data: bytes = PAYLOAD) -> str:
    (server.root / name).write_bytes(data)
    return f"{server.url}/{name}"


# -- download_url ------------------------------------------------------------------------------
def test_download_verifies_and_is_idempotent(tmp_path: Path, http_server: Served) -> None:
    url = _publish(http_server, "data.bin")
    sha = hashlib.sha256(PAYLOAD).hexdigest()
    out = download_url(url, tmp_path / "dl", sha256=sha, progress=False)
    assert out.read_bytes() == PAYLOAD
    assert _leftovers(tmp_path / "dl") == ["data.bin"]
    sent = http_server.stats.bytes_sent
    # a verified copy is not fetched again
    download_url(url, tmp_path / "dl", sha256=sha, progress=False)
    assert http_server.stats.bytes_sent == sent
    assert check_integrity(out, md5=_md5(PAYLOAD))
    assert not check_integrity(out, md5="0" * 32)


def test_wrong_checksum_keeps_nothing(tmp_path: Path, http_server: Served) -> None:
    url = _publish(http_server, "data.bin")
    dl = tmp_path / "dl"
    with pytest.raises(ChecksumError, match="md5"):
        download_url(url, dl, md5="0" * 32, progress=False)
    assert _leftovers(dl) == []


def test_resume_after_dropped_connection(tmp_path: Path, http_server: Served) -> None:
    url = _publish(http_server, "data.bin")
    dl = tmp_path / "dl"
    seen: list[list[tuple[str, int]]] = []

    def look(path: str, n: int) -> None:  # what the folder holds before each request
        if dl.is_dir():
            seen.append([(p.name, p.stat().st_size) for p in sorted(dl.iterdir())])

    http_server.drop_after, http_server.drop_requests = CUT, 1
    http_server.on_request = look
    out = download_url(url, dl, md5=_md5(PAYLOAD), progress=False, retry=FAST)
    assert out.read_bytes() == PAYLOAD
    requests = http_server.stats.requests
    assert [(r.range, r.status) for r in requests] == [(None, 200), (f"bytes={CUT}-", 206)]
    assert http_server.stats.bytes_sent == len(PAYLOAD)  # no byte was sent twice
    # between the attempts only hidden files existed: the part, holding the bytes received,
    # and its lock file
    assert [name for name, _ in seen[1]] == [".data.bin.part", ".data.bin.part.lock"]
    assert seen[1][0][1] == CUT
    assert _leftovers(dl) == ["data.bin"]


def test_server_without_ranges_restarts_from_zero(tmp_path: Path, http_server: Served) -> None:
    url = _publish(http_server, "data.bin")
    http_server.ranges = False
    http_server.drop_after, http_server.drop_requests = CUT, 1
    out = download_url(url, tmp_path, md5=_md5(PAYLOAD), progress=False, retry=FAST)
    assert out.read_bytes() == PAYLOAD
    assert [(r.range, r.status) for r in http_server.stats.requests] == [
        (None, 200), (f"bytes={CUT}-", 200)]
    assert http_server.stats.bytes_sent == CUT + len(PAYLOAD)


def test_corrupted_resume_is_caught_by_checksum(tmp_path: Path, http_server: Served) -> None:
    """The file changes upstream between attempts but the server's validator does not."""
    url = _publish(http_server, "data.bin")
    served = http_server.root / "data.bin"

    def rewrite(path: str, n: int) -> None:
        if n == 2:
            stat = served.stat()
            served.write_bytes(PAYLOAD[::-1])  # same size, other bytes
            os.utime(served, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same ETag

    http_server.drop_after, http_server.drop_requests = CUT, 1
    http_server.on_request = rewrite
    dl = tmp_path / "dl"
    with pytest.raises(ChecksumError, match="md5"):
        download_url(url, dl, md5=_md5(PAYLOAD), progress=False, retry=FAST)
    assert [r.status for r in http_server.stats.requests] == [200, 206]  # it did resume
    assert _leftovers(dl) == []


@pytest.mark.parametrize("validators", [True, False])
def test_changed_file_is_not_spliced(tmp_path: Path, http_server: Served,
                                     validators: bool) -> None:
    """Without a checksum, If-Range makes the server send the new file whole; with a server
    sending no ETag or Last-Modified nothing could tell a changed file of the same size, so
    the download starts over rather than resume."""
    url = _publish(http_server, "data.bin")
    served = http_server.root / "data.bin"
    new = PAYLOAD[::-1] + b"longer"

    def rewrite(path: str, n: int) -> None:
        if n == 2:
            served.write_bytes(new)

    http_server.validators = validators
    http_server.drop_after, http_server.drop_requests = CUT, 1
    http_server.on_request = rewrite
    out = download_url(url, tmp_path, progress=False, retry=FAST)
    assert out.read_bytes() == new
    assert [(None if r.status == 200 else r.range, r.status)
            for r in http_server.stats.requests] == [(None, 200), (None, 200)]


def test_a_server_ignoring_if_range_does_not_splice_a_changed_file(
        tmp_path: Path, http_server: Served) -> None:
    # many servers and caches honour Range but ignore If-Range: a file changed upstream to
    # one of the same size was joined, its old head to its new tail, and kept
    url = _publish(http_server, "data.bin")
    served = http_server.root / "data.bin"
    new = PAYLOAD[::-1]
    assert len(new) == len(PAYLOAD) and new[CUT:] != PAYLOAD[CUT:]

    def rewrite(path: str, n: int) -> None:
        if n == 2:
            served.write_bytes(new)
            os.utime(served, (1, 1))  # another version: another ETag

    http_server.if_range = False
    http_server.drop_after, http_server.drop_requests = CUT, 1
    http_server.on_request = rewrite
    out = download_url(url, tmp_path, progress=False, retry=FAST)
    assert out.read_bytes() == new
    assert [r.status for r in http_server.stats.requests] == [200, 206, 200]


@pytest.mark.parametrize("page", ["text/html; charset=utf-8", "application/xhtml+xml"])
def test_a_web_page_answered_for_a_file_is_refused(tmp_path: Path, http_server: Served,
                                                   page: str) -> None:
    # a login, quota or "confirm the download" page served with 200 was saved as the data
    # file and trusted by every later run
    url = _publish(http_server, "scene.tif")
    http_server.content_type = page
    dl = tmp_path / "dl"
    with pytest.raises(OSError, match="answered with a web page"):
        download_url(url, dl, progress=False, retry=FAST)
    assert _leftovers(dl) == []
    http_server.content_type = "application/octet-stream"
    assert download_url(url, dl, progress=False, retry=FAST).read_bytes() == PAYLOAD


def test_interrupted_download_keeps_nothing(tmp_path: Path, http_server: Served) -> None:
    url = _publish(http_server, "data.bin")
    http_server.ranges = False  # every attempt starts over and is cut at the same byte
    http_server.drop_after = 1000
    dl = tmp_path / "dl"
    with pytest.raises(OSError, match=r"interrupted.*3 attempts in a row"):
        download_url(url, dl, progress=False, retry=FAST)
    assert len(http_server.stats.requests) == 3  # bounded
    assert _leftovers(dl) == []
    http_server.drop_after = None
    assert download_url(url, dl, progress=False).read_bytes() == PAYLOAD


def test_transient_server_error_is_retried(tmp_path: Path, http_server: Served) -> None:
    url = _publish(http_server, "data.bin")
    http_server.fail_status, http_server.fail_requests = 503, 2
    out = download_url(url, tmp_path, md5=_md5(PAYLOAD), progress=False, retry=FAST)
    assert out.read_bytes() == PAYLOAD
    assert [r.status for r in http_server.stats.requests] == [503, 503, 200]


def test_http_error_is_clear_and_not_retried(tmp_path: Path, http_server: Served) -> None:
    dl = tmp_path / "dl"
    with pytest.raises(OSError, match="HTTP 404"):
        download_url(f"{http_server.url}/missing.zip", dl, progress=False, retry=FAST)
    assert len(http_server.stats.requests) == 1
    assert _leftovers(dl) == []


def test_kit_server_as_context_manager(tmp_path: Path) -> None:
    (tmp_path / "served").mkdir()
    (tmp_path / "served" / "data.bin").write_bytes(PAYLOAD)
    server = LocalHTTPServer(tmp_path / "served", drop_after=CUT, drop_requests=1)
    with pytest.raises(RuntimeError, match="not running"):
        server.url  # noqa: B018
    with server:
        out = download_url(f"{server.url}/data.bin", tmp_path / "dl", progress=False,
                           retry=FAST)
    assert out.read_bytes() == PAYLOAD
    assert [r.status for r in server.stats.requests] == [200, 206]
    with pytest.raises(NotADirectoryError, match="not a folder"):
        LocalHTTPServer(tmp_path / "missing")


def test_backoff_doubles_up_to_its_cap() -> None:
    policy = Retry(attempts=6, backoff=0.5, max_delay=3.0)
    assert [policy.delay(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_filename_in_subfolder(tmp_path: Path, http_server: Served) -> None:
    url = _publish(http_server, "x.bin", b"abc")
    out = download_url(url, tmp_path / "dl", "sub/dir/x.bin", progress=False)
    assert out == tmp_path / "dl" / "sub" / "dir" / "x.bin" and out.read_bytes() == b"abc"
    assert _leftovers(out.parent) == ["x.bin"]


def test_download_and_extract_zip(tmp_path: Path, http_root: Path, http_server: Served) -> None:
    with zipfile.ZipFile(http_root / "pack.zip", "w") as archive:
        archive.writestr("pack/a.txt", "alpha")
        archive.writestr("pack/sub/b.txt", "beta")
    out = download_and_extract(f"{http_server.url}/pack.zip", tmp_path, progress=False)
    assert (out / "pack" / "sub" / "b.txt").read_text() == "beta"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


# -- fetch -------------------------------------------------------------------------------------
def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_resource_is_one_type() -> None:
    assert geoplug.core.nongeo.Resource is Resource
    with pytest.raises(ValueError, match="relative path"):
        Resource("http://x/y", "../outside.zip")
    with pytest.raises(ValueError, match="relative path"):
        Resource("http://x/y", "/abs.zip")


def test_fetch_downloads_verifies_and_extracts(tmp_path: Path, http_server: Served) -> None:
    data = _zip_bytes({"pack/a.txt": b"alpha"})
    url = _publish(http_server, "pack.zip", data)
    tree = _publish(http_server, "meta.json", b"{}")
    paths = fetch([Resource(url, "pack.zip", md5=_md5(data)),
                   Resource(tree, "labels/2020/meta.json", extract=False)],
                  tmp_path / "root", progress=False)
    root = tmp_path / "root"
    assert paths == [root / "pack.zip", root / "labels" / "2020" / "meta.json"]
    assert (root / "pack" / "a.txt").read_bytes() == b"alpha"
    assert (root / "labels" / "2020" / "meta.json").read_bytes() == b"{}"
    assert _leftovers(root) == ["labels", "pack", "pack.zip"]


def test_fresh_download_is_verified_even_without_checksum(tmp_path: Path,
                                                          http_server: Served) -> None:
    root = tmp_path / "root"
    url = _publish(http_server, "pack.zip", _zip_bytes({"a.txt": b"a"}))
    with pytest.raises(ChecksumError, match=r"pack\.zip"):
        fetch([Resource(url, "pack.zip", md5="0" * 32)], root, checksum=False,
              progress=False)
    assert _leftovers(root) == []


def test_present_file_is_verified_only_when_asked(tmp_path: Path, http_server: Served) -> None:
    root = tmp_path / "root"
    good = _zip_bytes({"a.txt": b"published"})
    mine = _zip_bytes({"a.txt": b"my copy"})
    url = _publish(http_server, "pack.zip", good)
    root.mkdir()
    (root / "pack.zip").write_bytes(mine)
    fetch([Resource(url, "pack.zip", md5=_md5(good))], root, checksum=False,
          progress=False)
    assert (root / "a.txt").read_bytes() == b"my copy"
    assert http_server.stats.requests == []
    with pytest.raises(ChecksumError) as info:
        fetch([Resource(url, "pack.zip", md5=_md5(good))], root, checksum=True,
              progress=False)
    message = str(info.value)
    assert str(root / "pack.zip") in message and "download=True" in message
    assert (root / "pack.zip").read_bytes() == mine  # the user's file is left alone


def test_error_page_is_moved_aside_and_fetched_again(tmp_path: Path,
                                                     http_server: Served) -> None:
    root = tmp_path / "root"
    url = _publish(http_server, "pack.zip", b"<!DOCTYPE html><html>503 busy</html>")
    with pytest.raises(InvalidDataError, match=r"error page.*moved aside") as info:
        fetch([Resource(url, "pack.zip")], root, progress=False)
    assert isinstance(info.value, ValueError)
    assert not (root / "pack.zip").exists()
    assert (root / ".pack.zip.failed").is_file()
    # the server recovers: the next download=True fetches the archive again
    _publish(http_server, "pack.zip", _zip_bytes({"a.txt": b"alpha"}))
    fetch([Resource(url, "pack.zip")], root, progress=False)
    assert (root / "a.txt").read_bytes() == b"alpha"
    assert len(http_server.stats.requests) == 2


def test_fetch_extracts_elsewhere(tmp_path: Path, http_server: Served) -> None:
    root = tmp_path / "root"
    url = _publish(http_server, "t.zip", _zip_bytes({"chip.txt": b"c"}))
    fetch([Resource(url, "t.zip")], root, extract_to=root / "ds" / "train",
          progress=False)
    assert (root / "ds" / "train" / "chip.txt").read_bytes() == b"c"


# -- extraction --------------------------------------------------------------------------------
def _tar_with(tmp_path: Path, name: str, *, link: str | None = None) -> Path:
    path = tmp_path / "evil.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo(name)
        if link is not None:
            info.type = tarfile.SYMTYPE
            info.linkname = link
            archive.addfile(info)
        else:
            info.size = 4
            archive.addfile(info, io.BytesIO(b"evil"))
    return path


@pytest.mark.parametrize(
    ("name", "link"),
    [("../escape.txt", None), ("/abs/escape.txt", None), ("ok/link", "../../outside")],
)
def test_unsafe_archives_are_refused(tmp_path: Path, name: str, link: str | None) -> None:
    archive = _tar_with(tmp_path, name, link=link)
    dst = tmp_path / "dst"
    with pytest.raises(UnsafeArchiveError, match="outside"):
        extract_archive(archive, dst)
    assert _leftovers(dst) == []
    assert not (tmp_path / "escape.txt").exists()


def test_unsafe_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../escape.txt", "x")
    with pytest.raises(UnsafeArchiveError):
        extract_archive(path, tmp_path / "dst")


def test_a_deflate64_zip_without_its_reader_is_a_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # zlib cannot read Deflate64 (zip method 9); without zipfile-deflate64 the error says
    # what to install, and nothing is left half extracted
    import sys

    from testkit import deflate64

    (tmp_path / "big.tif").write_bytes(bytes(range(256)) * 64)
    archive = deflate64.write(tmp_path / "big.zip", {"big.tif": tmp_path / "big.tif"})
    monkeypatch.setitem(sys.modules, "zipfile_deflate64", None)  # not installed
    with pytest.raises(InvalidDataError, match=r"Deflate64.*pip install zipfile-deflate64"):
        extract_archive(archive, tmp_path / "dst")
    assert not (tmp_path / "dst").exists() or not any((tmp_path / "dst").iterdir())


def test_tar_and_single_gz(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "x.txt").write_text("x")
    with tarfile.open(tmp_path / "a.tar.gz", "w:gz") as archive:
        archive.add(tmp_path / "src", arcname="src")
    extract_archive(tmp_path / "a.tar.gz", tmp_path / "out")
    assert (tmp_path / "out" / "src" / "x.txt").read_text() == "x"
    with gzip.open(tmp_path / "single.csv.gz", "wb") as f:
        f.write(b"a,b\n1,2\n")
    extract_archive(tmp_path / "single.csv.gz", tmp_path / "out")
    assert (tmp_path / "out" / "single.csv").read_text() == "a,b\n1,2\n"
    (tmp_path / "plain.txt").write_text("not an archive")
    with pytest.raises(InvalidDataError, match="not a supported archive"):
        extract_archive(tmp_path / "plain.txt", tmp_path / "out")


def test_a_plain_tar_ending_with_a_zip_member_is_the_tar(tmp_path: Path) -> None:
    """A zip's directory sits in the file's last 64 KiB, where a tar ending with a .zip
    member (a shapefile bundle) holds one too: the tar is extracted, not its last member."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "image.tif").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "data" / "vectors.zip").write_bytes(_zip_bytes({"inner.txt": b"inner"}))
    with tarfile.open(tmp_path / "bundle.tar", "w", format=tarfile.GNU_FORMAT) as archive:
        archive.add(tmp_path / "data", arcname="data")
    assert zipfile.is_zipfile(tmp_path / "bundle.tar")  # what fooled the detection
    out = extract_archive(tmp_path / "bundle.tar", tmp_path / "out")
    assert (out / "data" / "image.tif").read_bytes() == bytes(range(256)) * 4
    assert zipfile.is_zipfile(out / "data" / "vectors.zip")
    assert not (out / "inner.txt").exists()


@pytest.mark.parametrize("cut", ["between members", "inside a header"])
def test_a_tar_cut_short_is_refused_not_half_extracted(tmp_path: Path, cut: str) -> None:
    """Python's tarfile takes a missing or partial header for the end of the archive: a tar
    truncated there listed only its first members and was extracted without a word."""
    with tarfile.open(tmp_path / "scene.tar", "w") as archive:
        for k in range(4):
            info = tarfile.TarInfo(f"B{k}.TIF")
            info.size = 1024
            archive.addfile(info, io.BytesIO(bytes([k]) * 1024))
    data = (tmp_path / "scene.tar").read_bytes()
    end = 2 * (512 + 1024) + (0 if cut == "between members" else 200)
    (tmp_path / "cut.tar").write_bytes(data[:end])
    with pytest.raises(InvalidDataError, match="truncated tar archive"):
        extract_archive(tmp_path / "cut.tar", tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    whole = extract_archive(tmp_path / "scene.tar", tmp_path / "whole")
    assert sorted(p.name for p in whole.iterdir()) == [f"B{k}.TIF" for k in range(4)]


def test_a_killed_extractions_staging_is_neither_found_nor_kept(tmp_path: Path) -> None:
    """An extraction killed mid-way (SIGKILL, power lost) leaves its hidden staging folder:
    find_below() (what the loaders search with) skips it, and the next extraction into that
    folder deletes it, not the staging of a live process (which holds its lock)."""
    import socket
    import subprocess
    import sys

    from geoplug.core import _staging

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    host = socket.gethostname()
    dst = tmp_path / "root"
    dead = dst / f".extract-{host}-{gone.stdout.strip()}-abcd" / "R00"  # an earlier version's
    dead.mkdir(parents=True)
    live, lock = _staging.make(dst)
    for folder in (dead, live, dst / "R01"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "mosaic.tif").write_bytes(b"partial")
    assert [p.parent.name for p in geoplug.core.archives.find_below(dst, "*.tif")] == ["R01"]
    (tmp_path / "a.zip").write_bytes(_zip_bytes({"R02/mosaic.tif": b"whole"}))
    extract_archive(tmp_path / "a.zip", dst)
    assert not dead.exists() and (live / "mosaic.tif").exists()
    _staging.discard(live, lock)
    assert sorted(p.parent.name for p in geoplug.core.archives.find_below(dst, "*.tif")) == [
        "R01", "R02"]


OPENERS: dict[str, Callable[..., io.IOBase]] = {"gz": gzip.open, "bz2": bz2.open}


@pytest.mark.parametrize("suffix", ["gz", "bz2"])
def test_single_file_starting_with_zeros_is_not_an_empty_tar(tmp_path: Path,
                                                             suffix: str) -> None:
    content = bytes(512) + bytes(range(256)) * 3  # a raw raster whose first row is nodata
    with OPENERS[suffix](tmp_path / f"band.raw.{suffix}", "wb") as f:
        f.write(content)
    extract_archive(tmp_path / f"band.raw.{suffix}", tmp_path / "out")
    assert (tmp_path / "out" / "band.raw").read_bytes() == content


@pytest.mark.parametrize("kind", ["empty.zip", "dirs.zip", "empty.tar.gz"])
def test_archive_without_files_fails_loudly(tmp_path: Path, kind: str) -> None:
    path = tmp_path / kind
    if kind == "empty.tar.gz":
        with tarfile.open(path, "w:gz"):
            pass
    else:
        with zipfile.ZipFile(path, "w") as archive:
            if kind == "dirs.zip":
                archive.writestr("only/a/folder/", "")
    with pytest.raises(InvalidDataError, match="holds no file"):
        extract_archive(path, tmp_path / "out")
    assert _leftovers(tmp_path / "out") == []


def test_file_never_replaces_the_users_folder(tmp_path: Path) -> None:
    dst = tmp_path / "data"
    (dst / "scenes").mkdir(parents=True)
    (dst / "scenes" / "mine.tif").write_bytes(b"user data")
    archive = tmp_path / "pack.zip"
    archive.write_bytes(_zip_bytes({"scenes": b"a file", "other.txt": b"o"}))
    with pytest.raises(ArchiveConflictError, match="scenes") as info:
        extract_archive(archive, dst)
    assert isinstance(info.value, FileExistsError) and isinstance(info.value, GeoplugError)
    assert (dst / "scenes" / "mine.tif").read_bytes() == b"user data"
    assert _leftovers(dst) == ["scenes"]  # nothing else was written either


def test_folder_never_replaces_the_users_file(tmp_path: Path) -> None:
    dst = tmp_path / "data"
    dst.mkdir()
    (dst / "scenes").write_bytes(b"user file")
    archive = tmp_path / "pack.zip"
    archive.write_bytes(_zip_bytes({"scenes/a.tif": b"a"}))
    with pytest.raises(ArchiveConflictError):
        extract_archive(archive, dst)
    assert (dst / "scenes").read_bytes() == b"user file"


def test_folders_merge_and_files_are_updated(tmp_path: Path) -> None:
    dst = tmp_path / "data"
    (dst / "pack").mkdir(parents=True)
    (dst / "pack" / "mine.txt").write_bytes(b"kept")
    (dst / "pack" / "a.txt").write_bytes(b"old")
    archive = tmp_path / "pack.zip"
    archive.write_bytes(_zip_bytes({"pack/a.txt": b"new", "pack/sub/b.txt": b"b"}))
    extract_archive(archive, dst)
    assert (dst / "pack" / "mine.txt").read_bytes() == b"kept"
    assert (dst / "pack" / "a.txt").read_bytes() == b"new"
    assert (dst / "pack" / "sub" / "b.txt").read_bytes() == b"b"
    assert _leftovers(dst) == ["pack"]


BOMB = 40 << 20  # 40 MiB of zeros: deflates ~1000:1


def test_zip_bomb_is_refused_before_writing(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    archive.write_bytes(_zip_bytes({"zeros.bin": bytes(BOMB)}))
    assert archive.stat().st_size < BOMB / 500
    with pytest.raises(UnsafeArchiveError, match="decompression bomb"):
        extract_archive(archive, tmp_path / "out")
    assert _leftovers(tmp_path / "out") == []
    # a dataset known to compress that well lifts the ratio
    extract_archive(archive, tmp_path / "out", max_ratio=None)
    assert (tmp_path / "out" / "zeros.bin").stat().st_size == BOMB


def test_single_stream_bomb_is_stopped(tmp_path: Path) -> None:
    archive = tmp_path / "zeros.bin.gz"
    with gzip.open(archive, "wb") as f:
        f.write(bytes(BOMB))
    with pytest.raises(UnsafeArchiveError, match="outgrows"):
        extract_archive(archive, tmp_path / "out")
    assert _leftovers(tmp_path / "out") == []


def test_member_larger_than_declared_is_not_written(tmp_path: Path) -> None:
    data = bytes(range(256)) * 400
    raw = bytearray(_zip_bytes({"a.bin": data}))
    declared = (len(data)).to_bytes(4, "little")
    lie = (1000).to_bytes(4, "little")
    assert raw.count(declared) == 2  # local header and central directory
    archive = tmp_path / "lie.zip"
    archive.write_bytes(bytes(raw).replace(declared, lie))
    with pytest.raises(InvalidDataError, match=r"a\.bin"):
        extract_archive(archive, tmp_path / "out")
    assert _leftovers(tmp_path / "out") == []


def test_not_enough_disk_space_is_said_before_writing(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "pack.zip"
    archive.write_bytes(_zip_bytes({"a.bin": bytes(range(256)) * 64}))
    real = shutil.disk_usage

    def nearly_full(path: str | os.PathLike[str]) -> object:
        return real(path)._replace(free=1000)  # 1000 bytes free

    monkeypatch.setattr(geoplug.core.archives.shutil, "disk_usage", nearly_full)
    with pytest.raises(InsufficientSpaceError, match=r"16\.0 KiB.*free") as info:
        extract_archive(archive, tmp_path / "out")
    assert isinstance(info.value, OSError)
    assert _leftovers(tmp_path / "out") == []


def test_join_volumes_concatenates_in_order_and_never_leaves_a_half_file(tmp_path: Path) -> None:
    from geoplug.core.archives import join_volumes

    volumes = []
    for i, part in enumerate((b"first-", b"second-", b"third")):
        volumes.append(tmp_path / f"x.tar.00{i + 1}")
        volumes[-1].write_bytes(part)
    target = tmp_path / "x.tar"
    join_volumes(volumes, target)
    assert target.read_bytes() == b"first-second-third"
    assert not (tmp_path / ".x.tar.joining").exists()
    volumes[1].unlink()
    with pytest.raises(FileNotFoundError):
        join_volumes(volumes, tmp_path / "y.tar")
    assert not (tmp_path / "y.tar").exists()  # the target appears only when complete

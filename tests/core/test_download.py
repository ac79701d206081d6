"""Downloads against a real HTTP server on 127.0.0.1, and safe archive extraction."""

from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from geoplug.core.download import (
    check_integrity,
    download_and_extract,
    download_url,
    extract_archive,
)
from geoplug.core.errors import ChecksumError, UnsafeArchiveError
from testkit.http import Served

PAYLOAD = bytes(range(256)) * 4096  # 1 MiB


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_download_verifies_and_is_idempotent(tmp_path: Path, http_root: Path,
                                             http_server: Served) -> None:
    (http_root / "data.bin").write_bytes(PAYLOAD)
    sha = hashlib.sha256(PAYLOAD).hexdigest()
    out = download_url(f"{http_server.url}/data.bin", tmp_path / "dl", sha256=sha,
                       progress=False)
    assert out.read_bytes() == PAYLOAD
    assert _leftovers(tmp_path / "dl") == ["data.bin"]
    sent = http_server.stats.bytes_sent
    # a verified copy is not fetched again
    download_url(f"{http_server.url}/data.bin", tmp_path / "dl", sha256=sha, progress=False)
    assert http_server.stats.bytes_sent == sent
    assert check_integrity(out, md5=hashlib.md5(PAYLOAD).hexdigest())
    assert not check_integrity(out, md5="0" * 32)


def test_wrong_checksum_keeps_nothing(tmp_path: Path, http_root: Path,
                                      http_server: Served) -> None:
    (http_root / "data.bin").write_bytes(PAYLOAD)
    dl = tmp_path / "dl"
    with pytest.raises(ChecksumError, match="md5"):
        download_url(f"{http_server.url}/data.bin", dl, md5="0" * 32, progress=False)
    assert _leftovers(dl) == []


def test_interrupted_download_keeps_nothing(tmp_path: Path, http_root: Path,
                                            http_server: Served) -> None:
    (http_root / "data.bin").write_bytes(PAYLOAD)
    http_server.stats.truncate_after = 1000
    dl = tmp_path / "dl"
    with pytest.raises(OSError, match="interrupted"):
        download_url(f"{http_server.url}/data.bin", dl, progress=False)
    assert _leftovers(dl) == []
    http_server.stats.truncate_after = None
    assert download_url(f"{http_server.url}/data.bin", dl,
                        progress=False).read_bytes() == PAYLOAD


def test_http_error_is_clear(tmp_path: Path, http_server: Served) -> None:
    dl = tmp_path / "dl"
    with pytest.raises(OSError, match="HTTP 404"):
        download_url(f"{http_server.url}/missing.zip", dl, progress=False)
    assert _leftovers(dl) == []


def test_download_and_extract_zip(tmp_path: Path, http_root: Path, http_server: Served) -> None:
    with zipfile.ZipFile(http_root / "pack.zip", "w") as archive:
        archive.writestr("pack/a.txt", "alpha")
        archive.writestr("pack/sub/b.txt", "beta")
    out = download_and_extract(f"{http_server.url}/pack.zip", tmp_path, progress=False)
    assert (out / "pack" / "sub" / "b.txt").read_text() == "beta"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


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


def test_tar_and_single_gz(tmp_path: Path) -> None:
    import gzip

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
    with pytest.raises(ValueError, match="unsupported archive"):
        extract_archive(tmp_path / "plain.txt", tmp_path / "out")


def test_filename_in_subfolder(tmp_path: Path, http_root: Path, http_server: Served) -> None:
    (http_root / "x.bin").write_bytes(b"abc")
    out = download_url(f"{http_server.url}/x.bin", tmp_path / "dl", "sub/dir/x.bin",
                       progress=False)
    assert out == tmp_path / "dl" / "sub" / "dir" / "x.bin" and out.read_bytes() == b"abc"
    assert _leftovers(out.parent) == ["x.bin"]

"""Downloads that can be trusted: progress bar, checksum, atomic write, safe extraction.

A download goes to a hidden temporary file beside its destination and is renamed into place only
once complete and verified, so an interrupted or corrupt transfer never leaves a file that looks
finished. Archives are checked member by member before anything is written.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import lzma
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from geoplug.core.errors import ChecksumError, UnsafeArchiveError

__all__ = [
    "check_integrity",
    "download_and_extract",
    "download_url",
    "extract_archive",
    "file_digest",
]

_CHUNK = 1 << 20


def file_digest(path: str | os.PathLike[str], algorithm: str = "sha256") -> str:
    """Hex digest of a file, read in chunks."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _expected(md5: str | None, sha256: str | None) -> tuple[str, str] | None:
    if sha256:
        return "sha256", sha256.lower()
    if md5:
        return "md5", md5.lower()
    return None


def check_integrity(path: str | os.PathLike[str], md5: str | None = None,
                    sha256: str | None = None) -> bool:
    """True when ``path`` exists and matches the given checksum (a prefix is accepted)."""
    if not Path(path).is_file():
        return False
    expected = _expected(md5, sha256)
    if expected is None:
        return True
    algorithm, value = expected
    return file_digest(path, algorithm).startswith(value)


def download_url(
    url: str,
    root: str | os.PathLike[str],
    filename: str | None = None,
    md5: str | None = None,
    sha256: str | None = None,
    progress: bool = True,
    timeout: float = 60.0,
) -> Path:
    """Download ``url`` into ``root/filename`` unless a verified copy is already there.

    Returns:
        The path of the complete, verified file.

    Raises:
        ChecksumError: the downloaded bytes do not match ``md5``/``sha256`` (nothing is kept).
        OSError: the server cannot be reached, answers with an error, or the transfer is cut
            short (nothing is kept; run again to retry).
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    name = filename or PurePosixPath(urllib.parse.urlparse(url).path).name or "download"
    target = root / name
    if target.is_file() and check_integrity(target, md5, sha256):
        return target
    expected = _expected(md5, sha256)
    digest = hashlib.new(expected[0]) if expected else None

    target.parent.mkdir(parents=True, exist_ok=True)  # ``filename`` may name a sub-folder
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                    dir=target.parent)
    tmp = Path(tmp_name)
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "geoplug"})
        try:
            response = urllib.request.urlopen(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            raise OSError(f"cannot download {url}: HTTP {exc.code} {exc.reason}") from exc
        except urllib.error.URLError as exc:
            raise OSError(f"cannot download {url}: {exc.reason}") from exc
        with response, os.fdopen(fd, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0) or None
            received = 0
            bar = _progress(total, name, progress)
            try:
                while True:
                    try:
                        chunk = response.read(_CHUNK)
                    except OSError as exc:  # connection dropped mid-body
                        raise OSError(f"download of {url} was interrupted: {exc}") from exc
                    if not chunk:
                        break
                    out.write(chunk)
                    received += len(chunk)
                    if digest is not None:
                        digest.update(chunk)
                    if bar is not None:
                        bar.update(len(chunk))
            finally:
                if bar is not None:
                    bar.close()
        if total is not None and received != total:
            raise OSError(
                f"download of {url} was interrupted: got {received} of {total} bytes; "
                "run again to retry"
            )
        if digest is not None and expected is not None:
            actual = digest.hexdigest()
            if not actual.startswith(expected[1]):
                raise ChecksumError(
                    f"{url}: {expected[0]} is {actual}, expected {expected[1]}; the file is "
                    "corrupt or has changed upstream (nothing was kept)"
                )
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _progress(total: int | None, name: str, enabled: bool):  # type: ignore[no-untyped-def]
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=name,
                leave=False)


def _check_member(name: str, dst: Path) -> None:
    path = PurePosixPath(name.replace("\\", "/"))
    inside = (dst / path).resolve().is_relative_to(dst.resolve())
    if path.is_absolute() or ".." in path.parts or not inside:
        raise UnsafeArchiveError(
            f"archive member {name!r} would be written outside {dst}; refusing to extract"
        )


def _safe_tar_members(archive: tarfile.TarFile, dst: Path) -> Iterable[tarfile.TarInfo]:
    members = archive.getmembers()
    for member in members:
        _check_member(member.name, dst)
        if member.issym() or member.islnk():
            link = PurePosixPath(member.linkname)
            base = PurePosixPath(member.name).parent if member.issym() else PurePosixPath()
            _check_member(str(base / link), dst)
        if member.isdev():
            raise UnsafeArchiveError(f"archive member {member.name!r} is a device file")
    return members


def extract_archive(src: str | os.PathLike[str], dst: str | os.PathLike[str] | None = None
                    ) -> Path:
    """Extract a zip, tar(.gz/.bz2/.xz) or single-file .gz/.bz2/.xz archive into ``dst``.

    Every member is checked first; the content is extracted into a temporary folder inside
    ``dst`` and moved into place, so a failure leaves no half-extracted tree.

    Returns:
        ``dst`` (default: the archive's folder).

    Raises:
        UnsafeArchiveError: a member is absolute, contains ``..``, or links outside ``dst``.
        ValueError: the format is not recognised.
    """
    src = Path(src)
    dst = Path(dst) if dst is not None else src.parent
    dst.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".extract-", dir=dst))
    try:
        name = src.name.lower()
        if zipfile.is_zipfile(src):
            with zipfile.ZipFile(src) as archive:
                for info in archive.infolist():
                    _check_member(info.filename, dst)
                archive.extractall(staging)
        elif tarfile.is_tarfile(src):
            with tarfile.open(src) as archive:
                members = _safe_tar_members(archive, dst)
                archive.extractall(staging, members=members, filter="tar")
        elif name.endswith((".gz", ".bz2", ".xz")):
            openers: dict[str, Callable[..., Any]] = {
                "gz": gzip.open, "bz2": bz2.open, "xz": lzma.open}
            opener = openers[name.rsplit(".", 1)[1]]
            with opener(src, "rb") as fin, open(staging / src.stem, "wb") as fout:
                shutil.copyfileobj(fin, fout, _CHUNK)
        else:
            raise ValueError(f"{src}: unsupported archive format (zip, tar.*, .gz, .bz2, .xz)")
        for item in staging.iterdir():
            target = dst / item.name
            if target.is_dir() and item.is_dir():
                shutil.copytree(item, target, dirs_exist_ok=True)
            else:
                if target.is_dir():
                    shutil.rmtree(target)
                os.replace(item, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return dst


def download_and_extract(
    url: str,
    root: str | os.PathLike[str],
    filename: str | None = None,
    md5: str | None = None,
    sha256: str | None = None,
    extract_to: str | os.PathLike[str] | None = None,
    progress: bool = True,
) -> Path:
    """Download (verified, atomic) then extract; returns the extraction folder."""
    archive = download_url(url, root, filename, md5=md5, sha256=sha256, progress=progress)
    return extract_archive(archive, extract_to if extract_to is not None else root)

"""The one download path: resources fetched, verified and extracted without surprises.

A dataset declares its files (:class:`Resource`) and calls :func:`fetch`. A download goes
to a hidden ``.<name>.part`` beside its destination, resumes with HTTP ``Range`` requests after
a dropped connection (bounded retries, exponential backoff), and is renamed into place only once
complete and verified, so an interrupted or corrupt transfer never leaves a file that looks
finished. A process killed mid-download leaves its part, which the next download of the file
resumes (``geoplug.core._partial``: one process at a time owns a target's part).
Extraction (:mod:`geoplug.core.archives`) checks every member first, refuses decompression
bombs and never deletes what the user has.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from geoplug.core import _partial
from geoplug.core.archives import (
    DEFAULT_MAX_RATIO,
    ArchiveConflictError,
    InsufficientSpaceError,
    extract_archive,
)
from geoplug.core.errors import ChecksumError, InvalidDataError

__all__ = [
    "DEFAULT_MAX_RATIO",
    "DEFAULT_RETRY",
    "ArchiveConflictError",
    "InsufficientSpaceError",
    "Resource",
    "Retry",
    "check_integrity",
    "download_and_extract",
    "download_answer",
    "download_url",
    "extract_archive",
    "fetch",
    "file_digest",
]

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Resource:
    """A file the publisher distributes: where to get it and how to check it.

    ``filename`` is relative to the dataset folder and may name sub-folders (publishers of
    loose file trees); ``splits`` limits the resource to those splits (``None``: needed by
    every split); ``extract`` unpacks it after download.

    Raises:
        ValueError: ``filename`` is empty, absolute or climbs out of the folder with ``..``.
    """

    url: str
    filename: str
    md5: str | None = None
    sha256: str | None = None
    extract: bool = True
    splits: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        path = PurePosixPath(self.filename.replace("\\", "/"))
        if not self.filename or path.is_absolute() or ".." in path.parts:
            raise ValueError(f"Resource filename {self.filename!r} must be a relative path "
                             "inside the dataset folder")


@dataclass(frozen=True)
class Retry:
    """How a download retries: ``attempts`` failures in a row without progress, then give up.

    An attempt that received new bytes resets the count, so a long download survives any
    number of dropped connections as long as it advances. The wait before retry ``n`` is
    ``min(backoff * 2 ** (n - 1), max_delay)`` seconds.
    """

    attempts: int = 5
    backoff: float = 1.0
    max_delay: float = 30.0

    def delay(self, failures: int) -> float:
        """Seconds to wait after ``failures`` consecutive failures."""
        return float(min(self.backoff * 2 ** max(failures - 1, 0), self.max_delay))


#: the policy used when a call passes none (tests may swap in short delays)
DEFAULT_RETRY = Retry()

# statuses worth retrying: timeouts, rate limits and server-side trouble
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


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


# -- fetch ------------------------------------------------------------------------------------
def fetch(
    resources: Iterable[Resource],
    folder: str | os.PathLike[str],
    checksum: bool = False,
    *,
    extract_to: str | os.PathLike[str] | None = None,
    progress: bool = True,
    max_ratio: float | None = DEFAULT_MAX_RATIO,
    retry: Retry | None = None,
) -> list[Path]:
    """Make every resource present under ``folder`` and extract the archives among them.

    A file already there is verified only when ``checksum`` is true; a missing one is
    downloaded, and a fresh download whose checksum is known is always verified. Resources
    with ``extract`` are then unpacked into ``extract_to`` (default ``folder``). A file that
    proves not to be an archive, or damaged, or empty, is moved aside to a hidden
    ``.<name>.failed``, so that the next ``download=True`` fetches it again.

    Returns:
        The local path of each resource, in order.

    Raises:
        ChecksumError: a file present (with ``checksum``) or freshly downloaded does not match
            its published checksum (a bad download is not kept).
        OSError: a download failed after its retries (nothing partial is kept).
        InvalidDataError: an archive is not an archive, is truncated or holds no file.
        UnsafeArchiveError: an archive member would escape the folder, or the archive looks
            like a decompression bomb (see ``max_ratio``).
        ArchiveConflictError: extraction would replace a folder by a file or the reverse.
        InsufficientSpaceError: the archive's content does not fit on the disk.
    """
    folder = Path(folder)
    paths: list[Path] = []
    for resource in resources:
        path = folder / resource.filename
        if path.is_file():
            expected = _expected(resource.md5, resource.sha256)
            if checksum and expected and not file_digest(path, expected[0]).startswith(
                expected[1]
            ):
                raise ChecksumError(
                    f"{path} does not match its published checksum ({expected[0]} "
                    f"{expected[1]}); delete it and run again with download=True to fetch a "
                    "fresh copy"
                )
        else:
            download_url(resource.url, folder, resource.filename, md5=resource.md5,
                         sha256=resource.sha256, progress=progress, retry=retry)
        if resource.extract:
            _extract_or_set_aside(path, Path(extract_to) if extract_to else folder, max_ratio)
        paths.append(path)
    return paths


def _extract_or_set_aside(path: Path, dst: Path, max_ratio: float | None) -> None:
    try:
        extract_archive(path, dst, max_ratio=max_ratio)
    except InvalidDataError as exc:
        aside = path.with_name(f".{path.name}.failed")
        os.replace(path, aside)
        raise type(exc)(
            f"{exc}. The file was moved aside to {aside} so that download=True fetches it "
            "again; delete it once you no longer need it"
        ) from exc


# -- download ---------------------------------------------------------------------------------
def download_url(
    url: str,
    root: str | os.PathLike[str],
    filename: str | None = None,
    md5: str | None = None,
    sha256: str | None = None,
    progress: bool = True,
    timeout: float = 60.0,
    *,
    retry: Retry | None = None,
) -> Path:
    """Download ``url`` into ``root/filename`` unless a verified copy is already there.

    ``filename`` may name sub-folders. A dropped connection or a transient server error is
    retried (``retry``, default :data:`DEFAULT_RETRY`), resuming with a ``Range`` request where
    the server allows it (``If-Range`` guards against a file that changed meanwhile) and
    starting over where it does not. The bytes are verified against ``sha256``/``md5`` before
    the file is renamed into place.

    The bytes collect in ``.<filename>.part``, which a later call resumes when this process
    is killed before it could clean up (with ``If-Range``, so a file changed upstream is
    fetched whole). A second process downloading the same file waits for the first, then
    takes its verified file.

    Returns:
        The path of the complete, verified file.

    Raises:
        ChecksumError: the downloaded bytes do not match ``md5``/``sha256`` (nothing is kept).
        OSError: the server cannot be reached, answers with an error, or the transfer keeps
            being cut short after the retries (nothing is kept; run again to retry).
    """
    root = Path(root)
    name = filename or PurePosixPath(urllib.parse.urlparse(url).path).name or "download"
    target = root / name
    if target.is_file() and check_integrity(target, md5, sha256):
        return target
    expected = _expected(md5, sha256)
    # sub-folders that ``filename`` makes under ``root``: removed again if the download fails
    created = [p for p in (target.parent, *target.parent.parents)
               if p.is_relative_to(root) and p != root and not p.exists()]
    part = _partial.part_path(target)
    try:
        lock = _partial.acquire(target)  # waits while another process downloads the target
    except BaseException:
        _remove_empty(created)
        raise
    try:
        # another process may have completed it while this one waited
        if not (target.is_file() and check_integrity(target, md5, sha256)):
            _partial.remove_old_parts(target)
            _download_part(url, part, lock, expected, target.name, progress, timeout,
                           retry or DEFAULT_RETRY)
            os.replace(part, target)
        part.unlink(missing_ok=True)
    except BaseException:
        part.unlink(missing_ok=True)
        _partial.release(lock, target)
        _remove_empty(created)
        raise
    _partial.release(lock, target)
    return target


def _remove_empty(created: list[Path]) -> None:
    for folder in created:  # deepest first; only the empty folders made for this file
        try:
            folder.rmdir()
        except OSError:
            break


def _download_part(url: str, part: Path, lock: IO[bytes], expected: tuple[str, str] | None,
                   name: str, progress: bool, timeout: float, retry: Retry) -> None:
    """Complete and verify ``part``, continuing the bytes a killed run left in it when the
    lock file says they came from ``url``.

    Raises:
        ChecksumError: the whole file, resumed or not, does not match ``expected``.
        OSError: as :func:`download_url`.
    """
    fd = os.open(part, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(fd, "r+b") as out:
        transfer = _Transfer(url, out, expected[0] if expected else None, name, progress,
                             timeout, lock)
        try:
            transfer.adopt(_partial.read_state(lock))
            transfer.run(retry)
        finally:
            transfer.close()
    if expected is not None and transfer.digest is not None:
        actual = transfer.digest.hexdigest()
        if not actual.startswith(expected[1]):
            raise ChecksumError(
                f"{url}: {expected[0]} is {actual}, expected {expected[1]}; the file is "
                "corrupt or has changed upstream (nothing was kept); run again to retry"
            )


def download_answer(url: str, folder: str | os.PathLike[str], suffix: str = "",
                    timeout: float = 60.0) -> Path:
    """Download a server's answer of the moment (a catalog query, a map tile) into a new
    hidden file of ``folder``, never one left there by another run; the caller deletes it.

    Raises:
        OSError: as :func:`download_url`.
    """
    name = f".answer-{os.getpid()}-{uuid.uuid4().hex}{suffix}"
    return download_url(url, folder, name, progress=False, timeout=timeout)


class _Transfer:
    """One file's transfer across attempts: bytes so far, running digest, progress bar.

    ``state`` (the part's lock file) records each new answer's validator before its bytes
    are written, so that the next run can resume them (:meth:`adopt`) after a kill.
    """

    def __init__(self, url: str, out: IO[bytes], algorithm: str | None, name: str,
                 progress: bool, timeout: float, state: IO[bytes] | None = None) -> None:
        self.url, self.out, self.algorithm, self.timeout = url, out, algorithm, timeout
        self.name, self.state = name, state
        self.digest = hashlib.new(algorithm) if algorithm else None
        self.received = 0
        self.total: int | None = None
        self.validator: str | None = None  # ETag or Last-Modified, sent back as If-Range
        self.by_etag = False  # the validator is an ETag (else a Last-Modified date)
        self.bar = _progress(None, name, progress)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def adopt(self, state: dict[str, Any]) -> None:
        """Continue the bytes already in ``out`` (a killed run's) when ``state`` says they are
        the start of ``url``'s answer; else start from nothing. Whether they may be resumed
        (the file unchanged upstream) is then decided as after a dropped connection."""
        size = self.out.seek(0, os.SEEK_END)
        validator, total = state.get("validator"), state.get("total")
        if (not size or state.get("url") != self.url
                or not isinstance(validator, (str, type(None)))
                or not isinstance(total, (int, type(None)))
                or (total is not None and total < size)):
            self._restart()
            return
        self.validator, self.by_etag, self.total = validator, bool(state.get("etag")), total
        self.received = size
        if self.digest is not None:  # the checksum is of the whole file
            self.out.seek(0)
            for chunk in iter(lambda: self.out.read(_CHUNK), b""):
                self.digest.update(chunk)
        if self.bar is not None:
            self.bar.reset(total=self.total)
            self.bar.update(size)

    def run(self, retry: Retry) -> None:
        """Attempt until complete, or until ``retry.attempts`` failures without progress.

        Raises:
            OSError: the attempts ran out, or a failure that retrying cannot fix.
        """
        furthest, failures = self.received, 0  # (bytes a killed run left are no progress)
        while True:
            error = self._attempt()
            if error is None:
                return
            if self.received > furthest:
                furthest, failures = self.received, 0
            failures += 1
            if failures >= max(retry.attempts, 1):
                raise OSError(f"download of {self.url} was interrupted ({error}); "
                              f"{failures} attempts in a row got no further (at byte "
                              f"{furthest}); run again to retry")
            time.sleep(retry.delay(failures))

    def _attempt(self) -> str | None:
        """One request; ``None`` once the file is complete, else why it is not.

        Raises:
            OSError: a failure that retrying cannot fix (HTTP 4xx, refused connection,
                unknown host, a full disk).
        """
        headers = {"User-Agent": "geoplug"}
        if self.received and self.validator is None and self.digest is None:
            # nothing tells the bytes to come from the same file as ours (no ETag or
            # Last-Modified to check, no checksum): start over rather than splice
            self._restart()
        if self.received:
            headers["Range"] = f"bytes={self.received}-"
            if self.validator:
                headers["If-Range"] = self.validator
        try:
            response = urllib.request.urlopen(
                urllib.request.Request(self.url, headers=headers), timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            if exc.code == 416 and self.received:  # our range makes no sense to the server
                self._restart()
                return "HTTP 416: starting over"
            if exc.code not in _RETRY_STATUS:
                raise OSError(f"cannot download {self.url}: HTTP {exc.code} {exc.reason}") from exc
            return f"HTTP {exc.code} {exc.reason}"
        except urllib.error.URLError as exc:
            if not _transient(exc.reason):
                raise OSError(f"cannot download {self.url}: {exc.reason}") from exc
            return str(exc.reason)
        except (OSError, http.client.HTTPException) as exc:
            if not _transient(exc):
                raise OSError(f"cannot download {self.url}: {exc}") from exc
            return repr(exc)
        with response:
            if not self._accept(response):
                return "the server answered another byte range than asked"
            while True:
                try:
                    chunk = response.read(_CHUNK)
                except (OSError, http.client.HTTPException) as exc:  # connection dropped
                    return f"{type(exc).__name__}: {exc}"
                if not chunk:
                    break
                self.out.write(chunk)  # a full disk is not retried
                self.out.flush()  # what a kill leaves is what was received
                self.received += len(chunk)
                if self.digest is not None:
                    self.digest.update(chunk)
                if self.bar is not None:
                    self.bar.update(len(chunk))
        if self.total is not None and self.received < self.total:
            return f"got {self.received} of {self.total} bytes"
        return None

    def _accept(self, response: Any) -> bool:
        """Take the response's byte range; False when it does not continue our bytes."""
        status = getattr(response, "status", None) or 200
        headers = response.headers
        if status == 206:
            match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+|\*)",
                                 headers.get("Content-Range", "").strip())
            if (match is None or int(match.group(1)) != self.received
                    or self._changed(headers)):
                self._restart()
                return False
            if match.group(3) != "*":
                size = int(match.group(3))
                if self.total is not None and size != self.total:
                    # the file changed size since our first bytes (a server without ETag or
                    # Last-Modified cannot say so through If-Range): start over
                    self._restart()
                    return False
                self.total = size
            return True
        if self.received:  # range ignored (or If-Range: the file changed): start over
            self._restart()
        kind = headers.get("Content-Type", "").split(";")[0].strip().lower()
        if (kind in ("text/html", "application/xhtml+xml")
                and not self.name.lower().endswith((".html", ".htm", ".xhtml"))):
            raise OSError(
                f"{self.url} answered with a web page (Content-Type {kind}), not the file "
                f"{self.name}: the server may want a login or a confirmation, be over a quota, "
                "or have moved the file; open the URL in a browser, or download the file "
                "yourself into the dataset's folder")
        length = headers.get("Content-Length")
        self.total = int(length) if length and length.isdigit() else None
        etag = headers.get("ETag")
        self.by_etag = bool(etag and not etag.startswith("W/"))
        self.validator = etag if self.by_etag else headers.get("Last-Modified")
        if self.state is not None:
            _partial.write_state(self.state, {"url": self.url, "validator": self.validator,
                                              "etag": self.by_etag, "total": self.total})
        if self.bar is not None:
            self.bar.reset(total=self.total)
        return True

    def _changed(self, headers: Any) -> bool:
        """Whether a partial answer names another version of the file than our first bytes
        came from (a server that honours ``Range`` but ignores ``If-Range``)."""
        if self.validator is None:
            return False
        now = headers.get("ETag") if self.by_etag else headers.get("Last-Modified")
        return now is not None and now != self.validator

    def _restart(self) -> None:
        self.out.seek(0)
        self.out.truncate()
        self.received = 0
        self.digest = hashlib.new(self.algorithm) if self.algorithm else None
        if self.bar is not None:
            self.bar.reset(total=self.total)


def _transient(reason: object) -> bool:
    """Is this network failure worth retrying? (A refused connection or unknown host is not.)"""
    if isinstance(reason, (ConnectionRefusedError, socket.gaierror)):
        return False
    return isinstance(reason, (TimeoutError, ConnectionError, http.client.HTTPException))


def _progress(total: int | None, name: str, enabled: bool):  # type: ignore[no-untyped-def]
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=name,
                leave=False)


def download_and_extract(
    url: str,
    root: str | os.PathLike[str],
    filename: str | None = None,
    md5: str | None = None,
    sha256: str | None = None,
    extract_to: str | os.PathLike[str] | None = None,
    progress: bool = True,
) -> Path:
    """Download (verified, atomic) then extract; returns the extraction folder.

    Raises:
        See :func:`download_url` and :func:`extract_archive`.
    """
    archive = download_url(url, root, filename, md5=md5, sha256=sha256, progress=progress)
    return extract_archive(archive, extract_to if extract_to is not None else root)

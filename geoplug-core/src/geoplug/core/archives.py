"""Safe archive extraction: the kind told from the bytes, bombs refused, nothing deleted.

zip, tar (plain or gz/bz2/xz) and single compressed files are recognised by their content, not
their name. Every member is checked before anything is written (no absolute paths, no ``..``,
no links leaving the folder, no devices), the declared content must fit on the disk and within
a generous ratio of the archive's size, and the content is unpacked into a staging folder and
moved into place: folders merge, a file replaces a file, and a file never replaces a folder (or
the reverse) — that is a clear error, with nothing changed.
"""

from __future__ import annotations

import bz2
import contextlib
import errno
import gzip
import lzma
import os
import shutil
import tarfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

from geoplug.core import _staging
from geoplug.core.errors import GeoplugError, InvalidDataError, UnsafeArchiveError

__all__ = [
    "DEFAULT_MAX_RATIO",
    "ArchiveConflictError",
    "ExtractionInProgressError",
    "InsufficientSpaceError",
    "extract_archive",
    "find_below",
    "join_volumes",
    "settle_extractions",
]

_CHUNK = 1 << 20
#: extraction stops when the content outgrows the archive by more than this factor ...
DEFAULT_MAX_RATIO = 100.0
#: ... unless the content stays below this size (small archives of zeros are harmless)
_RATIO_FLOOR = 32 << 20


class ArchiveConflictError(GeoplugError, FileExistsError):
    """Extracting would replace a user's folder by a file (or a file by a folder)."""


class InsufficientSpaceError(GeoplugError, OSError):
    """The archive declares more content than the destination has free space."""


_MAGIC = ((b"\x1f\x8b", "gz"), (b"BZh", "bz2"), (b"\xfd7zXZ\x00", "xz"))
_OPENERS: dict[str | None, Callable[..., Any]] = {
    "gz": gzip.open, "bz2": bz2.open, "xz": lzma.open, None: open}
_TAR_MODES: dict[str | None, Literal["r:", "r:gz", "r:bz2", "r:xz"]] = {
    None: "r:", "gz": "r:gz", "bz2": "r:bz2", "xz": "r:xz"}
_TAR_NAMES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz")
# errors of a damaged compressed stream or container (not of the disk we write to)
_READ_ERRORS = (EOFError, zlib.error, lzma.LZMAError, zipfile.BadZipFile, tarfile.TarError,
                gzip.BadGzipFile)


def _size(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"  # pragma: no cover


def _archive_kind(src: Path) -> tuple[str, str | None]:
    """``("zip"|"tar"|"single", compression)`` from the bytes themselves, not the name.

    A compressed stream is a tar only when its first block is a valid tar header (or it is
    named like a tar and starts with the end-of-archive marker); otherwise it is one
    compressed file, even one whose content starts with 512 zero bytes.

    Raises:
        InvalidDataError: the file is none of the supported formats, or is damaged.
    """
    with open(src, "rb") as f:
        head = f.read(64)
    compression = next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)
    # a plain tar before a zip: is_zipfile finds a zip's directory in the last 64 KiB, which
    # a tar ending with a .zip member holds too (a tar header's checksum no zip passes)
    if compression is None and not _is_tar_header(src) and zipfile.is_zipfile(src):
        return "zip", None
    try:
        with _OPENERS[compression](src, "rb") as f:
            block = f.read(tarfile.BLOCKSIZE)
    except (OSError, *_READ_ERRORS) as exc:
        raise InvalidDataError(f"{src} is not a readable {compression} stream ({exc}); it is "
                               "truncated or damaged") from exc
    if len(block) == tarfile.BLOCKSIZE:
        try:
            tarfile.TarInfo.frombuf(block, tarfile.ENCODING, "surrogateescape")
            return "tar", compression
        except tarfile.HeaderError:
            if not block.strip(b"\0") and src.name.lower().endswith(_TAR_NAMES):
                return "tar", compression  # an empty tar: reported as holding no file
    if compression is not None:
        return "single", compression
    shown = head[:40].decode("ascii", "replace").replace("\n", " ")
    page = " (a web page: did the server send an error page?)" if b"<" in head[:16] else ""
    raise InvalidDataError(
        f"{src} is not a supported archive (zip, tar, tar.gz/bz2/xz, .gz/.bz2/.xz); it starts "
        f"with {shown!r}{page}"
    )


#: beside an archive (``.<name>.extracting``) while its content moves into place: where to
#: (:func:`settle_extractions` of the archive's folder finds an extraction elsewhere by it)
_MARKER = ".extracting"


class ExtractionInProgressError(GeoplugError, TimeoutError):
    """Another process still extracts into a folder after the wait: what it holds is partial."""


def _settle_staging(dst: Path) -> list[Path]:
    """Complete or clear the staging folders in ``dst`` whose extraction's process is gone
    (the kernel dropped its lock, however it died, on whichever host): one killed while moving
    its files into place has the rest moved now (the folder held a complete extraction), one
    killed while unpacking is deleted. Returns the staging folders of live extractions."""
    alive: list[Path] = []
    for folder in dst.glob(f"{_staging.PREFIX}*"):
        if not folder.is_dir():
            continue
        claim = _staging.claim(folder)
        if claim.state == "alive":
            alive.append(folder)
        if claim.state != "dead":
            continue
        moving = (folder / _staging.MOVING).is_file()
        if not os.access(dst, os.W_OK):  # a read-only copy: nothing can be completed here
            if claim.lock is not None:
                claim.lock.close()
            if moving:
                raise InvalidDataError(
                    f"the extraction into {dst} was cut off while moving its files into place "
                    f"(the rest lies in {folder}), and the folder is read-only: its files are "
                    "partial. Extract the archive again where it can be written")
            continue  # a half-unpacked leftover: never read (find_below skips it)
        try:
            if moving:
                moves: list[tuple[Path, Path]] = []
                _plan_merge(folder, dst, moves, [])  # a clash stays in the staging folder
                for item, target in moves:
                    with contextlib.suppress(FileNotFoundError):  # an earlier reader moved it
                        _move(item, target)
        except BaseException:
            if claim.lock is not None:  # what is left stays, for the next reader
                claim.lock.close()
            raise
        _staging.discard(folder, claim.lock)
    return alive


def settle_extractions(folder: str | os.PathLike[str], timeout: float = 3600.0) -> None:
    """Make the extractions into ``folder`` whole before it is read, and those of the
    archives lying in it (wherever they extract to: each leaves a marker beside its archive
    while it moves files into place).

    An extraction killed while moving its files into place left part of the archive's content
    in place, which looks like a complete dataset: its remaining files are moved in now,
    whichever host or container ran it. One that a live process (another rank, another job on
    the shared folder) is unpacking or moving into place is waited for, up to ``timeout``
    seconds. Costs a listing of ``folder`` (and of each marked target).

    Raises:
        ExtractionInProgressError: an extraction still runs after ``timeout`` seconds (its
            files are partial).
    """
    root = Path(folder)
    if not root.is_dir():
        return
    targets: dict[Path, Path | None] = {root: None}
    for found in root.glob(f".*{_MARKER}"):
        try:
            targets[Path(found.read_text(encoding="utf-8").strip())] = found
        except (OSError, ValueError):
            continue
    for dst, marker in targets.items():
        if not dst.is_dir():
            continue
        deadline = time.monotonic() + timeout
        alive = _settle_staging(dst)
        while alive and time.monotonic() < deadline:
            time.sleep(0.2)
            alive = _settle_staging(dst)
        if alive:
            raise ExtractionInProgressError(
                f"another process still extracts into {dst} after {timeout:g} s (its staging "
                f"folder {alive[0].name} is locked): its files there are partial. Wait for it "
                f"and retry; if no process extracts there, delete {alive[0]} and extract again")
        if marker is not None:
            marker.unlink(missing_ok=True)  # its extraction is whole now


def find_below(folder: str | os.PathLike[str], pattern: str) -> Iterator[Path]:
    """``Path(folder).rglob(pattern)`` without what lies in extraction staging folders: an
    extraction killed mid-way (out of memory, power lost) leaves one behind, whose partial
    files a loader must not take for the dataset."""
    folder = Path(folder)
    for path in folder.rglob(pattern):
        if not any(part.startswith(_staging.PREFIX) for part in path.relative_to(folder).parts):
            yield path


def _is_tar_header(src: Path) -> bool:
    with open(src, "rb") as f:
        block = f.read(tarfile.BLOCKSIZE)
    try:
        tarfile.TarInfo.frombuf(block, tarfile.ENCODING, "surrogateescape")
    except tarfile.HeaderError:
        return False
    return True


def _check_tar_end(archive: tarfile.TarFile, src: Path) -> None:
    """Refuse a tar cut short: Python's tarfile takes a missing or partial header for the
    end of the archive, so a tar truncated between members lists only the first ones. A
    whole tar ends with zero blocks after its last member.

    Raises:
        InvalidDataError: no zero block follows the last member.
    """
    stream = archive.fileobj
    if stream is None:
        return
    try:
        stream.seek(archive.offset)
        block = stream.read(tarfile.BLOCKSIZE)
    except (OSError, *_READ_ERRORS) as exc:
        raise InvalidDataError(f"{src} is a truncated tar archive ({exc}); download it "
                               "again") from exc
    if len(block) < tarfile.BLOCKSIZE or block.strip(b"\0"):
        raise InvalidDataError(
            f"{src} is a truncated tar archive: it stops after {len(archive.getmembers())} "
            "member(s) without the end-of-archive blocks; download it again")


def _check_member(name: str, dst: Path) -> None:
    """Refuse a member that would land outside ``dst``, judged by its name alone: a folder of
    ``dst`` that the user linked elsewhere (data kept on another disk) is theirs to use."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or path.drive:
        raise UnsafeArchiveError(
            f"archive member {name!r} would be written outside {dst}; refusing to extract"
        )


def _ratio_limit(src: Path, max_ratio: float | None) -> float | None:
    if max_ratio is None:
        return None
    return max(max_ratio * max(src.stat().st_size, 1), _RATIO_FLOOR)


def _check_declared(src: Path, declared: int, dst: Path, max_ratio: float | None) -> None:
    """Refuse before writing: content larger than the free space, or a bomb's ratio.

    Raises:
        InsufficientSpaceError: ``declared`` bytes do not fit in ``dst``.
        UnsafeArchiveError: ``declared`` exceeds ``max_ratio`` times the archive's size.
    """
    free = shutil.disk_usage(dst).free
    if declared > free:
        raise InsufficientSpaceError(
            f"{src} holds {_size(declared)} but only {_size(free)} are free in {dst}; free "
            "some space or extract it elsewhere"
        )
    limit = _ratio_limit(src, max_ratio)
    if limit is not None and declared > limit:
        raise UnsafeArchiveError(
            f"{src} declares {_size(declared)} of content in {_size(src.stat().st_size)} "
            f"(more than max_ratio={max_ratio:g} times its size): refusing a likely "
            "decompression bomb; if you trust it, pass a larger max_ratio (or None)"
        )


def _copy(fin: IO[bytes], fout: IO[bytes], limit: float | None, src: Path, what: str) -> int:
    """Copy a decompressed stream, stopping once it outgrows ``limit`` bytes.

    Raises:
        UnsafeArchiveError: more than ``limit`` bytes came out.
        InvalidDataError: the compressed data is damaged or truncated.
    """
    written = 0
    while True:
        try:
            chunk = fin.read(_CHUNK)
        except (OSError, *_READ_ERRORS) as exc:
            raise InvalidDataError(f"{src}: {what} is damaged or truncated ({exc})") from exc
        if not chunk:
            return written
        written += len(chunk)
        if limit is not None and written > limit:
            raise UnsafeArchiveError(
                f"{src}: {what} outgrows its limit of {_size(limit)} (its declared size, or "
                "max_ratio times the archive): refusing a likely decompression bomb; if you "
                "trust it, pass a larger max_ratio (or None)"
            )
        fout.write(chunk)


#: The zip method "Deflate64" (PKWARE's enhanced deflate), which zlib cannot read; 7-Zip and
#: Windows write it for large files (Chesapeake's Baywide land cover, for one)
_DEFLATE64 = 9


def _read_deflate64(src: Path) -> None:
    """Teach :mod:`zipfile` Deflate64 (the ``zipfile-deflate64`` package patches it on import).

    Raises:
        InvalidDataError: the package is not installed.
    """
    try:
        import zipfile_deflate64  # noqa: F401
    except ImportError as exc:
        raise InvalidDataError(
            f"{src} is compressed with Deflate64, which Python's zipfile cannot read: "
            "pip install zipfile-deflate64 (geoplug-datasets depends on it), or extract it "
            "with 7-Zip into the same folder") from exc


def _extract_zip(src: Path, dst: Path, staging: Path, max_ratio: float | None) -> None:
    try:
        archive = zipfile.ZipFile(src)
    except _READ_ERRORS as exc:
        raise InvalidDataError(f"{src} is a damaged zip archive ({exc})") from exc
    with archive:
        infos = archive.infolist()
        if any(info.compress_type == _DEFLATE64 for info in infos):
            _read_deflate64(src)
        for info in infos:
            _check_member(info.filename, dst)
        _check_declared(src, sum(i.file_size for i in infos), dst, max_ratio)
        for info in infos:
            target = staging / info.filename
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                member = archive.open(info)
            except (RuntimeError, NotImplementedError, *_READ_ERRORS) as exc:
                raise InvalidDataError(f"{src}: cannot read member {info.filename!r} "
                                       f"({exc})") from exc
            with member, open(target, "wb") as fout:
                _copy(member, fout, info.file_size, src, f"member {info.filename!r}")


def _extract_tar(src: Path, dst: Path, staging: Path, compression: str | None,
                 max_ratio: float | None) -> None:
    try:
        archive = tarfile.open(src, _TAR_MODES[compression])  # noqa: SIM115 (closed below)
    except (OSError, *_READ_ERRORS) as exc:
        raise InvalidDataError(f"{src} is a damaged tar archive ({exc})") from exc
    with archive:
        try:
            members = archive.getmembers()
        except (OSError, *_READ_ERRORS) as exc:
            raise InvalidDataError(f"{src} is a damaged or truncated tar archive "
                                   f"({exc})") from exc
        _check_tar_end(archive, src)
        for member in members:
            _check_member(member.name, dst)
            if member.issym() or member.islnk():
                link = PurePosixPath(member.linkname)
                base = PurePosixPath(member.name).parent if member.issym() else PurePosixPath()
                _check_member(str(base / link), dst)
            if member.isdev():
                raise UnsafeArchiveError(f"archive member {member.name!r} is a device file")
        _check_declared(src, sum(m.size for m in members if m.isreg()), dst, max_ratio)
        try:
            archive.extractall(staging, members=members, filter="data")
        except tarfile.FilterError as exc:
            raise UnsafeArchiveError(f"{src}: {exc}; refusing to extract") from exc
        except _READ_ERRORS as exc:
            raise InvalidDataError(f"{src} is a damaged or truncated tar archive "
                                   f"({exc})") from exc


def _extract_single(src: Path, staging: Path, compression: str, max_ratio: float | None
                    ) -> None:
    suffix = src.suffix.lower()
    name = src.stem if suffix in (".gz", ".gzip", ".bz2", ".xz") else f"{src.name}.out"
    with _OPENERS[compression](src, "rb") as fin, open(staging / name, "wb") as fout:
        _copy(fin, fout, _ratio_limit(src, max_ratio), src, "the compressed file")


def _move(item: Path, target: Path) -> None:
    """``os.replace``, merging a folder into one that another process (a rank extracting the
    same archive) moved there after the moves were planned."""
    try:
        os.replace(item, target)
    except OSError as err:
        if err.errno not in (errno.ENOTEMPTY, errno.EEXIST) or not (
                item.is_dir() and target.is_dir()):
            raise
        moves: list[tuple[Path, Path]] = []
        _plan_merge(item, target, moves, [])  # a clash stays in the staging folder
        for inner, inner_target in moves:
            _move(inner, inner_target)


def _plan_merge(src: Path, dst: Path, moves: list[tuple[Path, Path]],
                conflicts: list[Path]) -> None:
    """What to move from the staging tree ``src`` into ``dst``; a type clash is a conflict."""
    for entry in os.scandir(src):
        if entry.name in (_staging.MOVING, _staging.OWNER):
            continue
        target = dst / entry.name
        if not os.path.lexists(target):
            moves.append((Path(entry.path), target))
        elif entry.is_dir(follow_symlinks=False) and target.is_dir():
            _plan_merge(Path(entry.path), target, moves, conflicts)
        elif not entry.is_dir(follow_symlinks=False) and not target.is_dir():
            moves.append((Path(entry.path), target))  # a file over a file: the archive's copy
        else:
            conflicts.append(target)


def extract_archive(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str] | None = None,
    *,
    max_ratio: float | None = DEFAULT_MAX_RATIO,
) -> Path:
    """Extract a zip, tar(.gz/.bz2/.xz) or single-file .gz/.bz2/.xz archive into ``dst``.

    The kind is told from the bytes, not the name. Every member is checked first and the
    declared content must fit on the disk and within ``max_ratio`` times the archive's size
    (content under 32 MiB is always allowed; ``None`` lifts the ratio for a dataset known to
    compress that well); a stream is stopped once it outgrows its declared size or that ratio.
    The content is unpacked into a staging folder inside ``dst`` and moved into place: folders
    merge, a file replaces a file of the same name, and nothing of the user's is deleted.

    Returns:
        ``dst`` (default: the archive's folder).

    Raises:
        InvalidDataError: the file is not a supported archive, is damaged or truncated, or
            holds no file (a ``ValueError``).
        UnsafeArchiveError: a member is absolute, contains ``..``, links outside ``dst`` or is
            a device, or the archive looks like a decompression bomb.
        ArchiveConflictError: a member is a file where ``dst`` has a folder, or the reverse
            (nothing is changed).
        InsufficientSpaceError: the declared content does not fit in ``dst``.
    """
    src = Path(src)
    dst = Path(dst) if dst is not None else src.parent
    dst.mkdir(parents=True, exist_ok=True)
    kind, compression = _archive_kind(src)
    _settle_staging(dst)
    staging, owner = _staging.make(dst)  # locked while this process works on it
    try:
        if kind == "zip":
            _extract_zip(src, dst, staging, max_ratio)
        elif kind == "tar":
            _extract_tar(src, dst, staging, compression, max_ratio)
        else:
            assert compression is not None
            _extract_single(src, staging, compression, max_ratio)
        if not any(set(files) - {_staging.OWNER} for _, _, files in os.walk(staging)):
            raise InvalidDataError(f"{src} holds no file; it is empty or not the archive "
                                   "expected — delete it and download again")
        moves: list[tuple[Path, Path]] = []
        conflicts: list[Path] = []
        _plan_merge(staging, dst, moves, conflicts)
        if conflicts:
            shown = ", ".join(str(p) for p in conflicts[:5])
            raise ArchiveConflictError(
                f"extracting {src} would put a file where a folder is, or a folder where a "
                f"file is: {shown}{' ...' if len(conflicts) > 5 else ''}. Nothing was "
                "changed; move those away or extract elsewhere"
            )
        marker: Path | None = src.parent / f".{src.name}{_MARKER}"
        try:
            Path(src.parent / f".{src.name}{_MARKER}").write_text(str(dst.resolve()),
                                                                  encoding="utf-8")
        except OSError:  # a read-only archive folder: the target's own check remains
            marker = None
        (staging / _staging.MOVING).touch()  # from here, the staging folder holds the rest
        for item, target in moves:
            _move(item, target)
        if marker is not None:
            marker.unlink(missing_ok=True)
    finally:
        _staging.discard(staging, owner)
    return dst


def join_volumes(volumes: Sequence[Path], target: Path) -> None:
    """Concatenate the volumes of a split archive (``x.tar.001``, ``x.tar.002`` ...) into
    ``target``, atomically: a reader never sees a half-joined file, and an interrupted join
    leaves only a hidden ``.<name>.joining`` that the next join overwrites."""
    partial = target.with_name(f".{target.name}.joining")
    with open(partial, "wb") as out:
        for volume in volumes:
            with open(volume, "rb") as src:
                shutil.copyfileobj(src, out, 1 << 24)
    partial.replace(target)

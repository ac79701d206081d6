"""Fake chip folders (one folder per class) and archives with their checksums.

Chips are written ``<root>/[<split>/]<class>/<class>_<n>.<ext>`` — the layout of EuroSAT, UC
Merced, RESISC45 and most scene-classification benchmarks — as GeoTIFF, PNG or JPEG. Pixel
values follow the kit's rule (``1 + linear index`` over all chips, bands, rows and columns,
see :mod:`geoplug.core.testing.rasters`), so every chip differs from every other and a test can
check the exact values read (:meth:`ChipSet.expected`; JPEG is lossy, compare loosely).

Archives are written deterministically (sorted members, fixed timestamps), so their checksums
are stable from run to run and can be pinned in a test's ``Resource``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import tarfile
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from geoplug.core.testing.rasters import pixel_values

__all__ = ["Archive", "ChipSet", "write_archive", "write_chip_folders"]

_DRIVERS = {"tif": "GTiff", "png": "PNG", "jpg": "JPEG"}


@dataclass(frozen=True)
class ChipSet:
    """What :func:`write_chip_folders` wrote: per split (``None`` without splits) the
    ``(path, label)`` pairs in class order, and the values to expect in each chip."""

    root: Path
    classes: tuple[str, ...]
    bands: int
    size: int
    dtype: str
    fmt: str
    files: Mapping[str | None, list[tuple[Path, int]]]
    _index: Mapping[Path, int] = field(repr=False, default_factory=dict)

    @property
    def exact(self) -> bool:
        """True when :meth:`expected` gives the exact values (not JPEG, no wrap-around)."""
        total = len(self._index) * self.bands * self.size * self.size
        dt = np.dtype(self.dtype)
        cap = 2 ** (np.finfo(dt).nmant + 1) if dt.kind == "f" else int(np.iinfo(dt).max)
        return self.fmt != "jpg" and total < cap

    def label_of(self, path: str | os.PathLike[str]) -> int:
        """The class index of a written chip.

        Raises:
            KeyError: the kit did not write ``path``.
        """
        for pairs in self.files.values():
            for p, label in pairs:
                if p == Path(path):
                    return label
        raise KeyError(f"{path} was not written by write_chip_folders")

    def expected(self, path: str | os.PathLike[str]) -> np.ndarray:
        """The ``[bands, size, size]`` array written to ``path`` (before JPEG compression).

        Raises:
            KeyError: the kit did not write ``path``.
        """
        n = self._index[Path(path)]
        return _chip(n, self.bands, self.size, self.dtype)


def _chip(n: int, bands: int, size: int, dtype: str) -> np.ndarray:
    b, r, c = np.meshgrid(np.arange(bands), np.arange(size), np.arange(size), indexing="ij")
    return pixel_values(((n * bands + b) * size + r) * size + c, dtype)


def write_chip_folders(
    root: str | os.PathLike[str],
    classes: Sequence[str] = ("cropland", "forest", "water"),
    *,
    per_class: int | Mapping[str, int] = 3,
    splits: Sequence[str] | None = None,
    bands: int = 3,
    size: int = 16,
    dtype: str = "uint8",
    fmt: str = "tif",
    crs: str | None = "EPSG:32631",
    res: float = 10.0,
) -> ChipSet:
    """Write class-per-folder chips; ``per_class`` may differ by split (``{"train": 4}``).

    ``fmt`` is ``"tif"`` (GeoTIFF, georeferenced in ``crs`` unless it is ``None``), ``"png"``
    (uint8/uint16, 1-4 bands) or ``"jpg"`` (uint8, 1 or 3 bands; lossy).

    Raises:
        ValueError: unknown ``fmt``, a band count or dtype the format cannot hold, or a split
            missing from ``per_class``.
    """
    import rasterio
    from affine import Affine

    if fmt not in _DRIVERS:
        raise ValueError(f"fmt must be one of {', '.join(_DRIVERS)}, got {fmt!r}")
    if fmt == "jpg" and (dtype != "uint8" or bands not in (1, 3)):
        raise ValueError("JPEG chips are uint8 with 1 or 3 bands")
    if fmt == "png" and (dtype not in ("uint8", "uint16") or not 1 <= bands <= 4):
        raise ValueError("PNG chips are uint8 or uint16 with 1 to 4 bands")
    root = Path(root)
    split_names: list[str | None] = list(splits) if splits else [None]
    files: dict[str | None, list[tuple[Path, int]]] = {}
    index: dict[Path, int] = {}
    n = 0
    for split in split_names:
        if isinstance(per_class, Mapping):
            if split is None or split not in per_class:
                raise ValueError(f"per_class has no count for split {split!r} (a mapping of "
                                 "counts needs splits)")
            count = per_class[split]
        else:
            count = per_class
        pairs: list[tuple[Path, int]] = []
        for label, cls in enumerate(classes):
            folder = root / split / cls if split is not None else root / cls
            folder.mkdir(parents=True, exist_ok=True)
            for k in range(count):
                path = folder / f"{cls}_{k + 1}.{fmt}"
                profile: dict[str, Any] = {"driver": _DRIVERS[fmt], "width": size,
                                           "height": size, "count": bands, "dtype": dtype}
                if fmt == "tif" and crs is not None:
                    left = 500000.0 + n * size * res
                    profile.update(crs=crs, transform=Affine(res, 0, left, 0, -res, 5600000.0))
                if fmt == "jpg":
                    profile["quality"] = 95
                with warnings.catch_warnings():  # PNG/JPEG chips carry no georeference
                    warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
                    with rasterio.open(path, "w", **profile) as dst:
                        dst.write(_chip(n, bands, size, dtype))
                for aux in folder.glob(f"{path.name}.aux.xml"):
                    aux.unlink()
                pairs.append((path, label))
                index[path] = n
                n += 1
        files[split] = pairs
    return ChipSet(root, tuple(classes), bands, size, np.dtype(dtype).name, fmt, files, index)


@dataclass(frozen=True)
class Archive:
    """An archive written by :func:`write_archive` and its checksums."""

    path: Path
    md5: str
    sha256: str
    size: int
    members: tuple[str, ...]


def write_archive(
    source: str | os.PathLike[str],
    archive: str | os.PathLike[str],
    *,
    arcname: str | None = None,
) -> Archive:
    """Pack the folder ``source`` into ``archive`` (``.zip``, ``.tar``, ``.tar.gz``/``.tgz``).

    Members are stored under ``arcname/`` (default: the folder's name; ``""`` puts the
    folder's content at the archive root), sorted, with fixed timestamps, so the same tree
    always gives the same bytes and checksums.

    Raises:
        ValueError: unknown archive suffix.
        NotADirectoryError: ``source`` is not a folder.
    """
    source, archive = Path(source), Path(archive)
    if not source.is_dir():
        raise NotADirectoryError(f"{source} is not a folder")
    prefix = source.name if arcname is None else arcname.strip("/")
    entries = sorted(p for p in source.rglob("*") if p.is_file() or p.is_dir())
    members = [(p, "/".join(filter(None, [prefix, p.relative_to(source).as_posix()])))
               for p in entries]
    if prefix:
        members.insert(0, (source, prefix))
    archive.parent.mkdir(parents=True, exist_ok=True)
    name = archive.name.lower()
    if name.endswith(".zip"):
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path, arc in members:
                zinfo = zipfile.ZipInfo(arc + "/" if path.is_dir() else arc,
                                        (1980, 1, 1, 0, 0, 0))
                zinfo.external_attr = (0o40755 if path.is_dir() else 0o100644) << 16
                zinfo.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(zinfo, b"" if path.is_dir() else path.read_bytes())
    elif name.endswith((".tar", ".tar.gz", ".tgz")):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tf:
            for path, arc in members:
                tinfo = tarfile.TarInfo(arc)
                tinfo.mtime = 0
                if path.is_dir():
                    tinfo.type, tinfo.mode = tarfile.DIRTYPE, 0o755
                    tf.addfile(tinfo)
                else:
                    data = path.read_bytes()
                    tinfo.size, tinfo.mode = len(data), 0o644
                    tf.addfile(tinfo, io.BytesIO(data))
        payload = buffer.getvalue()
        if name.endswith(".tar"):
            archive.write_bytes(payload)
        else:
            with open(archive, "wb") as raw, gzip.GzipFile(
                    filename="", mode="wb", fileobj=raw, mtime=0) as gz:
                gz.write(payload)
    else:
        raise ValueError(f"{archive.name}: use a .zip, .tar, .tar.gz or .tgz name")
    data = archive.read_bytes()
    return Archive(archive, hashlib.md5(data).hexdigest(), hashlib.sha256(data).hexdigest(),
                   len(data), tuple(arc for _, arc in members))

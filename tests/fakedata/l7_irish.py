"""Fake L7 Irish scenes as USGS distributes them: ``<zone>/p<path>_r<row>/`` with the band
files ``L7<k><path><row>_<row><date>_B<nn>.TIF`` (``L72`` for B62, B70, B80; uint8, UTM,
30 m; B80 at 15 m) and the mask ``L7_p<path>_r<row>_newmask2015.TIF`` (codes 0, 64, 128,
192, 255).

Scene ``k``'s band ``b`` holds ``irish_value(k, b, x, y)`` at the map coordinates of each
pixel centre (so the 15 m band agrees with the 30 m ones) and its mask
``irish_mask(k, row, col)``. Variants of the publisher's history: the older mask name
``p<path>_r<row>_mask2019.TIF`` with thin cloud coded 191, two masks in one folder, and the
per-zone ``<zone>.tar.gz`` archives (:func:`tar_zone`).

TorchGeo's Hugging Face mirror (what ``download=True`` fetches) repacks each scene as one
9-band uint8 GeoTIFF on the 30 m grid, ``l7irish/<zone>/p<path>_r<row>[_<n>]/
L71<path><row>_<row><date>.TIF`` beside ``L7_p<path>_r<row>_newmask2015.TIF``
(:func:`mirror_scene`), and ships ``<zone>.tar.gz`` holding ``l7irish/<zone>/``
(:func:`tar_mirror_zone`).
"""

from __future__ import annotations

import hashlib
import shutil
import tarfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["BANDS", "CODES", "irish_mask", "irish_scene", "irish_value", "mirror_downloaded",
           "mirror_scene", "tar_mirror_zone", "tar_zone"]

T = TypeVar("T")

BANDS = ("B10", "B20", "B30", "B40", "B50", "B61", "B62", "B70", "B80")
CODES = np.array([0, 64, 128, 192, 255], np.uint8)


def irish_value(k: int, band: str, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """DN of ``band`` of scene ``k`` at map coordinates (1-250)."""
    b = BANDS.index(band)
    return (1 + (7 * k + 11 * b + (xs // 30) % 13 + 2 * ((ys // 30) % 9)) % 250).astype(
        np.uint8)


def irish_mask(k: int, rows: np.ndarray, cols: np.ndarray, thin: int = 192) -> np.ndarray:
    """Mask code of scene ``k`` at ``rows``/``cols`` (thin cloud coded ``thin``)."""
    codes = CODES.copy()
    codes[3] = thin
    return codes[(k + rows + 2 * cols) % 5]


def irish_scene(root: str | Path, zone: str = "austral", path: int = 226, row: int = 98,
                when: date = date(2001, 11, 12), k: int = 0, epsg: int = 32720,
                origin: tuple[float, float] = (300000.0, 4000000.0), size: int = 24,
                mask: bool = True, mask_name: str | None = None, thin: int = 192,
                suffix: str = "") -> Path:
    """Write one scene folder ``p<path>_r<row><suffix>``; return it.

    ``mask_name`` replaces the mask's name (e.g. ``p226_r98_mask2019.TIF``); ``thin`` is the
    code of thin cloud in it.
    """
    folder = Path(root) / zone / f"p{path}_r{row}{suffix}"
    stem = f"{path:03d}{row:03d}_{row:03d}{when:%Y%m%d}"
    for band in BANDS:
        res = 15.0 if band == "B80" else 30.0
        n = int(size * 30 / res)
        rows, cols = grid(n, n)
        xs = origin[0] + (cols + 0.5) * res
        ys = origin[1] - (rows + 0.5) * res
        gain = "2" if band in ("B62", "B70", "B80") else "1"
        write_tif(folder / f"L7{gain}{stem}_{band}.TIF", irish_value(k, band, xs, ys),
                  f"EPSG:{epsg}", Affine(res, 0, origin[0], 0, -res, origin[1]))
    if mask:
        rows, cols = grid(size, size)
        write_tif(folder / (mask_name or f"L7_p{path}_r{row}{suffix}_newmask2015.TIF"),
                  irish_mask(k, rows, cols, thin), f"EPSG:{epsg}",
                  Affine(30.0, 0, origin[0], 0, -30.0, origin[1]))
    return folder


def tar_zone(root: str | Path, zone: str) -> Path:
    """Pack ``root/<zone>/`` into ``root/<zone>.tar.gz`` and remove the folder, as USGS
    distributes the zones; return the archive."""
    root = Path(root)
    archive = root / f"{zone}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(root / zone, arcname=zone)
    shutil.rmtree(root / zone)
    return archive


def mirror_scene(root: str | Path, zone: str = "austral", path: int = 226, row: int = 98,
                 when: date = date(2001, 11, 12), k: int = 0, epsg: int = 32720,
                 origin: tuple[float, float] = (300000.0, 4000000.0), size: int = 24,
                 suffix: str = "") -> Path:
    """Write one scene folder of the mirror under ``root/l7irish/<zone>/``; return it.

    Band ``b`` of the 9-band file holds ``irish_value(k, BANDS[b], x, y)`` at the 30 m pixel
    centres (B80 included), the mask ``irish_mask(k, row, col)``.
    """
    folder = Path(root) / "l7irish" / zone / f"p{path}_r{row}{suffix}"
    rows, cols = grid(size, size)
    xs = origin[0] + (cols + 0.5) * 30.0
    ys = origin[1] - (rows + 0.5) * 30.0
    stack = np.stack([irish_value(k, band, xs, ys) for band in BANDS])
    transform = Affine(30.0, 0, origin[0], 0, -30.0, origin[1])
    write_tif(folder / f"L71{path:03d}{row:03d}_{row:03d}{when:%Y%m%d}.TIF", stack,
              f"EPSG:{epsg}", transform)
    write_tif(folder / f"L7_p{path}_r{row}_newmask2015.TIF", irish_mask(k, rows, cols),
              f"EPSG:{epsg}", transform)
    return folder


def tar_mirror_zone(root: str | Path, zone: str, into: str | Path | None = None,
                    top: str = "l7irish") -> Path:
    """Pack ``root/<top>/<zone>/`` into ``<into or root>/<zone>.tar.gz`` (members under
    ``<top>/<zone>/``, as the mirror ships them) and remove the folder; return the archive."""
    root = Path(root)
    archive = Path(into or root) / f"{zone}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(root / top / zone, arcname=f"{top}/{zone}")
    shutil.rmtree(root / top / zone)
    return archive


def mirror_downloaded(monkeypatch: Any, module: Any, archives: dict[str, Path], url: str,
                      build: Callable[[Path], T], folder: Path) -> T:
    """Serve ``archives`` (name -> archive under the server root at ``url``) as the mirror of
    ``module`` (its ``_URL`` and ``_SHA256S``): with wrong SHA-256s the download into
    ``folder / "bad"`` raises ChecksumError and keeps no archive; with theirs
    ``build(folder / "ok")`` downloads them and its result is returned."""
    import pytest  # here: the generators run without pytest

    from geoplug.core.errors import ChecksumError

    monkeypatch.setattr(module, "_URL", f"{url}/{{}}.tar.gz")
    monkeypatch.setattr(module, "_SHA256S", {name: "0" * 64 for name in archives})
    with pytest.raises(ChecksumError):
        build(folder / "bad")
    assert not list((folder / "bad").glob("*.tar.gz"))  # a bad download is not kept
    monkeypatch.setattr(module, "_SHA256S", {
        name: hashlib.sha256(a.read_bytes()).hexdigest() for name, a in archives.items()})
    return build(folder / "ok")

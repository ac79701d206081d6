"""Shared by the fake global layers (issue 19) and their tests: one GeoTIFF with a real CRS,
flat zips, pixel windows and the checked download of a served zip."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import rasterio
from affine import Affine

from geoplug.core import BoundingBox
from geoplug.core.errors import ChecksumError

__all__ = ["downloaded_checked", "grid", "window", "write_tif", "zip_flat"]

T = TypeVar("T")


def downloaded_checked(monkeypatch: Any, module: Any, archive: Path, url: str,
                       build: Callable[[Path], T], folder: Path) -> T:
    """Serve ``archive`` as ``module._URL`` (``url``): with a wrong ``module._MD5`` the download
    into ``folder / "bad"`` raises ChecksumError; with the archive's MD5 ``build(folder /
    "ok")`` downloads it and its result is returned."""
    import pytest  # here: the generators import this module and run without pytest

    monkeypatch.setattr(module, "_URL", url)
    monkeypatch.setattr(module, "_MD5", "0" * 32)
    with pytest.raises(ChecksumError):
        build(folder / "bad")
    monkeypatch.setattr(module, "_MD5", hashlib.md5(archive.read_bytes()).hexdigest())
    return build(folder / "ok")


def grid(height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column index arrays of a ``height`` x ``width`` raster."""
    cols, rows = np.meshgrid(np.arange(width), np.arange(height))
    return rows, cols


def window(corner: tuple[float, float], res: float, row: int, col: int, n: int,
           times: tuple[float, float] = (-np.inf, np.inf)) -> BoundingBox:
    """The query of ``n`` x ``n`` pixels (``res`` wide) from pixel (``row``, ``col``) of a
    north-up raster whose upper-left corner is ``corner``, over ``times``."""
    x, y = corner
    return BoundingBox(x + col * res, x + (col + n) * res, y - (row + n) * res, y - row * res,
                       *times)


def write_tif(path: str | Path, data: np.ndarray, crs: str, transform: Affine,
              nodata: float | None = None, **profile: Any) -> Path:
    """Write ``data`` (``[H, W]`` or ``[C, H, W]``) as a GeoTIFF; return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    array = data if data.ndim == 3 else data[None]
    profile.setdefault("driver", "GTiff")
    with rasterio.open(path, "w", width=array.shape[2], height=array.shape[1],
                       count=array.shape[0], dtype=array.dtype, crs=crs, transform=transform,
                       nodata=nodata, **profile) as dst:
        dst.write(array)
    return path


def zip_flat(path: str | Path, files: list[Path], extra: dict[str, str] | None = None,
             remove: Path | None = None) -> Path:
    """Write the zip ``path`` holding ``files`` at its top (and ``extra`` text members), then
    delete the staging folder ``remove``; return ``path``."""
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.write(file, file.name)
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    if remove is not None:
        shutil.rmtree(remove)
    return path

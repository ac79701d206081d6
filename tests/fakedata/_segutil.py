"""Small writers shared by the segmentation fake-data generators (real formats, tiny sizes)."""

from __future__ import annotations

import hashlib
import tarfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin


def write_tif(path: Path, array: np.ndarray, crs: str | None = "EPSG:32633",
              origin: tuple[float, float] = (368000.0, 5808000.0), res: float = 0.05,
              ) -> None:
    """Write a ``[C,H,W]`` (or ``[H,W]``) array as a GeoTIFF (no georeference if crs is None)."""
    if array.ndim == 2:
        array = array[None]
    path.parent.mkdir(parents=True, exist_ok=True)
    profile = {"driver": "GTiff", "width": array.shape[2], "height": array.shape[1],
               "count": array.shape[0], "dtype": array.dtype.name}
    if crs is not None:
        profile.update(crs=CRS.from_string(crs), transform=from_origin(*origin, res, res))
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(array)


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def zip_tree(archive: Path, base: Path, members: Iterable[Path]) -> Path:
    """Zip ``members`` with names relative to ``base`` (as the publisher's archive lists them)."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w") as zf:
        for member in sorted(members):
            zf.write(member, member.relative_to(base).as_posix())
    return archive


def tar_tree(archive: Path, base: Path, members: Iterable[Path]) -> Path:
    """A .tar.gz of ``members`` named relative to ``base``."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "w:gz") as tf:
        for member in sorted(members):
            tf.add(member, member.relative_to(base).as_posix())
    return archive


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def served_resources(resources: tuple, base_url: str, md5s: dict[str, str]) -> tuple:
    """The dataset's resources pointed at a local server (same file names, fake md5s)."""
    import dataclasses

    return tuple(dataclasses.replace(r, url=f"{base_url}/{r.filename}", md5=md5s[r.filename],
                                     sha256=None) for r in resources)


def wrong_md5(resources: tuple) -> tuple:
    import dataclasses

    return tuple(dataclasses.replace(r, md5="0" * 32, sha256=None) for r in resources)

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


def pixel_value(index: int, band: int, row: int, col: int, dtype: str = "uint8") -> float:
    """The value at (row, col) of band ``band`` of file ``index`` (see :func:`coded_image`).

    Integer types hold ``41 i + 17 b + 7 r + 3 c + r c`` (modulo 256 for uint8, 65536 for
    uint16; ``1000 i + 100 b`` for the file and band in uint16): the ``r c`` term means no
    shifted window reads the same values, and ``7 r + 3 c`` differs from its transpose off the
    diagonal. Floats hold ``1000 i + 100 b + r + c / 64`` exactly (unique per pixel for c < 64).
    """
    if dtype.startswith("float"):
        return 1000.0 * index + 100.0 * band + row + col / 64.0
    if dtype == "uint8":
        return (41 * index + 17 * band + 7 * row + 3 * col + row * col) % 256
    return (1000 * index + 100 * band + 7 * row + 3 * col + row * col) % 65536


def coded_image(index: int, bands: int, height: int, width: int,
                dtype: str = "uint8") -> np.ndarray:
    """``[bands,H,W]`` whose pixels encode file, band, row and column (:func:`pixel_value`)."""
    rows, cols = np.indices((height, width), dtype=np.int64)
    out = []
    for b in range(bands):
        if dtype.startswith("float"):
            out.append(1000.0 * index + 100.0 * b + rows + cols / 64.0)
        else:
            mod = 256 if dtype == "uint8" else 65536
            base = 41 * index + 17 * b if dtype == "uint8" else 1000 * index + 100 * b
            out.append((base + 7 * rows + 3 * cols + rows * cols) % mod)
    return np.stack(out).astype(dtype)


def coded_labels(index: int, height: int, width: int, classes: int) -> np.ndarray:
    """``[H,W]`` int64 class ids hashed from file, row and column (no window repeats another).

    A class id cannot hold a whole pixel address, so it is a hash of it: comparing a chip's
    mask with the slice of this map proves the file and the window the mask came from.
    """
    rows, cols = np.indices((height, width), dtype=np.uint64)
    h = (rows * np.uint64(4099) + cols + np.uint64(index) * np.uint64(16785407))
    h = h * np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing, then an xor-shift mix
    h ^= h >> np.uint64(29)
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(32)
    return (h % np.uint64(classes)).astype(np.int64)


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

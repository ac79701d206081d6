"""Read one image chip as ``[C, H, W]``: JPEG/PNG with Pillow, other formats with rasterio.

The class-per-folder datasets (:class:`~geoplug.core.nongeo.NonGeoClassificationDataset`)
read thousands of small files, so only the selected bands are decoded, and an unreadable file
is reported by name with what to do about it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from geoplug.core.errors import InvalidDataError

__all__ = ["PIL_SUFFIXES", "read_chip"]

#: decoded with Pillow (faster than GDAL for these and free of georeferencing)
PIL_SUFFIXES = (".jpg", ".jpeg", ".png")


def read_chip(path: Path, band_indices: Sequence[int] | None = None
              ) -> tuple[np.ndarray, dict[str, Any]]:
    """The selected bands (0-based, in this order; ``None``: all) of one chip as ``[C, H, W]``.

    Also returns the chip's georeference, ``{"crs": CRS, "bounds": BoundingBox}``, when the
    file has one (GeoTIFF chips), else ``{}``. Chips without georeferencing are legitimate, so
    rasterio's ``NotGeoreferencedWarning`` is silenced here.

    Raises:
        InvalidDataError: the file cannot be decoded or has fewer bands than selected.
    """
    if path.suffix.lower() in PIL_SUFFIXES:
        return _read_pil(path, band_indices), {}
    return _read_raster(path, band_indices)


def _too_few(path: Path, count: int, band_indices: Sequence[int]) -> InvalidDataError:
    return InvalidDataError(
        f"{path} has {count} band(s), expected at least {max(band_indices) + 1}; is this the "
        "right release of the dataset?"
    )


#: PIL modes of one band of more than 8 bits, which a conversion would clamp to 0-255
NUMERIC_MODES = ("I;16", "I;16L", "I;16B", "I;16N", "I", "F")


def pil_array(img: Any) -> np.ndarray:
    """A PIL image's pixels: RGB and grey as they are, 16-bit, 32-bit and float bands at
    their depth (native byte order), other modes (palette, CMYK, RGBA...) as RGB."""
    if img.mode in NUMERIC_MODES:
        array = np.asarray(img)
        return array.astype(array.dtype.newbyteorder("="), copy=False)
    return np.asarray(img if img.mode in ("RGB", "L") else img.convert("RGB"))


def _read_pil(path: Path, band_indices: Sequence[int] | None) -> np.ndarray:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            array = pil_array(img)
    except (OSError, UnidentifiedImageError) as exc:
        raise InvalidDataError(f"cannot read image {path}: {exc}; the file is corrupt or "
                               "truncated — extract the archive again") from exc
    if array.ndim == 2:
        array = array[:, :, None]
    chw = array.transpose(2, 0, 1)
    if band_indices is None:
        return np.ascontiguousarray(chw)
    if max(band_indices) >= chw.shape[0]:
        raise _too_few(path, chw.shape[0], band_indices)
    return np.ascontiguousarray(chw[list(band_indices)])


def _read_raster(path: Path, band_indices: Sequence[int] | None
                 ) -> tuple[np.ndarray, dict[str, Any]]:
    import rasterio
    from rasterio.errors import NotGeoreferencedWarning, RasterioIOError

    from geoplug.core.bbox import BoundingBox

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)
            with rasterio.open(path) as src:
                if band_indices is not None and max(band_indices) >= src.count:
                    raise _too_few(path, src.count, band_indices)
                array = src.read(None if band_indices is None
                                 else [i + 1 for i in band_indices])
                georef: dict[str, Any] = {}
                if src.crs is not None:
                    b = src.bounds
                    georef = {"crs": src.crs,
                              "bounds": BoundingBox(b.left, b.right, b.bottom, b.top)}
    except RasterioIOError as exc:
        raise InvalidDataError(f"cannot read {path}: {exc}; the file is corrupt or truncated "
                               "— extract the archive again") from exc
    return array, georef

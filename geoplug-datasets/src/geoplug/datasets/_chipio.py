"""Reading helpers shared by the detection, change and time-series chip datasets.

They wrap rasterio/PIL so every loader reports an unreadable file the same way (naming the
file and what to do) and returns ``[C, H, W]`` arrays in the band order it asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from geoplug.core.errors import InvalidDataError

__all__ = ["geo_fields", "rasterize_shapes", "read_image", "read_raster"]


def read_raster(path: Path, indexes: Sequence[int] | None = None,
                out_shape: tuple[int, int] | None = None) -> tuple[np.ndarray, Any, Any]:
    """Read bands (0-based ``indexes``; all if None) of a raster as ``[C, H, W]``.

    ``out_shape`` resamples bilinearly on read (GDAL does it), for bands of coarser GSD.

    Returns:
        The array, the affine transform and the CRS (``None`` if the file has none).

    Raises:
        InvalidDataError: the file cannot be opened or decoded.
    """
    import rasterio
    from rasterio.enums import Resampling

    bands = [i + 1 for i in indexes] if indexes is not None else None
    try:
        with rasterio.open(path) as src:
            if bands is None:
                bands = list(range(1, src.count + 1))
            shape = (len(bands), *out_shape) if out_shape else None
            array = src.read(bands, out_shape=shape, resampling=Resampling.bilinear)
            return array, src.transform, src.crs
    except rasterio.errors.RasterioError as exc:
        raise InvalidDataError(
            f"cannot read {path}: {exc}; the file may be truncated — extract or download it again"
        ) from exc


def read_image(path: Path, mode: str = "RGB") -> np.ndarray:
    """Decode a PNG/JPEG with PIL as ``[C, H, W]`` (``mode="L"``: ``[H, W]``; a 16-bit,
    32-bit or float image at its own depth, not clamped to 8 bits).

    Raises:
        InvalidDataError: the file is missing or not a decodable image.
    """
    from PIL import Image, UnidentifiedImageError

    from geoplug.core.chipfiles import NUMERIC_MODES, pil_array

    try:
        with Image.open(path) as img:
            array = (pil_array(img) if mode == "L" and img.mode in NUMERIC_MODES
                     else np.asarray(img.convert(mode)))
    except (OSError, UnidentifiedImageError) as exc:
        raise InvalidDataError(
            f"cannot read {path}: {exc}; the file may be truncated — extract or download it again"
        ) from exc
    return array if array.ndim == 2 else np.ascontiguousarray(array.transpose(2, 0, 1))


def geo_fields(transform: Any, crs: Any, shape: tuple[int, int]) -> dict[str, Any]:
    """``crs`` and ``bounds`` (a :class:`BoundingBox`) of a georeferenced chip; ``{}`` if none."""
    from rasterio.transform import array_bounds

    from geoplug.core.bbox import BoundingBox

    if crs is None:
        return {}
    west, south, east, north = array_bounds(shape[0], shape[1], transform)
    return {"crs": crs, "bounds": BoundingBox(west, east, south, north)}


def rasterize_shapes(shapes: Iterable[tuple[Any, int]], shape: tuple[int, int],
                     transform: Any = None) -> np.ndarray:
    """Burn ``(geometry, value)`` pairs into an int64 ``[H, W]`` mask (0 = background).

    Pixel-space geometries use the identity transform (x = column, y = row).
    """
    from rasterio.features import rasterize
    from rasterio.transform import IDENTITY

    items = [(g, v) for g, v in shapes if g is not None]
    if not items:
        return np.zeros(shape, dtype=np.int64)
    mask = rasterize(items, out_shape=shape, transform=transform or IDENTITY, fill=0,
                     dtype="int32")
    return mask.astype(np.int64)

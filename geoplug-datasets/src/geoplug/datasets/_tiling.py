"""Chips cut from large tiles with windowed reads.

Several benchmarks ship big tiles (ISPRS orthophotos, GID-15 scenes, LandCover.ai orthophotos,
Sentinel-2 tiles of the Radiant Earth crop datasets) but are used as fixed-size chips. Reading
only the chip's window keeps memory and I/O proportional to the chip, not to the tile; the
grid covers every tile to its edges so no labelled pixel is left out.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import rasterio
from rasterio.errors import NotGeoreferencedWarning, RasterioIOError
from rasterio.windows import Window

from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import InvalidDataError

__all__ = ["Chip", "check_chip_args", "chip_footprints", "chip_offsets", "chip_windows",
           "raster_size", "read_window"]


@dataclass(frozen=True)
class Chip:
    """One chip: which tile (an index into the dataset's tile list) and which window."""

    tile: int
    window: Window


def chip_footprints(chips: Sequence[Chip | tuple[int, Window | None]]
                    ) -> list[tuple[int, int, int, int, int]]:
    """``(tile, row, col, height, width)`` of each chip (``NonGeoDataset.footprints``); a
    chip without a window is its whole tile."""
    out = []
    for chip in chips:
        tile, window = (chip.tile, chip.window) if isinstance(chip, Chip) else chip
        if window is None:
            out.append((tile, 0, 0, _WHOLE, _WHOLE))
        else:
            out.append((tile, int(window.row_off), int(window.col_off), int(window.height),
                        int(window.width)))
    return out


#: the side of a whole tile's footprint (larger than any tile)
_WHOLE = 2**31 - 1


def check_chip_args(name: str, patch_size: int | None, stride: int | None) -> None:
    """Refuse a chip side or step that is not positive (``None``: whole tiles / the side).

    Raises:
        ValueError: ``patch_size`` or ``stride`` is zero or negative.
    """
    if (patch_size is not None and patch_size <= 0) or (stride is not None and stride <= 0):
        raise ValueError(f"{name}: patch_size and stride must be positive or None "
                         f"(got {patch_size}, {stride})")


def chip_offsets(length: int, size: int, stride: int) -> list[int]:
    """Start offsets of chips of ``size`` every ``stride`` pixels, the last one flush with the end.

    A tile shorter than ``size`` yields one chip at 0 (of the tile's length).

    Raises:
        ValueError: ``size`` or ``stride`` is not positive.
    """
    if size <= 0 or stride <= 0:
        raise ValueError(f"chip size ({size}) and stride ({stride}) must be positive")
    if length <= size:
        return [0]
    offsets = list(range(0, length - size + 1, stride))
    if offsets[-1] != length - size:
        offsets.append(length - size)
    return offsets


def chip_windows(width: int, height: int, size: int | None, stride: int | None = None
                 ) -> list[Window]:
    """Row-major windows covering a ``width`` x ``height`` tile (``size=None``: the whole tile).

    Raises:
        ValueError: ``size`` or ``stride`` is not positive.
    """
    if size is None:
        return [Window(0, 0, width, height)]
    step = stride if stride is not None else size
    return [
        Window(x, y, min(size, width), min(size, height))
        for y in chip_offsets(height, size, step)
        for x in chip_offsets(width, size, step)
    ]


def raster_size(path: str | os.PathLike[str]) -> tuple[int, int]:
    """``(width, height)`` from the file's header (no pixels are read).

    Raises:
        InvalidDataError: the file cannot be opened as a raster.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)
            with rasterio.open(path) as src:
                return src.width, src.height
    except RasterioIOError as exc:
        raise InvalidDataError(f"cannot open {path} as a raster: {exc}; the file may be "
                               "corrupt or truncated — delete it and extract again") from exc


def read_window(
    path: str | os.PathLike[str],
    window: Window | None = None,
    indexes: Sequence[int] | None = None,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Read ``indexes`` (1-based bands, default all) of ``window`` (default the whole raster).

    Returns:
        The ``[C,H,W]`` array in the file's dtype and, when the file is georeferenced,
        ``{"crs": CRS, "bounds": BoundingBox}`` of the window (else an empty dict).

    Raises:
        InvalidDataError: the file cannot be read, or the window falls outside it.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)
            with rasterio.open(path) as src:
                if window is not None and (window.col_off + window.width > src.width
                                           or window.row_off + window.height > src.height):
                    raise InvalidDataError(
                        f"{path} is {src.width}x{src.height} px, smaller than the chip "
                        f"{window}; the file does not match its siblings"
                    )
                array = src.read(list(indexes) if indexes is not None else None,
                                 window=window)
                geo: dict[str, Any] = {}
                if src.crs is not None:
                    win = window if window is not None else Window(0, 0, src.width, src.height)
                    t = src.transform
                    xs, ys = zip(*(t @ (c, r) for c in (win.col_off, win.col_off + win.width)
                                   for r in (win.row_off, win.row_off + win.height)))
                    geo = {"crs": src.crs,
                           "bounds": BoundingBox(min(xs), max(xs), min(ys), max(ys))}
                return array, geo
    except RasterioIOError as exc:
        raise InvalidDataError(f"cannot read {path}: {exc}; the file may be corrupt or "
                               "truncated — delete it and extract again") from exc

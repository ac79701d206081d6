"""Fake NCCM crop maps: ``CDL2017_clip.tif``, ``CDL2018_clip1.tif``, ``CDL2019_clip.tif`` as
figshare 13090442 names them (one int8 band of codes 0-3 and 15 = no data, WGS 84, 10 m as
8.983e-05 degree), and figshare's zip of the article, ``13090442.zip``.

The map of ``year`` holds ``nccm_value(year, row, col)``: crop codes 0-3 cycling with the year
and the pixel (the ``row * col`` term means no shifted window reads the same), and 15 in the
upper-left corner triangle.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif, zip_flat

__all__ = ["FILES", "ORIGIN", "RES", "nccm_map", "nccm_value", "nccm_zip"]

FILES = {2017: "CDL2017_clip.tif", 2018: "CDL2018_clip1.tif", 2019: "CDL2019_clip.tif"}
#: 10 m in degrees at the equator, the release's pixel size
RES = 8.983152841195208e-05
#: upper-left corner (lon, lat) of the fake maps, in Heilongjiang
ORIGIN = (126.5, 45.75)


def nccm_value(year: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Code of the ``year`` map at ``rows``/``cols``: 15 in the corner, else 0-3."""
    value = (year + rows + 2 * cols + rows * cols) % 4
    return np.where(rows + cols < 3, 15, value).astype(np.int8)


def nccm_map(root: str | Path, year: int = 2019, size: int = 40, name: str | None = None,
             origin: tuple[float, float] = ORIGIN) -> Path:
    """Write the ``year`` map (``size`` px square) under ``root`` as ``name`` (default its
    release name); return its path."""
    rows, cols = grid(size, size)
    return write_tif(Path(root) / (name or FILES[year]), nccm_value(year, rows, cols),
                     "EPSG:4326", Affine(RES, 0.0, origin[0], 0.0, -RES, origin[1]),
                     compress="lzw")


def nccm_zip(folder: str | Path, years: tuple[int, ...] = (2017, 2018, 2019)) -> Path:
    """Write figshare's ``13090442.zip`` holding the maps of ``years`` into ``folder``."""
    folder = Path(folder)
    staging = folder / ".staging"
    maps = [nccm_map(staging, y) for y in years]
    return zip_flat(folder / "13090442.zip", maps, remove=staging)

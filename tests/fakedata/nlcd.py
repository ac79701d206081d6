"""Fake NLCD rasters: classic ``nlcd_<year>_land_cover_l48_<date>.img`` (ERDAS Imagine) or
``.tif``, Annual NLCD ``Annual_NLCD_LndCov_<year>_CU_C1V<n>.tif`` (250 = no data), and the
classic zip; uint8 codes, CONUS Albers (EPSG:5070), 30 m.

Raster ``k`` holds ``nlcd_value(k, row, col)``: real NLCD codes cycling with the raster and
the pixel, and ``fill`` (0, or 250 for Annual NLCD) in the upper-left corner triangle.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["CODES", "ORIGIN", "nlcd_raster", "nlcd_value", "nlcd_zip"]

CODES = np.array([11, 12, 21, 22, 23, 24, 31, 41, 42, 43, 52, 71, 81, 82, 90, 95], np.uint8)
#: upper-left corner (EPSG:5070) of the fake rasters, near 90 W 40 N
ORIGIN = (300000.0, 1900000.0)


def nlcd_value(k: int, rows: np.ndarray, cols: np.ndarray, fill: int = 0) -> np.ndarray:
    """Code of raster ``k`` at ``rows``/``cols``."""
    value = CODES[(5 * k + rows + 3 * cols) % len(CODES)]
    return np.where(rows + cols < 3, fill, value).astype(np.uint8)


def nlcd_raster(root: str | Path, name: str = "nlcd_2021_land_cover_l48_20230630.img",
                k: int = 0, size: int = 50, origin: tuple[float, float] = ORIGIN) -> Path:
    """Write raster ``name`` (format from its suffix) under ``root``; return its path."""
    fill = 250 if name.startswith("Annual") else 0
    rows, cols = grid(size, size)
    driver = {"driver": "HFA"} if name.endswith(".img") else {}
    return write_tif(Path(root) / name, nlcd_value(k, rows, cols, fill), "EPSG:5070",
                     Affine(30.0, 0.0, origin[0], 0.0, -30.0, origin[1]), nodata=fill,
                     **driver)


def nlcd_zip(folder: str | Path, year: int = 2019, published: str = "20210604", k: int = 0,
             size: int = 50) -> Path:
    """Write ``nlcd_<year>_land_cover_l48_<published>.zip`` (the .img, .ige and metadata)."""
    folder = Path(folder)
    stem = f"nlcd_{year}_land_cover_l48_{published}"
    staging = folder / f".staging_{year}"
    img = nlcd_raster(staging, stem + ".img", k, size)
    path = folder / f"{stem}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(staging.iterdir()):
            archive.write(member, member.name)
        archive.writestr(f"{stem}.xml", "<metadata/>")
    shutil.rmtree(staging)
    assert img.name.endswith(".img")
    return path

"""Fake Landsat, CDL, NAIP and Chesapeake files whose pixel values say where they came from.

For per-pixel checks of composed datasets (``(landsat7 | landsat8) & cdl``, ``naip &
chesapeake``) against independent references. The files are in the publishers' on-disk
formats (the same layouts as :mod:`fakedata.landsat`, :mod:`fakedata.cdl`,
:mod:`fakedata.naip` and :mod:`fakedata.chesapeake`), but each value encodes the file, band,
row and column it was written at, so a value read back names the source pixel it came from:

* Landsat Collection 2 Level-2 band files (uint16, fill 0): :func:`landsat_code`;
* CDL ``<year>_30m_cdls.tif`` (uint8 codes of real CDL classes, EPSG:5070): :func:`cdl_code`;
* NAIP quarter quads (4-band uint8): the row, the column, ``10 + tile`` and ``200 + tile``
  (:func:`naip_pixel`);
* Chesapeake ``DE_STATEWIDE.tif`` (uint8 codes 1..13, nodata 0): :func:`chesapeake_code`.

Neighbouring pixels always differ, so a one-pixel shift anywhere is seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine

__all__ = ["CDL_CODES", "Written", "cdl_code", "cdl_raster", "chesapeake_code",
           "chesapeake_raster", "landsat_code", "landsat_product", "naip_pixel", "naip_tile"]

#: Real CDL class codes (corn, cotton, rice, sorghum, soybeans, ... open water, developed).
CDL_CODES = np.array([1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 21, 22, 23, 24, 25, 26, 27, 28, 29,
                      111, 121, 122, 123, 124, 131, 141, 142, 143, 152, 176, 190, 195],
                     dtype=np.uint8)


@dataclass(frozen=True)
class Written:
    """One written raster source: its files (one per band, or one), grid and date."""

    number: int  # the file number encoded in the values
    files: tuple[Path, ...]
    crs: str
    transform: Affine
    width: int
    height: int
    date: date


def landsat_code(scene: int, band: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The value of scene ``scene`` (0..2), band ``band`` (0-based, < 8), at (row, col) < 50."""
    return (1 + scene * 20000 + band * 2500 + rows * 50 + cols).astype(np.uint16)


def landsat_product(root: Path, *, scene: int, mission: str, epsg: int,
                    origin: tuple[float, float], size: int, acquired: date,
                    bands: Sequence[str], path_row: str = "023032",
                    corner: int = 0) -> Written:
    """A Level-2 product folder, one band file per band (30 m, tiled); the ``corner`` px
    triangle at the upper left holds the fill value 0, like a real scene's rotated footprint."""
    assert size <= 50
    processed = acquired + timedelta(days=9)
    product = f"{mission}_L2SP_{path_row}_{acquired:%Y%m%d}_{processed:%Y%m%d}_02_T1"
    folder = root / product
    folder.mkdir(parents=True, exist_ok=True)
    transform = Affine(30.0, 0.0, origin[0], 0.0, -30.0, origin[1])
    rows, cols = np.mgrid[0:size, 0:size]
    files = []
    for b, name in enumerate(bands):
        data = landsat_code(scene, b, rows, cols)
        data[rows + cols < corner] = 0
        path = folder / f"{product}_{name}.TIF"
        with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=1,
                           dtype="uint16", crs=f"EPSG:{epsg}", transform=transform, nodata=0,
                           tiled=True, blockxsize=16, blockysize=16) as dst:
            dst.write(data, 1)
        files.append(path)
    (folder / f"{product}_MTL.txt").write_text(
        f'GROUP = LANDSAT_METADATA_FILE\n  LANDSAT_PRODUCT_ID = "{product}"\nEND_GROUP\nEND\n')
    return Written(scene, tuple(files), f"EPSG:{epsg}", transform, size, size, acquired)


def cdl_code(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The CDL code at (row, col): neighbours differ along both axes."""
    return CDL_CODES[(rows * 5 + cols * 3) % len(CDL_CODES)]


def cdl_raster(root: Path, *, bounds: tuple[float, float, float, float],
               year: int = 2023) -> Written:
    """``<root>/<year>_30m_cdls.tif`` covering ``bounds`` (EPSG:5070 minx, miny, maxx, maxy)
    on the CDL's 30 m grid (edges at odd multiples of 15 m)."""
    minx, miny, maxx, maxy = bounds
    left = np.floor(minx / 30) * 30 + 15
    top = np.ceil(maxy / 30) * 30 + 15
    width = int(np.ceil((maxx - left) / 30))
    height = int(np.ceil((top - miny) / 30))
    transform = Affine(30.0, 0.0, left, 0.0, -30.0, top)
    rows, cols = np.mgrid[0:height, 0:width]
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"{year}_30m_cdls.tif"
    with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1,
                       dtype="uint8", crs="EPSG:5070", transform=transform, nodata=0,
                       tiled=True, blockxsize=32, blockysize=32) as dst:
        dst.write(cdl_code(rows, cols), 1)
    return Written(0, (path,), "EPSG:5070", transform, width, height, date(year, 1, 1))


def naip_pixel(tile: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The 4 bands ``[4, ...]`` of NAIP tile ``tile`` at (row, col) < 256: row, column, tile
    and a band check value."""
    ones = np.ones_like(rows)
    return np.stack([rows, cols, ones * (10 + tile), ones * (200 + tile)]).astype(np.uint8)


def naip_tile(root: Path, *, tile: int, name: str, origin: tuple[float, float], size: int,
              epsg: int = 26918) -> Written:
    """One NAIP tile ``m_<quad>_<qq>_<zone>_<res>_<date>.tif`` (1 m, RGBN uint8)."""
    assert size <= 256
    path = root / name[2:7] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    transform = Affine(1.0, 0.0, origin[0], 0.0, -1.0, origin[1])
    rows, cols = np.mgrid[0:size, 0:size]
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=4,
                       dtype="uint8", crs=f"EPSG:{epsg}", transform=transform) as dst:
        dst.write(naip_pixel(tile, rows, cols))
    acquired = date(int(name[-12:-8]), int(name[-8:-6]), int(name[-6:-4]))
    return Written(tile, (path,), f"EPSG:{epsg}", transform, size, size, acquired)


def chesapeake_code(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Land cover code 1..13 at (row, col): neighbours differ along both axes."""
    return (1 + (rows * 5 + cols * 3) % 13).astype(np.uint8)


def chesapeake_raster(root: Path, *, origin: tuple[float, float], width: int, height: int,
                      name: str = "DE_STATEWIDE.tif") -> Written:
    """A state land cover raster (EPSG:5070 standing in for the Conservancy's Albers, 1 m)."""
    transform = Affine(1.0, 0.0, origin[0], 0.0, -1.0, origin[1])
    rows, cols = np.mgrid[0:height, 0:width]
    root.mkdir(parents=True, exist_ok=True)
    path = root / name
    with rasterio.open(path, "w", driver="GTiff", width=width, height=height, count=1,
                       dtype="uint8", crs="EPSG:5070", transform=transform, nodata=0,
                       tiled=True, blockxsize=64, blockysize=64) as dst:
        dst.write(chesapeake_code(rows, cols), 1)
    return Written(0, (path,), "EPSG:5070", transform, width, height, date(2013, 1, 1))

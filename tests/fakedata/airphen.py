"""Fake Airphen orthomosaics: six-band uint16 GeoTIFFs in EPSG:4326, as TorchGeo's sample
``zoneA_B_R_NIR.tif`` (about 5 cm pixels near 12.57 E, 47.43 N).

Pixel (row, col) of band ``b`` holds :func:`value` of its centre's map coordinates, so a
window read anywhere can be checked against the formula; values stay within 12 bits.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

RES = 2.0**-21  # degrees, about 5 cm (exact in binary: windows fall on whole pixels)
WEST, NORTH = 12.5625, 47.4375
SIZE = 32


def value(lon: np.ndarray, lat: np.ndarray, band: int) -> np.ndarray:
    """12-bit counts of band ``band`` (0-based) at pixel centres (lon, lat)."""
    col = np.floor((lon - WEST) / RES).astype(np.int64)
    row = np.floor((NORTH - lat) / RES).astype(np.int64)
    return (300 * band + 7 * row + 3 * col + (row * col) % 11) % 4096


def write(path: Path, col0: int = 0, count: int = 6) -> Path:
    """A ``SIZE`` x ``SIZE`` image whose west edge is ``col0`` pixels east of :data:`WEST`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    west = WEST + col0 * RES
    cols, rows = np.meshgrid(np.arange(SIZE), np.arange(SIZE))
    lon, lat = west + (cols + 0.5) * RES, NORTH - (rows + 0.5) * RES
    data = np.stack([value(lon, lat, b) for b in range(count)]).astype(np.uint16)
    with rasterio.open(path, "w", driver="GTiff", width=SIZE, height=SIZE, count=count,
                       dtype="uint16", crs="EPSG:4326",
                       transform=from_origin(west, NORTH, RES, RES)) as dst:
        dst.write(data)
    return path

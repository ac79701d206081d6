"""Fake Global Distribution of Mangroves USGS (2011): the UNEP-WCMC data pack's shapefile
``<pack>/01_Data/14_001_WCMC010_MangroveUSGS2011_v1_<n>.shp`` (WGS 84 ``.prj``; v1.4 with
``AREA_KM2``/``AREA_M2``, v1.3 also with ``ISO3``), and the v1.3 pack as a zip.

Polygons are rectangles (and one L shape) on the 1 arc-second grid whose upper-left corner is
``ORIGIN`` plus the pack's offset, so :func:`giri_mask` gives the expected mask exactly.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import fiona
import numpy as np

__all__ = ["ORIGIN", "PACKS", "RES", "giri_mask", "giri_pack", "giri_zip"]

RES = 1 / 3600
ORIGIN = (100.0, 2.0)  # lon, lat of the grid's upper-left corner
#: version -> (pack folder, shapefile stem)
PACKS = {
    "1_4": ("WCMC010_MangrovesUSGS2011_v1_4", "14_001_WCMC010_MangroveUSGS2011_v1_4"),
    "1_3": ("DataPack-14_001_WCMC010_MangrovesUSGS2011_v1_3",
            "14_001_WCMC010_MangroveUSGS2011_v1_3"),
}
#: polygons in pixel units: (row0, row1, col0, col1) rectangles; the L shape is two of them
_RECTS = [(2, 6, 3, 12), (10, 18, 1, 4), (10, 13, 4, 9), (20, 29, 15, 28)]


def _ring(r0: int, r1: int, c0: int, c1: int, shift: int) -> list[tuple[float, float]]:
    x0, y0 = ORIGIN[0] + (c0 + shift) * RES, ORIGIN[1] - r0 * RES
    x1, y1 = ORIGIN[0] + (c1 + shift) * RES, ORIGIN[1] - r1 * RES
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


def giri_mask(size: int = 32, shift: int = 0) -> np.ndarray:
    """The expected mask of the ``size`` x ``size`` pixels from ``ORIGIN`` (1 mangrove) for a
    pack written with ``shift`` (columns to the east)."""
    mask = np.zeros((size, size), dtype=np.int64)
    for r0, r1, c0, c1 in _RECTS:
        mask[r0:r1, max(c0 + shift, 0):max(c1 + shift, 0)] = 1
    return mask


def giri_pack(root: str | Path, version: str = "1_4", shift: int = 0) -> Path:
    """Write the data pack's ``01_Data`` shapefile under ``root``; return the ``.shp``."""
    folder, stem = PACKS[version]
    data = Path(root) / folder / "01_Data"
    data.mkdir(parents=True, exist_ok=True)
    props = {"AREA_KM2": "float", "AREA_M2": "float"}
    if version == "1_3":
        props = {"ISO3": "str:3", **props}
    schema = {"geometry": "Polygon", "properties": props}
    path = data / f"{stem}.shp"
    rects = [_RECTS[0], _RECTS[3]]
    with fiona.open(path, "w", driver="ESRI Shapefile", crs="EPSG:4326", schema=schema) as dst:
        for r0, r1, c0, c1 in rects:
            area = (r1 - r0) * (c1 - c0) * 0.0009
            dst.write({"geometry": {"type": "Polygon", "coordinates": [_ring(r0, r1, c0, c1,
                                                                              shift)]},
                       "properties": {**({"ISO3": "IDN"} if version == "1_3" else {}),
                                      "AREA_KM2": area, "AREA_M2": area * 1e6}})
        # the L shape: one polygon made of two rectangles sharing an edge
        a, b = _RECTS[1], _RECTS[2]
        ring = [(ORIGIN[0] + (c + shift) * RES, ORIGIN[1] - r * RES) for r, c in
                ((a[0], a[2]), (a[0], a[3]), (b[0], b[2]), (b[0], b[3]), (b[1], b[3]),
                 (b[1], b[2]), (a[1], a[3]), (a[1], a[2]), (a[0], a[2]))]
        dst.write({"geometry": {"type": "Polygon", "coordinates": [ring]},
                   "properties": {**({"ISO3": "IDN"} if version == "1_3" else {}),
                                  "AREA_KM2": 0.05, "AREA_M2": 5e4}})
    (data.parent / "02_Metadata").mkdir(exist_ok=True)
    (data.parent / "02_Metadata" / "WCMC010_MangroveUSGS2011_Metadata.pdf").write_bytes(
        b"%PDF-1.4")
    return path


def giri_zip(folder: str | Path, version: str = "1_3", shift: int = 0) -> Path:
    """Write the data pack zip ``<pack>.zip`` (its folder at the top) into ``folder``."""
    folder = Path(folder)
    staging = folder / ".staging_giri"
    giri_pack(staging, version, shift)
    pack = PACKS[version][0]
    path = folder / f"{pack}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted((staging / pack).rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(staging).as_posix())
    shutil.rmtree(staging)
    return path

"""Fake MDAS: ``Augsburg_data_4_publication.zip`` as TorchGeo's mirror ships it.

The archive holds ``Augsburg_data_4_publication/sub_area_<n>/<product>_sub_area<n>.tif`` for
the three sub-areas, with each product's band count and dtype (HySpex 368 x int16, EnMAP
242 x uint16, 3K RGB 4 x uint8, DSM and Sentinel-1 float32, Sentinel-2 uint16) on grids of
different sizes per product and per sub-area, and the OSM labels on HySpex's grid as the
release codes them (land use and water float64 with -2147483647 for "no label", buildings
uint8). File ``k`` (:func:`number`) encodes ``k``, band, row and column in every pixel
(:func:`fakedata._segutil.coded_image`); a label's classes are hashed from ``k``, row and
column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree

TOP = "Augsburg_data_4_publication"
ARCHIVE = f"{TOP}.zip"
SUBAREAS = ("sub_area_1", "sub_area_2", "sub_area_3")
#: product -> (bands, dtype, grid): grid "fine" is HySpex's 2.2 m grid (the labels' too)
PRODUCTS = {
    "HySpex": (368, "int16", "fine"),
    "3K_RGB": (4, "uint8", "vhr"),
    "3K_DSM": (1, "float32", "vhr"),
    "EeteS_EnMAP_10m": (242, "uint16", "10m"),
    "EeteS_EnMAP_30m": (242, "uint16", "30m"),
    "EeteS_Sentinel_2_10m": (4, "uint16", "10m"),
    "Sentinel_2": (12, "uint16", "10m"),
    "Sentinel_1": (2, "float32", "10m"),
}
LANDUSE = (-2147483647, 7201, 7202, 7203, 7204, 7205, 7206, 7207, 7208, 7209, 7210, 7211,
           7212, 7213, 7214, 7215, 7217, 7218, 7219)
WATER = (-2147483647, 8200, 8201, 8202, 8221)


def shape(subarea: int, grid: str) -> tuple[int, int]:
    """Rows, columns of a grid in sub-area ``subarea`` (0-based): they differ per sub-area."""
    base = {"vhr": (20, 24), "fine": (10, 12), "10m": (5, 6), "30m": (2, 3)}[grid]
    return base[0] + subarea, base[1] + subarea


def number(subarea: int, product: str) -> int:
    """File number ``k`` of a product (or label) of a sub-area."""
    names = [*PRODUCTS, "osm_landuse", "osm_buildings", "osm_water"]
    return 20 * subarea + names.index(product)


def product(subarea: int, name: str) -> np.ndarray:
    """[C,H,W] of a product of a sub-area, in the product's dtype."""
    bands, dtype, grid = PRODUCTS[name]
    k = number(subarea, name)
    if dtype == "int16":
        return coded_image(k, bands, *shape(subarea, grid), "uint16").astype(np.int16)
    return coded_image(k, bands, *shape(subarea, grid), dtype)


def classes(subarea: int, label: str) -> np.ndarray:
    """[H,W] class indices of a label of a sub-area."""
    count = {"osm_landuse": len(LANDUSE), "osm_buildings": 2, "osm_water": len(WATER)}[label]
    return coded_labels(number(subarea, label), *shape(subarea, "fine"), count)


def label_file(subarea: int, label: str) -> np.ndarray:
    """[H,W] of a label as the release stores it (OSM codes)."""
    index = classes(subarea, label)
    if label == "osm_buildings":
        return index.astype(np.uint8)
    codes = LANDUSE if label == "osm_landuse" else WATER
    return np.asarray(codes, dtype=np.float64)[index]


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write the zip into ``root``; return ``dir`` and ``archives`` (name -> md5)."""
    stage = root / ".stage"
    for s, subarea in enumerate(SUBAREAS):
        folder = stage / TOP / subarea
        suffix = subarea.replace("sub_area_", "sub_area")
        for name in PRODUCTS:
            write_tif(folder / f"{name}_{suffix}.tif", product(s, name), res=2.2)
        for label in ("osm_landuse", "osm_buildings", "osm_water"):
            write_tif(folder / f"{label}_{suffix}.tif", label_file(s, label), res=2.2)
    archive = zip_tree(root / ARCHIVE, stage, files_under(stage / TOP))
    info = {"dir": root, "archives": {archive.name: md5(archive)}}
    unstage(stage, root, extract)
    return info

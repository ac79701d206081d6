"""Fake EnviroAtlas release: ``enviroatlas_lotp/<city>-<split>_tiles-debuffered/`` with, per
tile (``3009726_sw``), one GeoTIFF per layer ``<tile>_<suffix>.tif`` (UTM NAD83, 1 m):
4-band uint8 NAIP, uint8 nlcd/roads/water/waterways/waterbodies/buildings, the high-res
labels (EnviroAtlas codes) and two 5-band priors; ``spatial_index.geojson``; and the zip.

Tile ``k`` sits ``k`` tile widths east of ``ORIGIN``; layer ``l`` band ``b`` holds
``layer_value(k, l, b, row, col)``; labels ``lc_code(k, row, col)``.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["LC_CODES", "ORIGIN", "SIZE", "envi_tile", "envi_zip", "layer_value", "lc_code"]

ORIGIN = (620000.0, 3350000.0)
SIZE = 20
LC_CODES = np.array([0, 10, 20, 30, 40, 52, 70, 80, 82, 91, 92], np.uint8)
_PRIOR = "prior_from_cooccurrences_101_31"
SUFFIXES = {"naip": ("a_naip", 4), "nlcd": ("b_nlcd", 1), "roads": ("c_roads", 1),
            "water": ("d_water", 1), "waterways": ("d1_waterways", 1),
            "waterbodies": ("d2_waterbodies", 1), "buildings": ("e_buildings", 1),
            "prior": (_PRIOR, 5),
            "prior_no_osm_no_buildings": (f"{_PRIOR}_no_osm_no_buildings", 5)}


def layer_value(k: int, layer: str, band: int, rows: np.ndarray, cols: np.ndarray
                ) -> np.ndarray:
    """Value of band ``band`` (0-based) of ``layer`` in tile ``k``."""
    base = 20 * list(SUFFIXES).index(layer) + 5 * band + 3 * k
    return ((base + rows + 2 * cols) % 256).astype(np.uint8)


def lc_code(k: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """EnviroAtlas land cover code of tile ``k``."""
    return LC_CODES[(k + rows + cols) % len(LC_CODES)]


def envi_tile(root: str | Path, split: str = "pittsburgh_pa-2010_1m-train",
              tile: str = "4007925_se", k: int = 0, epsg: int = 26917) -> Path:
    """Write every layer of ``tile`` into its split folder; return the folder."""
    folder = Path(root) / "enviroatlas_lotp" / f"{split}_tiles-debuffered"
    rows, cols = grid(SIZE, SIZE)
    transform = Affine(1.0, 0, ORIGIN[0] + k * SIZE, 0, -1.0, ORIGIN[1])
    for layer, (suffix, count) in SUFFIXES.items():
        data = np.stack([layer_value(k, layer, b, rows, cols) for b in range(count)])
        write_tif(folder / f"{tile}_{suffix}.tif", data, f"EPSG:{epsg}", transform)
    write_tif(folder / f"{tile}_h_highres_labels.tif", lc_code(k, rows, cols), f"EPSG:{epsg}",
              transform)
    index = folder.parent / "spatial_index.geojson"
    features = json.loads(index.read_text())["features"] if index.exists() else []
    features.append({"type": "Feature", "properties": {
        "split": split, "naip": f"{folder.name}/{tile}_a_naip.tif"}, "geometry": None})
    index.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return folder


def envi_zip(folder: str | Path) -> Path:
    """Write ``enviroatlas_lotp.zip`` with one Pittsburgh train tile into ``folder``."""
    folder = Path(folder)
    staging = folder / ".staging"
    envi_tile(staging, k=2)
    path = folder / "enviroatlas_lotp.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted((staging / "enviroatlas_lotp").rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(staging).as_posix())
    shutil.rmtree(staging)
    return path

"""Fake GeoNRW: ``nrw_dataset.tar.gz`` with one folder per city.

``<city>/<E>_<N>_rgb.jp2`` (RGB uint8, lossless JPEG 2000), ``<E>_<N>_dem.tif`` (float32) and
``<E>_<N>_seg.tif`` (uint8 classes 0-10), georeferenced in EPSG:25832 at the tile's UTM
kilometre; tiles are 14x12 px here. Values encode the tile, band, row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.transform import Affine

from fakedata._made import unstage
from fakedata._segutil import files_under, md5, tar_tree, write_tif

W, H = 14, 12
RES = 1000.0 / W  # a 1 km tile
#: city -> tile names (<E>_<N>, sorted as the loader lists them)
TILES = {"aachen": ["294_5627", "295_5627"], "bochum": ["371_5702"], "herne": ["374_5711"],
         "neuss": ["335_5673"]}
TRAIN = ["294_5627", "295_5627", "371_5702"]
TEST = ["374_5711", "335_5673"]
ARCHIVE = "nrw_dataset.tar.gz"


def tile_index(tile: str) -> int:
    return [t for tiles in TILES.values() for t in tiles].index(tile)


def rgb(tile: str) -> np.ndarray:
    bands, rows, cols = np.indices((3, H, W))
    return ((bands * 70 + rows * W + cols + 9 * tile_index(tile)) % 256).astype(np.uint8)


def dem(tile: str) -> np.ndarray:
    rows, cols = np.indices((H, W))
    return (50.0 + 0.5 * rows + 0.25 * cols + 100 * tile_index(tile)).astype(np.float32)


def seg(tile: str) -> np.ndarray:
    rows, cols = np.indices((H, W))
    return ((rows + 2 * cols + tile_index(tile)) % 11).astype(np.uint8)


def origin(tile: str) -> tuple[float, float]:
    east, north = (int(v) for v in tile.split("_"))
    return east * 1000.0, north * 1000.0 + 1000.0


def _write_jp2(path: Path, array: np.ndarray, tile: str) -> None:
    west, north = origin(tile)
    profile = {"driver": "JP2OpenJPEG", "width": W, "height": H, "count": 3, "dtype": "uint8",
               "crs": CRS.from_epsg(25832),
               "transform": Affine(RES, 0.0, west, 0.0, -RES, north)}
    with rasterio.open(path, "w", QUALITY="100", REVERSIBLE="YES", YCC="NO",
                       **profile) as dst:
        dst.write(array)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    for city, tiles in TILES.items():
        (stage / city).mkdir(parents=True, exist_ok=True)
        for tile in tiles:
            _write_jp2(stage / city / f"{tile}_rgb.jp2", rgb(tile), tile)
            write_tif(stage / city / f"{tile}_dem.tif", dem(tile), crs="EPSG:25832",
                      origin=origin(tile), res=RES)
            write_tif(stage / city / f"{tile}_seg.tif", seg(tile), crs="EPSG:25832",
                      origin=origin(tile), res=RES)
    archive = tar_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}}

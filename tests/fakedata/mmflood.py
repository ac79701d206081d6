"""Fake MMFlood: ``activations.json`` and ``activations.tar.gz`` cut into 11 ``.part`` files.

Four event folders (EPSG:4326 like the release): EMSR100-0 (train, two tiles, only the first
with a hydrography map), EMSR100-1 (train, one tile), EMSR200-0 (val), EMSR300-0 (test).
Tiles differ in size. S1/DEM float32 and hydro uint8 pixels encode tile, band, row and column
(:func:`fakedata._segutil.coded_image`); masks hash tile, row and column; tile 0's S1 has a
NaN pixel at (1, 2).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, tar_tree, write_tif

#: (event folder, tile name, height, width, has hydro) in tile-index order
TILES = [
    ("EMSR100-0", "EMSR100-0-0.tif", 8, 10, True),
    ("EMSR100-0", "EMSR100-0-1.tif", 6, 6, False),
    ("EMSR100-1", "EMSR100-1-0.tif", 7, 9, False),
    ("EMSR200-0", "EMSR200-0-0.tif", 6, 8, True),
    ("EMSR300-0", "EMSR300-0-0.tif", 9, 6, True),
]
SUBSETS = {"EMSR100": "train", "EMSR200": "val", "EMSR300": "test"}
PARTS = 11
NAN_AT = (1, 2)


def s1(index: int) -> np.ndarray:
    array = coded_image(index, 2, TILES[index][2], TILES[index][3], "float32")
    if index == 0:
        array[0, NAN_AT[0], NAN_AT[1]] = np.nan
    return array


def dem(index: int) -> np.ndarray:
    return coded_image(index, 1, TILES[index][2], TILES[index][3], "float32") + 5000


def hydro(index: int) -> np.ndarray:
    return coded_image(index, 1, TILES[index][2], TILES[index][3], "uint8") % 2


def mask(index: int) -> np.ndarray:
    return coded_labels(index, TILES[index][2], TILES[index][3], 2).astype(np.uint8)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    for i, (event, name, _, _, has_hydro) in enumerate(TILES):
        folder = stage / "activations" / event
        arrays = {"s1_raw": s1(i), "DEM": dem(i), "mask": mask(i)}
        if has_hydro:
            arrays["hydro"] = hydro(i)
        for sub, array in arrays.items():
            write_tif(folder / sub / name, array, crs="EPSG:4326",
                      origin=(10.0 + i, 45.0), res=0.0002)
    meta = {code: {"title": f"Flood {code}", "type": "Flood", "country": "Italy",
                   "start": "2021-10-27T11:31:00", "end": "2021-10-28T12:35:19",
                   "lat": 37.4, "lon": 14.9, "subset": subset,
                   "delineations": [f"{code}_AOI01_DEL_PRODUCT_r1_VECTORS_v1_vector.zip"]}
            for code, subset in SUBSETS.items()}
    (root / "activations.json").write_text(json.dumps(meta, indent=4))
    archive = tar_tree(root / "activations.tar.gz", stage, files_under(stage))
    data = archive.read_bytes()
    step = -(-len(data) // PARTS)
    names = []
    for p in range(PARTS):
        part = root / f"activations.tar.{p:03d}.gz.part"
        part.write_bytes(data[p * step:(p + 1) * step])
        names.append(part)
    unstage(stage, root, extract)
    md5s = {p.name: md5(p) for p in [*names, root / "activations.json"]}
    md5s["activations.tar.gz"] = md5(archive)
    archive.unlink()
    return {"md5": md5s}

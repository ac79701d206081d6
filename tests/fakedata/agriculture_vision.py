"""Fake Agriculture-Vision 2021: ``Agriculture-Vision-2021.tar.gz`` as on Hugging Face.

The archive holds ``Agriculture-Vision-2021/<split>/`` for train, val and test with
``images/rgb/<tile>.jpg`` (RGB), ``images/nir/<tile>.jpg`` (grey), ``boundaries/<tile>.png``
and ``masks/<tile>.png`` (0/255), and for train and val ``labels/<pattern>/<tile>.png``
(0/255) for all nine pattern folders of the release, storm_damage included. Tiles are
``<field id>_<x1>-<y1>-<x2>-<y2>`` and 12x16 px here. Images are smooth ramps encoding the
tile, band, row and column (JPEG is lossy: compare against Pillow's decoding of the same file
or within a tolerance); labels are patterns of the tile, pattern, row and column, chosen so
that some pixels carry two patterns, some only storm damage, and some none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._made import unstage
from fakedata._segutil import files_under, md5, tar_tree

H, W = 12, 16
ARCHIVE = "Agriculture-Vision-2021.tar.gz"
TOP = "Agriculture-Vision-2021"
#: the release's label folders (alphabetical, as shipped)
FOLDERS = ("double_plant", "drydown", "endrow", "nutrient_deficiency", "planter_skip",
           "storm_damage", "water", "waterway", "weed_cluster")
#: split -> tile names; the list order is the sorted order the loader indexes them in
TILES = {
    "train": ["1AD76MIZG_1024-1536-1536-2048", "7XH4JFQ8E_0-512-512-1024",
              "ZP9VV1BTQ_1001-10861-1513-11373"],
    "val": ["2QR8T4K1L_5223-878-5735-1390", "W3CNZB2PA_0-0-512-512"],
    "test": ["9DGHM47UT_512-512-1024-1024"],
}


def number(tile: str) -> int:
    """A small number per tile (its position among all fake tiles)."""
    return [t for tiles in TILES.values() for t in tiles].index(tile)


def rgb(tile: str) -> np.ndarray:
    """``[3,H,W]`` uint8 ramps: 20 + 60 band + 6 row + 2 col + 3 tile."""
    bands, rows, cols = np.indices((3, H, W))
    return (20 + bands * 60 + rows * 6 + cols * 2 + 3 * number(tile)).astype(np.uint8)


def nir(tile: str) -> np.ndarray:
    """``[H,W]`` uint8 ramp: 200 - 5 row - 3 col - 4 tile (falls where RGB rises)."""
    rows, cols = np.indices((H, W))
    return (200 - rows * 5 - cols * 3 - 4 * number(tile)).astype(np.uint8)


def label(tile: str, folder: str) -> np.ndarray:
    """``[H,W]`` bool of one pattern: folder ``k`` marks the pixels whose code ``(row + 2 col
    + 3 tile) % 16`` is ``k`` or ``k + 1``, so neighbouring folders share pixels and codes
    10-15 are background; storm_damage also marks the whole of row 1."""
    k = FOLDERS.index(folder)
    rows, cols = np.indices((H, W))
    code = (rows + 2 * cols + 3 * number(tile)) % 16
    marked = (code == k) | (code == k + 1)
    if folder == "storm_damage":
        marked |= rows == 1
    return marked


def boundary(tile: str) -> np.ndarray:
    """``[H,W]`` bool field extent: all but the first ``1 + tile % 3`` columns."""
    cols = np.indices((H, W))[1]
    return cols >= 1 + number(tile) % 3


def valid(tile: str) -> np.ndarray:
    """``[H,W]`` bool valid pixels: all but the last row and a 2x2 block at (5, 9)."""
    out = np.ones((H, W), dtype=bool)
    out[-1] = False
    out[5:7, 9:11] = False
    return out


def _png(path: Path, array: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.where(array, 255, 0).astype(np.uint8), mode="L").save(path)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    for split, tiles in TILES.items():
        base = stage / TOP / split
        for tile in tiles:
            for sub in ("rgb", "nir"):
                (base / "images" / sub).mkdir(parents=True, exist_ok=True)
            Image.fromarray(rgb(tile).transpose(1, 2, 0)).save(
                base / "images" / "rgb" / f"{tile}.jpg", quality=95)
            Image.fromarray(nir(tile), mode="L").save(
                base / "images" / "nir" / f"{tile}.jpg", quality=95)
            _png(base / "boundaries" / f"{tile}.png", boundary(tile))
            _png(base / "masks" / f"{tile}.png", valid(tile))
            if split != "test":
                for folder in FOLDERS:
                    _png(base / "labels" / folder / f"{tile}.png", label(tile, folder))
    archive = tar_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}}

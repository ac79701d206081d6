"""Fake LoveDA: ``Train.zip``, ``Val.zip``, ``Test.zip`` as on Zenodo 5706578.

Each archive holds ``<Split>/Urban|Rural/images_png/<id>.png`` (RGB) and, except Test,
``masks_png/<id>.png`` (one band, codes 0-7). Tiles are 12x10 px; ids are numeric as in the
release (disjoint per domain). Pixel values encode the tile, band, row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._made import unstage
from fakedata._segutil import files_under, md5, zip_tree

H, W = 10, 12
#: split -> domain -> tile ids (numbers, sorted as the loader sorts them)
IDS = {
    "Train": {"Urban": [1366, 1367, 2010], "Rural": [0, 9]},
    "Val": {"Urban": [3514], "Rural": [2522, 2523]},
    "Test": {"Urban": [4191], "Rural": [5167]},
}


def image(tile: int) -> np.ndarray:
    """``[3,H,W]`` uint8: band*60 + row*12 + col + tile, wrapped into a byte."""
    bands, rows, cols = np.indices((3, H, W))
    return ((bands * 60 + rows * W + cols + tile) % 256).astype(np.uint8)


def mask(tile: int) -> np.ndarray:
    """``[H,W]`` uint8 codes 0-7 varying with row, column and tile."""
    rows, cols = np.indices((H, W))
    return ((rows + 2 * cols + tile) % 8).astype(np.uint8)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    md5s: dict[str, str] = {}
    for split, domains in IDS.items():
        for domain, ids in domains.items():
            base = stage / split / domain
            (base / "images_png").mkdir(parents=True, exist_ok=True)
            for tile in ids:
                Image.fromarray(image(tile).transpose(1, 2, 0)).save(
                    base / "images_png" / f"{tile}.png")
                if split != "Test":
                    (base / "masks_png").mkdir(exist_ok=True)
                    Image.fromarray(mask(tile), mode="L").save(base / "masks_png" / f"{tile}.png")
        archive = zip_tree(root / f"{split}.zip", stage, files_under(stage / split))
        md5s[archive.name] = md5(archive)
    unstage(stage, root, extract)
    return {"dir": root, "archives": md5s}

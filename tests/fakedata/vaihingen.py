"""Fake ISPRS Vaihingen: the image archive (``top/``) and the complete ground-truth archive.

Areas are 36x28 px IRRG uint8 GeoTIFFs without georeference (as published); labels are
colour-coded RGB tifs of the same name at the top of the ground-truth archive.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._segutil import files_under, md5, write_tif, zip_tree
from fakedata.potsdam import COLORS

TILES = {"train": ["top_mosaic_09cm_area1.tif", "top_mosaic_09cm_area3.tif"],
         "test": ["top_mosaic_09cm_area2.tif"]}
WIDTH, HEIGHT = 36, 28
IMAGES = "ISPRS_semantic_labeling_Vaihingen.zip"
LABELS = "ISPRS_semantic_labeling_Vaihingen_ground_truth_COMPLETE.zip"


def class_map() -> np.ndarray:
    rows, cols = np.indices((HEIGHT, WIDTH))
    return ((rows // 7 + cols // 9) % 6).astype(np.int64)


def make(root: Path) -> dict[str, Any]:
    stage = root / ".stage"
    palette = np.array(COLORS, dtype=np.uint8)
    order = TILES["train"] + TILES["test"]
    for i, tile in enumerate(order):
        image = np.stack([np.full((HEIGHT, WIDTH), 10 * (b + 1) + i, np.uint8) for b in range(3)])
        write_tif(stage / "img" / "top" / tile, image, crs=None)
        (stage / "img" / "dsm").mkdir(parents=True, exist_ok=True)
        write_tif(stage / "lbl" / tile, palette[class_map()].transpose(2, 0, 1).copy(), crs=None)
    images = zip_tree(root / IMAGES, stage / "img", files_under(stage / "img"))
    labels = zip_tree(root / LABELS, stage / "lbl", files_under(stage / "lbl"))
    shutil.rmtree(stage)
    return {"archives": [images, labels], "md5": {p.name: md5(p) for p in (images, labels)},
            "tiles": TILES, "order": order}

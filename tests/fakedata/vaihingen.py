"""Fake ISPRS Vaihingen: the image archive (``top/``) and the complete ground-truth archive.

Areas are 36x28 px IRRG uint8 GeoTIFFs without georeference (as published) whose pixels encode
area, band, row and column; labels are colour-coded RGB tifs of the same name at the top of the
ground-truth archive, with classes hashed from area, row and column.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree
from fakedata.potsdam import COLORS

TILES = {"train": ["top_mosaic_09cm_area1.tif", "top_mosaic_09cm_area3.tif"],
         "test": ["top_mosaic_09cm_area2.tif"]}
WIDTH, HEIGHT = 36, 28
IMAGES = "ISPRS_semantic_labeling_Vaihingen.zip"
LABELS = "ISPRS_semantic_labeling_Vaihingen_ground_truth_COMPLETE.zip"


def class_map(index: int) -> np.ndarray:
    """Classes of area ``index`` (train-then-test order of :data:`TILES`)."""
    return coded_labels(index, HEIGHT, WIDTH, len(COLORS))


def image_for(index: int) -> np.ndarray:
    return coded_image(index, 3, HEIGHT, WIDTH)


def make(root: Path) -> dict[str, Any]:
    stage = root / ".stage"
    palette = np.array(COLORS, dtype=np.uint8)
    order = TILES["train"] + TILES["test"]
    for i, tile in enumerate(order):
        write_tif(stage / "img" / "top" / tile, image_for(i), crs=None)
        (stage / "img" / "dsm").mkdir(parents=True, exist_ok=True)
        write_tif(stage / "lbl" / tile, palette[class_map(i)].transpose(2, 0, 1).copy(), crs=None)
    images = zip_tree(root / IMAGES, stage / "img", files_under(stage / "img"))
    labels = zip_tree(root / LABELS, stage / "lbl", files_under(stage / "lbl"))
    shutil.rmtree(stage)
    return {"archives": [images, labels], "md5": {p.name: md5(p) for p in (images, labels)},
            "tiles": TILES, "order": order}

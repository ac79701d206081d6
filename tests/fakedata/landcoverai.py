"""Fake LandCover.ai v1: ``landcover.ai.v1.zip`` with images/, masks/, split.py and the lists.

Two orthophotos of 1030x600 px (EPSG:2180, 25 cm): split.py's 512 px grid has 3 columns and
2 rows, so only chips ``_0`` and ``_1`` of each are full and listed. Image pixels encode
orthophoto, band, row and column; mask classes are hashed from orthophoto, row and column.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree

STEMS = ["M-33-20-D-c-4-2", "N-34-61-B-a-1-1"]
WIDTH, HEIGHT = 1030, 600
LISTS = {"train": ["M-33-20-D-c-4-2_0", "N-34-61-B-a-1-1_1"],
         "val": ["M-33-20-D-c-4-2_1"], "test": ["N-34-61-B-a-1-1_0"]}


def mask_for(index: int) -> np.ndarray:
    return coded_labels(index, HEIGHT, WIDTH, 5).astype(np.uint8)


def image_for(index: int) -> np.ndarray:
    return coded_image(index, 3, HEIGHT, WIDTH)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    for i, stem in enumerate(STEMS):
        write_tif(stage / "images" / f"{stem}.tif", image_for(i), crs="EPSG:2180",
                  origin=(500000.0, 300000.0), res=0.25)
        write_tif(stage / "masks" / f"{stem}.tif", mask_for(i), crs="EPSG:2180",
                  origin=(500000.0, 300000.0), res=0.25)
    (stage / "split.py").write_text(
        'IMGS_DIR = "./images"\nMASKS_DIR = "./masks"\nOUTPUT_DIR = "./output"\n\n'
        "TARGET_SIZE = 512\n")
    for split, ids in LISTS.items():
        (stage / f"{split}.txt").write_text("\n".join(ids) + "\n")
    archive = zip_tree(root / "landcover.ai.v1.zip", stage, files_under(stage))
    if extract:
        shutil.copytree(stage, root, dirs_exist_ok=True)
    shutil.rmtree(stage)
    return {"archive": archive, "md5": {archive.name: md5(archive)}, "lists": LISTS}

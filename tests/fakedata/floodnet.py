"""Fake FloodNet Track 1: the ``FloodNet-Supervised_v1.0`` folder as the publisher shares it.

``FloodNet-Supervised_v1.0/<split>/<split>-org-img/<id>.jpg`` (RGB JPEG) with
``<split>-label-img/<id>_lab.png`` (one band, class codes 0-9) for train, val and test, and
the same tree zipped as ``FloodNet-Supervised_v1.0.zip``. Images are 16x12 px (the 4000x3000
aspect), smooth ramps that vary with the id, band, row and column (JPEG is lossy: compare
with Pillow's decoding of the file, or within a tolerance); label codes are a hash of the id,
row and column (:func:`fakedata._segutil.coded_labels`), so a mask proves which image it
belongs to. Ids of 4 and 5 digits check the numeric order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._made import unstage
from fakedata._segutil import coded_labels, files_under, md5, zip_tree

FOLDER = "FloodNet-Supervised_v1.0"
ARCHIVE = f"{FOLDER}.zip"
W, H = 16, 12
CLASSES = 10
#: split -> image ids, in the loader's (numeric) order
IDS: dict[str, list[int]] = {"train": [6717, 7010, 10165], "val": [6467, 8050],
                             "test": [6337, 7577]}


def image(ident: int) -> np.ndarray:
    """``[3,H,W]`` uint8 smooth ramps unique to the image (JPEG keeps them within a few
    levels)."""
    bands, rows, cols = np.indices((3, H, W))
    return (10 + bands * 60 + rows * 4 + cols * 3 + ident % 19).astype(np.uint8)


def labels(ident: int) -> np.ndarray:
    """``[H,W]`` int64 class codes 0-9 hashed from the id, row and column."""
    return coded_labels(ident, H, W, CLASSES)


def image_path(root: Path, split: str, ident: int) -> Path:
    return root / FOLDER / split / f"{split}-org-img" / f"{ident}.jpg"


def label_path(root: Path, split: str, ident: int) -> Path:
    return root / FOLDER / split / f"{split}-label-img" / f"{ident}_lab.png"


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    for split, ids in IDS.items():
        for ident in ids:
            img, lab = image_path(stage, split, ident), label_path(stage, split, ident)
            img.parent.mkdir(parents=True, exist_ok=True)
            lab.parent.mkdir(parents=True, exist_ok=True)
            Image.fromarray(image(ident).transpose(1, 2, 0)).save(img, quality=100,
                                                                  subsampling=0)
            Image.fromarray(labels(ident).astype(np.uint8)).save(lab)  # mode L
    archive = zip_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}}

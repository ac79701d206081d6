"""Fake DeepGlobe Road Extraction: the Kaggle ``archive.zip``.

``train/<id>_sat.jpg`` + ``train/<id>_mask.png`` (RGB PNG, white road on black), ``valid/``
and ``test/`` with images only, and ``metadata.csv`` (``image_id,split,sat_image_path,
mask_path``; empty mask path outside train). Images are 16x12 px JPEGs whose values encode the
image, band, row and column (JPEG is lossy: compare within a tolerance, or against Pillow's
decoding of the same file); masks hold values on both sides of the 128 threshold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._made import unstage
from fakedata._segutil import files_under, md5, zip_tree

W, H = 16, 12
IDS = {"train": [104, 21, 9557], "valid": [300, 42], "test": [7, 815]}
ARCHIVE = "archive.zip"
#: mask values written for background / road: near the threshold and near 0/255
LEVELS = {0: (0, 3, 127), 1: (128, 250, 255)}


def image(ident: int) -> np.ndarray:
    """``[3,H,W]`` uint8 smooth ramps (JPEG keeps them within a few levels)."""
    bands, rows, cols = np.indices((3, H, W))
    return (30 + bands * 50 + rows * 5 + cols * 3 + ident % 11).astype(np.uint8)


def roads(ident: int) -> np.ndarray:
    """``[H,W]`` 0/1 road map: a diagonal band whose offset depends on the image."""
    rows, cols = np.indices((H, W))
    return (((cols - rows + ident) % 5) < 2).astype(np.int64)


def mask_gray(ident: int) -> np.ndarray:
    """``[H,W]`` uint8 mask values: each class cycles through its :data:`LEVELS`."""
    rows, cols = np.indices((H, W))
    label = roads(ident)
    pick = (rows + 2 * cols) % 3
    return np.choose(pick, [np.where(label == 1, LEVELS[1][k], LEVELS[0][k]) for k in range(3)]
                     ).astype(np.uint8)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    rows = ["image_id,split,sat_image_path,mask_path"]
    for folder, ids in IDS.items():
        (stage / folder).mkdir(parents=True, exist_ok=True)
        for ident in ids:
            Image.fromarray(image(ident).transpose(1, 2, 0)).save(
                stage / folder / f"{ident}_sat.jpg", quality=100, subsampling=0)
            mask = ""
            if folder == "train":
                gray = mask_gray(ident)
                Image.fromarray(np.stack([gray] * 3, axis=-1)).save(
                    stage / folder / f"{ident}_mask.png")
                mask = f"{folder}/{ident}_mask.png"
            rows.append(f"{ident},{folder},{folder}/{ident}_sat.jpg,{mask}")
    (stage / "metadata.csv").write_text("\n".join(rows) + "\n")
    archive = zip_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}}

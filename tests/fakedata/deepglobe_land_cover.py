"""Fake DeepGlobe Land Cover: the Kaggle ``archive.zip``.

``train/<id>_sat.jpg`` + ``train/<id>_mask.png`` (RGB colour codes), ``valid/`` and ``test/``
with images only, ``class_dict.csv`` and ``metadata.csv``. Images are 16x12 px JPEGs whose
values encode the image, band, row and column (JPEG is lossy: compare within a tolerance, or
against Pillow's decoding of the same file); masks hold class colours with the off-by-a-few
values the publisher warns about.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._made import unstage
from fakedata._segutil import files_under, md5, zip_tree

W, H = 16, 12
IDS = {"train": [100694, 10452, 119], "valid": [207743, 3128], "test": [77, 8000]}
CLASSES = ["urban_land", "agriculture_land", "rangeland", "forest_land", "water", "barren_land",
           "unknown"]
COLOURS = [(0, 255, 255), (255, 255, 0), (255, 0, 255), (0, 255, 0), (0, 0, 255),
           (255, 255, 255), (0, 0, 0)]
ARCHIVE = "archive.zip"


def image(ident: int) -> np.ndarray:
    """``[3,H,W]`` uint8 smooth ramps (JPEG keeps them within a few levels)."""
    bands, rows, cols = np.indices((3, H, W))
    return (20 + bands * 60 + rows * 6 + cols * 2 + ident % 7).astype(np.uint8)


def labels(ident: int) -> np.ndarray:
    """``[H,W]`` class indices in blocks of 4x4 px varying with the image."""
    rows, cols = np.indices((H, W))
    return ((rows // 4 + 2 * (cols // 4) + ident) % 7).astype(np.int64)


def mask_rgb(ident: int) -> np.ndarray:
    """``[H,W,3]`` colour-coded mask, 0/255 nudged to 3/250 on every other row."""
    rgb = np.array(COLOURS, dtype=np.uint8)[labels(ident)]
    noisy = rgb.copy()
    noisy[::2] = np.where(rgb[::2] == 255, 250, 3)
    return noisy


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
                Image.fromarray(mask_rgb(ident)).save(stage / folder / f"{ident}_mask.png")
                mask = f"{folder}/{ident}_mask.png"
            rows.append(f"{ident},{folder},{folder}/{ident}_sat.jpg,{mask}")
    (stage / "metadata.csv").write_text("\n".join(rows) + "\n")
    (stage / "class_dict.csv").write_text("name,r,g,b\n" + "".join(
        f"{n},{r},{g},{b}\n" for n, (r, g, b) in zip(CLASSES, COLOURS, strict=True)))
    archive = zip_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}}

"""Fake SkyScript: ``images2.zip``, ``images3.zip`` and ``images5.zip`` (each unpacking to the
folder of its stem, JPEGs named ``a<osm id>_<source>_<yy>.jpg``) and the publisher's CSVs
(a pandas index column, ``filepath``, ``title``, ``title_multi_objects``) under
``dataframe/``. JPEG is lossy, so the expected pixels are the written files decoded by Pillow.

Which CSV refers to which folder: train top30pct -> images2, images5; train top50pct -> also
images3; val -> images2; test -> images5; test (laion_RS) -> images2.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._dc_util import zip_dir
from fakedata._scene_classification import write_jpeg
from fakedata.fmow import rgb_pattern

#: folder -> image file names
IMAGES = {
    "images2": ["a198234555_CH_19.jpg", "w4402_NAIP_20.jpg", "n77_S2_21.jpg"],
    "images3": ["a9_L8_17.jpg"],
    "images5": ["w31337_NAIP_18.jpg", "a5_CH_20.jpg"],
}
#: CSV file name -> (folder, index in folder) rows
TABLES = {
    "SkyScript_train_top30pct_filtered_by_CLIP_openai.csv": [("images5", 1), ("images2", 0),
                                                             ("images2", 2)],
    "SkyScript_train_top50pct_filtered_by_CLIP_openai.csv": [("images2", 0), ("images3", 0),
                                                             ("images5", 0), ("images5", 1)],
    "SkyScript_val_5K_filtered_by_CLIP_openai.csv": [("images2", 1)],
    "SkyScript_test_30K_filtered_by_CLIP_openai.csv": [("images5", 0), ("images5", 1)],
    "SkyScript_test_30K_filtered_by_CLIP_laion_RS.csv": [("images2", 2)],
}
SIZES = {"images2": (20, 24), "images3": (16, 16), "images5": (24, 20)}


def title(path: str) -> str:
    return f"a satellite image of {Path(path).stem}"


def make(root: Path) -> dict[str, Any]:
    """Archives and CSVs under ``root``; returns the decoded pixels per relative path."""
    pixels: dict[str, np.ndarray] = {}
    staging = root / "_staging"
    for k, (folder, names) in enumerate(IMAGES.items()):
        for i, name in enumerate(names):
            rel = f"{folder}/{name}"
            rows, cols = SIZES[folder]
            write_jpeg(staging / rel, rgb_pattern(10 * k + 3 * i, rows, cols) % 256)
            with Image.open(staging / rel) as img:
                pixels[rel] = np.asarray(img).transpose(2, 0, 1)
    archives = {f"{folder}.zip": zip_dir(staging, folder, root / f"{folder}.zip")
                for folder in IMAGES}
    (root / "dataframe").mkdir(parents=True, exist_ok=True)
    for table, entries in TABLES.items():
        with open(root / "dataframe" / table, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["", "filepath", "title", "title_multi_objects"])
            for n, (folder, i) in enumerate(entries):
                rel = f"{folder}/{IMAGES[folder][i]}"
                writer.writerow([n, rel, title(rel), title(rel) + ", next to a road"])
    return {"dir": root, "archives": archives, "pixels": pixels}

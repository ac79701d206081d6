"""Fake Million-AID: ``train.zip`` / ``test.zip`` holding ``<split>/<level 1>/[<level 2>/]<leaf>/``.

JPEG images of 32x32 px made of four 16x16 blocks (JPEG keeps flat blocks within a grey
level or two); block ``(r, c)`` of image ``n`` has channel ``b`` = ``pixel(n, r, c, b)``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import zip_dir

SIZE = 32
#: per split: (folder path under <split>/, number of images)
TREE = {
    "train": [("agriculture_land/arable_land/dry_field", 2),
              ("agriculture_land/arable_land/greenhouse", 1),
              ("transportation_land/airport_area/runway", 1),
              ("unutilized_land/bare_land", 2)],
    "test": [("agriculture_land/arable_land/dry_field", 1), ("water_area/lake", 1)],
}


def pixel(n: int, r: int, c: int, b: int) -> int:
    """Value of block (r, c), band b of the n-th image of a split (in listing order)."""
    return 20 + 9 * n + 80 * r + 40 * c + 15 * b


def image(n: int) -> np.ndarray:
    out = np.zeros((SIZE, SIZE, 3), np.uint8)
    half = SIZE // 2
    for r in range(2):
        for c in range(2):
            for b in range(3):
                out[r * half:(r + 1) * half, c * half:(c + 1) * half, b] = pixel(n, r, c, b)
    return out


def make(root: Path, flat_test: bool = False) -> dict[str, Any]:
    """Write the two archives into ``root``; return ``{"dir", "archives": {name: md5}}``.

    ``flat_test``: ``test.zip`` holds its images directly in ``test/`` (no class folders), as
    a release whose test labels are withheld does.
    """
    from PIL import Image

    staging = root / "_staging"
    archives = {}
    for split, folders in TREE.items():
        n = 0
        for folder, count in folders:
            for k in range(count):
                sub = "" if flat_test and split == "test" else folder
                path = staging / split / sub / f"P{1000 * n + k:07d}.jpg"
                path.parent.mkdir(parents=True, exist_ok=True)
                Image.fromarray(image(n)).save(path, quality=100)
                n += 1
        archives[f"{split}.zip"] = zip_dir(staging, split, root / f"{split}.zip")
    shutil.rmtree(staging)
    return {"dir": root, "archives": archives}



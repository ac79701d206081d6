"""Fake LandCoverAI100: ``landcoverai100.zip`` holding what the publisher's ``split.py`` writes
(``output/<orthophoto>_<k>.jpg`` RGB chips, ``output/<orthophoto>_<k>_m.png`` masks, saved by
OpenCV as 3 equal channels) and the zip's own ``train.txt``, ``val.txt``, ``test.txt``.

Chips are 40x56 (not square, so a transposition shows); image pixels encode chip, band, row
and column (a smooth ramp, as JPEG is lossy), mask classes 0-4 are hashed from chip, row and
column (PNG, exact). ``output/`` also holds a chip that no list names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import write_png
from fakedata._made import unstage
from fakedata._scene_classification import write_jpeg
from fakedata._segutil import coded_labels, files_under, md5, zip_tree

H, W = 40, 56
LISTS = {"train": ["M-33-20-D-c-4-2_17", "N-33-60-D-c-4-2_3", "M-34-5-A-d-2-4_40"],
         "val": ["M-33-20-D-c-4-2_18"], "test": ["N-33-60-D-c-4-2_61"]}
UNLISTED = "M-34-5-A-d-2-4_41"
CHIPS = [*LISTS["train"], *LISTS["val"], *LISTS["test"], UNLISTED]


def image_for(chip: str) -> np.ndarray:
    """``[3,H,W]`` uint8 as written (before JPEG coding): ``5 + 18 chip + 8 band + 2 row +
    col``, smooth so that the lossy JPEG keeps every pixel within a few levels."""
    rows, cols = np.indices((H, W))
    return np.stack([5 + 18 * CHIPS.index(chip) + 8 * b + 2 * rows + cols
                     for b in range(3)]).astype(np.uint8)


def mask_for(chip: str) -> np.ndarray:
    return coded_labels(CHIPS.index(chip), H, W, 5).astype(np.uint8)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    for chip in CHIPS:
        write_jpeg(stage / "output" / f"{chip}.jpg", image_for(chip))
        write_png(stage / "output" / f"{chip}_m.png", np.repeat(mask_for(chip)[..., None], 3, 2))
    for split, ids in LISTS.items():
        (stage / f"{split}.txt").write_text("\n".join(ids) + "\n")
    archive = zip_tree(root / "landcoverai100.zip", stage, files_under(stage))
    unstage(stage, root, extract)
    return {"archive": archive, "md5": {archive.name: md5(archive)}}

"""Fake OSCD100: the four zips of hkristen/oscd100 in OSCD's layout.

``Onera Satellite Change Detection dataset - Images.zip`` holds ``<patch>/imgs_{1,2}_rect/
<band>.tif`` (uint16, 13 bands) and ``<patch>/dates.txt``; ``- {Train,Val,Test} Labels.zip``
hold ``<patch>/cm/cm.png`` (0 / 255). Patches are 12x10 (not square); band pixels encode
patch, date, band, row and column, change maps are hashed from patch, row and column. The
Images folder also carries a ``train.txt`` naming whole cities (as OSCD's does), which must
not decide the split.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import write_png, write_tif, zip_dir
from fakedata._segutil import coded_image, coded_labels
from fakedata.oscd import BANDS, PREFIX

PATCHES = {"train": ["abudhabi_0", "beirut_1"], "val": ["cupertino_0"],
           "test": ["brasilia_2", "dubai_0"]}
ORDER = [p for names in PATCHES.values() for p in names]
H, W = 12, 10


def bands(patch: str, date: int) -> np.ndarray:
    """``[13,H,W]`` uint16 of ``patch`` on ``date`` (1 or 2)."""
    return coded_image(2 * ORDER.index(patch) + date - 1, len(BANDS), H, W, "uint16")


def change(patch: str) -> np.ndarray:
    return coded_labels(ORDER.index(patch), H, W, 2).astype(np.uint8)


def make(root: Path) -> dict[str, Any]:
    staging = root / "_staging"
    images = staging / f"{PREFIX}Images"
    for split, names in PATCHES.items():
        for patch in names:
            for date in (1, 2):
                stack = bands(patch, date)
                for b, band in enumerate(BANDS):
                    write_tif(images / patch / f"imgs_{date}_rect" / f"{band}.tif",
                              stack[b:b + 1])
            (images / patch / "dates.txt").write_text("date_1: 20151204\ndate_2: 20170318\n")
            write_png(staging / f"{PREFIX}{split.capitalize()} Labels" / patch / "cm" / "cm.png",
                      change(patch) * 255)
    (images / "train.txt").write_text("abudhabi,beirut,aguasclaras")
    archives = {}
    for part in ("Images", "Train Labels", "Val Labels", "Test Labels"):
        archive = root / f"{PREFIX}{part}.zip"
        archives[archive.name] = zip_dir(staging, f"{PREFIX}{part}", archive)
    return {"dir": root, "archives": archives}

"""Fake Cloud Cover Detection Challenge: the publisher's ``public/`` and ``private/`` trees.

Three train and two test chips of 16x12 px (EPSG:32753, 10 m; the release has 512x512).
Band GeoTIFFs are uint16 whose pixels encode chip, band, row and column
(:func:`fakedata._segutil.coded_image` with the band index as the band); labels are uint8
cloud masks hashed from chip, row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._segutil import coded_image, coded_labels, write_tif

BANDS = ("B02", "B03", "B04", "B08")
CHIPS = {"train": ["adwp", "adwu", "axeq"], "test": ["bdvy", "cqmk"]}
FOLDERS = {"train": "public", "test": "private"}
HEIGHT, WIDTH = 16, 12


def chip_index(split: str, position: int) -> int:
    return position + (10 if split == "test" else 0)


def band(index: int, b: int) -> np.ndarray:
    """Band ``b`` (position in :data:`BANDS`) of chip ``index``, ``[H, W]`` uint16."""
    return coded_image(index, len(BANDS), HEIGHT, WIDTH, "uint16")[b]


def label(index: int) -> np.ndarray:
    return coded_labels(index, HEIGHT, WIDTH, 2).astype(np.uint8)


def make(root: Path, layout: str = "publisher") -> dict[str, Any]:
    """``layout``: ``publisher`` (public/, private/) or ``flat`` (DrivenData: train_* at root)."""
    for split, chips in CHIPS.items():
        folder = root / FOLDERS[split] if layout == "publisher" else root
        rows = ["chip_id,location,datetime,cloudpath"]
        for position, chip in enumerate(chips):
            index = chip_index(split, position)
            origin = (777760.0 + 1000 * index, 6735270.0)
            for b, name in enumerate(BANDS):
                write_tif(folder / f"{split}_features" / chip / f"{name}.tif", band(index, b),
                          crs="EPSG:32753", origin=origin, res=10)
            write_tif(folder / f"{split}_labels" / f"{chip}.tif", label(index),
                      crs="EPSG:32753", origin=origin, res=10)
            rows.append(f"{chip},Australia - Central East,2020-06-03T00:00:00Z,"
                        f"az://./{split}_features/{chip}")
        if layout == "publisher" or split == "train":
            (folder / f"{split}_metadata.csv").write_text("\n".join(rows) + "\n")
    return {"chips": CHIPS}

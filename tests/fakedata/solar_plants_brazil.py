"""Fake Solar Plants Brazil: ``solarplantsbrazil.zip`` as the Hugging Face dataset ships it.

The archive holds ``{train,val,test}/input/img(<n>).tif`` (4 x float32, EPSG:4326) and
``{train,val,test}/labels/target(<n>).tif`` (1 x float32, 0/1 and soil 2), ``n`` from 1 in
each split.
Chip ``k`` (:func:`number`) encodes ``k``, band, row and column in every pixel
(:func:`fakedata._segutil.coded_image`); its mask is hashed from ``k``, row and column.
Train has eleven chips so that ``img(10)`` sorts after ``img(9)`` only when the reader orders
by number.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree

ARCHIVE = "solarplantsbrazil.zip"
COUNTS = {"train": 11, "val": 2, "test": 3}
SIZE = 12
ORIGIN = (-48.0, -15.0)
RES = 0.0001


def number(split: str, n: int) -> int:
    """Chip number ``k`` of ``img(n)`` of ``split`` (``n`` from 1)."""
    splits = list(COUNTS)
    return sum(COUNTS[s] for s in splits[:splits.index(split)]) + n - 1


def image(k: int) -> np.ndarray:
    return coded_image(k, 4, SIZE, SIZE, "float32")


def labels(k: int) -> np.ndarray:
    """[H,W] mask of chip ``k`` as stored: 0 background, 1 panel, 2 soil (some real masks
    annotate soil too; the authors' loader reads it as background)."""
    return coded_labels(k, SIZE, SIZE, 3)


def panels(k: int) -> np.ndarray:
    """[H,W] 0/1 panel mask of chip ``k``: what the loader returns."""
    return (labels(k) == 1).astype(labels(k).dtype)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write the zip into ``root``; return ``dir`` and ``archives`` (name -> md5)."""
    stage = root / ".stage"
    for split, count in COUNTS.items():
        for n in range(1, count + 1):
            k = number(split, n)
            write_tif(stage / split / "input" / f"img({n}).tif", image(k), crs="EPSG:4326",
                      origin=ORIGIN, res=RES)
            write_tif(stage / split / "labels" / f"target({n}).tif",
                      labels(k).astype(np.float32), crs="EPSG:4326", origin=ORIGIN, res=RES)
    archive = zip_tree(root / ARCHIVE, stage, files_under(stage))
    info = {"dir": root, "archives": {archive.name: md5(archive)}}
    unstage(stage, root, extract)
    return info

"""Fake LEVIR-CD: ``train.zip``, ``val.zip`` and ``test.zip``, each holding
``A/<split>_<n>.png``, ``B/<split>_<n>.png`` and ``label/<split>_<n>.png`` (n from 1) at the
top of the archive, as the published split archives do.

Pairs are numbered ``g`` across the splits (train 0-9, val 10-11, test 12-14): image A of pair
``g`` is ``coded_image(2 g)``, B ``coded_image(2 g + 1)`` (file, band, row and column in every
pixel), and the change label (0 / 255) is hashed from the pair, row and column. Train has ten
pairs so that ``train_10`` sorts after ``train_9`` only when the reader sorts by number.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, write_png
from fakedata._segutil import coded_image, coded_labels, files_under, zip_tree

COUNTS = {"train": 10, "val": 2, "test": 3}
SIZE = 16


def number(split: str, n: int) -> int:
    """The pair's number across the splits (``n`` is 0-based; the file is ``<split>_<n+1>``)."""
    splits = list(COUNTS)
    return sum(COUNTS[s] for s in splits[:splits.index(split)]) + n


def pixel(g: int, date: int) -> np.ndarray:
    """The [H,W,3] image of pair ``g`` on ``date`` (0 = A, 1 = B)."""
    return coded_image(2 * g + date, 3, SIZE, SIZE).transpose(1, 2, 0)


def change(g: int) -> np.ndarray:
    """The 0/1 change map of pair ``g``."""
    return coded_labels(g, SIZE, SIZE, 2).astype(np.uint8)


def make(root: Path) -> dict[str, object]:
    """Write the three split archives into ``root``; return ``dir``, ``archives`` (name ->
    md5) and ``counts``."""
    archives: dict[str, str] = {}
    for split, count in COUNTS.items():
        staging = root / "_staging" / split
        for n in range(count):
            name = f"{split}_{n + 1}.png"
            g = number(split, n)
            write_png(staging / "A" / name, pixel(g, 0))
            write_png(staging / "B" / name, pixel(g, 1))
            write_png(staging / "label" / name, change(g) * 255)
        archive = zip_tree(root / f"{split}.zip", staging, files_under(staging))
        archives[archive.name] = md5(archive)
    return {"dir": root, "archives": archives, "counts": COUNTS}

"""Fake LEVIR-CD+: ``LEVIR-CD+.zip`` holding ``LEVIR-CD+/{train,test}/{A,B,label}/*.png``.

Pairs are numbered ``g`` across the splits (train 0-2, test 3-4): image A of pair ``g`` is
``coded_image(2 g)``, B ``coded_image(2 g + 1)`` (file, band, row and column in every pixel)
and the change label is hashed from the pair, row and column.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fakedata._dc_util import write_png, zip_dir
from fakedata._segutil import coded_image, coded_labels

COUNTS = {"train": 3, "test": 2}
SIZE = 16


def number(split: str, n: int) -> int:
    """The pair's number across the splits."""
    return n if split == "train" else COUNTS["train"] + n


def pixel(split: str, n: int, date: int) -> np.ndarray:
    """The [H,W,3] image of sample ``n`` of ``split`` on ``date`` (0 = A, 1 = B)."""
    return coded_image(2 * number(split, n) + date, 3, SIZE, SIZE).transpose(1, 2, 0)


def change(split: str, n: int) -> np.ndarray:
    """The 0/1 change map of sample ``n`` of ``split``."""
    return coded_labels(number(split, n), SIZE, SIZE, 2).astype(np.uint8)


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    for split, count in COUNTS.items():
        for n in range(count):
            name = f"{split}_{n + 1}.png"
            folder = staging / "LEVIR-CD+" / split
            write_png(folder / "A" / name, pixel(split, n, 0))
            write_png(folder / "B" / name, pixel(split, n, 1))
            write_png(folder / "label" / name, change(split, n) * 255)
    archive = root / "LEVIR-CD+.zip"
    digest = zip_dir(staging, "LEVIR-CD+", archive)
    return {"archive": archive, "md5": digest, "counts": COUNTS}

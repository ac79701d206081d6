"""Fake LEVIR-CD+: ``LEVIR-CD+.zip`` holding ``LEVIR-CD+/{train,test}/{A,B,label}/*.png``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fakedata._dc_util import write_png, zip_dir

COUNTS = {"train": 3, "test": 2}
SIZE = 16


def pixel(split: str, n: int, date: int) -> np.ndarray:
    """The [H,W,3] image of sample ``n``: band b holds 10*date + 3*n + b (+ split offset)."""
    base = (0 if split == "train" else 100) + 10 * date + 3 * n
    return np.stack([np.full((SIZE, SIZE), base + b, np.uint8) for b in range(3)], axis=-1)


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    for split, count in COUNTS.items():
        for n in range(count):
            name = f"{split}_{n + 1}.png"
            folder = staging / "LEVIR-CD+" / split
            write_png(folder / "A" / name, pixel(split, n, 0))
            write_png(folder / "B" / name, pixel(split, n, 1))
            label = np.zeros((SIZE, SIZE), np.uint8)
            label[: n + 1, :4] = 255  # (n+1)*4 changed pixels
            write_png(folder / "label" / name, label)
    archive = root / "LEVIR-CD+.zip"
    digest = zip_dir(staging, "LEVIR-CD+", archive)
    return {"archive": archive, "md5": digest, "counts": COUNTS}

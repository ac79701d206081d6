"""Fake So2Sat LCZ42 v2: training.h5 / validation.h5 / testing.h5 as the publisher ships them.

Each file holds ``sen1`` float64 [N,32,32,8], ``sen2`` float64 [N,32,32,10] and a one-hot
``label`` float64 [N,17]. Pixel (r, c) of channel ``ch`` of sample ``i`` holds
``value(i, sensor, ch, r, c)`` (``r / 1000 + c / 100000`` on top of a per-channel constant), so
tests can tell bands, samples, rows and columns apart and see a transpose.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import h5py
import numpy as np

FILES = {"train": "training.h5", "val": "validation.h5", "test": "testing.h5"}
COUNTS = {"train": 3, "val": 2, "test": 2}


def value(index: int, sensor: str, channel: int, row: Any = 0, col: Any = 0) -> Any:
    """S1 channels are small signed floats, S2 reflectances < 1; rows and columns add a ramp."""
    ramp = row / 1000 + col / 100000
    if sensor == "sen1":
        return -0.5 + 0.01 * channel + 0.1 * index + ramp
    return 0.1 + 0.01 * channel + 0.1 * index + ramp


def label_of(split: str, index: int) -> int:
    return (index * 5 + len(split)) % 17


def write_split(path: Path, split: str, count: int) -> None:
    sen1 = np.zeros((count, 32, 32, 8), np.float64)
    sen2 = np.zeros((count, 32, 32, 10), np.float64)
    label = np.zeros((count, 17), np.float64)
    rows, cols = np.indices((32, 32))
    for i in range(count):
        for c in range(8):
            sen1[i, :, :, c] = value(i, "sen1", c, rows, cols)
        for c in range(10):
            sen2[i, :, :, c] = value(i, "sen2", c, rows, cols)
        label[i, label_of(split, i)] = 1.0
    with h5py.File(path, "w") as f:
        f.create_dataset("sen1", data=sen1)
        f.create_dataset("sen2", data=sen2)
        f.create_dataset("label", data=label)


def make(root: Path) -> dict[str, Any]:
    """Write the three HDF5 files into ``root``; returns counts and the md5 of each file."""
    root.mkdir(parents=True, exist_ok=True)
    md5 = {}
    for split, filename in FILES.items():
        write_split(root / filename, split, COUNTS[split])
        md5[split] = hashlib.md5((root / filename).read_bytes()).hexdigest()
    return {"counts": dict(COUNTS), "md5": md5, "files": dict(FILES)}


V3_FOLDERS = ("random", "block", "culture_10")
V3_COUNTS = {"train": 2, "test": 1}


def make_v3(root: Path, folder: str) -> dict[str, Any]:
    """Write one split scheme of the third version: ``<folder>/{training,testing}.h5``."""
    (root / folder).mkdir(parents=True, exist_ok=True)
    md5 = {}
    for split, name in (("train", "training.h5"), ("test", "testing.h5")):
        path = root / folder / name
        write_split(path, split, V3_COUNTS[split])
        md5[split] = hashlib.md5(path.read_bytes()).hexdigest()
    return {"counts": dict(V3_COUNTS), "md5": md5}

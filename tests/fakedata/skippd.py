"""Fake SKIPP'D benchmark files: ``2017_2019_images_pv_processed.hdf5`` and ``times_*.npy``.

Groups ``trainval`` and ``test`` hold ``images_log`` (``[N, SIZE, SIZE, 3]`` uint8, row ``n``
band ``b`` at (r, c) = ``pixel(split, n, r, c, b)``) and ``pv_log`` (float64, ``pv(split, n)``);
the time stamps are object arrays of ``datetime`` as the publisher saves them. Trainval has two
runs of consecutive minutes (0-39 and 50-69 after 08:00), test one (0-19).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import h5py
import numpy as np

SIZE = 8
MINUTES = {"trainval": list(range(40)) + list(range(50, 70)), "test": list(range(20))}
START = dt.datetime(2018, 6, 1, 8, 0, 0)


def pixel(split: str, n: int, r: Any, c: Any, b: int) -> Any:
    base = 0 if split == "trainval" else 1
    return (3 * n + 5 * r + 2 * c + 50 * b + 7 * base) % 256


def pv(split: str, n: int) -> float:
    return 0.5 * n + (1.0 if split == "trainval" else 100.0)


def make(root: Path, folder: str = "") -> dict[str, Any]:
    """Write the three files into ``root/folder``; return their md5s by name."""
    out = root / folder
    out.mkdir(parents=True, exist_ok=True)
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    with h5py.File(out / "2017_2019_images_pv_processed.hdf5", "w") as f:
        for split, minutes in MINUTES.items():
            images = np.stack([np.stack([pixel(split, n, rows, cols, b) for b in range(3)], -1)
                               for n in range(len(minutes))]).astype(np.uint8)
            group = f.create_group(split)
            group.create_dataset("images_log", data=images)
            group.create_dataset("pv_log", data=np.array([pv(split, n)
                                                          for n in range(len(minutes))]))
    for split, minutes in MINUTES.items():
        # seconds within the minute, as frames grabbed from a video have
        times = np.array([START + dt.timedelta(minutes=m, seconds=20) for m in minutes],
                         dtype=object)
        np.save(out / f"times_{split}.npy", times, allow_pickle=True)
    return {name: hashlib.md5((out / name).read_bytes()).hexdigest()
            for name in ("2017_2019_images_pv_processed.hdf5", "times_trainval.npy",
                         "times_test.npy")}

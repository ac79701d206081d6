"""Fake QuakeSet ``earthquakes.h5``: event groups (attrs ``split``, ``magnitude``) of patches.

Each patch holds ``pre``, ``post`` and (except the last patch of each event) ``before``
float32 ``[SIZE, SIZE, 2]`` arrays plus ``x``/``y`` coordinate arrays next to the patches.
Acquisition ``a`` of patch ``p`` of event ``e`` holds ``pixel(e, p, a, row, col, band)``; one
pixel of every ``post`` image is NaN.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import h5py
import numpy as np

SIZE = 8
ACQUISITIONS = ("before", "pre", "post")
#: event id -> (split attribute, magnitude, number of patches)
EVENTS = {
    "611645479": ("train", 5.5, 2),
    "611658170": ("train", 6.25, 1),
    "611684805": ("validation", 4.75, 2),
    "611798698": ("test", 7.0, 1),
}


def pixel(e: int, p: int, a: int, row: Any, col: Any, band: int) -> Any:
    return 100.0 * e + 20.0 * p + 5.0 * a + 0.5 * row + 0.125 * col + 0.03125 * band


def make(root: Path) -> dict[str, Any]:
    root.mkdir(parents=True, exist_ok=True)
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    path = root / "earthquakes.h5"
    with h5py.File(path, "w") as f:
        for e, (event, (split, magnitude, patches)) in enumerate(EVENTS.items()):
            group = f.create_group(event)
            group.attrs["split"] = split
            group.attrs["magnitude"] = np.float32(magnitude)
            group.create_dataset("x", data=np.arange(SIZE, dtype=np.float64))
            group.create_dataset("y", data=np.arange(SIZE, dtype=np.float64))
            for p in range(patches):
                patch = group.create_group(f"patch_{p}")
                for a, name in enumerate(ACQUISITIONS):
                    if name == "before" and p == patches - 1 and patches > 1:
                        continue
                    array = np.stack([pixel(e, p, a, rows, cols, b) for b in range(2)], -1)
                    if name == "post":
                        array[0, 0, 1] = np.nan
                    patch.create_dataset(name, data=array.astype(np.float32))
    return {"earthquakes.h5": hashlib.md5(path.read_bytes()).hexdigest()}

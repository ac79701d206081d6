"""Fake CaBuAr: ``512x512.hdf5`` (folds 0-4) and ``chabud_test.h5`` (the ChaBuD test set).

The writer is shared with the ChaBuD fake (same layout): one group per patch, attribute
``fold``.

Each group has ``pre_fire`` / ``post_fire`` uint16 ``[SIZE, SIZE, 12]`` (band ``b`` of date
``d`` of patch ``k`` = ``pixel(k, d, b, row, col)``) and ``mask`` uint8 ``[SIZE, SIZE, 1]``
(``burned(k)``: rows ``< k + 1`` of columns ``< 3`` burned).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import h5py
import numpy as np

SIZE = 8


def pixel(k: int, date: int, band: int, row: Any, col: Any) -> Any:
    return 1000 * k + 500 * date + 20 * band + 2 * row + col


def burned(k: int) -> np.ndarray:
    mask = np.zeros((SIZE, SIZE), np.uint8)
    mask[: k + 1, :3] = 1
    return mask


def write(path: Path, patches: Sequence[tuple[str, Any, bool]]) -> str:
    """``patches``: (uuid, fold attribute, has a pre-fire image); return the file's md5."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    with h5py.File(path, "w") as f:
        for k, (uuid, fold, has_pre) in enumerate(patches):
            group = f.create_group(uuid)
            group.attrs["fold"] = fold
            for date, key in enumerate(("pre_fire", "post_fire")):
                if key == "pre_fire" and not has_pre:
                    continue
                array = np.stack([pixel(k, date, b, rows, cols) for b in range(12)], -1)
                group.create_dataset(key, data=array.astype(np.uint16))
            group.create_dataset("mask", data=burned(k)[..., None])
    return hashlib.md5(path.read_bytes()).hexdigest()


#: (uuid, fold, has pre_fire) in file order; patch index k = position in the list
PATCHES = [("a0f1", 1, True), ("b2e3", 0, True), ("c4d5", 3, True), ("d6c7", 4, False),
           ("e8b9", 2, True)]
TEST = [("f0a1", "chabud", True), ("f2b3", 5, True)]  # the test file's fold is not a split


def as_floats(patches: Sequence[tuple[str, Any, bool]]) -> list[tuple[str, Any, bool]]:
    """The patches with their integer folds stored as float attributes (``1.0``)."""
    return [(u, float(f) if isinstance(f, int) else f, pre) for u, f, pre in patches]


def make(root: Path, float_folds: bool = False) -> dict[str, Any]:
    """Write both files (``float_folds``: the ``fold`` attributes as floats)."""
    patches = as_floats(PATCHES) if float_folds else PATCHES
    archives = {"512x512.hdf5": write(root / "512x512.hdf5", patches),
                "chabud_test.h5": write(root / "chabud_test.h5", TEST)}
    return {"dir": root, "archives": archives}

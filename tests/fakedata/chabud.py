"""Fake ChaBuD ``train_eval.hdf5``: patch groups with a ``fold`` attribute (0-4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fakedata.cabuar import as_floats, write

#: (uuid, fold, has pre_fire) in file order; patch index k = position in the list
PATCHES = [("0c1d", 0, True), ("1e2f", 2, True), ("2a3b", 4, False), ("3c4d", 1, True),
           ("4e5f", 0, True)]


def make(root: Path, float_folds: bool = False) -> dict[str, Any]:
    """Write ``train_eval.hdf5`` (``float_folds``: the ``fold`` attributes as floats)."""
    patches = as_floats(PATCHES) if float_folds else PATCHES
    return {"dir": root, "archives": {"train_eval.hdf5": write(root / "train_eval.hdf5",
                                                                patches)}}

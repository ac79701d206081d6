"""Fake ZueriCrop: ``ZueriCrop.hdf5`` (data / gt / gt_instance) and ``labels.csv``.

``data`` is ``[N,T,H,W,C]`` float32 (channels last, as published) whose every value encodes
sample, date, channel, row and column (:func:`value`); ``gt`` and ``gt_instance`` are hashed
from sample, row and column, so each sample's masks differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import h5py
import numpy as np

from fakedata._dc_util import md5
from fakedata._segutil import coded_labels

N, T, H, W, C = 3, 4, 6, 6, 9


def value(n: Any, t: Any, c: Any, row: Any = 0, col: Any = 0) -> Any:
    """``1000 n + 100 t + 10 c + row + col / 8`` (exact in float32, unique per pixel)."""
    return 1000 * n + 100 * t + 10 * c + row + col / 8


def gt(n: int) -> np.ndarray:
    """Crop classes 0-3 of sample ``n``, ``[H,W]``."""
    return coded_labels(n, H, W, 4)


def instances(n: int) -> np.ndarray:
    """Field ids (0 or 7-9) of sample ``n``, ``[H,W]``."""
    ids = coded_labels(n + 50, H, W, 4)
    return np.where(ids > 0, ids + 6, 0)


def make(root: Path) -> dict[str, object]:
    root.mkdir(parents=True, exist_ok=True)
    n, t, h, w, c = np.indices((N, T, H, W, C))
    data = np.asarray(value(n, t, c, h, w), np.float32)
    classes = np.stack([gt(k) for k in range(N)])[..., None]
    inst = np.stack([instances(k) for k in range(N)])[..., None]
    path = root / "ZueriCrop.hdf5"
    with h5py.File(path, "w") as f:
        f.create_dataset("data", data=data)
        f.create_dataset("gt", data=classes)
        f.create_dataset("gt_instance", data=inst)
    csv = root / "labels.csv"
    csv.write_text("1st_tier,2nd_tier,3rd_tier,4th_tier,4th_tier_ENG\n"
                   "Vegetation,Field crops,Small grain cereal,Wheat,Wheat\n")
    return {"dir": root, "archives": {path.name: md5(path), csv.name: md5(csv)}}

"""Fake ZueriCrop: ``ZueriCrop.hdf5`` (data / gt / gt_instance) and ``labels.csv``."""

from __future__ import annotations

from pathlib import Path

import h5py
import numpy as np

from fakedata._dc_util import md5

N, T, H, W, C = 3, 4, 6, 6, 9


def value(n: int, t: int, c: int) -> int:
    return 1000 * n + 10 * t + c


def make(root: Path) -> dict[str, object]:
    root.mkdir(parents=True, exist_ok=True)
    data = np.zeros((N, T, H, W, C), np.float32)
    for n in range(N):
        for t in range(T):
            for c in range(C):
                data[n, t, :, :, c] = value(n, t, c)
    gt = np.zeros((N, H, W, 1), np.int64)
    gt[:, :3, :, 0] = np.arange(N)[:, None, None] + 1
    inst = np.zeros((N, H, W, 1), np.int64)
    inst[:, :3, :2, 0] = 7
    path = root / "ZueriCrop.hdf5"
    with h5py.File(path, "w") as f:
        f.create_dataset("data", data=data)
        f.create_dataset("gt", data=gt)
        f.create_dataset("gt_instance", data=inst)
    csv = root / "labels.csv"
    csv.write_text("1st_tier,2nd_tier,3rd_tier,4th_tier,4th_tier_ENG\n"
                   "Vegetation,Field crops,Small grain cereal,Wheat,Wheat\n")
    return {"dir": root, "archives": {path.name: md5(path), csv.name: md5(csv)}}

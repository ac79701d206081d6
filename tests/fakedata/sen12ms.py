"""Fake SEN12MS: the 12 season/source ``.tar.gz`` archives and the two split lists.

One scene per season, two 8x8 px patches per scene, in UTM (EPSG:32631). S1 is float32 with
value ``-(band + 1) - patch/10``; S2 uint16 with ``100 * (band + 1) + patch``; LC uint16 (as
published) whose IGBP band holds ``(r + c) % 17 + 1``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._segutil import files_under, md5, tar_tree, write_tif

SEASONS = {"ROIs1158_spring": 106, "ROIs1868_summer": 12, "ROIs1970_fall": 44,
           "ROIs2017_winter": 7}
PATCHES = [30, 31]
SIZE = 8


def igbp() -> np.ndarray:
    rows, cols = np.indices((SIZE, SIZE))
    return ((rows + cols) % 17 + 1).astype(np.uint16)


def make(root: Path) -> dict[str, Any]:
    stage = root / ".stage"
    names: list[str] = []
    for season, scene in SEASONS.items():
        for patch in PATCHES:
            base = f"{season}_{{src}}_{scene}_p{patch}.tif"
            s1 = np.stack([np.full((SIZE, SIZE), -(b + 1) - patch / 10, np.float32)
                           for b in range(2)])
            s2 = np.stack([np.full((SIZE, SIZE), 100 * (b + 1) + patch, np.uint16)
                           for b in range(13)])
            lc = np.stack([igbp()] + [np.full((SIZE, SIZE), 9, np.uint16)] * 3)
            for src, arr in (("s1", s1), ("s2", s2), ("lc", lc)):
                write_tif(stage / src / season / f"{src}_{scene}" / base.format(src=src), arr,
                          crs="EPSG:32631", origin=(600000.0 + patch * 80, 5000000.0), res=10)
            names.append(base.format(src="s2"))
    archives = []
    for season in SEASONS:
        for src in ("lc", "s1", "s2"):
            archives.append(tar_tree(root / f"{season}_{src}.tar.gz", stage / src,
                                     files_under(stage / src / season)))
    train = [n for n in names if "spring" in n or "fall" in n]
    test = [n for n in names if n not in train]
    (root / "train_list.txt").write_text("\n".join(train) + "\n")
    (root / "test_list.txt").write_text("\n".join(test) + "\n")
    shutil.rmtree(stage)
    files = [*archives, root / "train_list.txt", root / "test_list.txt"]
    return {"md5": {p.name: md5(p) for p in files}, "train": train, "test": test}

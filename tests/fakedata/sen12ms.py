"""Fake SEN12MS: the 12 season/source ``.tar.gz`` archives and the two split lists.

One scene per season, two 8x8 px patches per scene, in UTM (EPSG:32631). Patches are numbered
``f`` in season order (spring p30, spring p31, summer p30, ...): S1 is float32 holding minus
``coded_image(f)`` (``-(1000 f + 100 b + r + c / 64)``), S2 uint16 ``coded_image(f)``
(``1000 f + 100 b + 7 r + 3 c + r c``), LC uint16 (as published) whose IGBP band holds classes
1-17 hashed from patch, row and column.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._segutil import coded_image, coded_labels, files_under, md5, tar_tree, write_tif

SEASONS = {"ROIs1158_spring": 106, "ROIs1868_summer": 12, "ROIs1970_fall": 44,
           "ROIs2017_winter": 7}
PATCHES = [30, 31]
SIZE = 8


def igbp(patch: int) -> np.ndarray:
    """IGBP classes (1-17) of patch number ``patch``."""
    return (coded_labels(patch, SIZE, SIZE, 17) + 1).astype(np.uint16)


def s1(patch: int) -> np.ndarray:
    return -coded_image(patch, 2, SIZE, SIZE, "float32")


def s2(patch: int) -> np.ndarray:
    return coded_image(patch, 13, SIZE, SIZE, "uint16")


def make(root: Path) -> dict[str, Any]:
    stage = root / ".stage"
    names: list[str] = []
    number = 0
    for season, scene in SEASONS.items():
        for patch in PATCHES:
            base = f"{season}_{{src}}_{scene}_p{patch}.tif"
            lc = np.stack([igbp(number)] + [np.full((SIZE, SIZE), 9, np.uint16)] * 3)
            for src, arr in (("s1", s1(number)), ("s2", s2(number)), ("lc", lc)):
                write_tif(stage / src / season / f"{src}_{scene}" / base.format(src=src), arr,
                          crs="EPSG:32631", origin=(600000.0 + patch * 80, 5000000.0), res=10)
            names.append(base.format(src="s2"))
            number += 1
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

"""Fake SEN12MS-CR: the 12 ``<season>_<modality>.tar.gz`` archives as mediaTUM ships them.

Each archive holds its own top folder, ``<season>_<modality>/<modality>_<scene>/
<season>_<modality>_<scene>_p<patch>.tif`` (8x8 px instead of 256x256, UTM, 10 m). The scenes
are chosen to test the split lists: spring 1 (train), 17 (val), 106 (test) and 10 (in no list,
though ``s1_1`` is its prefix), summer 7 (train) and 119 (test), fall 65 (val), winter 8 (train);
patches p2 and p10 each (p10 sorts before p2 by name). Patch ``n`` (counted in the order of
:data:`SCENES`) writes file ``3 n`` (s1), ``3 n + 1`` (s2, cloud-free) and ``3 n + 2``
(s2_cloudy) with :func:`coded_image`: S1 float32 ``-(1000 f + 100 b + r + c / 64)``, S2
uint16 ``1000 f + 100 b + 7 r + 3 c + r c``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, files_under, md5, tar_tree, write_tif

SIZE = 8
SEASONS = ("ROIs1158_spring", "ROIs1868_summer", "ROIs1970_fall", "ROIs2017_winter")
MODALITIES = {"s1": 0, "s2": 1, "s2_cloudy": 2}  # -> file offset within a patch
#: (season, scene, split) in the order patches are numbered
SCENES = (("ROIs1158_spring", 1, "train"), ("ROIs1158_spring", 10, None),
          ("ROIs1158_spring", 17, "val"), ("ROIs1158_spring", 106, "test"),
          ("ROIs1868_summer", 7, "train"), ("ROIs1868_summer", 119, "test"),
          ("ROIs1970_fall", 65, "val"), ("ROIs2017_winter", 8, "train"))
PATCHES = (2, 10)


def array(n: int, modality: str) -> np.ndarray:
    """The pixels of patch ``n``'s ``modality`` file, as written (S1 float32, S2 uint16)."""
    f = 3 * n + MODALITIES[modality]
    if modality == "s1":
        return -coded_image(f, 2, SIZE, SIZE, "float32")
    return coded_image(f, 13, SIZE, SIZE, "uint16")


def patches() -> list[tuple[str, int, int, str | None, int]]:
    """``(season, scene, patch, split, n)`` of every patch, ``n`` numbering them."""
    out = []
    for season, scene, split in SCENES:
        for patch in PATCHES:
            out.append((season, scene, patch, split, len(out)))
    return out


def expected(split: str) -> list[tuple[str, int, int]]:
    """``(scene key, patch, n)`` of the split, in the loader's order (season, scene, patch)."""
    rows = [(season, scene, patch, n) for season, scene, patch, s, n in patches() if s == split]
    return [(f"{season}/{scene}", patch, n) for season, scene, patch, n in
            sorted(rows, key=lambda r: (SEASONS.index(r[0]), r[1], r[2]))]


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write the archives in ``root`` (and their extracted folders when ``extract``)."""
    stage = root / ".stage"
    for season, scene, patch, _, n in patches():
        for modality in MODALITIES:
            name = f"{season}_{modality}_{scene}_p{patch}.tif"
            write_tif(stage / f"{season}_{modality}" / f"{modality}_{scene}" / name,
                      array(n, modality), crs="EPSG:32633",
                      origin=(500000.0 + 2560.0 * n, 4000000.0 + 10.0 * scene), res=10.0)
    archives = {}
    for season in SEASONS:
        for modality in MODALITIES:
            folder = f"{season}_{modality}"
            path = tar_tree(root / f"{folder}.tar.gz", stage, files_under(stage / folder))
            archives[path.name] = md5(path)
    unstage(stage, root, extract)
    return {"dir": root, "archives": archives}

"""Fake Substation: ``image_stack.tar.gz`` and ``mask.tar.gz`` of ``.npz`` files (``arr_0``).

Four locations, 12x12 px, with 5, 5, 3 and 1 revisits of 13 bands (float32 whose pixels
encode location, revisit, band, row and column); masks are uint8 OSM codes 0-3 hashed from
location, row and column (3 = substation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, tar_tree

NAMES = ["10185.npz", "10233.npz", "20871.npz", "3321.npz"]
REVISITS = [5, 5, 3, 1]
SIZE = 12


def stack(location: int) -> np.ndarray:
    """``[T, 13, H, W]`` of a location (revisit ``t`` coded as file ``10 * location + t``)."""
    return np.stack([coded_image(10 * location + t, 13, SIZE, SIZE, "float32")
                     for t in range(REVISITS[location])])


def osm_mask(location: int) -> np.ndarray:
    return coded_labels(location, SIZE, SIZE, 4).astype(np.uint8)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    for location, name in enumerate(NAMES):
        for folder, array in (("image_stack", stack(location)), ("mask", osm_mask(location))):
            (stage / folder).mkdir(parents=True, exist_ok=True)
            np.savez_compressed(stage / folder / name, arr_0=array)
    archives = [tar_tree(root / f"{folder}.tar.gz", stage, files_under(stage / folder))
                for folder in ("image_stack", "mask")]
    unstage(stage, root, extract)
    return {"md5": {a.name: md5(a) for a in archives}}

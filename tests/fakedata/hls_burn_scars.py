"""Fake HLS Burn Scars: ``hls_burn_scars.tar.gz`` holding ``training/`` and ``validation/``.

Three training and two validation scenes of 7x9 px (the release has 512x512), UTM at 30 m,
named as the release names them (``subsetted_512x512_HLS.S30.<tile>.<yyyyddd>.v1.4``):
``_merged.tif`` float32 with 6 bands whose pixels encode scene, band, row and column
(:func:`fakedata._segutil.coded_image`), ``.mask.tif`` int16 in -1/0/1 hashed from scene,
row and column. ``mask_end`` writes the masks under another ending (``_mask.tif``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, tar_tree, write_tif

#: folder -> (tile, date) of its scenes, in name order; a scene's index is its position
SCENES = {
    "training": [("T10SEH", "2018190"), ("T10SFF", "2018190"), ("T11SMT", "2019294")],
    "validation": [("T10SDH", "2020248"), ("T13RGP", "2020118")],
}
ORDER = [scene for scenes in SCENES.values() for scene in scenes]
HEIGHT, WIDTH = 7, 9
ARCHIVE = "hls_burn_scars.tar.gz"


def stem(i: int) -> str:
    tile, date = ORDER[i]
    return f"subsetted_512x512_HLS.S30.{tile}.{date}.v1.4"


def epsg(i: int) -> int:
    return 32600 + int(ORDER[i][0][1:3])


def origin(i: int) -> tuple[float, float]:
    return (500000.0 + 3000 * i, 4300000.0)


def image(i: int) -> np.ndarray:
    return coded_image(i, 6, HEIGHT, WIDTH, "float32")


def mask(i: int) -> np.ndarray:
    return (coded_labels(i, HEIGHT, WIDTH, 3) - 1).astype(np.int16)


def make(root: Path, extract: bool = False, mask_end: str = ".mask.tif") -> dict[str, Any]:
    """Write ``hls_burn_scars.tar.gz`` into ``root`` (and its tree with ``extract``)."""
    stage = root / ".stage"
    for folder, scenes in SCENES.items():
        for scene in scenes:
            i = ORDER.index(scene)
            where = {"crs": f"EPSG:{epsg(i)}", "origin": origin(i), "res": 30.0}
            write_tif(stage / folder / f"{stem(i)}_merged.tif", image(i), **where)
            write_tif(stage / folder / f"{stem(i)}{mask_end}", mask(i), **where)
    archive = tar_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"md5": {ARCHIVE: md5(archive)}}

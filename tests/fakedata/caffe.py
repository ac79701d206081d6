"""Fake CaFFe: ``data_raw.zip`` as on PANGAEA 940950.

The archive holds ``data_raw/sar_images/{train,test}/<stem>.png`` (8-bit grey),
``data_raw/zones/<split>/<stem>_zones.png`` (grey values 0, 64, 127, 254) and
``data_raw/fronts/<split>/<stem>_front.png`` (0 and 255), with stems named as the release
names them (``<glacier>_<date>_<satellite>_<res>_<quality>_<orbit>``). Image ``k`` is
``9 + k`` rows by ``12 + k % 3`` columns, so a label of another image cannot even fit; its
pixels encode the image, row and column (:func:`fakedata._segutil.coded_image`), its zones
and fronts are hashes of the same (:func:`fakedata._segutil.coded_labels`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, zip_tree

#: folder -> stems, sorted as the loader sorts them (image k is the k-th of all stems)
STEMS = {
    "train": ["Crane_2002-11-09_ERS_20_2_061", "DBE_2008-03-30_TSX_7_3_049",
              "JAC_2009-06-21_TSX_6_1_005", "Jorum_2011-09-04_TSX_7_4_034",
              "SI_2013-08-14_TSX_7_1_125"],
    "test": ["COL_2020-03-08_S1_20_3_094", "Mapple_2008-10-13_TSX_7_2_034"],
}
ZONE_VALUES = (0, 64, 127, 254)


def index(stem: str) -> int:
    """The image number ``k`` of ``stem`` (train first, then test)."""
    return [*STEMS["train"], *STEMS["test"]].index(stem)


def shape(k: int) -> tuple[int, int]:
    return 9 + k, 12 + k % 3


def image(k: int) -> np.ndarray:
    """``[H,W]`` uint8 grey values of image ``k``."""
    return coded_image(k, 1, *shape(k))[0]


def zones(k: int) -> np.ndarray:
    """``[H,W]`` zone class indices 0-3 of image ``k`` (written as grey values)."""
    return coded_labels(k, *shape(k), 4)


def fronts(k: int) -> np.ndarray:
    """``[H,W]`` front indices 0/1 of image ``k`` (written as 0/255)."""
    return coded_labels(k + 50, *shape(k), 2)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write ``data_raw.zip`` into ``root`` (and its tree too with ``extract``)."""
    stage = root / ".stage"
    base = stage / "data_raw"
    for folder, stems in STEMS.items():
        for sub in ("sar_images", "zones", "fronts"):
            (base / sub / folder).mkdir(parents=True, exist_ok=True)
        for stem in stems:
            k = index(stem)
            Image.fromarray(image(k), mode="L").save(base / "sar_images" / folder / f"{stem}.png")
            grey = np.asarray(ZONE_VALUES, np.uint8)[zones(k)]
            Image.fromarray(grey, mode="L").save(base / "zones" / folder / f"{stem}_zones.png")
            line = (fronts(k) * 255).astype(np.uint8)
            Image.fromarray(line, mode="L").save(base / "fronts" / folder / f"{stem}_front.png")
    archive = zip_tree(root / "data_raw.zip", stage, files_under(base))
    info = {"dir": root, "archives": {archive.name: md5(archive)}}
    unstage(stage, root, extract)
    return info

"""Fake OpenEarthMap: ``OpenEarthMap.zip`` holding ``OpenEarthMap_wo_xBD/`` as on Zenodo 7223446.

Three regions, named as the release names them: ``aachen`` (UTM 32N), ``kujawsko-pomorskie``
(a hyphen; EPSG:2180) and ``les_cayes`` (an underscore; cut from xBD, so the zip holds its
labels but no image). Each ``<region>/images/<region>_<n>.tif`` is an RGB uint8 GeoTIFF whose
pixels encode the file, band, row and column (:func:`fakedata._segutil.coded_image`);
``labels/<region>_<n>.tif`` holds uint8 codes 0-8 hashed from the file, row and column.
``train.txt``, ``val.txt`` and ``test.txt`` list image file names; test files have no label
(not released); ``xbd_files.csv`` maps xBD names to the ``les_cayes`` files; ``readme.txt``
is there too. ``xbd_added`` writes the xBD images as the publisher's ``compile_xbd.py`` would
(with the label's grid); ``xbd_csv=False`` leaves ``xbd_files.csv`` out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree

FOLDER = "OpenEarthMap_wo_xBD"
ARCHIVE = "OpenEarthMap.zip"
#: split -> the list's entries, in the list's order (not sorted, as the publisher's are not
#: sorted numerically either)
SPLITS = {
    "train": ["aachen_10.tif", "aachen_1.tif", "les_cayes_3.tif", "kujawsko-pomorskie_2.tif"],
    "val": ["les_cayes_5.tif", "aachen_2.tif"],
    "test": ["aachen_3.tif", "les_cayes_1.tif", "kujawsko-pomorskie_7.tif"],
}
ORDER = [name for names in SPLITS.values() for name in names]
#: region -> (height, width, crs, origin, resolution) of its tiles
REGIONS = {
    "aachen": (6, 8, "EPSG:32632", (294000.0, 5629000.0), 0.25),
    "kujawsko-pomorskie": (7, 5, "EPSG:2180", (470000.0, 590000.0), 0.25),
    "les_cayes": (5, 5, "EPSG:32618", (601000.0, 2015000.0), 0.5),
}
XBD_REGION = "les_cayes"
#: the xBD image each les_cayes file is cut from (first column of xbd_files.csv)
XBD_SOURCES = {"les_cayes_1.tif": "hurricane-matthew_00000001_pre_disaster.png",
               "les_cayes_3.tif": "hurricane-matthew_00000005_pre_disaster.png",
               "les_cayes_5.tif": "hurricane-matthew_00000012_pre_disaster.png"}


def region(name: str) -> str:
    return name.rsplit("_", 1)[0]


def grid(name: str) -> dict[str, Any]:
    crs, origin, res = REGIONS[region(name)][2:]
    i = ORDER.index(name)
    return {"crs": crs, "origin": (origin[0] + 100 * i, origin[1]), "res": res}


def image(name: str) -> np.ndarray:
    height, width = REGIONS[region(name)][:2]
    return coded_image(ORDER.index(name), 3, height, width, "uint8")


def label(name: str) -> np.ndarray:
    height, width = REGIONS[region(name)][:2]
    return coded_labels(ORDER.index(name), height, width, 9).astype(np.uint8)


def split_of(name: str) -> str:
    return next(split for split, names in SPLITS.items() if name in names)


def make(root: Path, extract: bool = False, xbd_added: bool = False,
         xbd_csv: bool = True) -> dict[str, Any]:
    """Write ``OpenEarthMap.zip`` into ``root`` (and its tree with ``extract``)."""
    stage = root / ".stage"
    base = stage / FOLDER
    for name in ORDER:
        folder = base / region(name)
        if region(name) != XBD_REGION or xbd_added:
            write_tif(folder / "images" / name, image(name), **grid(name))
        if split_of(name) != "test":
            write_tif(folder / "labels" / name, label(name), **grid(name))
    for split, names in SPLITS.items():
        (base / f"{split}.txt").write_text("".join(f"{n}\n" for n in names))
    if xbd_csv:
        (base / "xbd_files.csv").write_text(
            "".join(f"{src},{name}\n" for name, src in XBD_SOURCES.items()))
    (base / "readme.txt").write_text(
        "train/val/test split: train.txt, val.txt, and test.txt contain filenames for train, "
        "validation, and test sets, respectively.\n")
    archive = zip_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"md5": {ARCHIVE: md5(archive)}}

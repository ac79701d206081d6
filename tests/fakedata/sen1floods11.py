"""Fake Sen1Floods11: the ``sen1floods11`` bucket's v1.1 hand-labelled tree (loose GeoTIFFs).

Seven chips of 6x9 px (the release has 512x512), EPSG:4326 at the release's 10 m in degrees,
in the four split lists (no header, ``<chip>_S1Hand.tif,<chip>_LabelHand.tif``). S1Hand is
float32 (negative, dB-like), S2Hand uint16 with 13 bands, LabelHand int16 in -1/0/1; pixels
encode chip, band, row and column (:func:`fakedata._segutil.coded_image`,
:func:`~fakedata._segutil.coded_labels`). Chip 0's VV has a NaN at :data:`NAN_AT`. One chip
has a JRCWaterHand file, a folder of the release the loader does not read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._segutil import coded_image, coded_labels, write_tif

#: split -> chips of its list, in list order; a chip's index is its position in CHIPS
SPLITS = {
    "train": ["Ghana_103272", "Spain_7370579", "USA_430764"],
    "val": ["India_25540"],
    "test": ["Pakistan_849790"],
    "bolivia": ["Bolivia_103757", "Bolivia_129334"],
}
LISTS = {"train": "flood_train_data.csv", "val": "flood_valid_data.csv",
         "test": "flood_test_data.csv", "bolivia": "flood_bolivia_data.csv"}
CHIPS = [chip for chips in SPLITS.values() for chip in chips]
HEIGHT, WIDTH = 6, 9
RES = 8.983152841195215e-05
HAND = Path("v1.1/data/flood_events/HandLabeled")
NAN_AT = (2, 5)


def index(chip: str) -> int:
    return CHIPS.index(chip)


def origin(i: int) -> tuple[float, float]:
    return (-1.5 + 0.01 * i, 6.5)


def s1(i: int) -> np.ndarray:
    array = -coded_image(i, 2, HEIGHT, WIDTH, "float32")
    if i == 0:
        array[0, NAN_AT[0], NAN_AT[1]] = np.nan
    return array


def s2(i: int) -> np.ndarray:
    return coded_image(i, 13, HEIGHT, WIDTH, "uint16")


def label(i: int) -> np.ndarray:
    return (coded_labels(i, HEIGHT, WIDTH, 3) - 1).astype(np.int16)


def files(chip: str) -> dict[str, np.ndarray]:
    """Relative path (from the bucket root) -> array of each file of ``chip``."""
    i = index(chip)
    return {f"{HAND}/S1Hand/{chip}_S1Hand.tif": s1(i),
            f"{HAND}/S2Hand/{chip}_S2Hand.tif": s2(i),
            f"{HAND}/LabelHand/{chip}_LabelHand.tif": label(i)}


def make(root: Path) -> dict[str, Any]:
    """Write the bucket's tree under ``root`` (``root/v1.1/...``)."""
    for chip in CHIPS:
        for rel, array in files(chip).items():
            write_tif(root / rel, array, crs="EPSG:4326", origin=origin(index(chip)), res=RES)
    write_tif(root / HAND / "JRCWaterHand" / f"{CHIPS[0]}_JRCWaterHand.tif",
              np.zeros((HEIGHT, WIDTH), np.uint8), crs="EPSG:4326", origin=origin(0), res=RES)
    lists = root / "v1.1" / "splits" / "flood_handlabeled"
    lists.mkdir(parents=True, exist_ok=True)
    for split, chips in SPLITS.items():
        rows = "".join(f"{c}_S1Hand.tif,{c}_LabelHand.tif\n" for c in chips)
        (lists / LISTS[split]).write_text(rows)
    return {"splits": SPLITS}

"""Fake Multi-Temporal Crop Classification as on Hugging Face (ibm-nasa-geospatial).

``training_chips.tgz`` and ``validation_chips.tgz`` hold ``training_chips/`` and
``validation_chips/`` with ``chip_<row>_<col>_merged.tif`` (int16, 18 bands: the 6 HLS bands
of date 1, then date 2, then date 3; pixels encode chip, file band, row and column) and
``chip_<row>_<col>.mask.tif`` (uint8 codes 0-13 hashed from chip, row and column), EPSG:5070
at 30 m, 7x9 px (the release has 224x224). ``training_data.txt`` and
``validation_data.txt`` list the chip ids beside the archives; ``training_chips/`` also holds
an unlisted chip (the lists, not the folder, define a split). ``lists_inside`` puts the lists
in the chips folders instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, tar_tree, write_tif

#: release name -> listed chip ids, in the list's order
CHIPS = {
    "training": ["chip_257_266", "chip_039_108", "chip_102_345"],
    "validation": ["chip_328_501", "chip_104_104"],
}
UNLISTED = "chip_999_001"
ORDER = [*CHIPS["training"], *CHIPS["validation"], UNLISTED]
HEIGHT, WIDTH = 7, 9
DATES, BANDS = 3, 6


def origin(chip: str) -> tuple[float, float]:
    return (-2000000.0 + 6720.0 * ORDER.index(chip), 2500000.0)


def image(chip: str) -> np.ndarray:
    """``[18,H,W]`` int16: file band ``t * 6 + c`` holds band ``c`` of date ``t``."""
    return coded_image(ORDER.index(chip), DATES * BANDS, HEIGHT, WIDTH, "uint16").astype(
        np.int16)


def series(chip: str) -> np.ndarray:
    """The image as the loader returns it: ``[3,6,H,W]``."""
    return image(chip).reshape(DATES, BANDS, HEIGHT, WIDTH)


def mask(chip: str) -> np.ndarray:
    return coded_labels(ORDER.index(chip), HEIGHT, WIDTH, 14).astype(np.uint8)


def make(root: Path, extract: bool = False, lists_inside: bool = False) -> dict[str, Any]:
    """Write both archives and both lists into ``root`` (and the chips with ``extract``)."""
    stage = root / ".stage"
    md5s: dict[str, str] = {}
    for name, chips in CHIPS.items():
        folder = stage / f"{name}_chips"
        for chip in chips + ([UNLISTED] if name == "training" else []):
            where = {"crs": "EPSG:5070", "origin": origin(chip), "res": 30.0}
            write_tif(folder / f"{chip}_merged.tif", image(chip), **where)
            write_tif(folder / f"{chip}.mask.tif", mask(chip), **where)
        archive = tar_tree(root / f"{name}_chips.tgz", stage, files_under(folder))
        md5s[archive.name] = md5(archive)
        listing = root / f"{name}_data.txt"
        listing.write_text("".join(f"{chip}\n" for chip in chips))
        md5s[listing.name] = md5(listing)
    unstage(stage, root, extract)
    if lists_inside:
        for name in CHIPS:
            (root / f"{name}_data.txt").replace(root / f"{name}_chips" / f"{name}_data.txt")
    return {"md5": md5s}

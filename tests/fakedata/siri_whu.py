"""Fake SIRI-WHU: ``Google dataset of SIRI-WHU_earth_im_tiff.zip`` holding
``Google dataset of SIRI-WHU_earth_im_tiff/12class_tif/<class>/<nnnn>.tif``.

3-band uint8 TIFFs without georeference, 200x200 px of seeded random values (each file
differs everywhere). ``pond/0002.tif`` is 190 rows x 200 columns as in the real release; its
pixels are a ramp ``row + 20 * band + col % 7`` so that a test can predict the resized chip
from a formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._scene_classification import Stage, md5, pattern, write_tif, zip_tree
from geoplug.datasets._catalog.classification_optimal31_siri_whu_coffee import SIRI_WHU_CLASSES

TOP = "Google dataset of SIRI-WHU_earth_im_tiff"
ARCHIVE = f"{TOP}.zip"
SIZE = 200
#: the short chip: (class, file) and its rows
ODD = ("pond", "0002.tif")
ODD_ROWS = 190
#: (class folder, file name, label) in writing order
FILES = (
    ("water", "0200.tif", 11),
    ("agriculture", "0002.tif", 0),
    ("pond", "0002.tif", 8),
    ("idle_land", "0001.tif", 3),
    ("agriculture", "0001.tif", 0),
    ("pond", "0001.tif", 8),
)


def ramp(rows: int, cols: int = SIZE) -> np.ndarray:
    """The short chip's ``[3, rows, cols]`` values."""
    r, c = np.mgrid[0:rows, 0:cols]
    return np.stack([r + 20 * b + c % 7 for b in range(3)]).astype(np.uint8)


def make(root: Path, top: str = f"{TOP}/12class_tif") -> dict[str, Any]:
    """Write the archive into ``root`` with the class folders under ``top`` ("" for none).

    Returns ``dir``, ``archives`` (name -> md5) and ``expected``: per sample in the loader's
    order (label, then file name), ``{"member", "label", "class", "pixels"}``.
    """
    root.mkdir(parents=True, exist_ok=True)
    prefix = f"{top}/" if top else ""
    members, expected = [], []
    with Stage() as stage:
        for n, (folder, name, label) in enumerate(FILES):
            member = f"{prefix}{folder}/{name}"
            odd = (folder, name) == ODD
            pixels = ramp(ODD_ROWS) if odd else pattern((3, SIZE, SIZE), 100 + n).astype(np.uint8)
            write_tif(stage / member, pixels)
            members.append(member)
            expected.append({"member": member, "label": label, "class": folder,
                             "pixels": pixels})
        zip_tree(stage, members, root / ARCHIVE, [f"{prefix}{c}" for c in SIRI_WHU_CLASSES])
    expected.sort(key=lambda e: (e["label"], e["member"].rsplit("/", 1)[1]))
    return {"dir": root, "archives": {ARCHIVE: md5(root / ARCHIVE)}, "expected": expected}

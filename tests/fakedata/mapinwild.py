"""Fake MapInWild: per-modality zips (two parts for S1/S2) and ``split_IDs.csv``.

Six areas of 10x10 px (EPSG:32633). Written modalities: s1 (float32), s2_summer and
s2_winter (uint16, 10 bands), ESA_WC (uint8 WorldCover codes), VIIRS (float32) and the mask
(uint8, 0 outside and 1 or 2 inside a protected area, as the release's values vary). Pixels
encode area, season, band, row and column; part 1 holds areas 1-2, part 2 areas 3-6.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, write_tif, zip_tree

AREAS = [1, 2, 3, 4, 5, 6]
SPLITS = {"train": [1, 2, 3], "validation": [4, 5], "test": [6]}
SEASONS = {"s2_summer": 1, "s2_winter": 4}
SIZE = 10
WC_CODES = np.array([10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100], np.uint8)


def s1(area: int) -> np.ndarray:
    return coded_image(area, 2, SIZE, SIZE, "float32")


def s2(area: int, season: str) -> np.ndarray:
    return coded_image(10 * area + SEASONS[season], 10, SIZE, SIZE, "uint16")


def esa_wc(area: int) -> np.ndarray:
    return WC_CODES[coded_labels(area, SIZE, SIZE, len(WC_CODES))][None]


def viirs(area: int) -> np.ndarray:
    return coded_image(area, 1, SIZE, SIZE, "float32") / 100


def mask(area: int) -> np.ndarray:
    return coded_labels(100 + area, SIZE, SIZE, 3).astype(np.uint8)


#: archive (or table) -> the folder the publisher's Hugging Face repository keeps it in
HUB_FOLDERS = {"ESA_WC.zip": "esa_wc", "VIIRS.zip": "viirs", "mask.zip": "mask",
               "split_IDs.csv": "split_IDs"}


def make(root: Path, extract: bool = False, hub: bool = False) -> dict[str, Any]:
    """Write the archives and split table into ``root`` (``hub``: in the subfolders of the
    publisher's repository, e.g. ``s1/s1_part1.zip``, ``split_IDs/split_IDs.csv``)."""
    stage = root / ".stage"
    archives = []
    layers = {"s1": s1, **{s: (lambda a, s=s: s2(a, s)) for s in SEASONS}}
    for name, layer in layers.items():
        for part, areas in ((1, AREAS[:2]), (2, AREAS[2:])):
            folder = stage / f"{name}_part{part}"
            for area in areas:
                write_tif(folder / f"{area}.tif", layer(area), origin=(400000.0 + area * 100,
                                                                       5000000.0), res=10)
            archives.append(zip_tree(root / f"{name}_part{part}.zip", stage, files_under(folder)))
    for name, layer in (("ESA_WC", esa_wc), ("VIIRS", viirs), ("mask", mask)):
        for area in AREAS:
            write_tif(stage / name / f"{area}.tif", layer(area),
                      origin=(400000.0 + area * 100, 5000000.0), res=10)
        archives.append(zip_tree(root / f"{name}.zip", stage, files_under(stage / name)))
    columns = list(SPLITS)
    depth = max(len(v) for v in SPLITS.values())
    lines = [",".join(columns)]
    for i in range(depth):  # pandas writes the shorter columns' gaps as empty cells
        lines.append(",".join(f"{SPLITS[c][i]:.1f}" if i < len(SPLITS[c]) else ""
                              for c in columns))
    (root / "split_IDs.csv").write_text("\n".join(lines) + "\n")
    unstage(stage, root, extract)
    files = [*archives, root / "split_IDs.csv"]
    digests = {p.name: _sha256(p) for p in files}
    if hub:
        for path in files:
            folder = HUB_FOLDERS.get(path.name, path.name.rsplit("_part", 1)[0])
            (root / folder).mkdir(exist_ok=True)
            path.rename(root / folder / path.name)
    return {"sha256": digests}


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


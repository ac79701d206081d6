"""Fake EuroSAT in the authors' layouts.

* multispectral: ``EuroSATallBands.zip`` holding
  ``ds/images/remote_sensing/otherDatasets/sentinel_2/tif/<Class>/<Class>_<n>.tif``
  (13-band uint16 GeoTIFF, UTM CRS, 10 m pixels);
* RGB: ``EuroSAT.zip`` holding ``2750/<Class>/<Class>_<n>.jpg``;
* split lists ``eurosat-{train,val,test}.txt`` naming ``<Class>_<n>.jpg`` files.

Per class, images 1-2 are train, 3 val, 4 test; image 5 is in no list (must be skipped).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._scene_classification import (
    Stage,
    md5,
    pattern,
    write_jpeg,
    write_split_lists,
    write_tif,
    zip_tree,
)

CLASSES = ("AnnualCrop", "Forest", "SeaLake")
LABELS = {"AnnualCrop": 0, "Forest": 1, "SeaLake": 9}  # indices in the 10 real classes
SPLIT_OF = {1: "train", 2: "train", 3: "val", 4: "test"}
MS_DIR = "ds/images/remote_sensing/otherDatasets/sentinel_2/tif"
SIZE = 8
CRS = "EPSG:32631"


def make(root: Path, variant: str = "ms") -> dict[str, Any]:
    """Write the archive of ``variant`` ("ms" or "rgb") and the split lists into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    folder = MS_DIR if variant == "ms" else "2750"
    suffix = ".tif" if variant == "ms" else ".jpg"
    archive = root / ("EuroSATallBands.zip" if variant == "ms" else "EuroSAT.zip")
    splits: dict[str, list[str]] = {"train": [], "val": [], "test": []}
    expected: dict[str, list[dict[str, Any]]] = {"train": [], "val": [], "test": []}
    members = []
    with Stage() as stage:
        for c, cls in enumerate(CLASSES):
            for n in range(1, 6):
                rel = f"{folder}/{cls}/{cls}_{n}{suffix}"
                seed = 100 * c + n
                origin = (500000.0 + 640 * seed, 5600000.0)
                if variant == "ms":
                    pixels = pattern((13, SIZE, SIZE), seed, high=4000).astype(np.uint16)
                    write_tif(stage / rel, pixels, crs=CRS, origin=origin)
                else:
                    pixels = pattern((3, SIZE, SIZE), seed).astype(np.uint8)
                    write_jpeg(stage / rel, pixels)
                members.append(rel)
                if n in SPLIT_OF:
                    split = SPLIT_OF[n]
                    splits[split].append(f"{cls}_{n}.jpg")
                    expected[split].append({
                        "path": rel, "label": LABELS[cls], "pixels": pixels,
                        "bounds": (origin[0], origin[0] + 10 * SIZE,
                                   origin[1] - 10 * SIZE, origin[1]),
                    })
        zip_tree(stage, members, archive)
    lists = write_split_lists(root, "eurosat-{split}.txt", splits)
    return {
        "archive": archive,
        "md5": md5(archive),
        "split_files": lists,
        "split_md5": {s: md5(p) for s, p in lists.items()},
        "expected": expected,
        "folder": folder,
    }

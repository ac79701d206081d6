"""Fake UC Merced: ``UCMerced_LandUse.zip`` holding
``UCMerced_LandUse/Images/<class>/<class>NN.tif`` (3-band uint8 TIFF, no georeference) and the
split lists ``uc_merced-{train,val,test}.txt`` (file names with ``.tif``).

Per class, images 00-01 are train, 02 val, 03 test; 04 is in no list. One train chip is
256x247, as some real chips are, to exercise the resize to 256x256.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._scene_classification import (
    Stage,
    md5,
    pattern,
    write_split_lists,
    write_tif,
    zip_tree,
)

CLASSES = {"agricultural": 0, "denseresidential": 6, "tenniscourt": 20}
SPLIT_OF = {0: "train", 1: "train", 2: "val", 3: "test"}
SIZE = 256
ODD = ("agricultural", 1)  # (class, n) of the chip stored as 247 rows x 256 columns


def make(root: Path) -> dict[str, Any]:
    root.mkdir(parents=True, exist_ok=True)
    archive = root / "UCMerced_LandUse.zip"
    splits: dict[str, list[str]] = {"train": [], "val": [], "test": []}
    expected: dict[str, list[dict[str, Any]]] = {"train": [], "val": [], "test": []}
    members = []
    with Stage() as stage:
        for c, (cls, label) in enumerate(CLASSES.items()):
            for n in range(5):
                name = f"{cls}{n:02d}.tif"
                rel = f"UCMerced_LandUse/Images/{cls}/{name}"
                rows = 247 if (cls, n) == ODD else SIZE
                pixels = pattern((3, rows, SIZE), 10 * c + n).astype(np.uint8)
                write_tif(stage / rel, pixels)
                members.append(rel)
                if n in SPLIT_OF:
                    splits[SPLIT_OF[n]].append(name)
                    expected[SPLIT_OF[n]].append({"path": rel, "label": label,
                                                  "pixels": pixels})
        zip_tree(stage, members, archive)
    lists = write_split_lists(root, "uc_merced-{split}.txt", splits)
    return {"archive": archive, "md5": md5(archive), "split_files": lists,
            "split_md5": {s: md5(p) for s, p in lists.items()}, "expected": expected}

"""Fake NWPU-RESISC45: ``NWPU-RESISC45.zip`` holding ``NWPU-RESISC45/<class>/<class>_NNN.jpg``
and the split lists ``resisc45-{train,val,test}.txt`` (file names with ``.jpg``).

Per class, images 001-002 are train, 003 val, 004 test; 005 is in no list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._scene_classification import (
    Stage,
    pattern,
    sha256,
    write_jpeg,
    write_split_lists,
    zip_tree,
)

CLASSES = {"airplane": 0, "baseball_diamond": 2, "wetland": 44}
SPLIT_OF = {1: "train", 2: "train", 3: "val", 4: "test"}
SIZE = 16


def make(root: Path) -> dict[str, Any]:
    root.mkdir(parents=True, exist_ok=True)
    archive = root / "NWPU-RESISC45.zip"
    splits: dict[str, list[str]] = {"train": [], "val": [], "test": []}
    expected: dict[str, list[dict[str, Any]]] = {"train": [], "val": [], "test": []}
    members = []
    with Stage() as stage:
        for c, (cls, label) in enumerate(CLASSES.items()):
            for n in range(1, 6):
                name = f"{cls}_{n:03d}.jpg"
                rel = f"NWPU-RESISC45/{cls}/{name}"
                write_jpeg(stage / rel, pattern((3, SIZE, SIZE), 10 * c + n).astype(np.uint8))
                members.append(rel)
                if n in SPLIT_OF:
                    splits[SPLIT_OF[n]].append(name)
                    expected[SPLIT_OF[n]].append({"path": rel, "label": label})
        zip_tree(stage, members, archive)
    lists = write_split_lists(root, "resisc45-{split}.txt", splits)
    return {"archive": archive, "sha256": sha256(archive), "split_files": lists,
            "split_sha256": {s: sha256(p) for s, p in lists.items()}, "expected": expected}

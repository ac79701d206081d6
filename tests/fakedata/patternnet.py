"""Fake PatternNet: ``PatternNet.zip`` holding ``PatternNet/images/<class>/<name>NNN.jpg``
(the real archive names files after the class without underscores, e.g.
``baseballfield001.jpg``). There is no official split.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._scene_classification import Stage, md5, pattern, sha256, write_jpeg, zip_tree

CLASSES = {"airplane": 0, "baseball_field": 1, "wastewater_treatment_plant": 37}
PER_CLASS = 2
SIZE = 16


def make(root: Path) -> dict[str, Any]:
    root.mkdir(parents=True, exist_ok=True)
    archive = root / "PatternNet.zip"
    expected: list[dict[str, Any]] = []
    members = []
    with Stage() as stage:
        for c, (cls, label) in enumerate(CLASSES.items()):
            for n in range(1, PER_CLASS + 1):
                rel = f"PatternNet/images/{cls}/{cls.replace('_', '')}{n:03d}.jpg"
                write_jpeg(stage / rel, pattern((3, SIZE, SIZE), 10 * c + n).astype(np.uint8))
                members.append(rel)
                expected.append({"path": rel, "label": label})
        zip_tree(stage, members, archive)
    return {"archive": archive, "md5": md5(archive), "sha256": sha256(archive),
            "expected": expected}

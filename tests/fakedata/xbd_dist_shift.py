"""Fake xBD for the distribution-shift split: ``{train,hold,test}_images_labels_targets.tar.gz``
in the challenge layout, with images of several events spread over the three folders.

Sample ``g`` (numbered across the folders) has pre image ``coded_image(2 g)`` and post image
``coded_image(2 g + 1)`` and its own building footprints (:func:`footprints`), written as the
pre-disaster target PNG (0 / 1) and as WKT pixel squares in the pre-disaster label. The
post-disaster target holds damage grades 0-4 hashed independently, so that a test can tell
which target a mask came from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import tar_dirs, write_png
from fakedata._segutil import coded_image, coded_labels

SIZE = 16
#: (folder, event) of each sample g, in order
SAMPLES = [("train", "hurricane-matthew"), ("train", "mexico-earthquake"),
           ("train", "socal-fire"), ("hold", "hurricane-matthew"),
           ("test", "mexico-earthquake"), ("test", "hurricane-matthew")]


def stem(g: int) -> str:
    return f"{SAMPLES[g][1]}_{g:08d}"


def image(g: int, phase: str) -> np.ndarray:
    """``[3,H,W]`` uint8 image of sample ``g`` in ``phase`` ("pre" or "post")."""
    return coded_image(2 * g + (phase == "post"), 3, SIZE, SIZE)


def footprints(g: int) -> np.ndarray:
    """``[H,W]`` 0/1 building footprints of sample ``g`` (hashed from sample, row, column)."""
    return coded_labels(g, SIZE, SIZE, 2).astype(np.uint8)


def make(root: Path) -> dict[str, Any]:
    staging = root / "_staging"
    for g, (folder, _) in enumerate(SAMPLES):
        base = staging / folder
        # damage grades 1-4 over other pixels than the footprints: tells which target is read
        grades = coded_labels(g + 100, SIZE, SIZE, 5)
        for phase, target in (("pre", footprints(g)), ("post", grades)):
            name = f"{stem(g)}_{phase}_disaster"
            write_png(base / "images" / f"{name}.png", image(g, phase).transpose(1, 2, 0))
            write_png(base / "targets" / f"{name}_target.png", target.astype(np.uint8))
            rows, cols = np.nonzero(footprints(g))
            xy = [{"properties": {"feature_type": "building", "uid": f"{g}-{r}-{c}"},
                   "wkt": f"POLYGON (({c} {r}, {c + 1} {r}, {c + 1} {r + 1}, {c} {r + 1}, "
                          f"{c} {r}))"} for r, c in zip(rows, cols, strict=True)]
            (base / "labels").mkdir(parents=True, exist_ok=True)
            (base / "labels" / f"{name}.json").write_text(json.dumps(
                {"features": {"lng_lat": [], "xy": xy}, "metadata": {"img_name": f"{name}.png"}}))
    archives = {}
    for folder in ("train", "hold", "test"):
        archive = root / f"{folder}_images_labels_targets.tar.gz"
        archives[archive.name] = tar_dirs(staging, [folder], archive)
    return {"dir": root, "archives": archives}

"""Fake Brazilian Coffee Scenes: ``brazilian_coffee_dataset.zip`` holding
``brazilian_coffee_scenes/fold{1..5}/<name>.jpg`` and ``brazilian_coffee_scenes/fold{k}.txt``
listing each fold's images as ``<label>.<name>`` (``coffee.arceburgo.T64.B128.L4672.R4736``).

Two images per fold (one per label, the list order varying). The JPEG channels are green, red
and NIR; chips from :mod:`fakedata._scene_folders` (file ``n`` holds ``chip(n)``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._scene_classification import Stage, md5, zip_tree
from fakedata._scene_folders import chip

ARCHIVE = "brazilian_coffee_dataset.zip"
TOP = "brazilian_coffee_scenes"
#: per fold, its list in order: (label word, image name without ``.jpg``)
FOLDS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (("coffee", "arceburgo.T64.B128.L4672.R4736"),
        ("noncoffee", "arceburgo.T0.B64.L0.R64")),
    2: (("noncoffee", "guaranesia.T128.B192.L64.R128"),
        ("coffee", "guaranesia.T64.B128.L1024.R1088")),
    3: (("coffee", "guaxupe.T256.B320.L512.R576"),
        ("noncoffee", "guaxupe.T0.B64.L192.R256")),
    4: (("noncoffee", "montesanto.T64.B128.L64.R128"),
        ("coffee", "montesanto.T320.B384.L704.R768")),
    5: (("coffee", "montesanto.T0.B64.L2048.R2112"),
        ("noncoffee", "arceburgo.T512.B576.L0.R64")),
}
#: the labels' indices, written out by hand (0 non-coffee, 1 coffee)
LABEL = {"noncoffee": 0, "coffee": 1}


def make(root: Path) -> dict[str, Any]:
    """Write ``brazilian_coffee_dataset.zip`` into ``root``.

    Returns ``dir``, ``archives`` (name -> md5) and ``expected``: per fold, its samples in
    list order as ``{"member", "n", "label"}``.
    """
    root.mkdir(parents=True, exist_ok=True)
    members: list[str] = []
    expected: dict[int, list[dict[str, Any]]] = {}
    with Stage() as stage:
        n = 0
        for fold, entries in FOLDS.items():
            expected[fold] = []
            for word, name in entries:
                member = f"{TOP}/fold{fold}/{name}.jpg"
                (stage / member).parent.mkdir(parents=True, exist_ok=True)
                hwc = chip(n).transpose(1, 2, 0).astype(np.uint8)
                Image.fromarray(hwc, "RGB").save(stage / member, quality=100, subsampling=0)
                members.append(member)
                expected[fold].append({"member": member, "n": n, "label": LABEL[word]})
                n += 1
            listing = f"{TOP}/fold{fold}.txt"
            (stage / listing).write_text("".join(f"{w}.{name}\n" for w, name in entries))
            members.append(listing)
        zip_tree(stage, members, root / ARCHIVE)
    return {"dir": root, "archives": {ARCHIVE: md5(root / ARCHIVE)}, "expected": expected}

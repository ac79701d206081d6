"""Fake ETCI 2021: ``train.zip``, ``val_with_ref_labels.zip``, ``test_without_ref_labels.zip``.

Each holds ``<folder>/<region>_<date>/tiles/{vv,vh,water_body_label,flood_label}/*.png`` as the
competition shipped them (16x16 px; SAR chips as 3 equal RGB channels, masks 0/255).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._segutil import files_under, md5, zip_tree

SPLITS = {  # split -> (archive, folder, scenes, chips per scene)
    "train": ("train.zip", "train", ["bangladesh_20170314t115609", "nebraska_20170108t002112"], 2),
    "val": ("val_with_ref_labels.zip", "test", ["florence_20180510t231343"], 2),
    "test": ("test_without_ref_labels.zip", "test_internal", ["redrivernorth_20190214t1"], 1),
}
SIZE = 16


def flood() -> np.ndarray:
    m = np.zeros((SIZE, SIZE), np.uint8)
    m[:, :5] = 255
    return m


def water() -> np.ndarray:
    m = np.zeros((SIZE, SIZE), np.uint8)
    m[:3] = 255
    return m


def make(root: Path) -> dict[str, Any]:
    stage = root / ".stage"
    archives: dict[str, Path] = {}
    for split, (archive, folder, scenes, chips) in SPLITS.items():
        for scene in scenes:
            tiles = stage / split / folder / scene / "tiles"
            for k in range(chips):
                stem = f"{scene}_x-{k}_y-0"
                for band, value in (("vv", 100 + k), ("vh", 50 + k)):
                    (tiles / band).mkdir(parents=True, exist_ok=True)
                    Image.fromarray(np.full((SIZE, SIZE, 3), value, np.uint8)).save(
                        tiles / band / f"{stem}_{band}.png")
                (tiles / "water_body_label").mkdir(parents=True, exist_ok=True)
                Image.fromarray(water()).save(tiles / "water_body_label" / f"{stem}.png")
                if split != "test":
                    (tiles / "flood_label").mkdir(parents=True, exist_ok=True)
                    Image.fromarray(flood()).save(tiles / "flood_label" / f"{stem}.png")
        archives[split] = zip_tree(root / archive, stage / split, files_under(stage / split))
    shutil.rmtree(stage)
    return {"archives": archives, "md5": {p.name: md5(p) for p in archives.values()},
            "lengths": {"train": 4, "val": 2, "test": 1}}

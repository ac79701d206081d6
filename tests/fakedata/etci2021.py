"""Fake ETCI 2021: ``train.zip``, ``val_with_ref_labels.zip``, ``test_without_ref_labels.zip``.

Each holds ``<folder>/<region>_<date>/tiles/{vv,vh,water_body_label,flood_label}/*.png`` as the
competition shipped them (16x16 px; SAR chips as 3 equal RGB channels, masks 0/255). Chips
are numbered across the splits (train, val, test; scenes and chips in order): VV and VH of chip
``g`` are bands 0 and 1 of ``coded_image(g)`` (file, band, row and column in every pixel) and
both masks are hashed from chip, row and column.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._segutil import coded_image, coded_labels, files_under, md5, zip_tree

SPLITS = {  # split -> (archive, folder, scenes, chips per scene)
    "train": ("train.zip", "train", ["bangladesh_20170314t115609", "nebraska_20170108t002112"], 2),
    "val": ("val_with_ref_labels.zip", "test", ["florence_20180510t231343"], 2),
    "test": ("test_without_ref_labels.zip", "test_internal", ["redrivernorth_20190214t1"], 1),
}
SIZE = 16


FIRST = {"train": 0, "val": 4, "test": 6}  # number of each split's first chip


def sar(chip: int) -> np.ndarray:
    """``[2,H,W]`` uint8: VV and VH of chip ``chip``."""
    return coded_image(chip, 2, SIZE, SIZE)


def flood(chip: int) -> np.ndarray:
    """0/1 flood mask of chip ``chip``."""
    return coded_labels(chip, SIZE, SIZE, 2).astype(np.uint8)


def water(chip: int) -> np.ndarray:
    """0/1 water-body mask of chip ``chip`` (differs from its flood mask)."""
    return coded_labels(chip + 100, SIZE, SIZE, 2).astype(np.uint8)


def make(root: Path) -> dict[str, Any]:
    stage = root / ".stage"
    archives: dict[str, Path] = {}
    chip = 0
    for split, (archive, folder, scenes, chips) in SPLITS.items():
        for scene in scenes:
            tiles = stage / split / folder / scene / "tiles"
            for k in range(chips):
                stem = f"{scene}_x-{k}_y-0"
                for b, band in enumerate(("vv", "vh")):
                    (tiles / band).mkdir(parents=True, exist_ok=True)
                    grey = sar(chip)[b]
                    Image.fromarray(np.stack([grey] * 3, axis=-1)).save(
                        tiles / band / f"{stem}_{band}.png")
                (tiles / "water_body_label").mkdir(parents=True, exist_ok=True)
                Image.fromarray(water(chip) * 255).save(
                    tiles / "water_body_label" / f"{stem}.png")
                if split != "test":
                    (tiles / "flood_label").mkdir(parents=True, exist_ok=True)
                    Image.fromarray(flood(chip) * 255).save(tiles / "flood_label" / f"{stem}.png")
                chip += 1
        archives[split] = zip_tree(root / archive, stage / split, files_under(stage / split))
    shutil.rmtree(stage)
    return {"archives": archives, "md5": {p.name: md5(p) for p in archives.values()},
            "lengths": {"train": 4, "val": 2, "test": 1}}

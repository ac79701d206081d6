"""Fake BRIGHT: ``dfc25_track2_trainval_with_split.zip`` as TorchGeo's mirror ships it.

The archive holds ``dfc25_track2_trainval/`` with the id lists ``train_setlevel.txt``,
``holdout_setlevel.txt`` and ``val_setlevel.txt`` and, under ``train/`` (train and hold-out
ids) and ``val/`` (validation-phase ids, no ``target/``), the GeoTIFFs
``pre-event/<id>_pre_disaster.tif`` (3 bands uint8), ``post-event/<id>_post_disaster.tif``
(1 band uint8) and ``target/<id>_building_damage.tif`` (uint8 0-3). Id number ``g`` (its
place in :data:`IDS`, all lists together) has pre image ``coded_image(2 g)``, post image
``coded_image(2 g + 1)`` and damage map ``coded_labels(g)``; the lists are not sorted, so a
reader that sorts files instead of following the list pairs the wrong images.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree

ARCHIVE = "dfc25_track2_trainval_with_split.zip"
TOP = "dfc25_track2_trainval"
#: split -> (id list, folder, ids in list order)
IDS = {
    "train": ("train_setlevel.txt", "train",
              ["bata-explosion_00000049", "bata-explosion_00000014", "bata-explosion_00000047"]),
    "val": ("holdout_setlevel.txt", "train", ["turkey-earthquake_00000413"]),
    "test": ("val_setlevel.txt", "val", ["val-disaster_00000001", "val-disaster_00000002"]),
}
SIZE = 12


def number(split: str, n: int) -> int:
    """Id number ``g`` of the ``n``-th id of ``split``."""
    order = [(s, i) for s, (_, _, ids) in IDS.items() for i in range(len(ids))]
    return order.index((split, n))


def pre(g: int) -> np.ndarray:
    return coded_image(2 * g, 3, SIZE, SIZE)


def post(g: int) -> np.ndarray:
    return coded_image(2 * g + 1, 1, SIZE, SIZE)


def damage(g: int) -> np.ndarray:
    return coded_labels(g, SIZE, SIZE, 4).astype(np.uint8)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write the archive into ``root``; return ``dir`` and ``archives`` (name -> md5)."""
    stage = root / ".stage"
    base = stage / TOP
    for split, (listing, folder, ids) in IDS.items():
        base.mkdir(parents=True, exist_ok=True)
        with open(base / listing, "a", encoding="utf-8") as f:
            f.writelines(f"{sid}\n" for sid in ids)
        for n, sid in enumerate(ids):
            g = number(split, n)
            write_tif(base / folder / "pre-event" / f"{sid}_pre_disaster.tif", pre(g))
            write_tif(base / folder / "post-event" / f"{sid}_post_disaster.tif", post(g))
            if folder == "train":
                write_tif(base / folder / "target" / f"{sid}_building_damage.tif", damage(g))
    archive = zip_tree(root / ARCHIVE, stage, files_under(base))
    info = {"dir": root, "archives": {archive.name: md5(archive)}}
    unstage(stage, root, extract)
    return info

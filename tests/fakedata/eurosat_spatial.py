"""Fake EuroSATSpatial: the fake ``EuroSATallBands.zip`` of :mod:`fakedata.eurosat` plus the
longitude-ordered lists ``eurosat-spatial-{train,val,test}.txt``.

Each chip's west edge grows with its seed (class index and number), so ordering by longitude
is ordering by seed: the 15 chips split 9 / 3 / 3 (60/20/20) from west to east, unlike the
random lists (chip 5 of each class, in no random list, is in a spatial one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata import eurosat
from fakedata._scene_classification import md5, pattern, sha256, write_split_lists

SHARES = {"train": 9, "val": 3, "test": 3}


def pixels(cls: str, n: int) -> np.ndarray:
    """The 13-band uint16 chip ``<cls>_<n>.tif`` as :func:`fakedata.eurosat.make` writes it."""
    seed = 100 * eurosat.CLASSES.index(cls) + n
    return pattern((13, eurosat.SIZE, eurosat.SIZE), seed, high=4000).astype(np.uint16)


def west_edge(cls: str, n: int) -> float:
    """The chip's minimum x (UTM metres) as :func:`fakedata.eurosat.make` places it."""
    return 500000.0 + 640 * (100 * eurosat.CLASSES.index(cls) + n)


def make(root: Path) -> dict[str, Any]:
    """Archive, random lists and spatial lists in ``root``; ``expected[split]``: the chips
    in list order as ``(cls, n, label)``."""
    made = eurosat.make(root, "ms")
    chips = sorted(((c, n) for c in eurosat.CLASSES for n in range(1, 6)),
                   key=lambda chip: west_edge(*chip))
    splits: dict[str, list[str]] = {}
    expected: dict[str, list[tuple[str, int, int]]] = {}
    start = 0
    for split, count in SHARES.items():
        part = chips[start:start + count]
        start += count
        splits[split] = [f"{c}_{n}.jpg" for c, n in part]
        expected[split] = [(c, n, eurosat.LABELS[c]) for c, n in part]
    lists = write_split_lists(root, "eurosat-spatial-{split}.txt", splits)
    return {**made, "spatial_files": lists, "expected_spatial": expected,
            "spatial_md5": {p.name: md5(p) for p in lists.values()},
            "spatial_sha256": {p.name: sha256(p) for p in lists.values()}}

"""Fake WorldStrat: the Zenodo files ``hr_dataset.zip``, ``lr_dataset_l1c.zip``,
``lr_dataset_l2a.zip``, ``metadata.csv`` and ``stratified_train_val_test_split.csv``.

Four AOIs with the publisher's kinds of names (one with a space). ``ASMSpotter-1-1-1`` has
eleven revisits, so that ``-10-``/``-11-`` sort before ``-2-`` by name but not by ``n``; the
others have three, written out of order. Every pixel encodes its file and place:
:func:`at` ``(tile, kind, revisit, band, row, col)``; the SPOT ``_rgb.png`` holds the same
pattern modulo 256, its four channels R, G, B, NIR (RGBA), as TorchGeo's WorldStrat test data
has it.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._dc_util import md5, write_tif, zip_dir

TILES = {"ASMSpotter-1-1-1": "train", "Landcover-773616": "train",
         "UNHCR-GHAs003590": "val", "Amnesty POI-1-1-1": "test"}
REVISITS = {"ASMSpotter-1-1-1": 11}  # others: 3
HR, LR = 16, 4  # pixels of the 1.5 m and the 10 m / 6 m images
KINDS = {"l1c": 13, "l2a": 12, "ps": 4, "pan": 1, "rgbn": 4}
_KIND_BASE = {"l1c": 0, "l2a": 300, "ps": 600, "pan": 700, "rgbn": 800}


def revisits(tile: str) -> int:
    return REVISITS.get(tile, 3)


def at(tile: int, kind: str, revisit: int, band: int, row: Any, col: Any) -> Any:
    """Pixel (row, col) of ``band`` of the AOI number ``tile`` (order of :data:`TILES`)."""
    return (10000 * tile + _KIND_BASE[kind] + 1000 * (revisit % 10) + 17 * revisit
            + 20 * band + 7 * row + 3 * col + row * col) % 65536


def _plane(tile: int, kind: str, revisit: int, size: int) -> np.ndarray:
    rows, cols = np.indices((size, size))
    return np.stack([at(tile, kind, revisit, b, rows, cols)
                     for b in range(KINDS[kind])]).astype(np.uint16)


def write_tree(root: Path) -> None:
    """The extracted tree (hr_dataset/, lr_dataset/) and both tables under ``root``."""
    meta_rows = []
    for i, (tile, _) in enumerate(TILES.items()):
        hr = root / "hr_dataset" / tile
        write_tif(hr / f"{tile}_ps.tiff", _plane(i, "ps", 0, HR), crs="EPSG:4326",
                  origin=(10.0 + i, 45.0), res=1e-5)
        write_tif(hr / f"{tile}_pan.tiff", _plane(i, "pan", 0, HR), crs="EPSG:4326",
                  origin=(10.0 + i, 45.0), res=1e-5)
        write_tif(hr / f"{tile}_rgbn.tiff", _plane(i, "rgbn", 0, LR), crs="EPSG:4326",
                  origin=(10.0 + i, 45.0), res=4e-5)
        rgbn = (_plane(i, "ps", 0, HR) % 256).astype(np.uint8).transpose(1, 2, 0)
        Image.fromarray(rgbn, mode="RGBA").save(hr / f"{tile}_rgb.png")  # NIR as 4th
        order = list(range(revisits(tile), 0, -1))  # written last-first
        for n in order:
            for level in ("l1c", "l2a"):
                write_tif(root / "lr_dataset" / tile / level.upper()
                          / f"{tile}-{n}-{level.upper()}_data.tiff", _plane(i, level, n, LR),
                          crs="EPSG:4326", origin=(10.0 + i, 45.0), res=1e-4)
        for n in range(1, revisits(tile) + 1):
            meta_rows.append([tile, f"2021-{n:02d}-15", "2021-06-01", str(-60.5 + i),
                              str(12.25 + i), str(0.1 * n)])
    with open(root / "metadata.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["", "lowres_date", "highres_date", "lon", "lat", "cloud_cover"])
        w.writerows(meta_rows)
    with open(root / "stratified_train_val_test_split.csv", "w", newline="",
              encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["", "tile", "IPCC Class", "SMOD", "source", "joint_class", "split"])
        for i, (tile, split) in enumerate(TILES.items()):
            source = tile.split("-")[0].split(" ")[0]
            w.writerow([str(16 * i), tile, "Settlement", "11", source,
                        f"{source}/Settlement/11", split])


def make(out: Path) -> dict[str, Any]:
    """The five Zenodo files in ``out``; ``archives``: file -> md5."""
    staging = out / "staging"
    write_tree(staging)
    archives: dict[str, str] = {}
    lr = {"l1c": out / "s_l1c", "l2a": out / "s_l2a"}
    for level, folder in lr.items():
        for aoi in (staging / "lr_dataset").iterdir():
            shutil.copytree(aoi / level.upper(), folder / "lr_dataset" / aoi.name / level.upper())
        archives[f"lr_dataset_{level}.zip"] = zip_dir(folder, "lr_dataset",
                                                      out / f"lr_dataset_{level}.zip")
    archives["hr_dataset.zip"] = zip_dir(staging, "hr_dataset", out / "hr_dataset.zip")
    for table in ("metadata.csv", "stratified_train_val_test_split.csv"):
        shutil.copy(staging / table, out / table)
        archives[table] = md5(out / table)
    return {"dir": out, "archives": archives, "tree": staging}

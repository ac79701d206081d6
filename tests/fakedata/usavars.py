"""Fake USAVars: ``uar.zip`` (``uar/tile_<i>,<j>.tif``), the seven outcome tables and the three
split lists, as the publisher names them (``mirror=True``: the tables as the Hugging Face
mirror names them, ``<var>.csv``).

Tiles are 4-band uint8 GeoTIFFs whose pixels encode tile, band, row and column
(:func:`image`); table values encode variable and tile (:func:`value`). The tables are written
the ways the publisher's code writes them (R ``write.csv`` with quoted names, or pandas with
its unnamed index column), list one cell that no split uses, leave ``housing`` without one
tile (its public table covers a subset) and ``income`` with an ``NA`` cell.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import md5, write_tif, zip_dir

SIZE = 16
LABELS = ("treecover", "elevation", "population", "nightlights", "income", "roads", "housing")
#: the value column of each publisher table (mosaiks/config.py ``colname``)
COLUMNS = {"nightlights": "y", "roads": "length", "housing": "price_per_sqft"}
#: grid cells "<i>,<j>" of the tiles, in tile-number order
CELLS = ("615,2801", "1242,645", "216,2439", "33,1450", "842,917", "1000,1200")
SPLITS = {"train": [2, 0, 1], "val": [3, 4], "test": [5]}
UNUSED_CELL = "7,7"
#: (label, tile) pairs without a value: a missing row, an NA cell
NO_ROW = ("housing", 4)
NA_CELL = ("income", 2)


def image(tile: int) -> np.ndarray:
    """The uint8 ``[4, SIZE, SIZE]`` pixels of tile number ``tile``."""
    band, row, col = np.mgrid[0:4, 0:SIZE, 0:SIZE]
    return ((40 * tile + 60 * band + 7 * row + 3 * col + row * col) % 256).astype(np.uint8)


def value(label: str, tile: int) -> float:
    """The outcome ``label`` of tile number ``tile`` (exact in float32); NaN where absent."""
    if (label, tile) in (NO_ROW, NA_CELL):
        return float("nan")
    return 100.0 * (LABELS.index(label) + 1) + tile + 0.25


def _write_table(path: Path, label: str, mirror: bool) -> None:
    column = label if mirror else COLUMNS.get(label, label)
    pandas_style = mirror or label in ("housing", "roads")
    rows: list[list[Any]] = []
    for tile in reversed(range(len(CELLS))):  # not in split order
        if (label, tile) == NO_ROW:
            continue
        # R writes NA; the mirror's tables hold the placeholder -999 (income, housing)
        cell = ("-999.0" if mirror else "NA") if (label, tile) == NA_CELL else value(label, tile)
        rows.append([CELLS[tile], -120.0 + tile, 30.5 + tile, cell])
    rows.append([UNUSED_CELL, -90.0, 45.0, 1.0])
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        if pandas_style:
            writer = csv.writer(f)
            writer.writerow(["", "ID", "lon", "lat", column])
            writer.writerows([[i, *row] for i, row in enumerate(rows)])
        else:  # R's write.csv(row.names = FALSE): every string quoted
            writer = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC)
            writer.writerow(["ID", "lon", "lat", column])
            writer.writerows(rows)


def table_name(label: str, mirror: bool = False) -> str:
    return f"{label}.csv" if mirror else \
        f"outcomes_sampled_{label}_CONTUS_16_640_UAR_100000_0.csv"


def make(root: Path, mirror: bool = False) -> dict[str, Any]:
    stage = root / "_staging"
    for tile, cell in enumerate(CELLS):
        lon, lat = -120.0 + tile, 30.5 + tile
        write_tif(stage / "uar" / f"tile_{cell}.tif", image(tile), crs="EPSG:4326",
                  origin=(lon, lat), res=0.0001)
    archives = {"uar.zip": zip_dir(stage, "uar", root / "uar.zip")}
    for split, tiles in SPLITS.items():
        path = root / f"{split}_split.txt"
        path.write_text("\n".join(f"tile_{CELLS[t]}.tif" for t in tiles))  # no final newline
        archives[path.name] = md5(path)
    for label in LABELS:
        path = root / table_name(label, mirror)
        _write_table(path, label, mirror)
        archives[path.name] = md5(path)
    shutil.rmtree(stage)
    return {"dir": root, "archives": archives}

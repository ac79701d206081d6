"""Fake ReforesTree: ``reforesTree.zip`` with ``tiles/<site>/*.png`` and the crown table.

PNG pixels are exact: red = 16 * row + column, green = 60 * tile + row, blue = 8 * column +
tile (tile = position in :data:`TILES`).
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, write_png

SIZE = 16
TILES = ("Carlos Vera Arteaga/Carlos Vera Arteaga_RGB_0_0_0_4000_4000.png",
         "Flora Pluas/Flora Pluas_RGB_0_0_0_4000_4000.png",
         "Flora Pluas/Flora Pluas_RGB_4000_0_4000_8000_4000.png")
COLUMNS = ["img_name", "Xmin", "xmin", "ymin", "xmax", "ymax", "group", "AGB", "img_path"]
#: crowns per tile: (xmin, ymin, xmax, ymax, group, AGB)
CROWNS = {
    0: [(1.5, 2.0, 6.0, 7.5, "banana", 6.75), (8.0, 9.0, 15.0, 14.0, "cacao", 12.5)],
    1: [(0.0, 0.0, 4.0, 4.0, "timber", 310.25)],
    2: [],
}


def pixel(tile: int, row: int, col: int) -> tuple[int, int, int]:
    return 16 * row + col, 60 * tile + row, 8 * col + tile


def make(root: Path, top: str = "") -> dict[str, object]:
    staging = root / "_staging"
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    for i, tile in enumerate(TILES):
        write_png(staging / "tiles" / tile, np.stack(
            [16 * rows + cols, 60 * i + rows, 8 * cols + i], axis=-1))
    table = staging / "mapping" / "final_dataset.csv"
    table.parent.mkdir(parents=True)
    with open(table, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for i, crowns in CROWNS.items():
            name = Path(TILES[i]).name
            for x0, y0, x1, y1, group, agb in crowns:
                writer.writerow([name, x0 + 100, x0, y0, x1, y1, group, agb, name])
    archive = root / "reforesTree.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(staging.rglob("*")):
            zf.write(path, (Path(top) / path.relative_to(staging)).as_posix())
    return {"dir": root, "archives": {archive.name: md5(archive)}}

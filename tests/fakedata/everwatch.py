"""Fake EverWatch: ``everwatch-benchmark.zip`` with PNG images and train.csv / test.csv.

PNG pixels are exact: red = 16 * row + column, green = 50 * image + row, blue = 7 * column +
image (image = position in :data:`IMAGES`).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from fakedata._dc_util import write_png, zip_dir

SIZE = 16
FOLDER = "everwatch-benchmark"
IMAGES = ("46_2022_04_26_Vacation.png", "1030_2021_03_25_Jetport South.png",
          "test_2023_Joule.png")
#: table rows: (image index, xmin, ymin, xmax, ymax, label)
ROWS = {
    "train": [(0, 1, 2, 5, 6, "White Ibis"), (1, 3, 3, 9, 8, "Wood Stork"),
              (0, 8, 9, 14, 15, "Great Egret"), (0, 4, 4, 4, 9, "Anhinga"),
              (1, 0, 0, 2, 2, "Roseate Spoonbill")],
    "test": [(2, 6, 7, 10, 12, "Unknown White"), (2, 1, 1, 3, 3, "Snowy Egret")],
}


def pixel(image: int, row: int, col: int) -> tuple[int, int, int]:
    return 16 * row + col, 50 * image + row, 7 * col + image


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging" / FOLDER
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    for i, name in enumerate(IMAGES):
        write_png(staging / name, np.stack([16 * rows + cols, 50 * i + rows, 7 * cols + i], -1))
    for split, table in ROWS.items():
        with open(staging / f"{split}.csv", "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["image_path", "xmin", "ymin", "xmax", "ymax", "label"])
            for i, *box, label in table:
                writer.writerow([IMAGES[i], *box, label])
    archive = root / f"{FOLDER}.zip"
    return {"dir": root, "archives": {archive.name: zip_dir(root / "_staging", FOLDER, archive)}}

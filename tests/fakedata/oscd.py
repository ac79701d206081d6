"""Fake OSCD: the three Onera zips (Images, Train Labels, Test Labels) in the real layout.

Band tifs are uint16 whose pixels encode city, date, band, row and column (:func:`value`);
change maps are hashed from city, row and column, so each city's mask differs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, write_png, write_tif, zip_dir
from fakedata._segutil import coded_image, coded_labels, pixel_value

PREFIX = "Onera Satellite Change Detection dataset - "
BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11",
         "B12")
CITIES = {"train": ["abudhabi", "beirut"], "test": ["brasilia"]}
SIZES = {"abudhabi": (12, 10), "beirut": (9, 11), "brasilia": (10, 10)}


def value(city_index: int, date: int, band: int, row: int, col: int) -> int:
    """Pixel (row, col) of ``band`` (0-12) on ``date`` (1, 2) of city ``city_index``."""
    return int(pixel_value(2 * city_index + date - 1, band, row, col, "uint16"))


def bands(city_index: int, date: int) -> np.ndarray:
    """``[13,H,W]`` uint16: the city's bands on ``date`` (1 or 2)."""
    h, w = SIZES[(CITIES["train"] + CITIES["test"])[city_index]]
    return coded_image(2 * city_index + date - 1, len(BANDS), h, w, "uint16")


def change(city_index: int) -> np.ndarray:
    """0/1 change map of city ``city_index``."""
    h, w = SIZES[(CITIES["train"] + CITIES["test"])[city_index]]
    return coded_labels(city_index, h, w, 2).astype(np.uint8)


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    images = staging / f"{PREFIX}Images"
    all_cities = CITIES["train"] + CITIES["test"]
    for ci, city in enumerate(all_cities):
        for date in (1, 2):
            for b, band in enumerate(BANDS):
                arr = bands(ci, date)[b : b + 1]
                write_tif(images / city / f"imgs_{date}_rect" / f"{band}.tif", arr)
        (images / city / "dates.txt").write_text("date_1: 20151204\ndate_2: 20170318\n")
        split = "train" if city in CITIES["train"] else "test"
        labels = staging / f"{PREFIX}{split.capitalize()} Labels" / city / "cm"
        cm = change(ci) * 255
        write_png(labels / "cm.png", cm)
        write_tif(labels / f"{city}-cm.tif", (cm[None] // 255 + 1).astype(np.uint8))
    for split, names in CITIES.items():
        (images / f"{split}.txt").write_text(",".join(names))
    archives = {}
    for part in ("Images", "Train Labels", "Test Labels"):
        archive = root / f"{PREFIX}{part}.zip"
        zip_dir(staging, f"{PREFIX}{part}", archive)
        archives[archive.name] = md5(archive)
    return {"dir": root, "archives": archives, "cities": CITIES, "sizes": SIZES}

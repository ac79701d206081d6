"""Fake OSCD: the three Onera zips (Images, Train Labels, Test Labels) in the real layout."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, write_png, write_tif, zip_dir

PREFIX = "Onera Satellite Change Detection dataset - "
BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11",
         "B12")
CITIES = {"train": ["abudhabi", "beirut"], "test": ["brasilia"]}
SIZES = {"abudhabi": (12, 10), "beirut": (9, 11), "brasilia": (10, 10)}


def value(city_index: int, date: int, band: int) -> int:
    return 1000 * date + 100 * city_index + band


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    images = staging / f"{PREFIX}Images"
    all_cities = CITIES["train"] + CITIES["test"]
    for ci, city in enumerate(all_cities):
        h, w = SIZES[city]
        for date in (1, 2):
            for b, band in enumerate(BANDS):
                arr = np.full((1, h, w), value(ci, date, b), np.uint16)
                write_tif(images / city / f"imgs_{date}_rect" / f"{band}.tif", arr)
        (images / city / "dates.txt").write_text("date_1: 20151204\ndate_2: 20170318\n")
        split = "train" if city in CITIES["train"] else "test"
        labels = staging / f"{PREFIX}{split.capitalize()} Labels" / city / "cm"
        cm = np.zeros((h, w), np.uint8)
        cm[:2, :3] = 255
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

"""Fake NASA Tropical Storm Wind Speed Competition data in the Radiant MLHub layout.

Writes the four archives ``nasa_tropical_storm_competition_{train,test}_{source,labels}.tar.gz``
(each holding its collection folder with ``collection.json`` and one folder per item).
Images are small grey JPEGs (one stored as RGB, as some real ones are) holding a smooth ramp,
``grey + 2 r + 6 c`` (:func:`image`): JPEG is lossy, so tests compare with a tolerance of a few
grey levels, which a smooth ramp keeps and a transposed or shifted read exceeds.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

COLLECTION = "nasa_tropical_storm_competition"
ITEMS = {
    "train": [("abs", "000", 0, 2, 43, 60), ("abs", "001", 1800, 2, 44, 80),
              ("bcd", "000", 0, 1, 25, 100)],
    "test": [("xyz", "000", 0, 1, 30, 120), ("xyz", "002", 3600, 1, 35, 140)],
}
"""Per split: (storm_id, image number, relative_time, ocean, wind_speed, grey value)."""


def image(grey: int, size: int = 8) -> np.ndarray:
    """``[size, size]`` uint8: the item's grey plus a ramp down the rows and across the columns."""
    rows, cols = np.indices((size, size))
    return (grey + 2 * rows + 6 * cols).astype(np.uint8)


def resampled_at(grey: int, row: int, col: int, size: int = 8, out: int = 366) -> float:
    """The ramp at pixel (row, col) of the image resampled to ``out`` px (pixel centres kept)."""
    y, x = (row + 0.5) * size / out - 0.5, (col + 0.5) * size / out - 0.5
    return grey + 2 * y + 6 * x


def _write_collection(folder: Path, hrefs: list[str]) -> None:
    links = [{"rel": "item", "href": href, "type": "application/json"} for href in hrefs]
    links.insert(0, {"rel": "root", "href": "./collection.json", "type": "application/json"})
    (folder / "collection.json").write_text(json.dumps(
        {"type": "Collection", "id": folder.name, "stac_version": "1.0.0", "links": links}))


def make(root: Path, extract: bool = False, size: int = 8) -> dict[str, Any]:
    """Write the archives into ``root`` (and their extracted folders when ``extract``).

    Returns ``{"md5": {archive name: md5}, "items": ITEMS}``.
    """
    root.mkdir(parents=True, exist_ok=True)
    staging = root / "_staging"
    md5: dict[str, str] = {}
    for split, items in ITEMS.items():
        for part in ("source", "labels"):
            collection = f"{COLLECTION}_{split}_{part}"
            folder = staging / collection
            folder.mkdir(parents=True)
            hrefs = []
            for n, (storm, number, rel_time, ocean, wind, grey) in enumerate(items):
                item = folder / f"{collection}_{storm}_{number}"
                item.mkdir()
                hrefs.append(f"{item.name}/stac.json")
                (item / "stac.json").write_text(json.dumps(
                    {"type": "Feature", "id": item.name, "assets": {}}))
                if part == "source":
                    array = image(grey, size)
                    if n == 1:  # some real images are 3-channel JPEGs
                        array = np.stack([array] * 3, axis=-1)
                    Image.fromarray(array).save(item / "image.jpg", quality=95)
                    (item / "features.json").write_text(json.dumps(
                        {"storm_id": storm, "relative_time": str(rel_time),
                         "ocean": str(ocean)}))
                else:
                    (item / "labels.json").write_text(json.dumps({"wind_speed": str(wind)}))
            _write_collection(folder, hrefs)
            archive = root / f"{collection}.tar.gz"
            with tarfile.open(archive, "w:gz") as tar:
                tar.add(folder, arcname=collection)
            md5[archive.name] = hashlib.md5(archive.read_bytes()).hexdigest()
            if extract:
                folder.rename(root / collection)
    shutil.rmtree(staging)
    return {"md5": md5, "items": ITEMS}


CSV_STEMS = {"train": "training_set", "test": "test_set"}


def make_csv(root: Path, size: int = 8, snake_case: bool = False,
             nested: bool = False) -> dict[str, Any]:
    """Write the flat layout of Source Cooperative (``nasa-tropical-storm-challenge``).

    ``<split>/<image_id>.jpg`` plus ``{training,test}_set_{features,labels}.csv`` with the
    columns ``Image ID,Storm ID,Relative Time,Ocean`` and ``Image ID,Wind Speed``
    (``snake_case``: the DrivenData spelling ``image_id,...``). Rows of the features file are
    written in reverse order, so a reader must join on the image id, not on row position.
    ``nested`` puts the images in ``<split>/<split>/``.
    """
    root.mkdir(parents=True, exist_ok=True)
    columns = (("image_id", "storm_id", "relative_time", "ocean"), ("image_id", "wind_speed"))
    if not snake_case:
        columns = tuple(tuple(c.replace("_", " ").title().replace("Id", "ID") for c in cols)
                        for cols in columns)  # type: ignore[assignment]
    for split, items in ITEMS.items():
        folder = root / split / split if nested else root / split
        folder.mkdir(parents=True, exist_ok=True)
        features, labels = [",".join(columns[0])], [",".join(columns[1])]
        for n, (storm, number, rel_time, ocean, wind, grey) in enumerate(items):
            image_id = f"{storm}_{number}"
            array = image(grey, size)
            if n == 1:  # some real images are 3-channel JPEGs
                array = np.stack([array] * 3, axis=-1)
            Image.fromarray(array).save(folder / f"{image_id}.jpg", quality=95)
            features.insert(1, f"{image_id},{storm},{rel_time},{ocean}")
            labels.append(f"{image_id},{wind}")
        stem = CSV_STEMS[split]
        (root / f"{stem}_features.csv").write_text("\n".join(features) + "\n")
        (root / f"{stem}_labels.csv").write_text("\n".join(labels) + "\n")
    return {"items": ITEMS}

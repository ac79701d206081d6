"""Fake fMoW (fMoW-rgb and fMoW-full folder layouts) and fake fMoW-Sentinel.

fMoW-rgb (:func:`make_rgb`): ``train/<category>/<category>_<loc>/<category>_<loc>_<T>_rgb.jpg``
and ``_msrgb.jpg``, each with its JSON (``bounding_boxes`` as ``[x, y, w, h]`` with category);
``val/`` the same; ``test/<id>/<id>_<T>_rgb.jpg`` and ``seq/`` with JSONs that carry no
category (one in the early single-object form). Image sizes differ per file, as in fMoW.
JPEG is lossy, so the expected pixels are the written files decoded by Pillow.

fMoW-full (:func:`make_full`): the same train layout with 3-band uint16 ``_rgb.tif``.

fMoW-Sentinel (:func:`make_sentinel`): ``train.csv``, ``val.csv``, ``test_gt.csv`` and
``fmow-sentinel/<split>/<category>/<category>_<loc>/<category>_<loc>_<image_id>.tif``, 13-band
uint16 GeoTIFFs whose value is ``4000 * file + 200 * band + 10 * row + col``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._dc_util import write_tif
from fakedata._scene_classification import write_jpeg

#: (split, category, location, T, rows, cols, box [x, y, w, h]); category None: test/seq
RGB_IMAGES: list[tuple[str, str | None, str, int, int, int, list[int]]] = [
    ("train", "airport", "airport_0", 0, 40, 48, [2, 3, 20, 10]),
    ("train", "airport", "airport_0", 1, 44, 40, [4, 5, 10, 30]),
    ("train", "zoo", "zoo_7", 0, 32, 36, [0, 0, 36, 32]),
    ("train", "multi-unit_residential", "multi-unit_residential_12", 3, 36, 30, [6, 1, 7, 8]),
    ("val", "wind_farm", "wind_farm_2", 0, 30, 34, [1, 2, 3, 4]),
    ("test", None, "0000000", 0, 34, 38, [5, 6, 7, 8]),
    ("test", None, "0000000", 1, 38, 34, [9, 9, 9, 9]),
    ("seq", None, "0000004", 0, 30, 30, [0, 1, 2, 3]),
]
LABELS = {"airport": 0, "zoo": 61, "multi-unit_residential": 30, "wind_farm": 60}


def rgb_pattern(file: int, rows: int, cols: int, channels: int = 3, scale: int = 1
                ) -> np.ndarray:
    """Smooth, file-specific ``[C, H, W]`` values (smooth so JPEG keeps them close)."""
    r, c = np.mgrid[0:rows, 0:cols]
    return np.stack([(20 * file + 3 * r + 2 * c + 60 * b) * scale for b in range(channels)])


def _meta(box: list[int], category: str | None, rows: int, cols: int, ident: int,
          single: bool = False) -> dict[str, Any]:
    entry: dict[str, Any] = {"box": box, "ID": ident}
    if category is not None:
        entry["category"] = category
    return {"gsd": 0.5, "img_width": cols, "img_height": rows, "utm": "33T",
            "country_code": "ITA", "cloud_cover": 0, "timestamp": "2016-05-01T10:20:30Z",
            "bounding_boxes": entry if single else [entry]}


def _stem(split: str, category: str | None, loc: str, t: int, product: str) -> Path:
    folder = Path(split) / category / loc if category else Path(split) / loc
    return folder / f"{loc}_{t}_{product}"


def make_rgb(root: Path) -> dict[str, Any]:
    """fMoW-rgb folders under ``root``; returns, per split, the expected samples in order."""
    expected: dict[str, list[dict[str, Any]]] = {"train": [], "val": [], "test": [], "seq": []}
    for i, (split, category, loc, t, rows, cols, box) in enumerate(RGB_IMAGES):
        for product, offset in (("rgb", 0), ("msrgb", 7)):
            stem = root / _stem(split, category, loc, t, product)
            write_jpeg(stem.with_suffix(".jpg"), rgb_pattern(i + offset, rows, cols) % 256)
            meta = _meta(box, category, rows, cols, 100 + i, single=split == "seq")
            stem.with_suffix(".json").write_text(json.dumps(meta))
            if product == "rgb":
                with Image.open(stem.with_suffix(".jpg")) as img:
                    pixels = np.asarray(img).transpose(2, 0, 1)
                expected[split].append({
                    "path": stem.with_suffix(".jpg"), "pixels": pixels,
                    "label": LABELS[category] if category else -1,
                    "xyxy": [box[0], box[1], box[0] + box[2], box[1] + box[3]]})
    # sort as the loader walks: folders, then file names, in name order
    for split in expected:
        expected[split].sort(key=lambda e: e["path"].relative_to(root).parts)
    return {"expected": expected}


def make_full(root: Path) -> dict[str, Any]:
    """fMoW-full ``_rgb.tif`` (uint16) for the train images; returns the expected samples."""
    expected = []
    for i, (split, category, loc, t, rows, cols, box) in enumerate(RGB_IMAGES[:3]):
        stem = root / _stem(split, category, loc, t, "rgb")
        pixels = rgb_pattern(i, rows, cols, scale=9).astype(np.uint16)
        write_tif(stem.with_suffix(".tif"), pixels, crs=None)
        stem.with_suffix(".json").write_text(json.dumps(_meta(box, category, rows, cols, i)))
        expected.append({"path": stem.with_suffix(".tif"), "pixels": pixels,
                         "label": LABELS[category] if category else -1})
    expected.sort(key=lambda e: e["path"].relative_to(root).parts)
    return {"expected": expected}


#: (split, category, location_id, image_id)
SENTINEL_ROWS = {
    "train": [("airport", 0, 2), ("zoo", 7, 0), ("airport", 0, 5)],
    "val": [("wind_farm", 2, 1)],
    "test": [("multi-unit_residential", 12, 3), ("zoo", 9, 0)],
}
SENTINEL_TABLES = {"train": "train.csv", "val": "val.csv", "test": "test_gt.csv"}
SENTINEL_SIZE = 12


def sentinel_value(file: int, band: int, row: Any, col: Any) -> Any:
    return 4000 * file + 200 * band + 10 * row + col


def make_sentinel(root: Path) -> dict[str, Any]:
    """fMoW-Sentinel CSVs and GeoTIFFs under ``root``; returns the expected rows per split."""
    expected: dict[str, list[dict[str, Any]]] = {}
    file = 0
    r, c = np.mgrid[0:SENTINEL_SIZE, 0:SENTINEL_SIZE]
    for split, rows in SENTINEL_ROWS.items():
        expected[split] = []
        root.mkdir(parents=True, exist_ok=True)
        with open(root / SENTINEL_TABLES[split], "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["category", "location_id", "image_id", "timestamp", "polygon",
                             "image_path"])
            for category, loc, image_id in rows:
                place = f"{category}_{loc}"
                rel = f"fmow-sentinel/{split}/{category}/{place}/{place}_{image_id}.tif"
                pixels = np.stack([sentinel_value(file, b, r, c) for b in range(13)])
                write_tif(root / rel, pixels.astype(np.uint16), crs="EPSG:32632",
                          origin=(300000.0 + 1000 * file, 5000000.0), res=10.0)
                writer.writerow([category, loc, image_id, f"201{file % 8}-03-0{1 + file % 9}"
                                 "T10:00:00Z", "POLYGON ((0 0, 1 0, 1 1, 0 0))",
                                 f"/atlas/u/authors/{rel}"])
                expected[split].append({"file": file, "label": LABELS.get(category, -1),
                                        "category": category, "path": root / rel})
                file += 1
    return {"expected": expected}

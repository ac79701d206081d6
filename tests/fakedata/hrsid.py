"""Fake HRSID: the tree the publisher's ``HRSID_JPG`` release extracts to,
``HRSID_JPG/JPEGImages/<scene>_<r0>_<r1>_<c0>_<c1>.jpg`` and ``HRSID_JPG/annotations/
{train2017,test2017,train_test2017}.json`` (COCO: one category ``ship`` with id 1, ``bbox``
``[x, y, w, h]``, polygon ``segmentation``, ``area``, ``iscrowd``).

Chips are ``HEIGHT`` x ``WIDTH`` (not square, so a transpose shows). Chip ``k`` holds the grey
value :func:`value` at (row, col): a ramp in row and column offset by ``35 k``, so chips differ
by far more than JPEG's error. Chips are written grey-as-RGB (three equal channels) except
``GREY_CHIP``, written as a one-channel JPEG: the loader must read both as one channel.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

HEIGHT, WIDTH = 20, 28
#: chip number -> file name (scene P<nnnn>, then row and column ranges, as published)
NAMES = {1: "P0001_0_800_0_800.jpg", 2: "P0001_0_800_800_1600.jpg",
         3: "P0007_800_1600_0_800.jpg", 4: "P0102_0_800_3000_3800.jpg",
         5: "P0135_1800_2600_4800_5600.jpg"}
SPLITS = {"train": [1, 2, 3], "test": [4, 5]}
GREY_CHIP = 4


def _rect(x0: int, y0: int, x1: int, y1: int) -> list[float]:
    return [x0, y0, x1, y0, x1, y1, x0, y1]


#: chip number -> objects: (polygon, iscrowd); boxes are the polygons' extents
OBJECTS: dict[int, list[tuple[list[float], int]]] = {
    1: [(_rect(2, 3, 10, 8), 0), ([14, 4, 24, 4, 14, 16], 0)],  # a box and a triangle
    2: [(_rect(20, 12, 31, 22), 0),  # runs past the chip's right and bottom edges
        (_rect(1, 1, 5, 5), 1)],  # a crowd region: left out
    3: [],  # a chip without ships
    4: [(_rect(5, 6, 9, 15), 0)],
    5: [(_rect(0, 0, 4, 3), 0), (_rect(22, 10, 27, 19), 0)],
}


def value(k: int, row: Any, col: Any) -> Any:
    """The grey value written at (row, col) of chip ``k``."""
    return 35 * k + 2 * col + row


def image(k: int) -> np.ndarray:
    """Chip ``k`` as written (before JPEG), uint8 ``[HEIGHT, WIDTH]``."""
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH]
    return value(k, rows, cols).astype(np.uint8)


def bbox(polygon: list[float]) -> list[float]:
    """The COCO ``[x, y, w, h]`` of a polygon."""
    xs, ys = polygon[0::2], polygon[1::2]
    return [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]


def coco(numbers: list[int]) -> dict[str, Any]:
    """The COCO document of chips ``numbers``, with the fields HRSID writes."""
    images = [{"file_name": NAMES[k], "height": HEIGHT, "width": WIDTH, "id": k}
              for k in numbers]
    annotations = []
    for k in numbers:
        for polygon, crowd in OBJECTS[k]:
            box = bbox(polygon)
            annotations.append({"segmentation": [polygon], "area": box[2] * box[3],
                                "iscrowd": crowd, "image_id": k, "bbox": box,
                                "category_id": 1, "id": len(annotations) + 1})
    return {"info": {"description": "HRSID"}, "images": images, "annotations": annotations,
            "categories": [{"supercategory": "ship", "id": 1, "name": "ship"}]}


def make(root: Path) -> dict[str, Any]:
    """Write ``root/HRSID_JPG/`` as the release extracts. Returns ``dir`` (``HRSID_JPG``)."""
    from PIL import Image

    base = root / "HRSID_JPG"
    (base / "JPEGImages").mkdir(parents=True)
    (base / "annotations").mkdir()
    for k, name in NAMES.items():
        grey = image(k)
        array = grey if k == GREY_CHIP else np.stack([grey] * 3, axis=-1)
        Image.fromarray(array).save(base / "JPEGImages" / name, quality=100, subsampling=0)
    for split, numbers in SPLITS.items():
        (base / "annotations" / f"{split}2017.json").write_text(json.dumps(coco(numbers)))
    (base / "annotations" / "train_test2017.json").write_text(
        json.dumps(coco(sorted(NAMES))))
    return {"dir": base}

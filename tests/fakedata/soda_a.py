"""Fake SODA-A: the publisher's ``Images.zip`` (``Images/<n>.jpg``, every split's scenes in one
folder) and ``Annotations.zip`` (``Annotations/<split>/<n>.json``, one file per scene in the
publisher's JSON: ``type``, ``images``, ``annotations`` with ``poly`` and ``category_id``,
``categories`` ending with the ``ignore`` category 9).

Scenes are ``HEIGHT`` x ``WIDTH`` (not square, so a transpose shows). Pixel (row, col) of scene
``n`` is :func:`pixel`: smooth ramps in the column (red) and row (green) offset by the scene
number, so they survive JPEG within a few levels and tell scenes, bands and axes apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import zip_dir
from fakedata._made import unstage

HEIGHT, WIDTH = 24, 40
CATEGORIES = ("airplane", "helicopter", "small-vehicle", "large-vehicle", "ship", "container",
              "storage-tank", "swimming-pool", "windmill", "ignore")
#: split -> scenes: (number, objects as (category_id, poly x1 y1 x2 y2 ...))
SCENES: dict[str, list[tuple[int, list[tuple[int, list[float]]]]]] = {
    "train": [
        (1, [(0, [3, 2, 12, 4, 11, 9, 2, 7]),       # airplane, tilted
             (9, [20, 10, 30, 10, 30, 20, 20, 20]),  # an ignore region: left out
             (2, [31.5, 5, 35.5, 5, 35.5, 7.25, 31.5, 7.25])]),  # small-vehicle
        # a ship drawn as a six-point polygon on the rectangle x 2..10, y 3..7
        (2, [(4, [2, 3, 6, 3, 10, 3, 10, 7, 6, 7, 2, 7])]),
        (3, []),  # a scene without objects
    ],
    "val": [
        (4, [(3, [1, 1, 8, 1, 8, 5, 1, 5]), (5, [10, 12, 18, 14, 17, 18, 9, 16])]),
        (5, [(6, [25, 3, 33, 3, 33, 11, 25, 11])]),
    ],
    "test": [
        (6, [(7, [4, 4, 9, 4, 9, 8, 4, 8])]),
        (7, [(8, [30, 15, 34, 13, 36, 17, 32, 19]), (1, [5, 17, 12, 17, 12, 22, 5, 22])]),
    ],
}
ARCHIVES = ("Images.zip", "Annotations.zip")


def stem(number: int) -> str:
    return f"{number:05d}"


def pixel(number: int, row: Any, col: Any) -> tuple[Any, Any, Any]:
    """The RGB value written at (row, col) of scene ``number``."""
    return 15 * number + 3 * col, 10 * number + 5 * row, 30 * number


def image(number: int) -> np.ndarray:
    """The whole ``[3, HEIGHT, WIDTH]`` scene ``number`` as written (before JPEG)."""
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH]
    return np.stack(np.broadcast_arrays(*pixel(number, rows, cols))).astype(np.uint8)


def annotation(number: int, objects: list[tuple[int, list[float]]]) -> dict[str, Any]:
    """One scene's JSON document, laid out as the publisher's."""
    return {
        "type": "instance",
        "images": {"file_name": f"{stem(number)}.jpg", "height": HEIGHT, "width": WIDTH,
                   "id": number},
        "annotations": [
            {"poly": [float(v) for v in poly], "area": 10.0, "category_id": category,
             "image_id": number, "id": k}
            for k, (category, poly) in enumerate(objects, start=1)
        ],
        "categories": [{"id": i, "name": name} for i, name in enumerate(CATEGORIES)],
    }


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write the two archives under ``root`` (and, with ``extract``, their folders).

    Returns ``dir`` (``root``) and ``archives``: archive name -> its MD5.
    """
    from PIL import Image

    stage = root / ".stage"
    (stage / "Images").mkdir(parents=True)
    for split, scenes in SCENES.items():
        folder = stage / "Annotations" / split
        folder.mkdir(parents=True)
        for number, objects in scenes:
            Image.fromarray(image(number).transpose(1, 2, 0)).save(
                stage / "Images" / f"{stem(number)}.jpg", quality=100, subsampling=0)
            (folder / f"{stem(number)}.json").write_text(
                json.dumps(annotation(number, objects), indent=4))
    archives = {name: zip_dir(stage, name.removesuffix(".zip"), root / name)
                for name in ARCHIVES}
    unstage(stage, root, extract)
    return {"dir": root, "archives": archives}

"""Fake CrowdAI Mapping Challenge as AIcrowd hands it out: ``train.tar.gz`` and ``val.tar.gz``.

Each archive unpacks into ``<split>/images/<12-digit image id>.jpg``, ``<split>/annotation.json``
and ``<split>/annotation-small.json`` (a subset), written the way the publisher's converter
(github.com/spMohanty/mapping-challenge-preprocessing, ``merge.py`` and ``templates.py``) writes
them: ``info``, ``categories`` = ``[{"id": 100, "name": "building", ...}]``, ``images`` and
``annotations`` shuffled, integer vertices, and ``bbox`` computed with the converter's
vertex indexing (``x`` = the first half of the flat list, ``y`` = its even entries), so the
JSON boxes are not the polygon extents.

Tiles are 24 px wide and 20 px high (the real ones are 300 x 300) so that a transposition shows.
Pixel (row, col) of tile number ``n`` (its position in :data:`TILES`) is :func:`pixel`: red
ramps with the column, green with the row, blue is constant per tile (JPEG keeps smooth ramps
within a few levels).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import tar_dirs
from fakedata._made import unstage

WIDTH, HEIGHT = 24, 20
ARCHIVES = ("train.tar.gz", "val.tar.gz")
#: per split, the image ids (file ``<id:012d>.jpg``), in the shuffled order of the JSON
IMAGES = {"train": [7, 0, 12, 3], "val": [5, 0]}
#: the image ids of ``annotation-small.json``
SMALL = {"train": [7, 3], "val": [5]}
#: every tile, (split, image id), numbered by position for :func:`pixel`
TILES = [(split, i) for split, ids in IMAGES.items() for i in ids]


def _rect(x0: int, y0: int, x1: int, y1: int) -> list[int]:
    return [x0, y0, x1, y0, x1, y1, x0, y1]


#: the annotations in the JSON's (shuffled) order: (split, image id, flat vertex list)
ANNOTATIONS: list[tuple[str, int, list[int]]] = [
    ("train", 3, _rect(2, 3, 10, 8)),  # columns 2..9, rows 3..7
    ("train", 0, _rect(6, 10, 12, 18)),
    ("train", 3, [14, 2, 18, 2, 14, 10]),  # a triangle, hypotenuse 2x + y = 38
    ("val", 5, _rect(12, 2, 20, 6)),
    ("train", 7, _rect(0, 0, 4, 4)),
    ("train", 0, _rect(1, 1, 5, 4)),
    ("train", 3, _rect(18, 12, 30, 16)),  # past the right edge (a rotated tile's vertex)
    ("val", 0, _rect(3, 5, 9, 15)),
    ("val", 5, _rect(1, 12, 4, 19)),
]


def pixel(tile: int, row: Any, col: Any) -> tuple[Any, Any, Any]:
    """The RGB value written at (row, col) of tile number ``tile`` (see :data:`TILES`)."""
    return 8 * col + 4, 10 * row + 5, 40 * tile + 20


def tile_number(split: str, image_id: int) -> int:
    return TILES.index((split, image_id))


def file_name(image_id: int) -> str:
    return f"{image_id:012d}.jpg"


def converter_bbox(vertices: list[int]) -> list[int]:
    """``bbox`` as the converter's ``compute_annotations`` indexes the vertices."""
    half = len(vertices) // 2
    xs = vertices[:half]
    ys = [vertices[2 * i] for i in range(half)]
    return [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]


def _info() -> dict[str, Any]:
    return {"contributor": "crowdAI.org", "about": "Dataset derived from the spacenet v2.0",
            "date_created": "07/03/2018", "description": "crowdAI mapping-challenge dataset",
            "url": "https://www.crowdai.org/challenges/mapping-challenge", "version": "1.0",
            "year": 2018}


def coco(split: str, ids: list[int]) -> dict[str, Any]:
    """The annotation file of ``split`` restricted to the image ids ``ids``."""
    images = [{"id": i, "file_name": file_name(i), "width": WIDTH, "height": HEIGHT}
              for i in IMAGES[split] if i in ids]
    annotations = [
        {"id": number, "image_id": image_id, "segmentation": [[float(v) for v in vertices]],
         "area": 1.0, "bbox": [float(v) for v in converter_bbox(vertices)],
         "category_id": 100, "iscrowd": 0}
        for number, (where, image_id, vertices) in enumerate(ANNOTATIONS)
        if where == split and image_id in ids]
    return {"info": _info(),
            "categories": [{"id": 100, "name": "building", "supercategory": "building"}],
            "images": images, "annotations": annotations}


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write ``train.tar.gz`` and ``val.tar.gz`` under ``root`` (and, with ``extract``, what
    they unpack to). Returns ``dir`` (``root``) and ``archives``: archive name -> MD5."""
    from PIL import Image

    stage = root / ".stage"
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH]
    for number, (split, image_id) in enumerate(TILES):
        rgb = np.stack(np.broadcast_arrays(*pixel(number, rows, cols)), axis=-1)
        path = stage / split / "images" / file_name(image_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(rgb.astype(np.uint8)).save(path, quality=100, subsampling=0)
    for split, ids in IMAGES.items():
        (stage / split / "annotation.json").write_text(json.dumps(coco(split, ids)))
        (stage / split / "annotation-small.json").write_text(
            json.dumps(coco(split, SMALL[split])))
    archives = {name: tar_dirs(stage, [name.removesuffix(".tar.gz")], root / name)
                for name in ARCHIVES}
    unstage(stage, root, extract)
    return {"dir": root, "archives": archives}

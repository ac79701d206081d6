"""Fake iSAID: DOTA-v1.0 PNGs in ``<split>/images``, the COCO polygons of
``<split>/Annotations/iSAID_<split>.json`` and the mask PNGs of ``Instance_masks`` /
``Semantic_masks`` (``images/P0000_instance_id_RGB.png``, ``..._instance_color_RGB.png``).

PNGs are lossless, so pixels are exact: red = 10 * row + column, green = 40 * image + row,
blue = 8 * column + image (image = the number in ``P000<image>``). ``P0001`` is a grey PNG whose
value is 10 * row + column, as some DOTA scenes are single-band. Scenes are wider than tall
(``WIDTH`` x ``HEIGHT``), so a transposed read shows.

As in the publisher's files, each JSON numbers its categories in the order its converter met
them (the two splits differently), and an annotation carries ``category_name``, ``area`` and
``bbox`` = ``[x, y, w, h]``.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import write_png

WIDTH, HEIGHT = 24, 20
GREY = "P0001"
#: split -> images (P0002 is listed without objects)
IMAGES = {"train": ["P0000", "P0001", "P0002"], "val": ["P0003"]}
#: category ids per split, in "first met" order (train as the published train file)
CATEGORIES = {
    "train": ["storage_tank", "Large_Vehicle", "Small_Vehicle", "plane", "ship",
              "Swimming_pool", "Harbor", "tennis_court", "Ground_Track_Field",
              "Soccer_ball_field", "baseball_diamond", "Bridge", "basketball_court",
              "Roundabout", "Helicopter"],
    "val": ["Small_Vehicle", "ship", "Harbor", "plane", "storage_tank", "Large_Vehicle",
            "Swimming_pool", "tennis_court", "Ground_Track_Field", "Soccer_ball_field",
            "baseball_diamond", "Bridge", "basketball_court", "Roundabout", "Helicopter"],
}
#: the publisher's class ids (Semantic_masks palette); label = id - 1
CLASS_ID = {"ship": 1, "storage_tank": 2, "baseball_diamond": 3, "tennis_court": 4,
            "basketball_court": 5, "Ground_Track_Field": 6, "Bridge": 7, "Large_Vehicle": 8,
            "Small_Vehicle": 9, "Helicopter": 10, "Swimming_pool": 11, "Roundabout": 12,
            "Soccer_ball_field": 13, "plane": 14, "Harbor": 15}
PALETTE = {1: (0, 0, 63), 2: (0, 63, 63), 3: (0, 63, 0), 4: (0, 63, 127), 5: (0, 63, 191),
           6: (0, 63, 255), 7: (0, 127, 63), 8: (0, 127, 127), 9: (0, 0, 127), 10: (0, 0, 191),
           11: (0, 0, 255), 12: (0, 191, 127), 13: (0, 127, 191), 14: (0, 127, 255),
           15: (0, 100, 155)}
def _rect(c0: int, r0: int, c1: int, r1: int) -> list[float]:
    """The ring of a rectangle of pixels (columns c0..c1, rows r0..r1) as OpenCV's
    ``findContours`` traces it for the devkit: every boundary pixel, clockwise."""
    ring = [(c, r0) for c in range(c0, c1 + 1)] + [(c1, r) for r in range(r0 + 1, r1 + 1)]
    if r1 > r0:
        ring += [(c, r1) for c in range(c1 - 1, c0 - 1, -1)]
    if c1 > c0:
        ring += [(c0, r) for r in range(r1 - 1, r0, -1)]
    return [float(v) for point in ring for v in point]


#: an L of pixels: rows 12-13 at columns 14..18 and row 14 at columns 14..15 (12 px), traced
#: through its boundary pixels (the staircase step is a diagonal)
_L_SHAPE = [float(v) for point in [
    (14, 12), (15, 12), (16, 12), (17, 12), (18, 12), (18, 13), (17, 13), (16, 13), (15, 14),
    (14, 14), (14, 13)] for v in point]

#: objects per image: class name, polygons (x, y of the boundary pixels), iscrowd
OBJECTS: dict[str, list[tuple[str, list[list[float]], int]]] = {
    # a 8 x 5 rectangle: columns 2..9, rows 3..7 (40 px)
    "P0000": [("storage_tank", [_rect(2, 3, 9, 7)], 0),
              ("Small_Vehicle", [_L_SHAPE], 0),
              # two parts: a 2 x 2 square and a 3 x 1 bar one pixel high (4 + 3 px)
              ("Harbor", [_rect(20, 2, 21, 3), _rect(18, 16, 20, 16)], 0),
              # a crowd region: left out
              ("plane", [_rect(0, 0, 3, 1)], 1)],
    # reaches past the right edge: clipped to columns 20..23, rows 5..8 (16 px)
    "P0001": [("plane", [_rect(20, 5, 29, 8)], 0)],
    "P0002": [],
    "P0003": [("Small_Vehicle", [_rect(1, 1, 3, 2)], 0),
              ("ship", [_rect(6, 10, 8, 13)], 0)],
}


def pixel(image: int, row: int, col: int) -> tuple[int, int, int]:
    """The RGB value at (row, col) of ``P000<image>`` (the grey one: that value thrice)."""
    if f"P000{image}" == GREY:
        return (10 * row + col,) * 3
    return 10 * row + col, 40 * image + row, 8 * col + image


def _bbox(polygons: list[list[float]]) -> list[float]:
    xs = [v for p in polygons for v in p[0::2]]
    ys = [v for p in polygons for v in p[1::2]]
    # the devkit's Detectron convention: a box of pixels, width = max - min + 1
    return [min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1]


def _masks(stem: str) -> tuple[np.ndarray, np.ndarray]:
    """The instance-id and class-colour PNG contents of ``stem`` (boxes of the polygons:
    enough for files the loader does not read)."""
    ids = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    colours = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    for n, (name, polygons, _) in enumerate(OBJECTS[stem], 1):
        x, y, w, h = (int(v) for v in _bbox(polygons))
        ids[y:y + h, x:x + w] = (n, 0, 0)
        colours[y:y + h, x:x + w] = PALETTE[CLASS_ID[name]]
    return ids, colours


def coco(split: str) -> dict[str, Any]:
    """``iSAID_<split>.json`` as the publisher's converter writes it."""
    category_ids = {name: i for i, name in enumerate(CATEGORIES[split], 1)}
    images, annotations = [], []
    stems = IMAGES[split]
    for image_id, stem in enumerate(stems):
        images.append({"id": image_id, "width": WIDTH, "height": HEIGHT,
                       "file_name": f"{stem}.png", "ins_file_name": f"{stem}_instance_id_RGB.png",
                       "seg_file_name": f"{stem}_instance_color_RGB.png"})
        for name, polygons, crowd in OBJECTS.get(stem, []):
            annotations.append({"id": len(annotations), "image_id": image_id,
                                "segmentation": polygons, "category_id": category_ids[name],
                                "category_name": name, "iscrowd": crowd, "area": 1,
                                "bbox": _bbox(polygons)})
    categories = [{"id": i, "name": name} for name, i in category_ids.items()]
    return {"images": images, "categories": categories, "annotations": annotations}


def make(root: Path) -> Path:
    """The extracted layout: ``<split>/images``, ``Annotations``, ``Instance_masks/images``
    and ``Semantic_masks/images``."""
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH]
    for split, stems in IMAGES.items():
        for stem in stems:
            number = int(stem[1:])
            if stem == GREY:
                write_png(root / split / "images" / f"{stem}.png", 10 * rows + cols)
            else:
                rgb = np.stack([10 * rows + cols, 40 * number + rows, 8 * cols + number], -1)
                write_png(root / split / "images" / f"{stem}.png", rgb)
            ids, colours = _masks(stem)
            write_png(root / split / "Instance_masks" / "images" /
                      f"{stem}_instance_id_RGB.png", ids)
            write_png(root / split / "Semantic_masks" / "images" /
                      f"{stem}_instance_color_RGB.png", colours)
        annotations = root / split / "Annotations" / f"iSAID_{split}.json"
        annotations.parent.mkdir(parents=True, exist_ok=True)
        annotations.write_text(json.dumps(coco(split)))
    return root


def make_drive(root: Path) -> Path:
    """The Drive folders copied as published: ``<split>/images/part<n>.zip`` (members
    ``images/P*.png``, train spread over two parts), ``<split>/Instance_masks/images.zip`` and
    ``<split>/Semantic_masks/images.zip`` (members ``images/*.png``) and the JSON in
    ``<split>/Annotations``."""
    stage = make(root / ".stage")
    for split in IMAGES:
        pngs = sorted((stage / split / "images").glob("*.png"))
        parts = [pngs[:1], pngs[1:]] if split == "train" else [pngs]
        (root / split / "images").mkdir(parents=True)
        for n, part in enumerate(parts, 1):
            with zipfile.ZipFile(root / split / "images" / f"part{n}.zip", "w") as zf:
                for png in part:
                    zf.write(png, f"images/{png.name}")
        for folder in ("Instance_masks", "Semantic_masks"):
            (root / split / folder).mkdir(parents=True)
            with zipfile.ZipFile(root / split / folder / "images.zip", "w") as zf:
                for png in sorted((stage / split / folder / "images").glob("*.png")):
                    zf.write(png, f"images/{png.name}")
        shutil.copytree(stage / split / "Annotations", root / split / "Annotations")
    shutil.rmtree(stage)
    return root


def make_devkit(root: Path) -> Path:
    """The devkit's layout: the mask PNGs beside the images in ``<split>/images``."""
    make(root)
    for split in IMAGES:
        for folder in ("Instance_masks", "Semantic_masks"):
            for png in (root / split / folder / "images").glob("*.png"):
                shutil.move(png, root / split / "images" / png.name)
            shutil.rmtree(root / split / folder)
    return root

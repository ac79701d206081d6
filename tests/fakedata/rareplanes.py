"""Fake RarePlanes, laid out as the public S3 bucket is synced.

``real/<split>/PS-RGB_tiled/<loc>_<id>_tile_<n>.png`` (RGB PNG), the tiles' GeoJSON beside
them in ``geojson_aircraft_tiled/`` (not read by the loader), ``synthetic/<split>/images/*.png``
and per source ``metadata_annotations/instances_<split>_aircraft.json`` (COCO: images with ids
that are not in file order, one image without annotation, ``bbox`` ``[x, y, w, h]``).
PNG pixels are exact: red = ``16 * row + col``, green = ``30 * image + row``, blue =
``5 * col + image`` (image = its COCO id).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import write_png

SIZE = 16
#: source -> split -> [(COCO id, file name, boxes [x, y, w, h])]
IMAGES: dict[str, dict[str, list[tuple[int, str, list[list[float]]]]]] = {
    "real": {
        "train": [(7, "Atlanta_Airport_0_0_tile_12.png", [[1, 2, 4, 3], [8, 9, 5, 5.5]]),
                  (3, "Denver_Airport_1_5_tile_2.png", [[0, 0, 16, 2]]),
                  (5, "Denver_Airport_1_5_tile_3.png", [])],
        "test": [(1, "Sydney_Airport_2_8_tile_1.png", [[3, 3, 3, 3]])],
    },
    "synthetic": {
        "train": [(2, "Airport_Atlanta_Summer_Sunny_2_0_103.png", [[2, 2, 10, 10]])],
        "test": [(4, "Airport_Atlanta_Winter_Snow_0_1_7.png", [[5, 6, 2, 2]])],
    },
}
FOLDERS = {"real": "PS-RGB_tiled", "synthetic": "images"}


def pixel(image: int, row: int, col: int) -> tuple[int, int, int]:
    return 16 * row + col, 30 * image + row, 5 * col + image


def make(root: Path) -> dict[str, Any]:
    """The bucket's folders under ``root``; returns per (source, split) the samples in the
    loader's order (COCO id order)."""
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    expected: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for source, splits in IMAGES.items():
        for split, images in splits.items():
            coco: dict[str, Any] = {"images": [], "annotations": [],
                                    "categories": [{"id": 1, "name": "aircraft"}]}
            for image_id, name, boxes in images:
                write_png(root / source / split / FOLDERS[source] / name,
                          np.stack([16 * rows + cols, 30 * image_id + rows,
                                    5 * cols + image_id], -1))
                if source == "real":
                    geojson = root / source / split / "geojson_aircraft_tiled"
                    geojson.mkdir(parents=True, exist_ok=True)
                    (geojson / name.replace(".png", ".geojson")).write_text(
                        json.dumps({"type": "FeatureCollection", "features": []}))
                coco["images"].append({"id": image_id, "file_name": name, "width": SIZE,
                                       "height": SIZE})
                for box in boxes:
                    coco["annotations"].append({
                        "id": len(coco["annotations"]) + 1, "image_id": image_id,
                        "category_id": 1, "bbox": box, "area": box[2] * box[3],
                        "iscrowd": 0})
            meta = root / source / "metadata_annotations"
            meta.mkdir(parents=True, exist_ok=True)
            (meta / f"instances_{split}_aircraft.json").write_text(json.dumps(coco))
            expected[(source, split)] = [
                {"id": i, "name": n,
                 "xyxy": [[b[0], b[1], b[0] + b[2], b[1] + b[3]] for b in boxes]}
                for i, n, boxes in sorted(images)]
    return {"expected": expected}

"""Fake NWPU VHR-10: ``NWPU VHR-10 dataset.zip`` (JPEGs + ground-truth txt) and COCO json.

Positive image ``i`` holds the colour :func:`colour` plus a smooth ramp ``2 r + 4 c``
(:func:`image`); negatives the same from grey 30 + 10 n. JPEG is lossy, so tests compare within
a few levels: the ramp survives it, and a transposed or shifted read is far off.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, zip_dir

FOLDER = "NWPU VHR-10 dataset"
SIZE = 24
#: ground truth of the positive images: (x1, y1, x2, y2, class 1..10)
OBJECTS = {
    "001": [(2, 3, 10, 12, 1), (12, 14, 20, 22, 10)],
    "002": [(0, 0, 6, 6, 5)],
    "003": [(4, 4, 16, 8, 9), (1, 15, 5, 20, 2), (18, 2, 23, 9, 3)],
}
NEGATIVES = ["001", "002"]


def colour(index: int) -> tuple[int, int, int]:
    """RGB at the origin of positive image ``index``."""
    return 100 - 20 * index, 60 + 20 * index, 20


def image(rgb: tuple[int, int, int]) -> np.ndarray:
    """``[SIZE, SIZE, 3]`` uint8: ``rgb`` plus ``2 r + 4 c`` in every channel."""
    rows, cols = np.indices((SIZE, SIZE))
    return np.stack([v + 2 * rows + 4 * cols for v in rgb], axis=-1).astype(np.uint8)


def make(root: Path) -> dict[str, object]:
    from PIL import Image

    staging = root / "_staging" / FOLDER
    for sub in ("positive image set", "negative image set", "ground truth"):
        (staging / sub).mkdir(parents=True)
    images, annotations = [], []
    for i, (stem, objects) in enumerate(OBJECTS.items()):
        Image.fromarray(image(colour(i))).save(staging / "positive image set" / f"{stem}.jpg",
                                               quality=100)
        lines = [f"({x1},{y1}),({x2},{y2}),{c}" for x1, y1, x2, y2, c in objects]
        (staging / "ground truth" / f"{stem}.txt").write_text("\n".join(lines) + "\n\n")
        images.append({"id": i, "file_name": f"{stem}.jpg", "width": SIZE, "height": SIZE})
        for x1, y1, x2, y2, c in objects:
            annotations.append({"id": len(annotations), "image_id": i, "category_id": c,
                                "bbox": [x1, y1, x2 - x1, y2 - y1], "area": (x2 - x1) * (y2 - y1),
                                "iscrowd": 0,
                                "segmentation": [[x1, y1, x2, y1, x2, y2, x1, y2]]})
    for n, stem in enumerate(NEGATIVES):
        Image.fromarray(image((30 + 10 * n,) * 3)).save(
            staging / "negative image set" / f"{stem}.jpg", quality=100)
    archive = root / f"{FOLDER}.zip"
    zip_dir(root / "_staging", FOLDER, archive)
    ann = root / "annotations.json"
    ann.write_text(json.dumps({"images": images, "annotations": annotations,
                               "categories": [{"id": c, "name": str(c)} for c in range(1, 11)]}))
    return {"dir": root, "archives": {archive.name: md5(archive), ann.name: md5(ann)}}


def make_coco_only(root: Path) -> Path:
    """Extracted positive set without ``ground truth/``; ``annotations.json`` in the folder.

    This is how TorchGeo's mirror is laid out once downloaded. The last object's polygon gets a
    dangling odd value, as a few published polygons have.
    """
    import shutil

    made = make(root / "_src")
    shutil.unpack_archive(made["dir"] / f"{FOLDER}.zip", root)
    shutil.rmtree(root / FOLDER / "ground truth")
    coco = json.loads((made["dir"] / "annotations.json").read_text())
    coco["annotations"][-1]["segmentation"][0].append(7)
    (root / FOLDER / "annotations.json").write_text(json.dumps(coco))
    shutil.rmtree(root / "_src")
    return root

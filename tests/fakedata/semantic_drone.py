"""Fake Semantic Drone Dataset, in the publisher's layout and in the Kaggle copy's.

``layout="icg"`` (the publisher's): ``semantic_drone_dataset_semantics_v1.1.zip`` holding
``semantic_drone_dataset/training_set/images/<nnn>.jpg`` (RGB JPEG) with colour labels
``training_set/gt/semantic/label_images/<nnn>.png`` (RGB, colours of ``class_dict.csv``,
also written). ``layout="kaggle"``: ``dataset/semantic_drone_dataset/original_images/<nnn>.jpg``
with one-band code labels in ``label_images_semantic/<nnn>.png``, the colour copies in
``RGB_color_image_masks/RGB_color_image_masks/`` and ``class_dict_seg.csv`` (no archive is
made: that copy is downloaded from Kaggle, not read from an archive). Images are 15x10 px (the
6000x4000 aspect); pixels encode the image, band, row and column, label codes (0-23) are a
hash of the image, row and column, so a mask proves which image it belongs to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, zip_tree

ARCHIVE = "semantic_drone_dataset_semantics_v1.1.zip"
W, H = 15, 10
#: the publisher's ``class_dict.csv`` rows (written out here, not taken from the spec)
CLASS_DICT = [("unlabeled", 0, 0, 0), ("paved-area", 128, 64, 128), ("dirt", 130, 76, 0),
              ("grass", 0, 102, 0), ("gravel", 112, 103, 87), ("water", 28, 42, 168),
              ("rocks", 48, 41, 30), ("pool", 0, 50, 89), ("vegetation", 107, 142, 35),
              ("roof", 70, 70, 70), ("wall", 102, 102, 156), ("window", 254, 228, 12),
              ("door", 254, 148, 12), ("fence", 190, 153, 153), ("fence-pole", 153, 153, 153),
              ("person", 255, 22, 96), ("dog", 102, 51, 0), ("car", 9, 143, 150),
              ("bicycle", 119, 11, 32), ("tree", 51, 51, 0), ("bald-tree", 190, 250, 190),
              ("ar-marker", 112, 150, 146), ("obstacle", 2, 135, 115),
              ("conflicting", 255, 0, 0)]
COLORS = np.array([row[1:] for row in CLASS_DICT], dtype=np.uint8)
#: image names, in the loader's (name) order
IDS = ["000", "001", "002", "040", "598"]
ICG = "semantic_drone_dataset/training_set"
KAGGLE = "dataset/semantic_drone_dataset"


def image(ident: str) -> np.ndarray:
    """``[3,H,W]`` uint8 pixels of the image."""
    return coded_image(int(ident), 3, H, W)


def labels(ident: str) -> np.ndarray:
    """``[H,W]`` int64 class codes 0-23 of the image."""
    return coded_labels(int(ident), H, W, len(CLASS_DICT))


def paths(root: Path, ident: str, layout: str = "icg") -> tuple[Path, Path]:
    """The image and label files of ``ident`` in ``layout``."""
    if layout == "icg":
        return (root / ICG / "images" / f"{ident}.jpg",
                root / ICG / "gt" / "semantic" / "label_images" / f"{ident}.png")
    return (root / KAGGLE / "original_images" / f"{ident}.jpg",
            root / KAGGLE / "label_images_semantic" / f"{ident}.png")


def _csv(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("name, r, g, b\n" + "".join(f"{n}, {r}, {g}, {b}\n"
                                                for n, r, g, b in CLASS_DICT))


def make(root: Path, extract: bool = False, layout: str = "icg") -> dict[str, Any]:
    stage = root / ".stage" if layout == "icg" else root
    for ident in IDS:
        img, lab = paths(stage, ident, layout)
        img.parent.mkdir(parents=True, exist_ok=True)
        lab.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(image(ident).transpose(1, 2, 0)).save(img, quality=100, subsampling=0)
        if layout == "icg":
            Image.fromarray(COLORS[labels(ident)]).save(lab)  # RGB
        else:
            Image.fromarray(labels(ident).astype(np.uint8)).save(lab)  # mode L
            colour = root / "RGB_color_image_masks" / "RGB_color_image_masks" / f"{ident}.png"
            colour.parent.mkdir(parents=True, exist_ok=True)
            Image.fromarray(COLORS[labels(ident)]).save(colour)
    if layout != "icg":
        _csv(root / "class_dict_seg.csv")
        return {"dir": root, "archives": {}}
    _csv(stage / ICG / "gt" / "semantic" / "class_dict.csv")
    archive = zip_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}}

"""Spec of the Semantic Drone Dataset of TU Graz's ICG (plain data: imported when listing).

Facts from the publisher's README (shipped with the data; homepage
http://dronedataset.icg.tugraz.at): 400 public training images of 6000x4000 px taken from
nadir at 5-30 m over more than 20 houses, a private test set of 200, the folders
``training_set/gt/semantic/label_images`` (PNG) and ``training_set/gt/semantic/class_dict.csv``,
the licence (non-commercial use, no redistribution) and the citation (the URL). The class
colours (``class_dict.csv``: name, r, g, b; 24 rows, ``conflicting`` last), the images folder
``training_set/images/<nnn>.jpg`` and the archive's folder
``semantic_drone_dataset_semantics_v1.1/semantic_drone_dataset`` as users of the release
quote them; the Kaggle copy (bulentsiyah/semantic-drone-dataset) lays the same images out as
``dataset/semantic_drone_dataset/original_images`` with one-band code PNGs in
``label_images_semantic`` (codes 0-23, the rows of ``class_dict_seg.csv``).
"""

from __future__ import annotations

from typing import Any

#: the publisher's archive (extracted by the loader when it is in ``root``) and its folder
SEMANTIC_DRONE_ARCHIVE = "semantic_drone_dataset_semantics_v1.1.zip"
SEMANTIC_DRONE_HOMEPAGE = "http://dronedataset.icg.tugraz.at"
#: layouts the loader reads: (folder, images, labels, labels are class codes), the
#: publisher's first (colour labels), then the Kaggle copy's (one-band codes)
SEMANTIC_DRONE_LAYOUTS: tuple[tuple[str, str, str, bool], ...] = (
    ("semantic_drone_dataset/training_set", "images", "gt/semantic/label_images", False),
    ("dataset/semantic_drone_dataset", "original_images", "label_images_semantic", True),
)
#: label colours (R, G, B) in the order of ``classes`` (index = class code), as
#: ``class_dict.csv`` lists them
SEMANTIC_DRONE_COLORS: tuple[tuple[int, int, int], ...] = (
    (0, 0, 0),  # unlabeled
    (128, 64, 128),  # paved-area
    (130, 76, 0),  # dirt
    (0, 102, 0),  # grass
    (112, 103, 87),  # gravel
    (28, 42, 168),  # water
    (48, 41, 30),  # rocks
    (0, 50, 89),  # pool
    (107, 142, 35),  # vegetation
    (70, 70, 70),  # roof
    (102, 102, 156),  # wall
    (254, 228, 12),  # window
    (254, 148, 12),  # door
    (190, 153, 153),  # fence
    (153, 153, 153),  # fence-pole
    (255, 22, 96),  # person
    (102, 51, 0),  # dog
    (9, 143, 150),  # car
    (119, 11, 32),  # bicycle
    (51, 51, 0),  # tree
    (190, 250, 190),  # bald-tree
    (112, 150, 146),  # ar-marker
    (2, 135, 115),  # obstacle
    (255, 0, 0),  # conflicting
)

SPECS: list[dict[str, Any]] = [
    {
        "name": "semantic_drone",
        "target": "geoplug.datasets.semantic_drone:SemanticDrone",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("drone RGB",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 24,
        "classes": ("unlabeled", "paved-area", "dirt", "grass", "gravel", "water", "rocks",
                    "pool", "vegetation", "roof", "wall", "window", "door", "fence",
                    "fence-pole", "person", "dog", "car", "bicycle", "tree", "bald-tree",
                    "ar-marker", "obstacle", "conflicting"),
        "splits": ("train",),
        "num_samples": 400,
        "license": "custom: non-commercial use, no redistribution (see the homepage)",
        "homepage": SEMANTIC_DRONE_HOMEPAGE,
        "citation": "Semantic Drone Dataset, Institute of Computer Graphics and Vision, Graz "
                    "University of Technology, http://dronedataset.icg.tugraz.at",
        "download_size": f"one archive, {SEMANTIC_DRONE_ARCHIVE} (from the homepage's form)",
        "description": "400 nadir RGB drone images (JPEG, 6000x4000 px) of more than 20 houses "
                       "at 5-30 m, densely labelled with 24 classes (23 and conflicting): "
                       "semantic_drone_dataset/training_set/images/<nnn>.jpg with colour "
                       "labels gt/semantic/label_images/<nnn>.png (class_dict.csv), or the "
                       "Kaggle copy's dataset/semantic_drone_dataset/original_images with "
                       "one-band codes in label_images_semantic. No official split (the 200 "
                       "test images are private): 'train' holds all 400.",
    },
]

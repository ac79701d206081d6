"""Spec of iSAID (Instance Segmentation in Aerial Images Dataset, on DOTA-v1.0 scenes).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

_RGB = ("R", "G", "B")

#: the 15 categories spelled as the ``categories`` of ``iSAID_<split>.json``, in the order of
#: the publisher's class ids (the ``Semantic_masks`` palette and the devkit's ``labels.py``:
#: ship = 1 ... Harbor = 15), so that ``label`` = semantic-mask class id - 1. The JSON files'
#: own ``category_id`` values follow the order in which the conversion first met each class
#: and differ between files; the loader maps them by name.
ISAID_CLASSES = ("ship", "storage_tank", "baseball_diamond", "tennis_court", "basketball_court",
                 "Ground_Track_Field", "Bridge", "Large_Vehicle", "Small_Vehicle", "Helicopter",
                 "Swimming_pool", "Roundabout", "Soccer_ball_field", "plane", "Harbor")

SPECS: list[dict[str, Any]] = [
    {
        "name": "isaid",
        "target": "geoplug.datasets.isaid:ISAID",
        "task": "instance_segmentation",
        "kind": "nongeo",
        "sensors": ("Google Earth", "Gaofen-2", "Jilin-1"),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": len(ISAID_CLASSES),
        "classes": ISAID_CLASSES,
        "splits": ("train", "val"),
        "num_samples": 1869,
        "license": "academic use only (DOTA images: Google Earth terms; see the homepage)",
        "homepage": "https://captain-whu.github.io/iSAID/",
        "citation": (
            "@inproceedings{waqas2019isaid,\n  title={iSAID: A Large-scale Dataset for "
            "Instance Segmentation in Aerial Images},\n  author={Waqas Zamir, Syed and Arora, "
            "Aditya and Gupta, Akshita and Khan, Salman and Sun, Guolei and Shahbaz Khan, "
            "Fahad and Zhu, Fan and Shao, Ling and Xia, Gui-Song and Bai, Xiang},\n  "
            "booktitle={Proceedings of the IEEE Conference on Computer Vision and Pattern "
            "Recognition Workshops},\n  pages={28--37},\n  year={2019}\n}"
        ),
        "description": "iSAID: the 1,869 train/val DOTA-v1.0 scenes (800 to 13,000 px) with "
                       "instances of 15 classes (655,451 over all three splits) as COCO polygons "
                       "(Annotations/iSAID_<split>.json), rasterised into uint8 instance "
                       "masks [N,H,W] with their boxes and labels. Test annotations are "
                       "withheld. Distributed through cloud drives (no direct URL).",
    },
]

"""Spec of DIOR-R (DIOR's images re-annotated with oriented boxes).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.detection_modern import DIOR_CLASSES

_RGB = ("R", "G", "B")

SPECS: list[dict[str, Any]] = [
    {
        "name": "dior_r",
        "aliases": ("diorr", "dior-r"),
        "target": "geoplug.datasets.dior_r:DIORR",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("Google Earth",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": len(DIOR_CLASSES),
        "classes": DIOR_CLASSES,
        "splits": ("train", "val", "test"),
        "resolution": 0.5,
        "patch_size": 800,
        "num_samples": 23463,
        "license": "research use only",
        "homepage": "https://gcheng-nwpu.github.io/#Datasets",
        "citation": (
            "@article{cheng2022anchor,\n  title={Anchor-free oriented proposal generator for "
            "object detection},\n  author={Cheng, Gong and Wang, Jiabao and Li, Ke and Xie, "
            "Xingxing and Lang, Chunbo and Yao, Yanqing and Han, Junwei},\n  journal={IEEE "
            "Transactions on Geoscience and Remote Sensing},\n  volume={60},\n  pages={1--11},"
            "\n  year={2022}\n}"
        ),
        "description": "DIOR-R: DIOR's 23,463 Google Earth images (800x800) with their objects "
                       "of 20 classes in oriented boxes (<robndbox> corners in "
                       "Annotations/Oriented Bounding Boxes/*.xml): bbox_xyxyxyxy (four "
                       "corners) and their enclosing bbox_xyxy. Splits from ImageSets/Main. "
                       "Distributed through cloud drives (no direct URL).",
    },
]

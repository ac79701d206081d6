"""Spec of SODA-A (Small Object Detection dAtaset, aerial scenes, oriented boxes).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

_RGB = ("R", "G", "B")

#: the nine object categories, spelled as the ``categories`` of the publisher's JSON files;
#: a label is the JSON ``category_id`` (0-8), so the order is the publisher's
SODA_A_CLASSES = ("airplane", "helicopter", "small-vehicle", "large-vehicle", "ship",
                  "container", "storage-tank", "swimming-pool", "windmill")
#: the JSON ``category_id`` of "ignore" regions (not objects: left out of evaluation)
SODA_A_IGNORE_ID = 9

SPECS: list[dict[str, Any]] = [
    {
        "name": "soda_a",
        "aliases": ("sodaa",),
        "target": "geoplug.datasets.soda_a:SODAA",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("Google Earth",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": len(SODA_A_CLASSES),
        "classes": SODA_A_CLASSES,
        "splits": ("train", "val", "test"),
        "license": "research use only (see the homepage)",
        "homepage": "https://shaunyuan22.github.io/SODA/",
        "citation": (
            "@article{cheng2023towards,\n  title={Towards Large-Scale Small Object Detection: "
            "Survey and Benchmarks},\n  author={Cheng, Gong and Yuan, Xiang and Yao, Xiwen and "
            "Yan, Kebing and Zeng, Qinghua and Xie, Xingxing and Han, Junwei},\n  journal={IEEE "
            "Transactions on Pattern Analysis and Machine Intelligence},\n  year={2023},\n  "
            "note={arXiv:2207.14096}\n}"
        ),
        "description": "SODA-A: about 2,500 high-resolution Google Earth JPEG scenes with "
                       "some 800,000 small objects in oriented boxes (bbox_xyxyxyxy, four "
                       "corners, and their enclosing bbox_xyxy) of 9 classes, from one JSON "
                       "file per image in Annotations/<split>/; 'ignore' regions are left "
                       "out.",
    },
]

"""Spec of UCAS-AOD (UCAS high-resolution aerial object detection: cars and airplanes).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

_RGB = ("R", "G", "B")

#: label order: the publisher's two object folders, ``CAR/`` then ``PLANE/``
UCAS_AOD_CLASSES = ("car", "airplane")

SPECS: list[dict[str, Any]] = [
    {
        "name": "ucas_aod",
        "aliases": ("ucasaod",),
        "target": "geoplug.datasets.ucas_aod:UCASAOD",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("Google Earth",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": len(UCAS_AOD_CLASSES),
        "classes": UCAS_AOD_CLASSES,
        # no official split: "train" holds every annotated image
        "splits": ("train",),
        "num_samples": 1510,
        "license": "research use only (see the publisher's terms)",
        "homepage": "https://hyper.ai/datasets/5419",
        "citation": (
            "@inproceedings{zhu2015orientation,\n  title={Orientation robust object detection "
            "in aerial images using deep convolutional neural network},\n  author={Zhu, Haigang "
            "and Chen, Xiaogang and Dai, Weiqun and Fu, Kun and Ye, Qixiang and Jiao, "
            "Jianbin},\n  booktitle={IEEE International Conference on Image Processing "
            "(ICIP)},\n  pages={3735--3739},\n  year={2015},\n  "
            "doi={10.1109/ICIP.2015.7351502}\n}"
        ),
        "description": "UCAS-AOD: 1,510 Google Earth PNG images (510 in CAR/, 1,000 in "
                       "PLANE/) with oriented boxes of cars and airplanes, one text file per "
                       "image beside it (P0001.txt: x1 y1 ... x4 y4 theta cx cy w h per "
                       "object); no official split, 'train' holds every image.",
    },
]

"""Spec of HRSC2016 (High Resolution Ship Collection 2016, oriented ship detection).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

_RGB = ("R", "G", "B")

#: the publisher's split lists, ``ImageSets/<split>.txt`` (trainval = train + val)
HRSC2016_SPLITS = ("train", "val", "trainval", "test")

SPECS: list[dict[str, Any]] = [
    {
        "name": "hrsc2016",
        "aliases": ("hrsc",),
        "target": "geoplug.datasets.hrsc2016:HRSC2016",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("Google Earth",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        # the benchmark's level-1 protocol: every object is a ship (Class_ID kept apart)
        "num_classes": 1,
        "classes": ("ship",),
        "splits": HRSC2016_SPLITS,
        "num_samples": 1061,
        "license": "research use only (see the publisher's terms)",
        "homepage": "https://aistudio.baidu.com/aistudio/datasetdetail/54106",
        "citation": (
            "@inproceedings{liu2017hrsc,\n  title={A High Resolution Optical Satellite Image "
            "Dataset for Ship Recognition and Some New Baselines},\n  author={Liu, Zikun and "
            "Yuan, Liu and Weng, Lubin and Yang, Yiping},\n  booktitle={Proceedings of the 6th "
            "International Conference on Pattern Recognition Applications and Methods "
            "(ICPRAM)},\n  pages={324--331},\n  year={2017},\n  "
            "doi={10.5220/0006120603240331}\n}"
        ),
        "description": "HRSC2016: 1,061 Google Earth BMP images (0.4-2 m, about 300 to 1,500 "
                       "px a side) of ships at sea and in harbours, from one XML file per "
                       "image (HRSC_Objects/HRSC_Object): the published horizontal box "
                       "(bbox_xyxy) and the rotated box (mbox_cx, mbox_cy, mbox_w, mbox_h, "
                       "mbox_ang) as four corners (bbox_xyxyxyxy); level-1 protocol, one "
                       "class 'ship'. Splits from ImageSets/{train,val,trainval,test}.txt.",
    },
]

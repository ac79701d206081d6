"""Specs of the fine-grained object-recognition benchmarks (FAIR1M).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

_RGB = ("R", "G", "B")

#: FAIR1M's five categories and their 37 sub-categories, spelled as the ``<name>`` of its XML
#: labels (case, spaces and the ``other-*`` hyphens as published); label order is this order
FAIR1M_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Ship": ("Passenger Ship", "Motorboat", "Fishing Boat", "Tugboat", "other-ship",
             "Engineering Ship", "Liquid Cargo Ship", "Dry Cargo Ship", "Warship"),
    "Vehicle": ("Small Car", "Bus", "Cargo Truck", "Dump Truck", "other-vehicle", "Van",
                "Trailer", "Tractor", "Excavator", "Truck Tractor"),
    "Airplane": ("Boeing737", "Boeing747", "Boeing777", "Boeing787", "ARJ21", "C919", "A220",
                 "A321", "A330", "A350", "other-airplane"),
    "Court": ("Baseball Field", "Basketball Court", "Football Field", "Tennis Court"),
    "Road": ("Roundabout", "Intersection", "Bridge"),
}
FAIR1M_CLASSES = tuple(c for names in FAIR1M_CATEGORIES.values() for c in names)

SPECS: list[dict[str, Any]] = [
    {
        "name": "fair1m",
        "target": "geoplug.datasets.fair1m:FAIR1M",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("Gaofen", "Google Earth"),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": len(FAIR1M_CLASSES),
        "classes": FAIR1M_CLASSES,
        "splits": ("train", "val", "test"),
        "license": "research use only (ISPRS benchmark terms)",
        "homepage": "https://www.gaofen-challenge.com/benchmark",
        "citation": (
            "@article{sun2022fair1m,\n  title={FAIR1M: A benchmark dataset for fine-grained "
            "object recognition in high-resolution remote sensing imagery},\n  author={Sun, "
            "Xian and Wang, Peijin and Yan, Zhiyuan and Xu, Feng and Wang, Ruiping and Diao, "
            "Wenhui and Chen, Jin and Li, Jihao and Feng, Yingchao and Xu, Tao and Weinmann, "
            "Martin and Hinz, Stefan and Wang, Cheng and Fu, Kun},\n  journal={ISPRS Journal of "
            "Photogrammetry and Remote Sensing},\n  volume={184},\n  pages={116--130},\n  "
            "year={2022},\n  doi={10.1016/j.isprsjprs.2021.12.004}\n}"
        ),
        "description": "FAIR1M: over 15,000 Gaofen and Google Earth RGB TIFF images (0.3-0.8 "
                       "m, 1,000 to 10,000 px a side) with over a million objects in oriented "
                       "boxes (bbox_xyxyxyxy, four corners, and their enclosing bbox_xyxy) of "
                       "37 fine-grained classes in 5 categories (ship, vehicle, airplane, "
                       "court, road), from PASCAL-VOC-like XML. Test labels are withheld.",
    },
]

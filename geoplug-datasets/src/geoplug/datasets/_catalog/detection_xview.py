"""Spec of xView (DIUx xView 2018 Detection Challenge, 60 classes of horizontal boxes).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

_RGB = ("R", "G", "B")

#: the publisher's class codes (``type_id`` of the label GeoJSON) and names, as listed in
#: ``xview_class_labels.txt`` of https://github.com/DIUx-xView/xView1_baseline; a sample's
#: ``label`` is the position of its code in this table (11 -> 0, ..., 94 -> 59)
XVIEW_CLASS_CODES: dict[int, str] = {
    11: "Fixed-wing Aircraft", 12: "Small Aircraft", 13: "Passenger/Cargo Plane",
    15: "Helicopter", 17: "Passenger Vehicle", 18: "Small Car", 19: "Bus",
    20: "Pickup Truck", 21: "Utility Truck", 23: "Truck", 24: "Cargo Truck",
    25: "Truck Tractor w/ Box Trailer", 26: "Truck Tractor", 27: "Trailer",
    28: "Truck Tractor w/ Flatbed Trailer", 29: "Truck Tractor w/ Liquid Tank",
    32: "Crane Truck", 33: "Railway Vehicle", 34: "Passenger Car", 35: "Cargo/Container Car",
    36: "Flat Car", 37: "Tank car", 38: "Locomotive", 40: "Maritime Vessel", 41: "Motorboat",
    42: "Sailboat", 44: "Tugboat", 45: "Barge", 47: "Fishing Vessel", 49: "Ferry",
    50: "Yacht", 51: "Container Ship", 52: "Oil Tanker", 53: "Engineering Vehicle",
    54: "Tower crane", 55: "Container Crane", 56: "Reach Stacker", 57: "Straddle Carrier",
    59: "Mobile Crane", 60: "Dump Truck", 61: "Haul Truck", 62: "Scraper/Tractor",
    63: "Front loader/Bulldozer", 64: "Excavator", 65: "Cement Mixer", 66: "Ground Grader",
    71: "Hut/Tent", 72: "Shed", 73: "Building", 74: "Aircraft Hangar",
    76: "Damaged Building", 77: "Facility", 79: "Construction Site", 83: "Vehicle Lot",
    84: "Helipad", 86: "Storage Tank", 89: "Shipping container lot", 91: "Shipping Container",
    93: "Pylon", 94: "Tower",
}
XVIEW_CLASSES = tuple(XVIEW_CLASS_CODES.values())
#: codes found in ``xView_train.geojson`` that are no class: the publisher calls them
#: artefacts of the labelling process, to be ignored or treated as label noise
#: (https://github.com/DIUx-xView/xView1_baseline/issues/3)
XVIEW_NOISE_CODES = (75, 82)

SPECS: list[dict[str, Any]] = [
    {
        "name": "xview",
        "aliases": ("xview1",),
        "target": "geoplug.datasets.xview:XView",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("WorldView-3",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": len(XVIEW_CLASSES),
        "classes": XVIEW_CLASSES,
        "splits": ("train", "val"),
        "resolution": 0.3,
        "license": "CC-BY-NC-SA-4.0",
        "homepage": "http://xviewdataset.org/",
        "citation": (
            "@article{lam2018xview,\n  title={xView: Objects in Context in Overhead Imagery},"
            "\n  author={Lam, Darius and Kuzma, Richard and McGee, Kevin and Dooley, Samuel and "
            "Laielli, Michael and Klaric, Matthew and Bulatov, Yaroslav and McCord, Brendan},"
            "\n  journal={arXiv preprint arXiv:1802.07856},\n  year={2018}\n}"
        ),
        "download_size": "about 21 GB (train_images.tgz, train_labels.tgz, val_images.tgz; "
                         "registration required)",
        "description": "xView: 0.3 m WorldView-3 RGB GeoTIFF scenes (846 labelled training "
                       "scenes and the unlabelled validation ones, a few thousand pixels a "
                       "side) with about a million horizontal boxes of 60 classes, read from "
                       "the single label file xView_train.geojson (bounds_imcoords pixel "
                       "boxes, type_id class codes). 'val' samples hold the image only.",
    },
]

"""Spec of SpaceNet 8 (flooded buildings and roads from pre- and post-event Maxar imagery).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.detection_change import SPACENET_LICENSE

#: area -> the folder (and tarball stem) of its part of the release, per split
SPACENET8_AOIS: dict[str, dict[str, str]] = {
    "train": {"Germany": "Germany_Training_Public",
              "Louisiana-East": "Louisiana-East_Training_Public"},
    "test": {"Louisiana-West": "Louisiana-West_Test_Public"},
}
#: mask values, in the order of the SpaceNet 8 baseline's ``create_masks.py``
SPACENET8_CLASSES = ("background", "building", "flooded building", "road", "flooded road")
#: half-width (m) of the road masks: ``road_buffer_distance`` of the baseline's
#: ``create_masks.py`` (SpaceNetChallenge/SpaceNet8)
SPACENET8_ROAD_BUFFER_M = 3.0

SPECS: list[dict[str, Any]] = [
    {
        "name": "spacenet8",
        "target": "geoplug.datasets.spacenet8:SpaceNet8",
        "task": "change_detection",
        "kind": "nongeo",
        "sensors": ("Maxar WorldView",),
        "bands": ("red", "green", "blue"),
        "rgb_bands": ("red", "green", "blue"),
        "num_classes": len(SPACENET8_CLASSES),
        "classes": SPACENET8_CLASSES,
        "splits": ("train", "test"),
        "patch_size": 1300,
        "license": SPACENET_LICENSE,
        "homepage": "https://spacenet.ai/sn8-challenge/",
        "citation": (
            "@inproceedings{hansch2022spacenet,\n  title={SpaceNet 8 - The Detection of "
            "Flooded Roads and Buildings},\n  author={H{\\\"a}nsch, Ronny and Arndt, Jacob and "
            "Lunga, Dalton and Gibb, Matthew and Pedelose, Tyler and Boedihardjo, Arnold and "
            "Petrie, Desiree and Bacastow, Todd M.},\n  booktitle={CVPR Workshops},\n  "
            "pages={1472--1480},\n  year={2022}\n}"
        ),
        "description": "SpaceNet 8 (Germany, Louisiana): pre-event and post-event Maxar RGB "
                       "tiles paired by <area>_label_image_mapping.csv, with building "
                       "footprints and road centrelines marked flooded or not; the post-event "
                       "tile is resampled onto the pre-event grid and the mask has "
                       "background, building, flooded building, road, flooded road.",
    },
]

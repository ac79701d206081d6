"""Spec of RarePlanes (real WorldView-3 tiles and AI.Reverie synthetic images of aircraft).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

SPECS: list[dict[str, Any]] = [
    {
        "name": "rareplanes",
        "target": "geoplug.datasets.rareplanes:RarePlanes",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("WorldView-3", "AI.Reverie simulator"),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 1,
        "classes": ("aircraft",),
        "splits": ("train", "test"),
        "resolution": 0.3,
        "patch_size": 512,
        "license": "CC-BY-SA-4.0",
        "homepage": "https://www.cosmiqworks.org/rareplanes/",
        "citation": """@inproceedings{shermeyer2021rareplanes,
  title = {RarePlanes: Synthetic Data Takes Flight},
  author = {Shermeyer, Jacob and Hossler, Thomas and Van Etten, Adam and Hogan, Daniel and
            Lewis, Ryan and Kim, Daeil},
  booktitle = {Proceedings of the IEEE/CVF Winter Conference on Applications of Computer
               Vision (WACV)},
  year = {2021}
}
""",
        "download_size": "over 500 GB in all (s3://rareplanes-public); the 512 px real tiles "
                         "and synthetic images are a fraction of it",
        "description": (
            "RarePlanes: aircraft boxes in real Maxar WorldView-3 tiles (512x512 PNG, "
            "real/<split>/PS-RGB_tiled/) and AI.Reverie synthetic images "
            "(synthetic/<split>/images/), from the publisher's COCO files "
            "<source>/metadata_annotations/instances_<split>_aircraft.json; source='real' "
            "(default) or 'synthetic'."
        ),
    },
]

"""Spec of the CrowdAI Mapping Challenge (building instances on 300 x 300 satellite tiles).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

_RGB = ("R", "G", "B")

#: the one category of ``annotation.json``: ``{"id": 100, "name": "building"}`` (label 0)
CROWDAI_MAPPING_CLASSES = ("building",)

SPECS: list[dict[str, Any]] = [
    {
        "name": "crowdai_mapping",
        "target": "geoplug.datasets.crowdai_mapping:CrowdAIMapping",
        "task": "instance_segmentation",
        "kind": "nongeo",
        "sensors": ("WorldView-3",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": len(CROWDAI_MAPPING_CLASSES),
        "classes": CROWDAI_MAPPING_CLASSES,
        "splits": ("train", "val"),
        "patch_size": 300,
        "num_samples": 341058,
        "license": "derived from SpaceNet v2 (CC BY-SA 4.0); see the AIcrowd challenge terms",
        "homepage": "https://www.aicrowd.com/challenges/mapping-challenge",
        "citation": (
            "@article{mohanty2020deep,\n  title={Deep Learning for Understanding Satellite "
            "Imagery: An Experimental Survey},\n  author={Mohanty, Sharada Prasanna and "
            "Czakon, Jakub and Kaczmarek, Kamil A. and Pyskir, Andrzej and Tarasiewicz, Piotr "
            "and Kunwar, Saket and Rohrbach, Janick and Luo, Dave and Prasad, Manjunath and "
            "Fleer, Sascha and G{\\\"o}pfert, Jan Philip and Tandon, Akshat and Mollard, "
            "Guillaume and Rayaprolu, Nikhil and Salath{\\'e}, Marcel and Schilling, Malte},\n"
            "  journal={Frontiers in Artificial Intelligence},\n  volume={3},\n  "
            "pages={534696},\n  year={2020},\n  doi={10.3389/frai.2020.534696}\n}"
        ),
        "description": "CrowdAI Mapping Challenge: 300 x 300 RGB JPEG tiles cut from SpaceNet v2 "
                       "scenes (train 280,741, val 60,317) with building footprints as COCO "
                       "polygons (<split>/annotation.json; annotation-small.json subsets with "
                       "small=True), rasterised into uint8 instance masks [N,H,W] with their "
                       "boxes. Test tiles are unlabelled. Distributed by AIcrowd after login "
                       "(no direct URL).",
    },
]

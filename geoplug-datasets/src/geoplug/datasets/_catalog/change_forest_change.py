"""Spec of Forest-Change (bitemporal deforestation masks with change captions).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

_RGB = ("R", "G", "B")

SPECS: list[dict[str, Any]] = [
    {
        "name": "forest_change",
        "target": "geoplug.datasets.forest_change:ForestChange",
        "task": "change_detection",
        "kind": "nongeo",
        "sensors": ("Landsat",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": 2,
        "classes": ("no change", "deforestation"),
        "splits": ("train", "val", "test"),
        "num_samples": 334,  # 270 train + 31 val + 33 test
        "resolution": 30.0,
        "license": "MIT",
        "homepage": "https://huggingface.co/datasets/JimmyBrocko/Forest-Change",
        "citation": (
            "@article{brock2026forestchat,\n  title={Forest-Chat: Adapting Vision-Language "
            "Agents for Interactive Forest Change Analysis},\n  author={Brock, James A and "
            "Zhang, Ce and Anantrasirichai, Nantheera},\n  journal={Ecological Informatics},\n"
            "  year={2026},\n  note={arXiv:2601.14637}\n}"
        ),
        "download_size": "24 MB",
        "description": "Forest-Change: 334 bitemporal RGB PNG pairs (~30 m, one year apart) "
                       "of tropical and subtropical deforestation fronts from Google Earth "
                       "Engine, with binary deforestation masks and five captions per pair "
                       "(caption, captions); official split 270 / 31 / 33.",
    },
]

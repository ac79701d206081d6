"""Spec of SkyScript, remote sensing image-caption pairs from OpenStreetMap tags.

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

SPECS: list[dict[str, Any]] = [
    {
        "name": "skyscript",
        "target": "geoplug.datasets.skyscript:SkyScript",
        "task": "image_text",
        "kind": "nongeo",
        "sensors": ("multi-source RGB imagery from Google Earth Engine (NAIP, SWISSIMAGE, "
                    "Sentinel-2, Landsat, ...)",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "splits": ("train", "val", "test"),
        "num_samples": 5200000,
        "license": "MIT (the repository; dataset terms not stated separately)",
        "homepage": "https://github.com/wangzhecheng/SkyScript",
        "citation": """@inproceedings{wang2024skyscript,
  title = {SkyScript: A Large and Semantically Diverse Vision-Language Dataset for Remote
           Sensing},
  author = {Wang, Zhecheng and Prabha, Rajanie and Huang, Tianyuan and Wu, Jiajun and
            Rajagopal, Ram},
  booktitle = {Proceedings of the AAAI Conference on Artificial Intelligence}, year = {2024}
}
""",
        "download_size": "six image archives images2.zip ... images7.zip (5.2 million JPEGs) "
                         "and one CSV per split",
        "description": (
            "SkyScript: 5.2 million remote sensing image-text pairs covering over 29K "
            "OpenStreetMap semantic tags; samples are an RGB JPEG (image) and its caption "
            "(caption: the CSV's title, or title_multi_objects). Splits are the publisher's "
            "CSVs: train (top 30%/50% by CLIP similarity, or unfiltered), val 5K, test 30K."
        ),
    },
]

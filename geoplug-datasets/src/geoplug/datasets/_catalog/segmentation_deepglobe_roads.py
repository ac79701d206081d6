"""Spec of DeepGlobe Road Extraction (plain data: imported when listing)."""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.segmentation_modern import SPECS as _MODERN

#: the challenge paper, as the land cover track's spec states it (one copy of the text)
DEEPGLOBE_CITATION: str = next(s["citation"] for s in _MODERN
                               if s["name"] == "deepglobe_land_cover")

#: Kaggle page of the redistribution (the challenge site no longer serves the files)
DEEPGLOBE_ROADS_KAGGLE = ("https://www.kaggle.com/datasets/balraj98/"
                          "deepglobe-road-extraction-dataset")

SPECS: list[dict[str, Any]] = [
    {
        "name": "deepglobe_roads",
        "target": "geoplug.datasets.deepglobe_roads:DeepGlobeRoads",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["WorldView-2/3 (DigitalGlobe Vivid+)"],
        "bands": ["R", "G", "B"],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 2,
        "classes": ["background", "road"],
        "splits": ["train", "val", "test"],
        "resolution": 0.5,
        "patch_size": 1024,
        "num_samples": 8570,
        "license": "DeepGlobe 2018 challenge terms (research use; see homepage)",
        "homepage": DEEPGLOBE_ROADS_KAGGLE,
        "citation": DEEPGLOBE_CITATION,
        "download_size": "one Kaggle archive.zip (login required)",
        "description": "8,570 RGB satellite images of 1024x1024 px (0.5 m) over Thailand, "
                       "Indonesia and India: 6,226 train images <id>_sat.jpg with road masks "
                       "<id>_mask.png (white road on black, binarised at 128), 1,243 valid and "
                       "1,101 test images without public masks; metadata.csv lists the files.",
    },
]

"""Specs of the 100-sample tutorial subsets of LandCover.ai, OSCD and PASTIS-R, published by
TorchGeo on Hugging Face. Each entry is its full dataset's entry with the sample count, the
splits (OSCD100 adds ``val``) and the description changed. Plain data only: this module is
imported whenever the registry is listed."""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.detection_change import SPECS as _CHANGE
from geoplug.datasets._catalog.segmentation import SPECS as _SEGMENTATION
from geoplug.datasets._catalog.segmentation_multimodal import SPECS as _MULTIMODAL


def _entry(specs: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(s for s in specs if s["name"] == name)


SPECS: list[dict[str, Any]] = [
    {
        **_entry(_SEGMENTATION, "landcoverai"),
        "name": "landcoverai100",
        "target": "geoplug.datasets.landcoverai100:LandCoverAI100",
        "num_samples": 100,
        "download_size": "",  # not published
        "description": (
            "LandCoverAI100: 100 chips (512x512) of LandCover.ai v1 as the publisher's "
            "split.py cuts them (output/<orthophoto>_<k>.jpg and _m.png masks) with their own "
            "train.txt/val.txt/test.txt, for tutorials and tests, not benchmarking."
        ),
    },
    {
        **_entry(_CHANGE, "oscd"),
        "name": "oscd100",
        "target": "geoplug.datasets.oscd100:OSCD100",
        "splits": ("train", "val", "test"),
        "patch_size": 256,
        "num_samples": 100,
        "download_size": "",  # not published
        "description": (
            "OSCD100: 100 pairs of 256x256 crops of the OSCD Sentinel-2 scenes (13 bands) "
            "with their change masks, in OSCD's folder layout plus a Val Labels zip "
            "(train/val/test), for tutorials and tests, not benchmarking."
        ),
    },
    {
        **_entry(_MULTIMODAL, "pastis"),
        "name": "pastis100",
        "target": "geoplug.datasets.pastis100:PASTIS100",
        "num_samples": 100,
        "download_size": "",  # not published
        "description": (
            "PASTIS100: 100 PASTIS-R patches (Sentinel-2 and Sentinel-1 time series, "
            "semantic and instance targets) in the layout of PASTIS-R.zip; splits by fold "
            "as PASTIS (train 1-3, val 4, test 5), for tutorials and tests, not benchmarking."
        ),
    },
]

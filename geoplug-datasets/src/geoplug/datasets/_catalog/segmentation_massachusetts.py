"""Specs of the Massachusetts Roads and Buildings datasets (Mnih 2013; plain data)."""

from __future__ import annotations

from typing import Any

#: the publisher's page (per-split index.html pages list every file)
MASSACHUSETTS_HOME = "https://www.cs.toronto.edu/~vmnih/data/"

_CITATION = (
    "@phdthesis{mnih2013machine,\n  title={Machine Learning for Aerial Image Labeling},\n"
    "  author={Mnih, Volodymyr},\n  school={University of Toronto},\n  year={2013}\n}"
)

_COMMON: dict[str, Any] = {
    "task": "segmentation",
    "kind": "nongeo",
    "sensors": ["aerial orthophoto"],
    "bands": ["R", "G", "B"],
    "rgb_bands": ["R", "G", "B"],
    "num_classes": 2,
    "splits": ["train", "val", "test"],
    "resolution": 1.0,
    "patch_size": 1500,
    "license": "not stated by the publisher (research use; cite the thesis)",
    "homepage": MASSACHUSETTS_HOME,
    "citation": _CITATION,
}

SPECS: list[dict[str, Any]] = [
    {
        **_COMMON,
        "name": "massachusetts_roads",
        "target": "geoplug.datasets.massachusetts:MassachusettsRoads",
        "classes": ["background", "road"],
        "num_samples": 1171,
        "download_size": "1,171 image/map pairs listed file by file under mass_roads/ "
                         "(or the Kaggle copy balraj98/massachusetts-roads-dataset)",
        "description": "1,171 aerial RGB tiles of 1500x1500 px (1 m) over Massachusetts with "
                       "OpenStreetMap road centre lines rasterised into 0/255 maps; official "
                       "split 1,108 train, 14 valid, 49 test (sat/<id>.tiff, map/<id>.tif).",
    },
    {
        **_COMMON,
        "name": "massachusetts_buildings",
        "target": "geoplug.datasets.massachusetts:MassachusettsBuildings",
        "classes": ["background", "building"],
        "num_samples": 151,
        "download_size": "151 image/map pairs listed file by file under mass_buildings/ "
                         "(or the Kaggle copy balraj98/massachusetts-buildings-dataset)",
        "description": "151 aerial RGB tiles of 1500x1500 px (1 m) of the Boston area with "
                       "OpenStreetMap building footprints rasterised into 0/255 maps; "
                       "official split 137 train, 4 valid, 10 test (sat/<id>.tiff, "
                       "map/<id>.tif).",
    },
]

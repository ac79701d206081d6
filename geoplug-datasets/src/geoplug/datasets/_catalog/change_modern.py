"""Specs of the burned-area change detection benchmarks CaBuAr and ChaBuD (pre/post
Sentinel-2 pairs in HDF5). Plain data only: this module is imported whenever the registry is
listed."""

from __future__ import annotations

from typing import Any

#: the 12 Sentinel-2 L2A bands of CaBuAr / ChaBuD, in the order the HDF5 arrays store them
FIRE_S2_BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11",
                 "B12")

_CABUAR_CITATION = """@article{cambrin2023cabuar,
  author = {Rege Cambrin, Daniele and Colomba, Luca and Garza, Paolo},
  title = {{CaBuAr}: California burned areas dataset for delineation},
  journal = {IEEE Geoscience and Remote Sensing Magazine},
  volume = {11}, number = {3}, pages = {106--113}, year = {2023},
  doi = {10.1109/MGRS.2023.3292467}
}"""

#: the facts CaBuAr and ChaBuD share (ChaBuD's file is CaBuAr's train/val file)
_FIRE: dict[str, Any] = {
    "task": "change_detection",
    "kind": "nongeo",
    "sensors": ("Sentinel-2",),
    "bands": FIRE_S2_BANDS,
    "rgb_bands": ("B04", "B03", "B02"),
    "num_classes": 2,
    "classes": ("unburned", "burned"),
    "resolution": 20.0,
    "patch_size": 512,
    "license": "OpenRAIL",
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "cabuar",
        "target": "geoplug.datasets.cabuar:CaBuAr",
        **_FIRE,
        "splits": ("train", "val", "test"),
        "num_samples": 424,
        "homepage": "https://huggingface.co/datasets/DarthReca/california_burned_areas",
        "citation": _CABUAR_CITATION,
        "description": (
            "CaBuAr: pre/post-fire Sentinel-2 L2A pairs (12 bands, 512x512 patches) of "
            "California wildfires with CAL FIRE burned-area masks; "
            "raw/patched/512x512.hdf5 holds one group per patch (pre_fire, post_fire, mask; "
            "attribute fold 0-4) and chabud_test.h5 the ChaBuD test patches (fold 'chabud'). "
            "Splits: train = folds 1-4, val = fold 0, test = the ChaBuD test set."
        ),
    },
    {
        "name": "chabud",
        "target": "geoplug.datasets.chabud:ChaBuD",
        **_FIRE,
        "splits": ("train", "val"),
        "num_samples": 356,
        "homepage": "https://huggingface.co/datasets/chabud-team/chabud-ecml-pkdd2023",
        "citation": _CABUAR_CITATION,
        "description": (
            "ChaBuD (ECML-PKDD 2023 Discovery Challenge): the pre/post-fire Sentinel-2 pairs "
            "of train_eval.hdf5 (12 bands, 512x512, burned-area masks); groups without a "
            "pre-fire image are skipped. Splits: train = folds 1-4, val = fold 0."
        ),
    },
]

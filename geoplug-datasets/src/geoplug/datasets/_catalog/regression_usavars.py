"""Spec of USAVars (MOSAIKS labels on NAIP tiles). Plain data only: this module is imported
whenever the registry is listed."""

from __future__ import annotations

from typing import Any

#: the seven MOSAIKS outcomes, in the paper's order (``app_order`` of mosaiks/config.py)
USAVARS_LABELS = ("treecover", "elevation", "population", "nightlights", "income", "roads",
                  "housing")
#: the value column of the publisher's ``outcomes_sampled_<var>_...csv`` where it is not the
#: variable's own name (``colname`` of each application in mosaiks/config.py)
USAVARS_COLUMNS = {"nightlights": "y", "roads": "length", "housing": "price_per_sqft"}

SPECS: list[dict[str, Any]] = [
    {
        "name": "usavars",
        "target": "geoplug.datasets.usavars:USAVars",
        "task": "regression",
        "kind": "nongeo",
        "sensors": ("NAIP aerial",),
        "bands": ("R", "G", "B", "NIR"),
        "rgb_bands": ("R", "G", "B"),
        "splits": ("train", "val", "test"),
        "resolution": 4.0,
        "patch_size": 256,
        "num_samples": 97876,
        "license": "CC-BY-4.0",
        "homepage": "https://github.com/Global-Policy-Lab/mosaiks-paper",
        "citation": (
            "@article{rolf2021generalizable,\n  title={A generalizable and accessible approach "
            "to machine learning with global satellite imagery},\n  author={Rolf, Esther and "
            "Proctor, Jonathan and Carleton, Tamma and Bolliger, Ian and Shankar, Vaishaal and "
            "Ishihara, Miyabi and Recht, Benjamin and Hsiang, Solomon},\n  journal={Nature "
            "Communications},\n  volume={12},\n  number={1},\n  pages={4392},\n  year={2021},\n"
            "  doi={10.1038/s41467-021-24638-z}\n}"
        ),
        "download_size": "17.1 GB (uar.zip) + about 50 MB of label tables",
        "description": (
            "USAVars: NAIP tiles (R, G, B, NIR; 256x256 px resampled to 4 m, about 1 km2) "
            "centred on grid cells sampled uniformly at random over the contiguous USA "
            "(uar/tile_<i>,<j>.tif), labelled with the seven MOSAIKS outcomes (tree cover, "
            "elevation, population density, nighttime lights, income, road length, housing "
            "price) from outcomes_sampled_<var>_CONTUS_16_640_UAR_100000_0.csv; splits from "
            "{train,val,test}_split.txt. labels= picks the outcomes (float32 [k], in that "
            "order; NaN where the table has no value)."
        ),
    },
]

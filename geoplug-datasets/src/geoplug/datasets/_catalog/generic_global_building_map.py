"""Spec of GlobalBuildingMap (GBM), the 3 m global building map of Zhu et al. (plain data).

Facts: the paper (arXiv:2404.13911), the project README (zhu-xlab/GlobalBuildingMap: a binary
raster, building / non-building, at 3 m from about 800,000 PlanetScope images; predictions
per continent at doi:10.14459/2024MP1764505.002) and TorchGeo's GlobalBuildingMap
(5 x 5 degree GeoTIFF tiles ``GBM_v1_e000_n10_e005_n05.tif``, uint8 0 / 255).
"""

from __future__ import annotations

from typing import Any

__all__ = ["GBM_CLASSES", "SPECS"]

#: mask values after the building code (255) is mapped to 1
GBM_CLASSES = ("background", "building")

SPECS: list[dict[str, Any]] = [
    {
        "name": "global_building_map",
        "target": "geoplug.datasets.global_building_map:GlobalBuildingMap",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["PlanetScope"],
        "classes": GBM_CLASSES,
        "num_classes": len(GBM_CLASSES),
        "resolution": 3.0,
        "license": "CC-BY-4.0",
        "homepage": "https://doi.org/10.14459/2024MP1764505.002",
        "citation": (
            "@article{zhu2024globalbuildingmap,\n  title={GlobalBuildingMap -- Unveiling the "
            "Mystery of Global Buildings},\n  author={Zhu, Xiao Xiang and Li, Qingyu and Shi, "
            "Yilei and Wang, Yuanyuan and Stewart, Adam J. and Prexl, Jonathan and Zhang, "
            "Fahong},\n  journal={arXiv preprint arXiv:2404.13911},\n  year={2024}\n}"),
        "download_size": "per continent from mediaTUM (doi:10.14459/2024MP1764505.002)",
        "description": "Global building / non-building map at 3 m from PlanetScope (about "
                       "2019), uint8 GeoTIFF tiles of 5 x 5 degrees named by their WGS 84 "
                       "extent, GBM_v1_<e|w><lon min>_<n|s><lat max>_<e|w><lon max>_<n|s><lat "
                       "min>.tif; buildings (255) read as 1.",
    },
]

"""Spec of HabitAlp 2.0, alpine habitat maps of Gesaeuse National Park (plain data).

Facts: the dataset card and files of https://huggingface.co/datasets/JR-DIGITAL/habitalp2.0,
the paper (Kristen, Kulmer, Hirschmugl, arXiv:2511.00073) and TorchGeo's HabitAlp2 (file
layout per epoch, band order of the CIR orthophoto, the 23 habitat classes and background).
"""

from __future__ import annotations

from typing import Any

__all__ = ["HABITALP2_CLASSES", "HABITALP2_FILES", "HABITALP2_TERRAIN", "SPECS"]

#: mask values 0-23
HABITALP2_CLASSES = (
    "Background", "Waterbody", "Gravel bank, shoal, fluviatile", "Erosion area, gully",
    "Debris-covered areas", "Rock", "Young coniferous (growth, thicket)",
    "Young broad-leaved (growth, thicket)", "Coniferous pole timber CC<80",
    "Coniferous pole timber CC>=80", "Broad-leaved pole timber",
    "Coniferous mature forest CC<80", "Coniferous mature forest CC>=80",
    "Broad-leaved mature forest CC<80", "Broad-leaved mature forest CC>=80",
    "Old coniferous forest CC<80", "Old coniferous forest CC>=80",
    "Old broad-leaved forest CC<80", "Old broad-leaved forest CC>=80", "Clearcut areas",
    "Mountain dwarf forest (Krummholz)", "Grassland, buffer strip", "Alpine grassland, heath",
    "Low importance/small extent",
)
#: the LiDAR-derived layers, one single-band file each (``data_<year>/<name>.tif``)
HABITALP2_TERRAIN = ("dtm", "dsm", "ndsm", "slope", "aspect", "curvature",
                     "planform_curvature", "profile_curvature", "roughness_terrain",
                     "roughness_canopy", "tpi", "tri")
#: per epoch: the RGB and CIR orthophotos (CIR band order NIR, R, G); 2003 has RGB only
HABITALP2_FILES: dict[int, dict[str, str]] = {
    2003: {"rgb": "data_2003/aerial_rgb_2003_2007.tif"},
    2013: {"rgb": "data_2013/aerial_rgb_2013_2015.tif",
           "cir": "data_2013/aerial_cir_2013_2015.tif"},
    2020: {"rgb": "data_2020/aerial_rgb_2019_2021.tif",
           "cir": "data_2020/aerial_cir_2019_2021.tif"},
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "habitalp2",
        "target": "geoplug.datasets.habitalp2:HabitAlp2",
        "task": "segmentation",
        "kind": "geo",
        "sensors": ["aerial orthophoto", "airborne LiDAR"],
        "bands": ("R", "G", "B", "NIR", *HABITALP2_TERRAIN),
        "rgb_bands": ("R", "G", "B"),
        "classes": HABITALP2_CLASSES,
        "num_classes": len(HABITALP2_CLASSES),
        "license": "see the dataset card (huggingface.co/datasets/JR-DIGITAL/habitalp2.0)",
        "homepage": "https://huggingface.co/datasets/JR-DIGITAL/habitalp2.0",
        "citation": (
            "@misc{kristen2025habitat,\n  title={Habitat and Land Cover Change Detection in "
            "Alpine Protected Areas: A Comparison of AI Architectures},\n  author={Kristen, "
            "Harald and Kulmer, Daniel and Hirschmugl, Manuela},\n  year={2025},\n"
            "  eprint={2511.00073},\n  archivePrefix={arXiv}\n}"),
        "download_size": "one epoch's orthophotos, terrain layers and labels (several GB)",
        "description": "Habitat maps of Gesaeuse National Park, Austria (about 154 km2, 23 "
                       "classes) for 2003, 2013 and 2020 with RGB and CIR orthophotos and 12 "
                       "LiDAR terrain layers per epoch (data_<year>/*.tif, "
                       "labels/classes_<year>.tif).",
    },
]

"""Spec of DFC2020, the 2020 IEEE GRSS Data Fusion Contest data (plain data: imported when
listing).

Facts: the IEEE DataPort page of the contest (DOI 10.21227/rha7-m332: authors, CC BY licence,
SEN12MS as training data), the organisers' loader ``dfc_sen12ms_dataset.py`` (folder and file
names ``ROIs0000_<set>/<sensor>_<scene>/ROIs0000_<set>_<sensor>_<scene>_p<n>.tif``, S1/S2 band
order, IGBP -> DFC code table), the contest baseline github.com/lukasliebel/dfc2020_baseline
(``ROIs0000_validation`` / ``ROIs0000_test``, ``dfc_*`` labels 1-10 with 0 ignored, the
``no_savanna`` option) and the Copernicus-Bench DFC2020 wrapper (codes 0, 3, 8 ignored).
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.segmentation import SEN12MS_S1, SEN12MS_S2

#: our split -> the publisher's set name (folder ``ROIs0000_<set>``, file prefix)
DFC2020_SETS = {"val": "validation", "test": "test"}
#: mask codes as stored in the ``dfc_*`` files: 0 no label, 1-10 the simplified IGBP classes
DFC2020_CLASSES = ("No data", "Forest", "Shrubland", "Savanna", "Grassland", "Wetlands",
                   "Croplands", "Urban/Built-up", "Snow/Ice", "Barren", "Water")
DFC2020_IGNORE = 0

SPECS: list[dict[str, Any]] = [
    {
        "name": "dfc2020",
        "target": "geoplug.datasets.dfc2020:DFC2020",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("Sentinel-1", "Sentinel-2"),
        "bands": SEN12MS_S1 + SEN12MS_S2,
        "rgb_bands": ("B04", "B03", "B02"),
        "num_classes": len(DFC2020_CLASSES),
        "classes": DFC2020_CLASSES,
        "ignore_index": DFC2020_IGNORE,
        "splits": tuple(DFC2020_SETS),
        "resolution": 10.0,
        "patch_size": 256,
        "num_samples": 986 + 5128,
        "license": "CC-BY-4.0",
        "homepage": "https://ieee-dataport.org/competitions/2020-ieee-grss-data-fusion-contest",
        "citation": (
            "@misc{schmitt2019dfc2020,\n  title={2020 IEEE GRSS Data Fusion Contest},\n"
            "  author={Schmitt, Michael and Hughes, Lloyd and Ghamisi, Pedram and Yokoya, Naoto "
            "and H{\\\"a}nsch, Ronny},\n  publisher={IEEE Dataport},\n  year={2019},\n"
            "  doi={10.21227/rha7-m332}\n}"
        ),
        "download_size": "about 10 GB as the IEEE DataPort zips s1/s2/dfc_validation.zip and "
                         "s1/s2/dfc_0.zip (free IEEE login; no direct URL)",
        "description": "The SEN12MS-style 256x256 patches of the 2020 Data Fusion Contest with "
                       "semi-manual 10 m land cover labels: 986 'validation' (split 'val') and "
                       "5,128 'test' patches. image: Sentinel-1 VV, VH (dB) and/or the 13 "
                       "Sentinel-2 bands, stacked in the order asked; mask: the dfc_ label codes "
                       "as stored (0 no label = ignore_index, 1 Forest ... 10 Water). Savanna (3) "
                       "and Snow/Ice (8) are reported absent from the contest labels "
                       "(Copernicus-Bench ignores them), so they are kept but likely empty.",
    },
]

"""Spec of the WHU Building Dataset, aerial part (Ji et al. 2019; plain data)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

#: the publisher's page, which links the archives (GPCV group, Wuhan University)
WHU_BUILDING_HOME = "http://gpcv.whu.edu.cn/data/building_dataset.html"
#: the archive of the cropped 0.3 m aerial tiles, as the publisher names it
WHU_BUILDING_ARCHIVE = "3. The cropped aerial image tiles and raster labels.zip"
#: where the publisher serves that archive (the page links it from the same folder)
WHU_BUILDING_URL = "https://gpcv.whu.edu.cn/data/" + quote(WHU_BUILDING_ARCHIVE)

SPECS: list[dict[str, Any]] = [
    {
        "name": "whu_building",
        "target": "geoplug.datasets.whu_building:WHUBuilding",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["aerial orthophoto"],
        "bands": ["R", "G", "B"],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 2,
        "classes": ["background", "building"],
        "splits": ["train", "val", "test"],
        "resolution": 0.3,
        "patch_size": 512,
        "num_samples": 8188,
        "license": "not stated by the publisher (research use; cite the paper)",
        "homepage": WHU_BUILDING_HOME,
        "citation": (
            "@article{ji2019fully,\n  title={Fully Convolutional Networks for Multisource "
            "Building Extraction from an Open Aerial and Satellite Imagery Data Set},\n"
            "  author={Ji, Shunping and Wei, Shiqing and Lu, Meng},\n  journal={IEEE "
            "Transactions on Geoscience and Remote Sensing},\n  volume={57},\n  number={1},\n"
            "  pages={574--586},\n  year={2019},\n  doi={10.1109/TGRS.2018.2858817}\n}"
        ),
        "download_size": f"one archive, {WHU_BUILDING_ARCHIVE!r} (direct link on the homepage)",
        "description": "Aerial RGB tiles of 512x512 px (0.3 m) over Christchurch, New Zealand, "
                       "with building masks (0 background, 255 building, read as 0/1); "
                       "official split 4,736 train, 1,036 val, 2,416 test tiles as "
                       "<split>/image/<name>.tif and <split>/label/<name>.tif under "
                       "'3. The cropped image tiles and raster labels/'.",
    },
]

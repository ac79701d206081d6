"""Specs of the remote sensing image captioning datasets RSICD, UCM-Captions and
Sydney-Captions (images with five captions each, Karpathy-style captions files).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

_RGB = ("R", "G", "B")
_SPLITS = ("train", "val", "test")
_QU2016 = """@inproceedings{qu2016deep,
  title = {Deep semantic understanding of high resolution remote sensing image},
  author = {Qu, Bo and Li, Xuelong and Tao, Dacheng and Lu, Xiaoqiang},
  booktitle = {2016 International Conference on Computer, Information and
               Telecommunication Systems (CITS)},
  pages = {1--5}, year = {2016}, doi = {10.1109/CITS.2016.7546397}
}
"""
_LICENSE = "Research use (no licence stated by the publisher)"
_HOMEPAGE = "https://github.com/201528014227051/RSICD_optimal"

SPECS: list[dict[str, Any]] = [
    {
        "name": "rsicd",
        "target": "geoplug.datasets.rs_captions:RSICD",
        "task": "image_text",
        "kind": "nongeo",
        "sensors": ("Google Earth, Baidu Map, MapABC and Tianditu imagery (RGB)",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "splits": _SPLITS,
        "patch_size": 224,
        "num_samples": 10921,  # 8,734 train + 1,094 val + 1,093 test
        "license": _LICENSE,
        "homepage": _HOMEPAGE,
        "citation": """@article{lu2017exploring,
  title = {Exploring Models and Data for Remote Sensing Image Caption Generation},
  author = {Lu, Xiaoqiang and Wang, Binqiang and Zheng, Xiangtao and Li, Xuelong},
  journal = {IEEE Transactions on Geoscience and Remote Sensing},
  volume = {56}, number = {4}, pages = {2183--2195}, year = {2018},
  doi = {10.1109/TGRS.2017.2776321}
}
""",
        "download_size": "485 MB (RSICD_images.zip) plus dataset_rsicd.json",
        "description": (
            "RSICD: 10,921 RGB JPEGs (224x224, various resolutions) with five captions each "
            "(caption, captions) in dataset_rsicd.json; official split 8,734 / 1,094 / 1,093 "
            "from the file's split field."
        ),
    },
    {
        "name": "ucm_captions",
        "target": "geoplug.datasets.rs_captions:UCMCaptions",
        "task": "image_text",
        "kind": "nongeo",
        "sensors": ("USGS National Map aerial orthoimagery",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "splits": _SPLITS,
        "resolution": 0.3048,
        "patch_size": 256,
        "num_samples": 2100,  # 1,680 train + 210 val + 210 test
        "license": _LICENSE,
        "homepage": _HOMEPAGE,
        "citation": _QU2016,
        "download_size": "UCM_captions.zip (MEGA / Baidu / Google Drive only)",
        "description": (
            "UCM-Captions: the 2,100 UC Merced RGB TIFFs (256x256, 1 ft) as imgs/1.tif ... "
            "imgs/2100.tif with five captions each (caption, captions) in dataset.json; "
            "official split from the file's split field."
        ),
    },
    {
        "name": "sydney_captions",
        "target": "geoplug.datasets.rs_captions:SydneyCaptions",
        "task": "image_text",
        "kind": "nongeo",
        "sensors": ("Google Earth imagery (RGB)",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "splits": _SPLITS,
        "resolution": 0.5,
        "patch_size": 500,
        "num_samples": 613,  # 497 train + 58 val + 58 test
        "license": _LICENSE,
        "homepage": _HOMEPAGE,
        "citation": _QU2016,
        "download_size": "Sydney_captions.zip (MEGA / Baidu / Google Drive only)",
        "description": (
            "Sydney-Captions: 613 RGB TIFFs of Sydney, Australia (500x500, 0.5 m, 7 scene "
            "classes) as imgs/1.tif ... with five captions each (caption, captions) in "
            "dataset.json; official split from the file's split field."
        ),
    },
]

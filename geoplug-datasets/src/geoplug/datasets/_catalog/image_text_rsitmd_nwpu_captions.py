"""Specs of RSITMD (image-text retrieval) and NWPU-Captions (image captioning): remote
sensing images with five captions each.

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

_RGB = ("R", "G", "B")
_LICENSE = "Research use (no licence stated by the publisher)"

SPECS: list[dict[str, Any]] = [
    {
        "name": "rsitmd",
        "target": "geoplug.datasets.rsitmd_nwpu_captions:RSITMD",
        "task": "image_text",
        "kind": "nongeo",
        "sensors": ("RGB remote sensing imagery (Google Earth and other sources)",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "splits": ("train", "test"),
        "patch_size": 256,
        "num_samples": 4743,
        "license": _LICENSE,
        "homepage": "https://github.com/xiaoyuan1996/AMFMN/tree/master/RSITMD",
        "citation": """@article{yuan2022exploring,
  title = {Exploring a Fine-Grained Multiscale Method for Cross-Modal Remote Sensing Image
           Retrieval},
  author = {Yuan, Zhiqiang and others},
  journal = {IEEE Transactions on Geoscience and Remote Sensing},
  year = {2022}, doi = {10.1109/TGRS.2021.3078451}
}
""",
        "download_size": "RSITMD folder (Google Drive / Baidu Netdisk only)",
        "description": (
            "RSITMD: 4,743 RGB TIFFs (256x256) in images/ with five captions (caption, "
            "captions) and fine-grained keywords (keywords) each in dataset_RSITMD.json; "
            "official train / test split from the file's split field."
        ),
    },
    {
        "name": "nwpu_captions",
        "target": "geoplug.datasets.rsitmd_nwpu_captions:NWPUCaptions",
        "task": "image_text",
        "kind": "nongeo",
        "sensors": ("Google Earth (aerial/satellite RGB)",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "splits": ("train", "val", "test"),
        "patch_size": 256,
        "num_samples": 31500,
        "license": _LICENSE,
        "homepage": "https://github.com/HaiyanHuang98/NWPU-Captions",
        "citation": """@article{cheng2022nwpu,
  title = {NWPU-Captions Dataset and MLCA-Net for Remote Sensing Image Captioning},
  author = {Cheng, Qimin and Huang, Haiyan and others},
  journal = {IEEE Transactions on Geoscience and Remote Sensing},
  year = {2022}, url = {https://ieeexplore.ieee.org/document/9866055}
}
""",
        "download_size": "408 MB (NWPU_images.tar.gz) plus dataset_nwpu.json",
        "description": (
            "NWPU-Captions: the 31,500 NWPU-RESISC45 RGB JPEGs (256x256, 0.2-30 m, 45 "
            "classes) in NWPU_images/<class>/ with five captions each (caption, captions) "
            "in dataset_nwpu.json; official train / val / test split from its split field."
        ),
    },
]

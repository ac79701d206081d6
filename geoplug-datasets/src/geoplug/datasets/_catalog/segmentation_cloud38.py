"""Specs of 38-Cloud and 95-Cloud (Mohajerani & Saeedi), Landsat 8 cloud segmentation patches.

Facts from the publisher's READMEs (github.com/SorourMo/38-Cloud-A-Cloud-Segmentation-Dataset,
github.com/SorourMo/95-Cloud-An-Extension-to-38-Cloud-Dataset): 384x384 patches, one TIF per
band (Red = band 4, Green = band 3, Blue = band 2, NIR = band 5) in its own folder; thin and
thick cloud are both "cloud".
"""

from __future__ import annotations

from typing import Any

#: Landsat 8 OLI band of each per-band folder colour, in the sample's channel order
CLOUD38_FOLDERS = {"B4": "red", "B3": "green", "B2": "blue", "B5": "nir"}
CLOUD38_BANDS = tuple(CLOUD38_FOLDERS)

_CITATION_38 = (
    "@inproceedings{mohajerani2019cloudnet,\n  author={Mohajerani, Sorour and Saeedi, "
    "Parvaneh},\n  booktitle={IGARSS 2019 - 2019 IEEE International Geoscience and Remote "
    "Sensing Symposium},\n  title={Cloud-Net: An End-To-End Cloud Detection Algorithm for "
    "Landsat 8 Imagery},\n  year={2019},\n  pages={1029--1032},\n"
    "  doi={10.1109/IGARSS.2019.8898776}\n}")
_CITATION_95 = (
    "@article{mohajerani2020cloudnetplus,\n  title={Cloud-Net+: A Cloud Segmentation CNN for "
    "Landsat 8 Remote Sensing Imagery Optimized with Filtered Jaccard Loss Function},\n"
    "  author={Mohajerani, Sorour and Saeedi, Parvaneh},\n  journal={arXiv preprint "
    "arXiv:2001.08768},\n  year={2020}\n}")

_COMMON: dict[str, Any] = {
    "task": "segmentation",
    "kind": "nongeo",
    "sensors": ["Landsat 8 OLI"],
    "bands": list(CLOUD38_BANDS),
    "rgb_bands": ["B4", "B3", "B2"],
    "num_classes": 2,
    "classes": ["clear", "cloud"],
    "splits": ["train", "test"],
    "resolution": 30.0,
    "patch_size": 384,
    "license": "see homepage (Landsat 8 imagery: public domain, USGS)",
}

SPECS: list[dict[str, Any]] = [
    {
        **_COMMON,
        "name": "cloud38",
        "target": "geoplug.datasets.cloud38:Cloud38",
        "num_samples": 8400 + 9201,
        "homepage": "https://github.com/SorourMo/38-Cloud-A-Cloud-Segmentation-Dataset",
        "citation": _CITATION_38,
        "download_size": "about 13 GB (SFU vault share or Kaggle "
                         "sorour/38cloud-cloud-segmentation-in-satellite-images)",
        "description": "8,400 training patches (18 scenes, with gt) and 9,201 test patches "
                       "(20 scenes, scene-level gt only) of 384x384 px cut from 38 Landsat 8 "
                       "scenes: 38-Cloud_training/train_{red,green,blue,nir,gt}/ and "
                       "38-Cloud_test/test_{red,green,blue,nir}/, one uint16 TIF per band.",
    },
    {
        **_COMMON,
        "name": "cloud95",
        "target": "geoplug.datasets.cloud38:Cloud95",
        "num_samples": 34701 + 9201,
        "homepage": "https://github.com/SorourMo/95-Cloud-An-Extension-to-38-Cloud-Dataset",
        "citation": _CITATION_95,
        "download_size": "about 30 GB (38-Cloud plus the SFU vault or Kaggle "
                         "95cloud-cloud-segmentation-on-satellite-images training set)",
        "description": "38-Cloud's training patches plus 26,301 more from 57 scenes "
                       "(95-cloud_training_only_additional_to38-cloud/), 34,701 training "
                       "patches of 75 scenes in all; the test set is 38-Cloud's.",
    },
]

"""Specs of DLRSD (dense labels of the UC Merced chips) and its multi-label version.

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

#: DLRSD's 17 land-cover classes in the order of their mask codes 1-17 (and of the columns of
#: the multi-label table, spelled there ``bare-soil`` and ``mobile-home``)
DLRSD_CLASSES = ("airplane", "bare soil", "buildings", "cars", "chaparral", "court", "dock",
                 "field", "grass", "mobile home", "pavement", "sand", "sea", "ship", "tanks",
                 "trees", "water")
#: mask value of pixels the masks leave at code 0 (no class)
DLRSD_IGNORE = -1

_DLRSD_PAGE = "https://sites.google.com/view/zhouwx/dataset"
_UCM = """@inproceedings{yang2010bag,
  author = {Yang, Yi and Newsam, Shawn},
  title = {Bag-of-visual-words and spatial extensions for land-use classification},
  booktitle = {Proceedings of the 18th SIGSPATIAL International Conference on Advances in
               Geographic Information Systems},
  pages = {270--279}, year = {2010}
}
"""
_DLRSD_CITATION = """@article{shao2018dlrsd,
  author = {Shao, Zhenfeng and Yang, Ke and Zhou, Weixun},
  title = {Performance Evaluation of Single-Label and Multi-Label Remote Sensing Image
           Retrieval Using a Dense Labeling Dataset},
  journal = {Remote Sensing}, volume = {10}, number = {6}, pages = {964}, year = {2018},
  doi = {10.3390/rs10060964}
}
"""
_MULTILABEL_CITATION = """@article{chaudhuri2018multilabel,
  author = {Chaudhuri, Bindita and Demir, Beg{\\"u}m and Chaudhuri, Subhasis and Bruzzone,
            Lorenzo},
  title = {Multilabel Remote Sensing Image Retrieval Using a Semisupervised Graph-Theoretic
           Method},
  journal = {IEEE Transactions on Geoscience and Remote Sensing}, year = {2018}
}
"""

_COMMON: dict[str, Any] = {
    "kind": "nongeo",
    "sensors": ("USGS National Map aerial orthoimagery",),
    "bands": ("R", "G", "B"),
    "rgb_bands": ("R", "G", "B"),
    "num_classes": len(DLRSD_CLASSES),
    "classes": DLRSD_CLASSES,
    "splits": ("train", "val", "test"),
    "resolution": 0.3048,
    "patch_size": 256,
    "num_samples": 2100,
}

SPECS: list[dict[str, Any]] = [
    {
        **_COMMON,
        "name": "dlrsd",
        "target": "geoplug.datasets.dlrsd:DLRSD",
        "task": "segmentation",
        "ignore_index": DLRSD_IGNORE,
        "license": "research use (no formal license stated by the authors)",
        "homepage": _DLRSD_PAGE,
        "citation": _DLRSD_CITATION + _UCM,
        "description": (
            "DLRSD: pixel-wise labels of the 2,100 UC Merced chips in 17 land-cover classes "
            "(single-band PNG masks, codes 1-17, under DLRSD/Images/<scene class>/), read with "
            "the UC Merced RGB TIFFs; split by the UC Merced train/val/test lists of Neumann "
            "et al. (DLRSD publishes no split)."
        ),
    },
    {
        **_COMMON,
        "name": "dlrsd_multilabel",
        "target": "geoplug.datasets.dlrsd:DLRSDMultiLabel",
        "task": "multilabel",
        "license": "research use (no formal license stated by the authors)",
        "homepage": "http://bigearth.eu/datasets",
        "citation": _MULTILABEL_CITATION + _DLRSD_CITATION + _UCM,
        "description": (
            "UC Merced multi-label: the 17 DLRSD classes present in each of the 2,100 UC "
            "Merced chips, from the published table LandUse_Multilabeled.txt "
            "(multilabels.zip); split by the UC Merced train/val/test lists of Neumann et al."
        ),
    },
]

"""Spec of BigEarthNet v2.0 (reBEN), and the release facts its loader reads.

Plain data only: this module is imported whenever the registry is listed. The class names and
band files are BigEarthNet v1.0's (:mod:`.multilabel_regression`): reBEN labels with the same
19-class nomenclature and ships the same Sentinel-1/-2 band files.
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.multilabel_regression import SPECS as _V1_SPECS

#: facts reBEN shares with BigEarthNet v1.0, stated once in v1.0's spec
_SHARED = ("sensors", "bands", "rgb_bands", "num_classes", "classes", "splits", "resolution",
           "patch_size", "license", "homepage")
_V1 = next(s for s in _V1_SPECS if s["name"] == "bigearthnet")

#: CORINE Land Cover 2018 codes of BigEarthNet's 43 classes, in the order of
#: ``BIGEARTHNET_CLASSES_43`` (111 Continuous urban fabric ... 523 Sea and ocean); reBEN's
#: reference maps hold these codes per pixel
BIGEARTHNET_CLC_CODES = (
    111, 112, 121, 122, 123, 124, 131, 132, 133, 141, 142, 211, 212, 213, 221, 222, 223, 231,
    241, 242, 243, 244, 311, 312, 313, 321, 322, 323, 324, 331, 332, 333, 334, 411, 412, 421,
    422, 423, 511, 512, 521, 522, 523,
)

#: Files of Zenodo record 10891137 (reBEN, v2.0) and their published MD5 sums
BIGEARTHNET_V2_MD5 = {
    "BigEarthNet-S1.tar.zst": "a55eaa2cdf6a917e296bd6601ec1e348",
    "BigEarthNet-S2.tar.zst": "2245ed2d1a93f6ce637d839bc856396e",
    "Reference_Maps.tar.zst": "95d85a222fa983faddcac51a19f28917",
    "metadata.parquet": "55687065e77b6d0b0f1ff604a6e7b49c",
    "metadata_for_patches_with_snow_cloud_or_shadow.parquet":
        "fe31856f4986d446c9468b59d6387c91",
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "bigearthnet_v2",
        "target": "geoplug.datasets.bigearthnet_v2:BigEarthNetV2",
        "task": "multilabel",
        "kind": "nongeo",
        "description": (
            "BigEarthNet v2.0 (reBEN): 549,488 pairs of Sentinel-1 (VV, VH) and Sentinel-2 "
            "L2A (12 bands, sen2cor 2.11) 1200x1200 m patches over 10 European countries "
            "(Jun 2017 - May 2018), multi-labelled with the 19-class CORINE Land Cover 2018 "
            "nomenclature, with pixel-level reference maps and a geographical train/"
            "validation/test split. metadata.parquet lists the 480,038 patches without "
            "seasonal snow, cloud or shadow (snow_cloud=True adds the others). Samples: "
            "image_s1, image_s2 (every band resampled to 120x120 px), label, and with "
            "maps=True the reference map as mask."
        ),
        **{key: _V1[key] for key in _SHARED},
        "num_samples": 480038,
        "citation": (
            "@inproceedings{clasen2025reben,\n"
            "  title={{reBEN}: Refined BigEarthNet Dataset for Remote Sensing Image "
            "Analysis},\n"
            "  author={Clasen, Kai Norman and Hackel, Leonard and Burgert, Tom and Sumbul, "
            "Gencer and Demir, Beg{\\\"u}m and Markl, Volker},\n"
            "  booktitle={IGARSS 2025 - IEEE International Geoscience and Remote Sensing "
            "Symposium},\n"
            "  year={2025},\n"
            "  note={arXiv:2407.03653}\n"
            "}"
        ),
        "download_size": "63 GB (BigEarthNet-S2.tar.zst) + 54 GB (BigEarthNet-S1.tar.zst) "
                         "+ 282 MB (Reference_Maps.tar.zst) + 3.6 MB (metadata.parquet)",
    },
]

"""Specs of three bitemporal change benchmarks shipped as plain split folders of same-named
image pairs and masks: SYSU-CD, CDD (Lebedev's season-varying set) and DSIFN-CD (plain data:
imported when listing).

Facts and where they come from:

- SYSU-CD: the publisher's README (github.com/liumency/SYSU-CD: 20,000 pairs of 0.5 m aerial
  images of 256x256 px, Hong Kong, 2007-2014; Baidu / Google Drive / OneDrive shares, no
  direct link) and copies' loaders (``<split>/{time1,time2,label}/*.png``, masks 0/255,
  12,000 / 4,000 / 4,000 pairs).
- CDD: Lebedev et al. 2018 and the ChangeDetectionRepository summary (Google Earth,
  0.03-1 m, 256x256 crops, 10,000 / 3,000 / 3,000 pairs, one Google Drive file); loaders of
  the release read ``Real/subset/<split>/{A,B,OUT}/*.jpg`` with the change mask a JPEG
  thresholded at 128.
- DSIFN-CD: the publisher's dataset README (github.com/GeoZcx/A-deeply-supervised-image-
  fusion-network-for-change-detection-in-remote-sensing-images/tree/master/dataset: six
  Chinese cities from Google Earth, 512x512 pairs, 3,600 / 340 / 48, Baidu share) and
  open-cd's config (``<split>/{t1,t2}/*.jpg``, masks ``<split>/mask/*.png``, the test
  masks ``.tif``).
"""

from __future__ import annotations

from typing import Any

#: pairs per official split
SYSU_CD_SPLITS = {"train": 12000, "val": 4000, "test": 4000}
CDD_SPLITS = {"train": 10000, "val": 3000, "test": 3000}
DSIFN_CD_SPLITS = {"train": 3600, "val": 340, "test": 48}

_BINARY_RGB: dict[str, Any] = {
    "task": "change_detection",
    "kind": "nongeo",
    "bands": ("R", "G", "B"),
    "rgb_bands": ("R", "G", "B"),
    "num_classes": 2,
    "classes": ("no change", "change"),
    "splits": ("train", "val", "test"),
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "sysu_cd",
        "aliases": ("sysucd",),
        "target": "geoplug.datasets.sysu_cd:SYSUCD",
        **_BINARY_RGB,
        "sensors": ("aerial",),
        "resolution": 0.5,
        "patch_size": 256,
        "num_samples": sum(SYSU_CD_SPLITS.values()),
        "license": "unspecified by the publisher (research use)",
        "homepage": "https://github.com/liumency/SYSU-CD",
        "citation": (
            "@article{shi2022sysucd,\n  author={Shi, Qian and Liu, Mengxi and Li, Shengchen "
            "and Liu, Xiaoping and Wang, Fei and Zhang, Liangpei},\n  title={A Deeply "
            "Supervised Attention Metric-Based Network and an Open Aerial Image Dataset for "
            "Remote Sensing Change Detection},\n  journal={IEEE Transactions on Geoscience "
            "and Remote Sensing},\n  volume={60},\n  pages={1--16},\n  year={2022},\n  "
            "doi={10.1109/TGRS.2021.3085870}\n}"
        ),
        "description": (
            "SYSU-CD: 20,000 bitemporal 256x256 aerial RGB pairs (0.5 m, Hong Kong, "
            "2007-2014) with change masks (buildings, suburban growth, groundwork, "
            "vegetation, roads, sea construction); <split>/time1, time2 and label (0/255) "
            "PNGs; official split 12,000 / 4,000 / 4,000."
        ),
    },
    {
        "name": "cdd",
        "aliases": ("svcd", "lebedev"),
        "target": "geoplug.datasets.cdd:CDD",
        **_BINARY_RGB,
        "sensors": ("Google Earth",),
        "patch_size": 256,
        "num_samples": sum(CDD_SPLITS.values()),
        "license": "unspecified by the publisher (research use)",
        "homepage": "https://drive.google.com/file/d/1GX656JqqOyBi_Ef0w65kDGVto-nHrNs9",
        "citation": (
            "@article{lebedev2018cdd,\n  author={Lebedev, M. A. and Vizilter, Yu. V. and "
            "Vygolov, O. V. and Knyaz, V. A. and Rubis, A. Yu.},\n  title={Change Detection "
            "in Remote Sensing Images Using Conditional Adversarial Networks},\n  "
            "journal={Int. Arch. Photogramm. Remote Sens. Spatial Inf. Sci.},\n  "
            "volume={XLII-2},\n  pages={565--571},\n  year={2018},\n  "
            "doi={10.5194/isprs-archives-XLII-2-565-2018}\n}"
        ),
        "description": (
            "CDD (season-varying change detection dataset): 16,000 bitemporal 256x256 "
            "Google Earth RGB crops (0.03-1 m) of 11 season-varying scene pairs; "
            "Real/subset/<split>/A, B and OUT (change mask, JPEG 0/255) .jpg files; "
            "official split 10,000 / 3,000 / 3,000; GSD 0.03-1 m (so no single resolution)."
        ),
    },
    {
        "name": "dsifn_cd",
        "aliases": ("dsifn",),
        "target": "geoplug.datasets.dsifn_cd:DSIFNCD",
        **_BINARY_RGB,
        "sensors": ("Google Earth",),
        "patch_size": 512,
        "num_samples": sum(DSIFN_CD_SPLITS.values()),
        "license": "research use (the publisher's README)",
        "homepage": ("https://github.com/GeoZcx/A-deeply-supervised-image-fusion-network-"
                     "for-change-detection-in-remote-sensing-images/tree/master/dataset"),
        "citation": (
            "@article{zhang2020dsifn,\n  author={Zhang, Chenxiao and Yue, Peng and Tapete, "
            "Deodato and Jiang, Liangcun and Shangguan, Boyi and Huang, Li and Liu, "
            "Guangchao},\n  title={A deeply supervised image fusion network for change "
            "detection in high resolution bi-temporal remote sensing images},\n  "
            "journal={ISPRS Journal of Photogrammetry and Remote Sensing},\n  "
            "volume={166},\n  pages={183--200},\n  year={2020},\n  "
            "doi={10.1016/j.isprsjprs.2020.06.003}\n}"
        ),
        "description": (
            "DSIFN-CD: 3,988 bitemporal 512x512 Google Earth RGB pairs of six Chinese "
            "cities (Xi'an held out for test); <split>/t1 and t2 .jpg with <split>/mask "
            "(.png, .tif in test); official split 3,600 / 340 / 48."
        ),
    },
]

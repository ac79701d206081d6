"""Specs of the SAR ship detection benchmarks (HRSID, SSDD).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

#: one amplitude channel: the publishers store 8-bit JPEGs of the (mixed-polarisation) SAR
#: amplitude, grey or grey-as-RGB; the loaders read them as one channel
SAR_BANDS = ("SAR",)

#: HRSID's official splits: ``annotations/<split>2017.json`` (``train_test2017.json`` = both)
HRSID_SPLITS = ("train", "test")
#: SSDD's official splits (Zhang et al. 2021): train and test, and test's inshore / offshore
#: scenes (``Annotations_<split>`` folders of the release)
SSDD_SPLITS = ("train", "test", "test_inshore", "test_offshore")
#: the official SSDD train/test rule: an image is a test image when the last digit of its
#: file number (``000001.jpg`` ... ``001160.jpg``) is one of these
SSDD_TEST_DIGITS = ("1", "9")

SPECS: list[dict[str, Any]] = [
    {
        "name": "hrsid",
        "target": "geoplug.datasets.hrsid:HRSID",
        "task": "instance_segmentation",
        "kind": "nongeo",
        "sensors": ("Sentinel-1", "TerraSAR-X"),
        "bands": SAR_BANDS,
        "num_classes": 1,
        "classes": ("ship",),
        "splits": HRSID_SPLITS,
        "num_samples": 5604,
        "patch_size": 800,
        "license": "research use (see the publisher's repository)",
        "homepage": "https://github.com/chaozhong2010/HRSID",
        "citation": (
            "@article{wei2020hrsid,\n  title={HRSID: A High-Resolution SAR Images Dataset for "
            "Ship Detection and Instance Segmentation},\n  author={Wei, Shunjun and Zeng, "
            "Xiangfeng and Qu, Qizhe and Wang, Mou and Su, Hao and Shi, Jun},\n  journal={IEEE "
            "Access},\n  volume={8},\n  pages={120234--120254},\n  year={2020},\n  "
            "doi={10.1109/ACCESS.2020.3005861}\n}"
        ),
        "description": "HRSID: 5,604 SAR chips of 800 x 800 px (0.5, 1 and 3 m; Sentinel-1B "
                       "and TerraSAR-X) with 16,951 ships as COCO polygons and "
                       "boxes (HRSID_JPG/JPEGImages/*.jpg, HRSID_JPG/annotations/"
                       "{train,test}2017.json; 3,642 train and 1,962 test chips). One class "
                       "'ship'; samples hold the amplitude as one channel, the boxes and the "
                       "instance masks. Shared through Google Drive (no direct URL).",
    },
    {
        "name": "ssdd",
        "target": "geoplug.datasets.ssdd:SSDD",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("RadarSat-2", "TerraSAR-X", "Sentinel-1"),
        "bands": SAR_BANDS,
        "num_classes": 1,
        "classes": ("ship",),
        "splits": SSDD_SPLITS,
        "num_samples": 1160,
        "license": "research use (see the publisher's repository)",
        "homepage": "https://github.com/TianwenZhang0825/Official-SSDD",
        "citation": (
            "@article{zhang2021ssdd,\n  title={SAR Ship Detection Dataset (SSDD): Official "
            "Release and Comprehensive Data Analysis},\n  author={Zhang, Tianwen and Zhang, "
            "Xiaoling and Li, Jianwei and Xu, Xiaowo and Wang, Baoyou and Zhan, Xu and Xu, "
            "Yanqin and Ke, Xu and Zeng, Tianjiao and Su, Hao and Ahmad, Israr and Pan, Dece "
            "and Liu, Chang and Zhou, Yue and Shi, Jun and Wei, Shunjun},\n  journal={Remote "
            "Sensing},\n  volume={13},\n  number={18},\n  pages={3690},\n  year={2021},\n  "
            "doi={10.3390/rs13183690}\n}"
        ),
        "description": "SSDD (official release, BBox-SSDD): 1,160 SAR images (1-15 m; "
                       "RadarSat-2, TerraSAR-X, Sentinel-1; HH, HV, VV, VH) with 2,456 ships "
                       "in horizontal boxes from Pascal VOC XML (Official-SSDD-OPEN/BBox_SSDD/"
                       "voc_style: JPEGImages*/<000001-001160>.jpg, Annotations_<split>/*.xml). "
                       "Official split: 928 train, 232 test (file numbers ending in 1 or 9), "
                       "the test split also as 46 inshore and 186 offshore images. One class "
                       "'ship'. Shared through Google Drive / Baidu as a RAR (no direct URL).",
    },
]

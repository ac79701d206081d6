"""Spec of Agriculture-Vision (plain data: imported when listing).

Facts: the publisher's challenge pages (agriculture-vision.com, 2020-2022 prize challenges),
the SHI-Labs/Agriculture-Vision README and the Hugging Face dataset shi-labs/Agriculture-Vision
(the ``Agriculture-Vision-2021.tar.gz`` archive and its Git LFS SHA-256).
"""

from __future__ import annotations

from typing import Any

#: the label folders of the 2021 release (``<split>/labels/<folder>/<tile>.png``) that the
#: 2021 challenge evaluates, in the challenge's label order 1..8 (0 is background)
AGRICULTURE_VISION_LABELS = ("double_plant", "drydown", "endrow", "nutrient_deficiency",
                             "planter_skip", "water", "waterway", "weed_cluster")
#: label folders the release ships but the challenge does not evaluate (not read)
AGRICULTURE_VISION_UNEVALUATED = ("storm_damage",)
#: mask value of pixels outside the field boundary or the valid-pixel mask
AGRICULTURE_VISION_IGNORE = -1
#: the folder the archive extracts to
AGRICULTURE_VISION_DIR = "Agriculture-Vision-2021"
AGRICULTURE_VISION_HOMEPAGE = "https://www.agriculture-vision.com/"

SPECS: list[dict[str, Any]] = [
    {
        "name": "agriculture_vision",
        "target": "geoplug.datasets.agriculture_vision:AgricultureVision",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("aerial RGB-NIR camera",),
        "bands": ("R", "G", "B", "NIR"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 1 + len(AGRICULTURE_VISION_LABELS),
        "classes": ("background", *AGRICULTURE_VISION_LABELS),
        "ignore_index": AGRICULTURE_VISION_IGNORE,
        "splits": ("train", "val", "test"),
        "resolution": 0.1,
        "patch_size": 512,
        "num_samples": 94986,
        "license": "non-commercial research use (see homepage)",
        "homepage": AGRICULTURE_VISION_HOMEPAGE,
        "citation": (
            "@inproceedings{chiu2020agriculture,\n  title={Agriculture-Vision: A Large Aerial "
            "Image Database for Agricultural Pattern Analysis},\n  author={Chiu, Mang Tik and "
            "Xu, Xingqian and Wei, Yunchao and Huang, Zilong and Schwing, Alexander G. and "
            "Brunner, Robert and Khachatrian, Hrant and Karapetyan, Hovnatan and Dozier, Ivan "
            "and Rose, Greg and Wilson, David and Tudor, Adrian and Hovakimyan, Naira and "
            "Huang, Thomas S. and Shi, Honghui},\n  booktitle={Proceedings of the IEEE/CVF "
            "Conference on Computer Vision and Pattern Recognition (CVPR)},\n  pages={2828--"
            "2838},\n  year={2020}\n}"
        ),
        "download_size": "Agriculture-Vision-2021.tar.gz on Hugging Face "
                         "(shi-labs/Agriculture-Vision), 21 GB; also on AWS S3 "
                         "(s3://intelinair-data-releases/agriculture-vision/"
                         "cvpr_challenge_2021/supervised)",
        "description": "The 2021 challenge release: 94,986 aerial farmland tiles (512x512, "
                       "up to 10 cm, US fields 2017-2019) as <split>/images/rgb and "
                       "images/nir JPEGs with binary PNG masks per pattern in labels/<class>/ "
                       "(train and val only), boundaries/ and masks/ (valid pixels). "
                       "mask: 0 background, 1-8 double_plant ... weed_cluster in the "
                       "challenge's order (storm_damage is not evaluated: pixels marked "
                       "with it alone are -1); "
                       "where patterns overlap the first class in that order wins "
                       "(multilabel=True gives the multi-hot [8,H,W] form instead); pixels "
                       "outside the field boundary or the valid mask are -1 "
                       "(ignore_index), as the challenge leaves them out.",
    },
]

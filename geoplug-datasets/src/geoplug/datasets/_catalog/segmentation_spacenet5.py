"""Spec of SpaceNet 5 (road networks with travel speeds over Moscow, Mumbai and San Juan).

Plain dicts only: this module is imported whenever the registry is listed. SpaceNet 5 ships
the four WorldView-3 products of SpaceNet 3 under the same folder names and band orders, so the
product table, classes and road buffer are SpaceNet 3's (:mod:`.segmentation_spacenet`).
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.detection_change import SPACENET_LICENSE
from geoplug.datasets._catalog.segmentation_spacenet import SPACENET_ROADS

#: AOIs (folder names) of the train tarballs ``SN5_roads_train_<AOI>.tar.gz``
SPACENET5_TRAIN_AOIS = ("AOI_7_Moscow", "AOI_8_Mumbai")
#: AOIs of the public test tarballs ``SN5_roads_test_public_<AOI>.tar.gz`` (no labels); San
#: Juan has no train tarball
SPACENET5_TEST_AOIS = ("AOI_7_Moscow", "AOI_8_Mumbai", "AOI_9_San_Juan")
#: the one label layer of the release: road centrelines with ``inferred_speed_mph``/``_mps``
SPACENET5_LABELS = "geojson_roads_speed"

SPECS: list[dict[str, Any]] = [
    {
        "name": "spacenet5",
        "target": "geoplug.datasets.spacenet5:SpaceNet5",
        **SPACENET_ROADS,
        "num_samples": 2369,  # train chips: 1353 Moscow + 1016 Mumbai
        "license": SPACENET_LICENSE,
        "homepage": "https://spacenet.ai/sn5-challenge/",
        "citation": (
            "@inproceedings{van2020city,\n  title={City-scale Road Extraction from Satellite "
            "Imagery v2: Road Speeds and Travel Times},\n  author={Van Etten, Adam},\n  "
            "booktitle={WACV},\n  pages={1786--1795},\n  year={2020}\n}"
        ),
        "download_size": "67 GB",
        "description": "SpaceNet 5 (Moscow, Mumbai; public test also San Juan): road "
                       "centrelines with inferred speeds (geojson_roads_speed) over WorldView-3 "
                       "PS-RGB (8-bit), PS-MS, MS and PAN chips; masks are the centrelines "
                       "buffered 2 m each side.",
    },
]

"""Specs of SpaceNet 3 (road networks) and SpaceNet 6 (SAR + optical building footprints).

Plain dicts only: this module is imported whenever the registry is listed. The building
releases (SpaceNet 1, 2, 4, 7) live in :mod:`.detection_change`, whose WorldView band names,
classes and citation these two share.
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog import band_sets
from geoplug.datasets._catalog.detection_change import (
    SPACENET_CITE,
    SPACENET_CLASSES,
    SPACENET_LICENSE,
    SPACENET_WV8,
)

_RGB = ("red", "green", "blue")
_Products = dict[str, tuple[str, ...]]

#: SpaceNet 3 train products (folder names of ``SN3_roads_train_AOI_<n>_<City>.tar.gz``) ->
#: bands in file order; the first is the default. The test tarballs ship the same four
#: products under their SpaceNet 2 names (see :data:`SPACENET3_TEST_FOLDERS`).
SPACENET3_PRODUCTS: _Products = {"PS-RGB": _RGB, "PS-MS": SPACENET_WV8, "MS": SPACENET_WV8,
                                 "PAN": ("pan",)}
SPACENET3_RGB: _Products = {"PS-RGB": _RGB, "PS-MS": _RGB, "MS": _RGB}
#: product -> its folder in ``SN3_roads_test_public_AOI_<n>_<City>.tar.gz``
SPACENET3_TEST_FOLDERS = {"PS-RGB": "RGB-PanSharpen", "PS-MS": "MUL-PanSharpen", "MS": "MUL",
                          "PAN": "PAN"}
#: label layers: ``geojson_roads`` ships in the imagery tarball, ``geojson_roads_speed``
#: (the same centrelines with inferred speeds) in a tarball of its own
SPACENET3_LABELS = ("geojson_roads", "geojson_roads_speed")
#: buffer (m, each side of the centreline) of the road masks: the SpaceNet road baseline's
#: ``create_spacenet_masks.py --buffer_meters`` default (CosmiQ/apls)
SPACENET3_BUFFER_M = 2.0
SPACENET3_CLASSES = ("background", "road")
#: what SpaceNet 3 and SpaceNet 5 (the same four WorldView-3 products, road masks) share
SPACENET_ROADS: dict[str, Any] = {
    "task": "segmentation",
    "kind": "nongeo",
    "sensors": ("WorldView-3",),
    "bands": SPACENET3_PRODUCTS["PS-RGB"],
    "rgb_bands": SPACENET3_RGB["PS-RGB"],
    "band_sets": band_sets("image", SPACENET3_PRODUCTS, SPACENET3_RGB,
                           resolution={"MS": 1.24, "PAN": 0.31}),
    "num_classes": len(SPACENET3_CLASSES),
    "classes": SPACENET3_CLASSES,
    "splits": ("train", "test"),
    "resolution": 0.3,
    "patch_size": 1300,
}

#: SpaceNet 6 products (folders of ``train/AOI_11_Rotterdam/``) -> bands in file order; the
#: public test tarball has SAR-Intensity only
SPACENET6_SAR = ("HH", "HV", "VH", "VV")
SPACENET6_PRODUCTS: _Products = {"SAR-Intensity": SPACENET6_SAR, "PS-RGB": _RGB,
                                 "PS-RGBNIR": (*_RGB, "nir"), "RGBNIR": (*_RGB, "nir"),
                                 "PAN": ("pan",)}
SPACENET6_RGB: _Products = {"PS-RGB": _RGB, "PS-RGBNIR": _RGB, "RGBNIR": _RGB}
_SN6_SAR_SENSOR = ("Capella Space SAR (aerial, X-band)",)
_SN6_OPTICAL = ("WorldView-2",)

SPECS: list[dict[str, Any]] = [
    {
        "name": "spacenet3",
        "target": "geoplug.datasets.spacenet3:SpaceNet3",
        **SPACENET_ROADS,
        "num_samples": 2422,  # 854 Vegas + 257 Paris + 1028 Shanghai + 283 Khartoum
        "license": SPACENET_LICENSE,
        "homepage": "https://spacenet.ai/spacenet-roads-dataset/",
        "citation": SPACENET_CITE,
        "description": "SpaceNet 3 (Las Vegas, Paris, Shanghai, Khartoum): road centrelines "
                       "(GeoJSON LineStrings) over WorldView-3 PS-RGB, PS-MS, MS and PAN "
                       "chips; masks are the centrelines buffered 2 m each side.",
    },
    {
        "name": "spacenet6",
        "target": "geoplug.datasets.spacenet6:SpaceNet6",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": _SN6_SAR_SENSOR + _SN6_OPTICAL,
        "bands": SPACENET6_PRODUCTS["SAR-Intensity"],
        "band_sets": band_sets(
            "image", SPACENET6_PRODUCTS, SPACENET6_RGB,
            sensors={"SAR-Intensity": _SN6_SAR_SENSOR, "PS-RGB": _SN6_OPTICAL,
                     "PS-RGBNIR": _SN6_OPTICAL, "RGBNIR": _SN6_OPTICAL, "PAN": _SN6_OPTICAL},
            resolution={"RGBNIR": 2.0}),
        "num_classes": len(SPACENET_CLASSES),
        "classes": SPACENET_CLASSES,
        "splits": ("train", "test"),
        "resolution": 0.5,
        "patch_size": 900,
        "num_samples": 3401,
        "license": SPACENET_LICENSE,
        "homepage": "https://spacenet.ai/sn6-challenge/",
        "citation": (
            "@inproceedings{shermeyer2020spacenet,\n  title={SpaceNet 6: Multi-Sensor All "
            "Weather Mapping Dataset},\n  author={Shermeyer, Jacob and Hogan, Daniel and "
            "Brown, Jason and Van Etten, Adam and Weir, Nicholas and Pacifici, Fabio and "
            "H{\\\"a}nsch, Ronny and Bastidas, Alexei and Soenen, Scott and Bacastow, Todd and "
            "Lewis, Ryan},\n  booktitle={CVPR Workshops},\n  pages={768--777},\n  year={2020}\n}"
        ),
        "description": "SpaceNet 6 (Rotterdam): building footprints over quad-polarisation "
                       "SAR intensity (HH, HV, VH, VV, float32) and WorldView-2 optical tiles "
                       "(PS-RGB, PS-RGBNIR, RGBNIR, PAN); image= picks the product.",
    },
]

"""Spec of OpenEarthMap (plain data: imported when listing).

Facts from the publisher: the Zenodo record 7223446 (``OpenEarthMap.zip``, MD5
64155d1dc9d3b68536063f79878e1a67), the ``readme.txt`` inside its ``OpenEarthMap_wo_xBD/``
folder and the authors' repository github.com/bao18/open_earth_map (``data/compile_xbd.py``,
``data/xbd_files.csv``; issue #2: the test labels are not released).
"""

from __future__ import annotations

from typing import Any

#: the folder the release's zip holds (the dataset "without xBD" imagery)
OPENEARTHMAP_FOLDER = "OpenEarthMap_wo_xBD"
#: lists the publisher's ``compile_xbd.py`` reads: xBD file name, OpenEarthMap file name
OPENEARTHMAP_XBD_LIST = "xbd_files.csv"
#: splits whose labels the release holds (the test labels are kept for the leaderboard)
OPENEARTHMAP_LABELLED = ("train", "val")

SPECS: list[dict[str, Any]] = [
    {
        "name": "openearthmap",
        "target": "geoplug.datasets.openearthmap:OpenEarthMap",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("RGB",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 9,
        "classes": ("unknown", "bareland", "rangeland", "developed space", "road", "tree",
                    "water", "agriculture land", "building"),
        "ignore_index": 0,  # unknown: out of the publisher's loss and mIoU
        "splits": ("train", "val", "test"),
        "resolution": 0.5,
        "num_samples": 5000,
        "license": "CC-BY-NC-SA-4.0 (labels; each region's imagery keeps its source's licence, "
                   "see https://open-earth-map.org/attribution.html)",
        "homepage": "https://open-earth-map.org",
        "citation": (
            "@inproceedings{xia2023openearthmap,\n  title={OpenEarthMap: A Benchmark Dataset "
            "for Global High-Resolution Land Cover Mapping},\n  author={Xia, Junshi and "
            "Yokoya, Naoto and Adriano, Bruno and Broni-Bediako, Clifford},\n  booktitle={"
            "IEEE/CVF Winter Conference on Applications of Computer Vision (WACV)},\n"
            "  year={2023},\n  doi={10.1109/WACV56688.2023.00619}\n}"
        ),
        "download_size": "9.1 GB (OpenEarthMap.zip, Zenodo record 7223446)",
        "description": "5,000 aerial and satellite RGB GeoTIFFs (uint8, 0.25-0.5 m, about "
                       "1000x1000 px) of 97 regions in 44 countries with 8-class land cover "
                       "labels: OpenEarthMap_wo_xBD/<region>/images/<region>_<n>.tif and "
                       "labels/<region>_<n>.tif, codes kept as published (0 unknown, 1 "
                       "bareland ... 8 building). Splits are the publisher's train.txt (3,000), "
                       "val.txt (500) and test.txt (1,500, no labels released). The images of "
                       "the regions cut from xBD are not in the zip (xView2 licence): they are "
                       "left out, with a warning, until added with the publisher's "
                       "compile_xbd.py.",
    },
]

"""Specs of three classic Google Earth scene classification benchmarks: AID, WHU-RS19 and
RSSCN7. Plain data only: this module is imported whenever the registry is listed.

None of the three publishers defines a split, so each has the house's single split
``"train"`` holding the whole dataset (as PatternNet and ADVANCE do).
"""

from __future__ import annotations

from typing import Any

#: what the three specs share: RGB JPEG chips, one split, no licence stated
_COMMON: dict[str, Any] = {
    "task": "classification",
    "kind": "nongeo",
    "bands": ("R", "G", "B"),
    "rgb_bands": ("R", "G", "B"),
    "splits": ("train",),
    "license": "Research use (no formal license stated by the authors)",
}

#: AID's 30 class folders, spelled as in ``AID.zip`` (``AID/<Class>/<class>_<n>.jpg``)
AID_CLASSES = (
    "Airport", "BareLand", "BaseballField", "Beach", "Bridge", "Center", "Church",
    "Commercial", "DenseResidential", "Desert", "Farmland", "Forest", "Industrial", "Meadow",
    "MediumResidential", "Mountain", "Park", "Parking", "Playground", "Pond", "Port",
    "RailwayStation", "Resort", "River", "School", "SparseResidential", "Square", "Stadium",
    "StorageTanks", "Viaduct",
)
#: WHU-RS19's 19 class folders in alphabetical order, with the publisher's mixed case
#: (``footballField`` and ``railwayStation`` start lower-case)
WHU_RS19_CLASSES = (
    "Airport", "Beach", "Bridge", "Commercial", "Desert", "Farmland", "footballField",
    "Forest", "Industrial", "Meadow", "Mountain", "Park", "Parking", "Pond", "Port",
    "railwayStation", "Residential", "River", "Viaduct",
)
#: RSSCN7's 7 class folders: a letter a-g (the label order) then the class name
RSSCN7_CLASSES = ("aGrass", "bField", "cIndustry", "dRiverLake", "eForest", "fResident",
                  "gParking")

SPECS: list[dict[str, Any]] = [
    {
        "name": "aid",
        "target": "geoplug.datasets.aid:AID",
        **_COMMON,
        "sensors": ("Google Earth (aerial/satellite RGB)",),
        "num_classes": len(AID_CLASSES),
        "classes": AID_CLASSES,
        "patch_size": 600,
        "num_samples": 10000,
        "homepage": "https://captain-whu.github.io/AID/",
        "citation": """@article{xia2017aid,
  author = {Xia, Gui-Song and Hu, Jingwen and Hu, Fan and Shi, Baoguang and Bai, Xiang and
            Zhong, Yanfei and Zhang, Liangpei and Lu, Xiaoqiang},
  title = {{AID}: A Benchmark Data Set for Performance Evaluation of Aerial Scene
           Classification},
  journal = {IEEE Transactions on Geoscience and Remote Sensing},
  volume = {55}, number = {7}, pages = {3965--3981}, year = {2017},
  doi = {10.1109/TGRS.2017.2685945}
}""",
        "description": (
            "AID (Aerial Image Dataset): 10,000 RGB JPEG scenes of 600x600 px (about 0.5-8 m "
            "GSD) from Google Earth in 30 classes (220-420 per class), distributed as AID.zip "
            "(AID/<Class>/<class>_<n>.jpg) on OneDrive/BaiduPan only: put it in root. No "
            "official split: 'train' is the whole dataset."
        ),
    },
    {
        "name": "whu_rs19",
        "target": "geoplug.datasets.whu_rs19:WHURS19",
        **_COMMON,
        "sensors": ("Google Earth (satellite RGB)",),
        "num_classes": len(WHU_RS19_CLASSES),
        "classes": WHU_RS19_CLASSES,
        "patch_size": 600,
        "num_samples": 1005,
        "homepage": "https://captain-whu.github.io/BED4RS/",
        "citation": """@inproceedings{xia2010structural,
  author = {Xia, Gui-Song and Yang, Wen and Delon, Julie and Gousseau, Yann and Sun, Hong and
            Ma{\\^\\i}tre, Henri},
  title = {Structural High-resolution Satellite Image Indexing},
  booktitle = {ISPRS TC VII Symposium - 100 Years ISPRS},
  series = {International Archives of the Photogrammetry, Remote Sensing and Spatial
            Information Sciences},
  volume = {XXXVIII, Part 7A}, pages = {298--303}, address = {Vienna, Austria},
  year = {2010}
}""",
        "description": (
            "WHU-RS19: 1,005 RGB JPEG scenes of 600x600 px (up to 0.5 m GSD) from Google "
            "Earth in 19 classes (about 50 each), WHU-RS19.zip from the CAPTAIN-WHU BED4RS "
            "page. No official split: 'train' is the whole dataset."
        ),
    },
    {
        "name": "rsscn7",
        "target": "geoplug.datasets.rsscn7:RSSCN7",
        **_COMMON,
        "sensors": ("Google Earth (RGB)",),
        "num_classes": len(RSSCN7_CLASSES),
        "classes": RSSCN7_CLASSES,
        "patch_size": 400,
        "num_samples": 2800,
        "homepage": "https://github.com/palewithout/RSSCN7",
        "citation": """@article{zou2015deep,
  author = {Zou, Qin and Ni, Lihao and Zhang, Tong and Wang, Qian},
  title = {Deep Learning Based Feature Selection for Remote Sensing Scene Classification},
  journal = {IEEE Geoscience and Remote Sensing Letters},
  volume = {12}, number = {11}, pages = {2321--2325}, year = {2015},
  doi = {10.1109/LGRS.2015.2475299}
}""",
        "description": (
            "RSSCN7: 2,800 RGB JPEG scenes of 400x400 px from Google Earth in 7 classes (400 "
            "each, 100 at each of 4 scales), folders aGrass ... gParking holding a001.jpg ... "
            "as in the authors' GitHub repository. No official split: 'train' is the whole "
            "dataset."
        ),
    },
]

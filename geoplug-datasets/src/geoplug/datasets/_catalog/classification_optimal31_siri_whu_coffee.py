"""Specs of three small class-per-folder scene benchmarks: OPTIMAL-31, SIRI-WHU and
Brazilian Coffee Scenes. Plain data only: this module is imported whenever the registry is
listed.

OPTIMAL-31 and SIRI-WHU publish no split, so each has the house's single split ``"train"``
holding the whole dataset (as AID, WHU-RS19 and RSSCN7 do). Brazilian Coffee Scenes publishes
five folds for cross-validation: ``split="test"`` is the fold chosen with ``fold=`` and
``split="train"`` the four others.
"""

from __future__ import annotations

from typing import Any

# the Google Earth RGB facts OPTIMAL-31 and SIRI-WHU share with AID, WHU-RS19 and RSSCN7
from geoplug.datasets._catalog.classification_aid_whu_rsscn7 import _COMMON

#: OPTIMAL-31's 31 class folders (``OPTIMAL-31/Images/<class>/``), alphabetical: the label order
OPTIMAL31_CLASSES = (
    "airplane", "airport", "baseball_diamond", "basketball_court", "beach", "bridge",
    "chaparral", "church", "circular_farmland", "commercial_area", "dense_residential",
    "desert", "forest", "freeway", "golf_course", "ground_track_field", "harbor",
    "industrial_area", "intersection", "island", "lake", "meadow", "medium_residential",
    "mobile_home_park", "mountain", "overpass", "parking_lot", "railway",
    "rectangular_farmland", "roundabout", "runway",
)
#: SIRI-WHU's 12 class folders (``12class_tif/<class>/``), alphabetical: the label order
SIRI_WHU_CLASSES = (
    "agriculture", "commercial", "harbor", "idle_land", "industrial", "meadow", "overpass",
    "park", "pond", "residential", "river", "water",
)
#: Brazilian Coffee Scenes' two labels, as the fold lists spell them (``noncoffee.<name>``,
#: ``coffee.<name>``); 0 = non-coffee, 1 = coffee, as in the authors' own code
COFFEE_CLASSES = ("noncoffee", "coffee")

SPECS: list[dict[str, Any]] = [
    {
        "name": "optimal31",
        "target": "geoplug.datasets.optimal31:OPTIMAL31",
        **_COMMON,  # AID's: RGB chips, one split, no licence stated
        "sensors": ("Google Earth (RGB)",),
        "num_classes": len(OPTIMAL31_CLASSES),
        "classes": OPTIMAL31_CLASSES,
        "patch_size": 256,
        "num_samples": 1860,
        "homepage": "https://doi.org/10.1109/TGRS.2018.2864987",
        "citation": """@article{wang2019scene,
  author = {Wang, Qi and Liu, Shaoteng and Chanussot, Jocelyn and Li, Xuelong},
  title = {Scene Classification With Recurrent Attention of {VHR} Remote Sensing Images},
  journal = {IEEE Transactions on Geoscience and Remote Sensing},
  volume = {57}, number = {2}, pages = {1155--1167}, year = {2019},
  doi = {10.1109/TGRS.2018.2864987}
}""",
        "download_size": "cloud-drive link only (no direct download)",
        "description": (
            "OPTIMAL-31: 1,860 RGB JPEG scenes of 256x256 px from Google Earth in 31 classes "
            "(60 each), OPTIMAL-31/Images/<class>/<class>(<n>).jpg, shared by the authors "
            "through a cloud drive: put the archive or its extracted folder in root. No "
            "official split: 'train' is the whole dataset."
        ),
    },
    {
        "name": "siri_whu",
        "target": "geoplug.datasets.siri_whu:SIRIWHU",
        **_COMMON,  # AID's: RGB chips, one split, no licence stated
        "sensors": ("Google Earth (RGB)",),
        "num_classes": len(SIRI_WHU_CLASSES),
        "classes": SIRI_WHU_CLASSES,
        "resolution": 2.0,
        "patch_size": 200,
        "num_samples": 2400,
        "homepage": "http://www.lmars.whu.edu.cn/prof_web/zhongyanfei/e-code.html",
        "citation": """@article{zhao2016dirichlet,
  author = {Zhao, Bei and Zhong, Yanfei and Xia, Gui-Song and Zhang, Liangpei},
  title = {Dirichlet-Derived Multiple Topic Scene Classification Model for High Spatial
           Resolution Remote Sensing Imagery},
  journal = {IEEE Transactions on Geoscience and Remote Sensing},
  volume = {54}, number = {4}, pages = {2108--2123}, year = {2016},
  doi = {10.1109/TGRS.2015.2496185}
}""",
        "download_size": "linked from the RS-IDEA page (no direct download)",
        "description": (
            "SIRI-WHU (Google image set): 2,400 RGB TIFF scenes of 200x200 px at 2 m over "
            "Wuhan, China, in 12 classes (200 each), 'Google dataset of "
            "SIRI-WHU_earth_im_tiff/12class_tif/<class>/<nnnn>.tif'. A few chips are smaller "
            "(pond/0002.tif is 190x200) and are resized to 200x200. No official split: "
            "'train' is the whole dataset."
        ),
    },
    {
        "name": "brazilian_coffee_scenes",
        "target": "geoplug.datasets.brazilian_coffee_scenes:BrazilianCoffeeScenes",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("SPOT",),
        "bands": ("G", "R", "NIR"),
        #: no blue band: the usual false-colour composite stands in for RGB
        "rgb_bands": ("NIR", "R", "G"),
        "num_classes": len(COFFEE_CLASSES),
        "classes": COFFEE_CLASSES,
        "splits": ("train", "test"),
        "patch_size": 64,
        "num_samples": 2876,
        "license": "Research use (no formal license stated by the authors)",
        "homepage": "http://www.patreo.dcc.ufmg.br/2017/11/12/brazilian-coffee-scenes-dataset/",
        "citation": """@inproceedings{penatti2015deep,
  author = {Penatti, Ot{\\'a}vio A. B. and Nogueira, Keiller and dos Santos, Jefersson A.},
  title = {Do Deep Features Generalize from Everyday Objects to Remote Sensing and Aerial
           Scenes Domains?},
  booktitle = {IEEE Conference on Computer Vision and Pattern Recognition Workshops
               (CVPRW)},
  pages = {44--51}, year = {2015},
  doi = {10.1109/CVPRW.2015.7301382}
}""",
        "download_size": "brazilian_coffee_dataset.zip (direct download)",
        "description": (
            "Brazilian Coffee Scenes: 64x64 px SPOT tiles (2005) over four counties of Minas "
            "Gerais, Brazil, labelled coffee / non-coffee, as 3-band JPEGs whose channels are "
            "green, red and near-infrared. brazilian_coffee_scenes/fold1 ... fold5 hold the "
            "images, fold<k>.txt list them as '<label>.<name>'. split='test' is fold `fold` "
            "(1-5, default 1), split='train' the other four folds."
        ),
    },
]

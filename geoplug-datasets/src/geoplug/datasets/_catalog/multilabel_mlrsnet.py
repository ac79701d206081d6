"""Spec of MLRSNet (Qi et al., 2020) and the release facts its loader reads.

Plain data only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

#: the 60 multi-label columns, spelled and ordered as in the header of every
#: ``labels/<category>.csv`` (after the ``image`` column); ``habor`` is the publisher's spelling
MLRSNET_LABELS = (
    "airplane", "airport", "bare soil", "baseball diamond", "basketball court", "beach",
    "bridge", "buildings", "cars", "chaparral", "cloud", "containers", "crosswalk",
    "dense residential area", "desert", "dock", "factory", "field", "football field", "forest",
    "freeway", "golf course", "grass", "greenhouse", "gully", "habor", "intersection",
    "island", "lake", "mobile home", "mountain", "overpass", "park", "parking lot", "parkway",
    "pavement", "railway", "railway station", "river", "road", "roundabout", "runway", "sand",
    "sea", "ships", "snow", "snowberg", "sparse residential area", "stadium", "swimming pool",
    "tanks", "tennis court", "terrace", "track", "trail", "transmission tower", "trees",
    "water", "wetland", "wind turbine",
)

#: the 46 scene categories: the stems of ``labels/<category>.csv`` and of the image names
#: (``<category>_00001.jpg``), with the publisher's spellings ``harbor&port`` and
#: ``swimmimg_pool``
MLRSNET_CATEGORIES = (
    "airplane", "airport", "bareland", "baseball_diamond", "basketball_court", "beach",
    "bridge", "chaparral", "cloud", "commercial_area", "dense_residential_area", "desert",
    "eroded_farmland", "farmland", "forest", "freeway", "golf_course", "ground_track_field",
    "harbor&port", "industrial_area", "intersection", "island", "lake", "meadow",
    "mobile_home_park", "mountain", "overpass", "park", "parking_lot", "parkway", "railway",
    "railway_station", "river", "roundabout", "shipping_yard", "snowberg",
    "sparse_residential_area", "stadium", "storage_tank", "swimmimg_pool", "tennis_court",
    "terrace", "transmission_tower", "vegetable_greenhouse", "wetland", "wind_turbine",
)

#: the record the publisher shares the images on (besides the GitHub repository)
MLRSNET_PAGE = "https://data.mendeley.com/datasets/7j9bv9vwsx"
#: the name of Mendeley's "Download All" archive as it saves
MLRSNET_ZIP = ("MLRSNet A Multi-label High Spatial Resolution Remote Sensing Dataset for "
               "Semantic Scene Understanding.zip")

SPECS: list[dict[str, Any]] = [
    {
        "name": "mlrsnet",
        "target": "geoplug.datasets.mlrsnet:MLRSNet",
        "task": "multilabel",
        "kind": "nongeo",
        "sensors": ("Google Earth (satellite/aerial RGB)",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": len(MLRSNET_LABELS),
        "classes": MLRSNET_LABELS,
        "splits": ("train",),
        "patch_size": 256,
        "num_samples": 109161,
        "license": "not stated in the GitHub repository; see the Mendeley Data record",
        "homepage": "https://github.com/cugbrs/MLRSNet",
        "citation": """@article{qi2020mlrsnet,
  author = {Qi, Xiaoman and Zhu, Panpan and Wang, Yuebin and Zhang, Liqiang and Peng, Junhuan
            and Wu, Mengfan and Chen, Jialong and Zhao, Xudong and Zang, Ning and
            Mathiopoulos, P. Takis},
  title = {{MLRSNet}: A multi-label high spatial resolution remote sensing dataset for
           semantic scene understanding},
  journal = {ISPRS Journal of Photogrammetry and Remote Sensing},
  volume = {169}, pages = {337--350}, year = {2020},
  doi = {10.1016/j.isprsjprs.2020.09.020}
}""",
        "description": (
            "MLRSNet: 109,161 RGB JPEG scenes of 256x256 px (about 10 m to 0.1 m GSD) in 46 "
            "scene categories, each tagged with 1-13 of 60 labels. Images/<category>/ (one "
            "RAR archive per category as published; extract them) and labels/<category>.csv "
            "(image name then 60 0/1 columns), from GitHub cugbrs/MLRSNet or Mendeley Data "
            "7j9bv9vwsx. No official split: 'train' is the whole dataset."
        ),
    },
]

"""Specs of the scene classification benchmarks: EuroSAT, RESISC45, UC Merced, PatternNet,
ADVANCE. Plain data only: this module is imported whenever the registry is listed."""

from __future__ import annotations

from typing import Any

_NEUMANN = """@inproceedings{neumann2020indomain,
  author = {Neumann, Maxim and Pinto, Andr{\\'e} Susano and Zhai, Xiaohua and Houlsby, Neil},
  title = {In-domain representation learning for remote sensing},
  booktitle = {AI for Earth Sciences Workshop at ICLR},
  year = {2020},
  url = {https://arxiv.org/abs/1911.06721}
}"""

_EUROSAT_CLASSES = ("AnnualCrop", "Forest", "HerbaceousVegetation", "Highway", "Industrial",
                    "Pasture", "PermanentCrop", "Residential", "River", "SeaLake")
_EUROSAT_CITATION = """@article{helber2019eurosat,
  author = {Helber, Patrick and Bischke, Benjamin and Dengel, Andreas and Borth, Damian},
  title = {{EuroSAT}: A Novel Dataset and Deep Learning Benchmark for Land Use and Land
           Cover Classification},
  journal = {IEEE Journal of Selected Topics in Applied Earth Observations and Remote Sensing},
  volume = {12}, number = {7}, pages = {2217--2226}, year = {2019},
  doi = {10.1109/JSTARS.2019.2918242}
}
""" + _NEUMANN

SPECS: list[dict[str, Any]] = [
    {
        "name": "eurosat",
        "target": "geoplug.datasets.eurosat:EuroSAT",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("Sentinel-2 MSI L1C",),
        "bands": ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09", "B10", "B11",
                  "B12", "B8A"),
        "rgb_bands": ("B04", "B03", "B02"),
        "num_classes": 10,
        "classes": _EUROSAT_CLASSES,
        "splits": ("train", "val", "test"),
        "resolution": 10.0,
        "patch_size": 64,
        "num_samples": 27000,
        "license": "MIT",
        "homepage": "https://github.com/phelber/EuroSAT",
        "citation": _EUROSAT_CITATION,
        "download_size": "2.0 GB",
        "description": (
            "EuroSAT multispectral: 27,000 Sentinel-2 GeoTIFF chips (13 bands, B8A stored "
            "13th) in 10 land use/land cover classes; train/val/test lists of Neumann et al. "
            "(16,200/5,400/5,400). Samples carry the chip's crs and bounds."
        ),
    },
    {
        "name": "eurosat_rgb",
        "target": "geoplug.datasets.eurosat:EuroSATRGB",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("Sentinel-2 MSI L1C",),
        "bands": ("B04", "B03", "B02"),
        "rgb_bands": ("B04", "B03", "B02"),
        "num_classes": 10,
        "classes": _EUROSAT_CLASSES,
        "splits": ("train", "val", "test"),
        "resolution": 10.0,
        "patch_size": 64,
        "num_samples": 27000,
        "license": "MIT",
        "homepage": "https://github.com/phelber/EuroSAT",
        "citation": _EUROSAT_CITATION,
        "download_size": "90 MB",
        "description": (
            "EuroSAT RGB: the authors' 8-bit JPEG rendering of the 27,000 EuroSAT chips "
            "(folder 2750/), with the train/val/test lists of Neumann et al."
        ),
    },
    {
        "name": "resisc45",
        "target": "geoplug.datasets.resisc45:RESISC45",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("Google Earth (aerial/satellite RGB)",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 45,
        "classes": (
            "airplane", "airport", "baseball_diamond", "basketball_court", "beach", "bridge",
            "chaparral", "church", "circular_farmland", "cloud", "commercial_area",
            "dense_residential", "desert", "forest", "freeway", "golf_course",
            "ground_track_field", "harbor", "industrial_area", "intersection", "island",
            "lake", "meadow", "medium_residential", "mobile_home_park", "mountain", "overpass",
            "palace", "parking_lot", "railway", "railway_station", "rectangular_farmland",
            "river", "roundabout", "runway", "sea_ice", "ship", "snowberg",
            "sparse_residential", "stadium", "storage_tank", "tennis_court", "terrace",
            "thermal_power_station", "wetland",
        ),
        "splits": ("train", "val", "test"),
        "patch_size": 256,
        "num_samples": 31500,
        "license": "CC-BY-NC-4.0",
        "homepage": "https://gcheng-nwpu.github.io/#Datasets",
        "citation": """@article{cheng2017resisc45,
  author = {Cheng, Gong and Han, Junwei and Lu, Xiaoqiang},
  title = {Remote Sensing Image Scene Classification: Benchmark and State of the Art},
  journal = {Proceedings of the IEEE},
  volume = {105}, number = {10}, pages = {1865--1883}, year = {2017},
  doi = {10.1109/JPROC.2017.2675998}
}
""" + _NEUMANN,
        "download_size": "424 MB",
        "description": (
            "NWPU-RESISC45: 31,500 RGB JPEG chips (256x256, 0.2-30 m GSD), 700 in each of 45 "
            "scene classes; train/val/test lists of Neumann et al. (18,900/6,300/6,300)."
        ),
    },
    {
        "name": "ucmerced",
        "target": "geoplug.datasets.ucmerced:UCMerced",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("USGS National Map aerial orthoimagery",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 21,
        "classes": (
            "agricultural", "airplane", "baseballdiamond", "beach", "buildings", "chaparral",
            "denseresidential", "forest", "freeway", "golfcourse", "harbor", "intersection",
            "mediumresidential", "mobilehomepark", "overpass", "parkinglot", "river",
            "runway", "sparseresidential", "storagetanks", "tenniscourt",
        ),
        "splits": ("train", "val", "test"),
        "resolution": 0.3048,
        "patch_size": 256,
        "num_samples": 2100,
        "license": "Public domain (USGS National Map imagery)",
        "homepage": "http://weegee.vision.ucmerced.edu/datasets/landuse.html",
        "citation": """@inproceedings{yang2010bag,
  author = {Yang, Yi and Newsam, Shawn},
  title = {Bag-of-visual-words and spatial extensions for land-use classification},
  booktitle = {Proceedings of the 18th SIGSPATIAL International Conference on Advances in
               Geographic Information Systems},
  pages = {270--279}, year = {2010},
  doi = {10.1145/1869790.1869829}
}
""" + _NEUMANN,
        "download_size": "317 MB",
        "description": (
            "UC Merced Land Use: 2,100 RGB TIFF chips (256x256, 1 ft GSD), 100 in each of 21 "
            "classes; train/val/test lists of Neumann et al. (1,260/420/420)."
        ),
    },
    {
        "name": "patternnet",
        "target": "geoplug.datasets.patternnet:PatternNet",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("Google Earth / Google Map API (RGB)",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 38,
        "classes": (
            "airplane", "baseball_field", "basketball_court", "beach", "bridge", "cemetery",
            "chaparral", "christmas_tree_farm", "closed_road", "coastal_mansion", "crosswalk",
            "dense_residential", "ferry_terminal", "football_field", "forest", "freeway",
            "golf_course", "harbor", "intersection", "mobile_home_park", "nursing_home",
            "oil_gas_field", "oil_well", "overpass", "parking_lot", "parking_space", "railway",
            "river", "runway", "runway_marking", "shipping_yard", "solar_panel",
            "sparse_residential", "storage_tank", "swimming_pool", "tennis_court",
            "transformer_station", "wastewater_treatment_plant",
        ),
        "splits": ("train",),
        "patch_size": 256,
        "num_samples": 30400,
        "license": "Free for research use (no formal license stated by the authors)",
        "homepage": "https://sites.google.com/view/zhouwx/dataset",
        "citation": """@article{zhou2018patternnet,
  author = {Zhou, Weixun and Newsam, Shawn and Li, Congmin and Shao, Zhenfeng},
  title = {{PatternNet}: A benchmark dataset for performance evaluation of remote sensing
           image retrieval},
  journal = {ISPRS Journal of Photogrammetry and Remote Sensing},
  volume = {145}, pages = {197--209}, year = {2018},
  doi = {10.1016/j.isprsjprs.2018.01.004}
}""",
        "download_size": "1.4 GB",
        "description": (
            "PatternNet: 30,400 RGB JPEG chips (256x256, 0.06-4.7 m GSD), 800 in each of 38 "
            "classes. No official split: 'train' is the whole dataset."
        ),
    },
    {
        "name": "advance",
        "target": "geoplug.datasets.advance:ADVANCE",
        "task": "classification",
        "kind": "nongeo",
        "sensors": ("Google Earth aerial RGB", "Freesound geotagged audio"),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 13,
        "classes": ("airport", "beach", "bridge", "farmland", "forest", "grassland",
                    "harbour", "lake", "orchard", "residential", "sparse shrub land",
                    "sports land", "train station"),
        "splits": ("train",),
        "resolution": 0.5,
        "patch_size": 512,
        "num_samples": 5075,
        "license": "CC-BY-4.0",
        "homepage": "https://akchen.github.io/ADVANCE-DATASET/",
        "citation": """@inproceedings{hu2020crossmodal,
  author = {Hu, Di and Li, Xuhong and Mou, Lichao and Jin, Pu and Chen, Dong and Jing, Liping
            and Zhu, Xiaoxiang and Dou, Dejing},
  title = {Cross-Task Transfer for Geotagged Audiovisual Aerial Scene Recognition},
  booktitle = {European Conference on Computer Vision (ECCV)},
  pages = {68--84}, year = {2020},
  doi = {10.1007/978-3-030-58586-0_5}
}""",
        "description": (
            "ADVANCE: 5,075 geotagged aerial images (512x512 RGB JPEG) paired with 10 s sound "
            "recordings, 13 scene classes (Zenodo 3828124: ADVANCE_vision.zip, "
            "ADVANCE_sound.zip). No official split: 'train' is the whole dataset; "
            "include_audio=True adds the recording."
        ),
    },
]

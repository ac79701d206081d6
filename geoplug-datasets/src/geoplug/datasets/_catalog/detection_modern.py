"""Specs of the object-detection benchmarks of today's literature (DIOR, DOTA, trees, birds).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

_RGB = ("R", "G", "B")

#: DIOR's 20 classes in the paper's order, spelled as its XML files name them (lower case)
DIOR_CLASSES = ("airplane", "airport", "baseballfield", "basketballcourt", "bridge", "chimney",
                "dam", "expressway-service-area", "expressway-toll-station", "golffield",
                "groundtrackfield", "harbor", "overpass", "ship", "stadium", "storagetank",
                "tenniscourt", "trainstation", "vehicle", "windmill")

#: DOTA's classes as its label files spell them; each version adds classes at the end
DOTA_CLASSES = ("plane", "ship", "storage-tank", "baseball-diamond", "tennis-court",
                "basketball-court", "ground-track-field", "harbor", "bridge", "large-vehicle",
                "small-vehicle", "helicopter", "roundabout", "soccer-ball-field", "swimming-pool",
                "container-crane", "airport", "helipad")
#: version -> how many of :data:`DOTA_CLASSES` it annotates
DOTA_VERSIONS = {"1.0": 15, "1.5": 16, "2.0": 18}

#: IDTReeS taxon codes (NEON/USDA PLANTS symbols) of the training crowns, in label order
IDTREES_CLASSES = ("ACPE", "ACRU", "ACSA3", "AMLA", "BETUL", "CAGL8", "CATO6", "FAGR", "GOLA",
                   "LITU", "LYLU3", "MAGNO", "NYBI", "NYSY", "OXYDE", "PEPA37", "PIEL", "PIPA2",
                   "PINUS", "PITA", "PRSE2", "QUAL", "QUCO2", "QUGE2", "QUHE2", "QULA2", "QULA3",
                   "QUMO4", "QUNI", "QURU", "QUERC", "ROPS", "TSCA")

SPECS: list[dict[str, Any]] = [
    {
        "name": "dior",
        "target": "geoplug.datasets.dior:DIOR",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("Google Earth",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": len(DIOR_CLASSES),
        "classes": DIOR_CLASSES,
        "splits": ("train", "val", "test"),
        "resolution": 0.5,
        "patch_size": 800,
        "num_samples": 23463,
        "license": "research use only",
        "homepage": "https://gcheng-nwpu.github.io/#Datasets",
        "citation": (
            "@article{li2020object,\n  title={Object detection in optical remote sensing "
            "images: A survey and a new benchmark},\n  author={Li, Ke and Wan, Gang and Cheng, "
            "Gong and Meng, Liqiu and Han, Junwei},\n  journal={ISPRS Journal of "
            "Photogrammetry and Remote Sensing},\n  volume={159},\n  pages={296--307},\n  "
            "year={2020}\n}"
        ),
        "description": "DIOR: 23,463 Google Earth images (800x800, 0.5-30 m) with 192,472 "
                       "objects of 20 classes in Pascal VOC XML; horizontal boxes, or the "
                       "oriented boxes of DIOR-R (orientation='oriented'). Splits from "
                       "ImageSets/Main. Distributed through cloud drives (no direct URL).",
    },
    {
        "name": "dota",
        "target": "geoplug.datasets.dota:DOTA",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("Google Earth", "Gaofen-2", "Jilin-1", "aerial"),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": len(DOTA_CLASSES),
        "classes": DOTA_CLASSES,
        "splits": ("train", "val"),
        "num_samples": 2423,
        "license": "CC-BY-NC-4.0",
        "homepage": "https://captain-whu.github.io/DOTA/",
        "citation": (
            "@inproceedings{xia2018dota,\n  title={DOTA: A Large-Scale Dataset for Object "
            "Detection in Aerial Images},\n  author={Xia, Gui-Song and Bai, Xiang and Ding, Jian "
            "and Zhu, Zhen and Belongie, Serge and Luo, Jiebo and Datcu, Mihai and Pelillo, "
            "Marcello and Zhang, Liangpei},\n  booktitle={CVPR},\n  year={2018}\n}\n"
            "@article{ding2021object,\n  title={Object Detection in Aerial Images: A "
            "Large-Scale Benchmark and Challenges},\n  author={Ding, Jian and Xue, Nan and Xia, "
            "Gui-Song and others},\n  journal={IEEE TPAMI},\n  year={2021}\n}"
        ),
        "description": "DOTA v1.0 / v1.5 / v2.0: aerial and satellite scenes (800 to 20,000 "
                       "px) with oriented boxes (bbox_xyxyxyxy, four corners) and their "
                       "enclosing bbox_xyxy; version= picks the labels and class list (15, 16, "
                       "18 classes). Test labels are withheld.",
    },
    {
        "name": "reforestree",
        "target": "geoplug.datasets.reforestree:ReforesTree",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("drone RGB",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": 6,
        "classes": ("other", "banana", "cacao", "citrus", "fruit", "timber"),
        "splits": ("train",),
        "resolution": 0.02,
        "patch_size": 4000,
        "num_samples": 100,
        "license": "CC-BY-4.0",
        "homepage": "https://github.com/gyrrei/ReforesTree",
        "citation": (
            "@inproceedings{reiersen2022reforestree,\n  title={ReforesTree: A Dataset for "
            "Estimating Tropical Forest Carbon Stock with Deep Learning and Aerial Imagery},\n"
            "  author={Reiersen, Gyri and Dao, David and L{\\\"u}tjens, Bj{\\\"o}rn and Klemmer, "
            "Konstantin and Amara, Kenza and Steinegger, Attila and Zhang, Ce and Zhu, "
            "Xiaoxiang},\n  booktitle={AAAI},\n  year={2022}\n}"
        ),
        "description": "ReforesTree: drone RGB tiles (2 cm) of six agroforestry sites in "
                       "Ecuador with tree-crown boxes, species group and above-ground biomass "
                       "(per-box 'agb') from field measurements.",
    },
    {
        "name": "nasa_marine_debris",
        "target": "geoplug.datasets.nasa_marine_debris:NASAMarineDebris",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("PlanetScope",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": 1,
        "classes": ("marine_debris",),
        "splits": ("train",),
        "resolution": 3.0,
        "patch_size": 256,
        "num_samples": 707,
        "license": "CC-BY-NC-4.0",
        "homepage": "https://source.coop/nasa/marine-debris",
        "citation": (
            "@misc{shah2021marine,\n  title={Marine Debris Dataset for Object Detection in "
            "Planetscope Imagery},\n  author={Shah, Ankur and Thomas, Lilly and Maskey, "
            "Manil},\n  publisher={Radiant MLHub},\n  doi={10.34911/rdnt.9r6ekg},\n  "
            "year={2021}\n}"
        ),
        "description": "NASA Marine Debris: 256x256 PlanetScope RGB GeoTIFF chips (3 m) of "
                       "Honduras, Greece and Ghana with boxes of floating debris (pixel "
                       "bounds in .npy files).",
    },
    {
        "name": "idtrees",
        "target": "geoplug.datasets.idtrees:IDTReeS",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("NEON AOP",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": len(IDTREES_CLASSES),
        "classes": IDTREES_CLASSES,
        "splits": ("train", "test"),
        "resolution": 0.1,
        "patch_size": 200,
        "num_samples": 85,
        "license": "CC-BY-4.0",
        "homepage": "https://idtrees.org/competition/",
        "citation": (
            "@article{marconi2019data,\n  title={A data science challenge for converting "
            "airborne remote sensing data into ecological information},\n  author={Marconi, "
            "Sergio and Graves, Sarah J and Gong, Dihong and others},\n  journal={PeerJ},\n  "
            "volume={6},\n  pages={e5843},\n  year={2019}\n}"
        ),
        "description": "IDTReeS 2020 competition: NEON plots (20x20 m) with RGB (0.1 m), "
                       "hyperspectral (369 bands, 1 m), canopy height and LiDAR; tree-crown "
                       "boxes from the ITC shapefiles and species (taxonID) labels.",
    },
    {
        "name": "everwatch",
        "target": "geoplug.datasets.everwatch:EverWatch",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("drone RGB",),
        "bands": _RGB,
        "rgb_bands": _RGB,
        "num_classes": 8,
        "classes": ("White Ibis", "Great Egret", "Great Blue Heron", "Snowy Egret",
                    "Wood Stork", "Roseate Spoonbill", "Anhinga", "Unknown White"),
        "splits": ("train", "test"),
        "num_samples": 5325,
        "license": "CC0-1.0",
        "homepage": "https://zenodo.org/records/11165946",
        "citation": (
            "@misc{garner2024everwatch,\n  title={EverWatch: a benchmark for wading bird "
            "detection and species classification},\n  author={Garner, Lindsey and others},\n"
            "  publisher={Zenodo},\n  doi={10.5281/zenodo.11165946},\n  year={2024}\n}"
        ),
        "description": "EverWatch: drone images of wading-bird colonies in the Everglades "
                       "with boxes of seven species (plus 'Unknown White' in the test set), "
                       "from train.csv / test.csv.",
    },
]

"""Spec of CaFFe, the glacier calving front benchmark (plain data: imported when listing).

Facts from the publisher: PANGAEA 940950 (``data_raw.zip``) and the authors' code
(github.com/Nora-Go/Calving_Fronts_and_Where_to_Find_Them: ``check_raw_data_is_correct.py``,
``data_preprocessing.py``, ``validate_or_test.py``).
"""

from __future__ import annotations

from typing import Any

#: grey value of each zone in ``data_raw/zones/*/<stem>_zones.png``, in class-index order
CAFFE_ZONE_VALUES = (0, 64, 127, 254)
#: the zone classes, in the order of :data:`CAFFE_ZONE_VALUES`
CAFFE_ZONE_CLASSES = ("NA area", "rock", "glacier", "ocean and ice melange")
#: grey value of background and front in ``data_raw/fronts/*/<stem>_front.png``
CAFFE_FRONT_VALUES = (0, 255)
#: the front classes, in the order of :data:`CAFFE_FRONT_VALUES`
CAFFE_FRONT_CLASSES = ("background", "calving front")
#: images per folder of the release (``check_raw_data_is_correct.py``)
CAFFE_IMAGES = {"train": 559, "test": 122}
#: the paper's validation hold-out of the train folder: sklearn ``train_test_split`` of the
#: sorted files with ``test_size=0.1, random_state=1`` (``data_preprocessing.py``)
CAFFE_VAL_FRACTION = 0.1
CAFFE_VAL_SEED = 1

SPECS: list[dict[str, Any]] = [
    {
        "name": "caffe",
        "target": "geoplug.datasets.caffe:CaFFe",
        "aliases": ("calving_fronts",),
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("ERS-1/2", "Envisat ASAR", "RADARSAT-1", "ALOS PALSAR", "TerraSAR-X",
                    "TanDEM-X", "Sentinel-1A/B"),
        "bands": ("SAR",),
        "num_classes": len(CAFFE_ZONE_CLASSES),
        "classes": CAFFE_ZONE_CLASSES,
        "splits": ("train", "val", "test"),
        "num_samples": sum(CAFFE_IMAGES.values()),
        "license": "CC-BY-4.0",
        "homepage": "https://doi.pangaea.de/10.1594/PANGAEA.940950",
        "citation": (
            "@article{gourmelon2022calving,\n  title={Calving fronts and where to find them: a "
            "benchmark dataset and methodology for automatic glacier calving front extraction "
            "from synthetic aperture radar imagery},\n  author={Gourmelon, Nora and Seehaus, "
            "Thorsten and Braun, Matthias and Maier, Andreas and Christlein, Vincent},\n"
            "  journal={Earth System Science Data},\n  volume={14},\n  number={9},\n"
            "  pages={4287--4313},\n  year={2022},\n  doi={10.5194/essd-14-4287-2022}\n}"),
        "download_size": "one zip on PANGAEA 940950, data_raw.zip (681 PNG images with their "
                         "zone and front labels)",
        "description": "SAR images (8-bit grey PNGs, 6-20 m, sizes vary) of seven marine-"
                       "terminating glaciers in Antarctica, Greenland and Alaska from ERS-1/2, "
                       "Envisat, RADARSAT-1, ALOS PALSAR, TerraSAR-X/TanDEM-X and Sentinel-1: "
                       "data_raw/sar_images/{train,test}/<glacier>_<date>_<satellite>"
                       "_<res>_<quality>_<orbit>.png with zones/<stem>_zones.png (0 NA area, 64 "
                       "rock, 127 glacier, 254 ocean and ice melange -> 0..3) and fronts/<stem>"
                       "_front.png (0/255 -> 0/1; mask='fronts'). 559 train images (the paper's "
                       "val split holds out 56 of them) and 122 test images (Mapple, Columbia).",
    },
]

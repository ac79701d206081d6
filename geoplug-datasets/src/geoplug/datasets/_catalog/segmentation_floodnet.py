"""Spec of FloodNet Track 1, the supervised release (plain data: imported when listing).

Facts from the publisher: the release's README (github.com/BinaLab/FloodNet-Supervised_v1.0:
2,343 images, the 10 classes, the licence, the Google Drive folder), the paper (Rahnemoonfar et
al., IEEE Access 9, 2021, doi 10.1109/ACCESS.2021.3090981; arXiv 2012.02951: DJI Mavic Pro
after Hurricane Harvey, 3000x4000 px images). The folder and file names
(``FloodNet-Supervised_v1.0/<split>/<split>-org-img/<id>.jpg`` and
``<split>-label-img/<id>_lab.png``, one-band class codes 0-9), and the split sizes
1445/450/448, as users of the release report them (e.g. dataset-ninja/floodnet SUMMARY.md).
"""

from __future__ import annotations

from typing import Any

#: the folder the release unpacks to, and the archive of it the loader extracts if present
FLOODNET_FOLDER = "FloodNet-Supervised_v1.0"
FLOODNET_ARCHIVE = f"{FLOODNET_FOLDER}.zip"
#: the release's README (it links the Google Drive folder the data is handed out from)
FLOODNET_HOMEPAGE = "https://github.com/BinaLab/FloodNet-Supervised_v1.0"
FLOODNET_DRIVE = ("https://drive.google.com/drive/folders/"
                  "1leN9eWVQcvWDVYwNb2GCo5ML_wBEycWD?usp=sharing")
#: suffix of a label file's stem: image ``<id>.jpg`` pairs with ``<id>_lab.png``
FLOODNET_LABEL_SUFFIX = "_lab"

SPECS: list[dict[str, Any]] = [
    {
        "name": "floodnet",
        "target": "geoplug.datasets.floodnet:FloodNet",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("drone RGB",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 10,
        "classes": ("background", "building-flooded", "building-non-flooded", "road-flooded",
                    "road-non-flooded", "water", "tree", "vehicle", "pool", "grass"),
        "splits": ("train", "val", "test"),
        "num_samples": 2343,
        "license": "CDLA-Permissive-1.0",
        "homepage": FLOODNET_HOMEPAGE,
        "citation": (
            "@article{rahnemoonfar2021floodnet,\n  title={FloodNet: A High Resolution Aerial "
            "Imagery Dataset for Post Flood Scene Understanding},\n  author={Rahnemoonfar, "
            "Maryam and Chowdhury, Tashnim and Sarkar, Argho and Varshney, Debvrat and Yari, "
            "Masoud and Murphy, Robin Roberson},\n  journal={IEEE Access},\n  volume={9},\n"
            "  pages={89644--89654},\n  year={2021},\n  doi={10.1109/ACCESS.2021.3090981}\n}"
        ),
        "download_size": f"the {FLOODNET_FOLDER} folder (about 12 GB) from the Google Drive "
                         "folder the homepage links",
        "description": "2,343 RGB UAV images (JPEG, 4000x3000 px) taken with a DJI Mavic Pro "
                       "after Hurricane Harvey (2017), each with a one-band PNG label of class "
                       "codes: FloodNet-Supervised_v1.0/train/train-org-img/<id>.jpg with "
                       "train-label-img/<id>_lab.png (1,445), val/val-org-img (450) and "
                       "test/test-org-img (448), all labelled. Codes: 0 background, "
                       "1 building-flooded, 2 building-non-flooded, 3 road-flooded, "
                       "4 road-non-flooded, 5 water, 6 tree, 7 vehicle, 8 pool, 9 grass.",
    },
]

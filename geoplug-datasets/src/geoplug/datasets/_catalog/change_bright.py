"""Spec of BRIGHT, DFC 2025 track 2 building damage (plain data: imported when listing).

Facts from the publisher and its mirrors: the BRIGHT paper (arXiv 2501.06019, ESSD 17, 6217,
2025), the dataset card of huggingface.co/datasets/Kullervo/BRIGHT (licence CC-BY-SA-4.0,
``dfc25_track2_trainval.zip``), TorchGeo's ``BRIGHTDFC2025`` (the ``torchgeo/bright`` mirror
of ``dfc25_track2_trainval_with_split.zip``, its md5, the split lists and the folder names)
and the publisher's benchmark loader (github.com/ChenHongruixuan/BRIGHT,
``dfc25_benchmark/dataset/make_data_loader.py``: the SAR band repeated to three channels).
"""

from __future__ import annotations

from typing import Any

#: top folder of the archive
BRIGHT_DIR = "dfc25_track2_trainval"
#: our split -> (the publisher's id list, the folder holding its images): the contest's
#: train list, its hold-out of the train folder, and its validation phase (``val/``)
BRIGHT_SPLITS = {
    "train": ("train_setlevel.txt", "train"),
    "val": ("holdout_setlevel.txt", "train"),
    "test": ("val_setlevel.txt", "val"),
}
#: damage class of each value of ``target/<id>_building_damage.tif``
BRIGHT_CLASSES = ("background", "intact", "damaged", "destroyed")

SPECS: list[dict[str, Any]] = [
    {
        "name": "bright",
        "aliases": ("bright_dfc2025", "dfc25_track2"),
        "target": "geoplug.datasets.bright:BRIGHTDFC2025",
        "task": "change_detection",
        "kind": "nongeo",
        "sensors": ("Maxar", "NAIP", "NOAA Digital Coast", "PNOA", "Capella", "Umbra"),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": len(BRIGHT_CLASSES),
        "classes": BRIGHT_CLASSES,
        "splits": tuple(BRIGHT_SPLITS),
        "patch_size": 1024,
        "license": "CC-BY-SA-4.0",
        "homepage": "https://github.com/ChenHongruixuan/BRIGHT",
        "citation": (
            "@article{chen2025bright,\n  title={BRIGHT: a globally distributed multimodal "
            "building damage assessment dataset with very-high-resolution for all-weather "
            "disaster response},\n  author={Chen, Hongruixuan and Song, Jian and Dietrich, "
            "Olivier and Broni-Bediako, Clifford and Xuan, Weihao and Wang, Junjue and Shao, "
            "Xinlei and Wei, Yimin and Xia, Junshi and Lan, Cuiling and Schindler, Konrad and "
            "Yokoya, Naoto},\n  journal={Earth System Science Data},\n  volume={17},\n"
            "  pages={6217},\n  year={2025},\n  doi={10.5194/essd-17-6217-2025}\n}"),
        "download_size": "one zip of about 10 GB, dfc25_track2_trainval_with_split.zip "
                         "(TorchGeo's Hugging Face mirror torchgeo/bright)",
        "description": "2025 IEEE GRSS Data Fusion Contest track 2: 1024x1024 GeoTIFF pairs "
                       "(0.3-1 m) of disasters worldwide, a pre-event optical image (3 bands, "
                       "uint8) and a post-event SAR image (1 band, Capella or Umbra), with a "
                       "building damage target (0 background, 1 intact, 2 damaged, "
                       "3 destroyed). dfc25_track2_trainval/{train,val}/{pre-event,post-event,"
                       "target}/<event>_<id>_{pre_disaster,post_disaster,building_damage}.tif; "
                       "splits from train_setlevel.txt (train), holdout_setlevel.txt (val, "
                       "also in train/) and val_setlevel.txt (test, the val/ folder; no target "
                       "in the contest release, then no mask). image[1] repeats the SAR band "
                       "in every channel, as the publisher's benchmark loader does.",
    },
]

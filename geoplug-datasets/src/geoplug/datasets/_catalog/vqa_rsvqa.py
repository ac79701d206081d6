"""Specs of RSVQA-LR and RSVQA-HR, remote sensing visual question answering.

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

_RGB = ("R", "G", "B")

_CITATION = """@article{lobry2020rsvqa,
  title = {{RSVQA}: Visual Question Answering for Remote Sensing Data},
  author = {Lobry, Sylvain and Marcos, Diego and Murray, Jesse and Tuia, Devis},
  journal = {IEEE Transactions on Geoscience and Remote Sensing},
  volume = {58}, number = {12}, pages = {8555--8566}, year = {2020},
  doi = {10.1109/TGRS.2020.2988782}
}"""

_COMMON: dict[str, Any] = {
    "task": "visual_question_answering",
    "kind": "nongeo",
    "bands": _RGB,
    "rgb_bands": _RGB,
    "license": "CC-BY-4.0",
    "citation": _CITATION,
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "rsvqa_lr",
        "target": "geoplug.datasets.rsvqa:RSVQALR",
        **_COMMON,
        "sensors": ("Sentinel-2",),
        "splits": ("train", "val", "test"),
        "resolution": 10.0,
        "patch_size": 256,
        "num_samples": 77232,  # questions: 57,223 train + 10,005 val + 10,004 test
        "homepage": "https://zenodo.org/records/6344334",
        "download_size": "95 MB (Images_LR.zip) and nine JSON files (about 30 MB)",
        "description": (
            "RSVQA-LR: 772 Sentinel-2 RGB tiles (B4, B3, B2) of 256x256 px at 10 m over the "
            "Netherlands with questions generated from OpenStreetMap; one sample per question: "
            "image, question, question_type (presence, comp, count, rural_urban) and answer "
            "(text). Splits are the publisher's JSON files, split by Sentinel-2 tile."
        ),
    },
    {
        "name": "rsvqa_hr",
        "target": "geoplug.datasets.rsvqa:RSVQAHR",
        **_COMMON,
        "sensors": ("USGS High Resolution Orthoimagery",),
        "splits": ("train", "val", "test", "test_phili"),
        "resolution": 0.15,
        "patch_size": 512,
        # questions: 625,340 train + 102,843 val + 222,684 test + 105,647 test_phili
        "num_samples": 1056514,
        "homepage": "https://zenodo.org/records/6344367",
        "download_size": "13.5 GB (Images.tar) and twelve JSON files",
        "description": (
            "RSVQA-HR: 10,659 USGS aerial RGB orthophotos of 512x512 px at 15 cm over the US "
            "north-east coast with questions generated from OpenStreetMap; one sample per "
            "question: image, question, question_type (presence, comp, count, area) and answer "
            "(text). test_phili covers Philadelphia, taken by a sensor unseen in training."
        ),
    },
]

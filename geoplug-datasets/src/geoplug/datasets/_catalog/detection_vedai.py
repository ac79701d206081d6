"""Spec of VEDAI (Vehicle Detection in Aerial Imagery, oriented small-vehicle detection).

Plain dicts only: this module is imported whenever the registry is listed.
"""

from __future__ import annotations

from typing import Any

#: colour PNG (``<id>_co.png``) then infrared PNG (``<id>_ir.png``)
VEDAI_BANDS = ("R", "G", "B", "NIR")
#: the publisher's class codes (4th column of an annotation line), in label order
VEDAI_CODES = (1, 2, 4, 5, 7, 8, 9, 10, 11, 23, 31)
#: the class of each code of ``VEDAI_CODES``
VEDAI_CLASSES = ("car", "truck", "tractor", "camping car", "motorcycle", "bus", "van", "other",
                 "pickup", "boat", "plane")

SPECS: list[dict[str, Any]] = [
    {
        "name": "vedai",
        "target": "geoplug.datasets.vedai:VEDAI",
        "task": "detection",
        "kind": "nongeo",
        "sensors": ("Utah AGRC orthophotos",),
        "bands": VEDAI_BANDS,
        "rgb_bands": ("R", "G", "B"),
        "num_classes": len(VEDAI_CLASSES),
        "classes": VEDAI_CLASSES,
        # fold NN: fold<NN>.txt (train) and fold<NN>test.txt (test); the fold is a parameter
        "splits": ("train", "test"),
        "num_samples": 1246,
        "resolution": 0.125,
        "license": "research use only (see the publisher's terms)",
        "homepage": "https://downloads.greyc.fr/vedai/",
        "citation": (
            "@article{razakarivony2016vedai,\n  title={Vehicle Detection in Aerial Imagery: A "
            "small target detection benchmark},\n  author={Razakarivony, S{\\'e}bastien and "
            "Jurie, Fr{\\'e}d{\\'e}ric},\n  journal={Journal of Visual Communication and Image "
            "Representation},\n  volume={34},\n  pages={187--203},\n  year={2016},\n  "
            "doi={10.1016/j.jvci.2015.11.002}\n}"
        ),
        "description": "VEDAI: 1,246 aerial tiles of 1024 x 1024 px (and a 512 px copy) from "
                       "Utah AGRC orthophotos, each a colour PNG (<id>_co.png) and an infrared "
                       "PNG (<id>_ir.png) in Vehicules1024/, with one text file per tile in "
                       "Annotations1024/ (centre, orientation, class code, contained and "
                       "occluded flags, four corners) giving oriented vehicle boxes of 11 "
                       "classes; 10 official folds (fold01.txt / fold01test.txt ...).",
    },
]

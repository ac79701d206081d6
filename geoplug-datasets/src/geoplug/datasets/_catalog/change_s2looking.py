"""Spec of S2Looking, side-looking satellite building change detection (plain data: imported
when listing).

Facts from the publisher and from copies of its release: the paper (Shen et al., Remote
Sensing 13(24):5094, 2021, and arXiv 2107.09244: 5,000 pairs of 1024x1024 PNGs at 0.5-0.8 m,
"two label maps to separately indicate the newly built and demolished building regions"), the
publisher's repository github.com/S2Looking/Dataset (its README links one Google Drive folder
and a Baidu share; the repository's own copy is ``S2Looking/<split>/{Image1,Image2,label,
label1,label2}/<id>.png``) and a public audit of the Drive archive (``S2Looking.zip``, one file,
10,959,772,884 bytes, its SHA-256; ``label`` greyscale 0/255, ``label1`` blue 0/0/255,
``label2`` red 255/0/0; ``label1 OR label2 == label``; 3,500 / 500 / 1,000 pairs).
"""

from __future__ import annotations

from typing import Any

#: top folder of ``S2Looking.zip``
S2LOOKING_DIR = "S2Looking"
#: pairs per official split
S2LOOKING_SPLITS = {"train": 3500, "val": 500, "test": 1000}
#: the binary change classes of ``label/`` (the default ``mask="change"``)
S2LOOKING_CHANGE_CLASSES = ("no change", "change")
#: the classes of ``mask="direction"``: bit 0 from ``label1/`` (newly built), bit 1 from
#: ``label2/`` (demolished), so 3 marks a footprint annotated in both (rebuilt in place)
S2LOOKING_DIRECTION_CLASSES = ("no change", "newly built", "demolished",
                               "newly built and demolished")

#: the paper, which also introduced LEVIR-CD+ (whose spec may cite it from here)
S2LOOKING_CITATION = (
    "@article{shen2021s2looking,\n  title={S2Looking: A Satellite Side-Looking Dataset "
    "for Building Change Detection},\n  author={Shen, Li and Lu, Yao and Chen, Hao and "
    "Wei, Hao and Xie, Donghai and Yue, Jiabao and Chen, Rui and Lv, Shouye and "
    "Jiang, Bitao},\n  journal={Remote Sensing},\n  volume={13},\n  number={24},\n  "
    "pages={5094},\n  year={2021},\n  doi={10.3390/rs13245094}\n}"
)

SPECS: list[dict[str, Any]] = [
    {
        "name": "s2looking",
        "target": "geoplug.datasets.s2looking:S2Looking",
        "task": "change_detection",
        "kind": "nongeo",
        "sensors": ("GaoFen", "SuperView", "BeiJing-2"),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": len(S2LOOKING_CHANGE_CLASSES),
        "classes": S2LOOKING_CHANGE_CLASSES,
        "splits": tuple(S2LOOKING_SPLITS),
        "resolution": 0.5,
        "patch_size": 1024,
        "num_samples": sum(S2LOOKING_SPLITS.values()),
        "license": "unspecified by the publisher (research use)",
        "homepage": "https://github.com/S2Looking/Dataset",
        "citation": S2LOOKING_CITATION,
        "download_size": "11 GB (S2Looking.zip, one archive for the three splits)",
        "description": (
            "S2Looking: 5,000 registered bitemporal 1024x1024 RGB PNG pairs (0.5-0.8 m, "
            "off-nadir side-looking satellite views of rural areas worldwide) with 65,920 "
            "annotated building changes; S2Looking/{train,val,test}/{Image1,Image2}/<id>.png "
            "with label/<id>.png (change, 0/255), label1/<id>.png (newly built) and "
            "label2/<id>.png (demolished); official split 3,500 / 500 / 1,000. "
            "mask='direction' codes 0 none, 1 newly built, 2 demolished, 3 both."
        ),
    },
]

"""Spec of AeroScapes (plain data: imported when listing).

Facts from the publisher: the repository github.com/ishann/aeroscapes (README: 3,269 720p
images from a commercial drone at 5-50 m, the folders ``aeroscapes/JPEGImages``,
``SegmentationClass``, ``Visualizations`` and ``ImageSets``; ``download.sh``: the archive at
cmu.box.com saved as ``aeroscapes.tar.gz`` and extracted with ``tar -zxf``) and the paper
(Nigam, Huang, Ramanan, WACV 2018). The split lists ``ImageSets/trn.txt`` and ``val.txt``
(image ids without extension, e.g. ``000001_001``), their sizes 2,621/648 and the class order
0 background ... 11 sky, as users of the release report them (dataset-ninja/aeroscapes
SUMMARY.md; loaders published on GitHub reading ``JPEGImages/<id>.jpg`` and
``SegmentationClass/<id>.png``).
"""

from __future__ import annotations

from typing import Any

#: the folder the archive extracts to, and the archive as ``download.sh`` saves it
AEROSCAPES_FOLDER = "aeroscapes"
AEROSCAPES_ARCHIVE = "aeroscapes.tar.gz"
#: the direct link ``download.sh`` fetches (no checksum is published)
AEROSCAPES_URL = "https://cmu.box.com/shared/static/ihp4huuw1sofgfjx9ov679jhx85hq9ib.gz"
AEROSCAPES_HOMEPAGE = "https://github.com/ishann/aeroscapes"
#: split -> its id list under ``ImageSets`` (the release names the training list ``trn``)
AEROSCAPES_SPLIT_LISTS: dict[str, str] = {"train": "trn.txt", "val": "val.txt"}

SPECS: list[dict[str, Any]] = [
    {
        "name": "aeroscapes",
        "target": "geoplug.datasets.aeroscapes:Aeroscapes",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("drone RGB",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 12,
        "classes": ("background", "person", "bike", "car", "drone", "boat", "animal",
                    "obstacle", "construction", "vegetation", "road", "sky"),
        "splits": ("train", "val"),
        "num_samples": 3269,
        "license": "unspecified (research use; see the homepage)",
        "homepage": AEROSCAPES_HOMEPAGE,
        "citation": (
            "@inproceedings{nigam2018ensemble,\n  title={Ensemble Knowledge Transfer for "
            "Semantic Segmentation},\n  author={Nigam, Ishan and Huang, Chen and Ramanan, "
            "Deva},\n  booktitle={2018 IEEE Winter Conference on Applications of Computer "
            "Vision (WACV)},\n  year={2018}\n}"
        ),
        "download_size": f"one archive, {AEROSCAPES_ARCHIVE}",
        "description": "3,269 RGB frames (JPEG, 1280x720 px) from drone videos flown at "
                       "5-50 m, each with a one-band PNG of class codes: "
                       "aeroscapes/JPEGImages/<id>.jpg with SegmentationClass/<id>.png "
                       "(colour renderings in Visualizations/, not read); ImageSets/trn.txt "
                       "(train, 2,621) and val.txt (val, 648) list the ids. Codes: "
                       "0 background, 1 person, 2 bike, 3 car, 4 drone, 5 boat, 6 animal, "
                       "7 obstacle, 8 construction, 9 vegetation, 10 road, 11 sky.",
    },
]

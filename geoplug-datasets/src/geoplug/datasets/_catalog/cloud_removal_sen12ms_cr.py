"""Spec of SEN12MS-CR, mono-temporal SAR-optical cloud removal (plain data: imported when listing).

Facts from the publisher: the project page https://patricktum.github.io/cloud_removal/sen12mscr/
(triplets of Sentinel-1, cloudy and cloud-free Sentinel-2 over the SEN12MS ROIs), mediaTUM
record https://mediatum.ub.tum.de/1554803 as fetched by github.com/PatrickTUM/SEN12MS-CR-TS
``util/dl_data.sh`` (archive names and URLs ``https://dataserv.ub.tum.de/s/m1554803/download?
path=/&files=<archive>``), and that repository's ``data/dataLoader.py`` class ``SEN12MSCR``
(folder layout, the official scene lists of the train, val and test splits, S1 in dB, S2 13
bands as reflectance x 10000). Band order and dtypes are SEN12MS's (Schmitt et al. 2019), from
which the patches are drawn. Ebel et al., IEEE TGRS 59(7), 5866-5878, 2021.
"""

from __future__ import annotations

from typing import Any

from geoplug.datasets._catalog.segmentation import SEN12MS_S1, SEN12MS_S2

__all__ = ["SEN12MS_CR_ARCHIVES", "SEN12MS_CR_MODALITIES", "SEN12MS_CR_SCENES", "SPECS"]

#: the per-season, per-modality archives, each extracting to a folder of its own name
SEN12MS_CR_MODALITIES = ("s1", "s2", "s2_cloudy")
SEN12MS_CR_ARCHIVES = tuple(
    f"{season}_{modality}"
    for season in ("ROIs1158_spring", "ROIs1868_summer", "ROIs1970_fall", "ROIs2017_winter")
    for modality in SEN12MS_CR_MODALITIES)


def _scenes(text: str) -> tuple[str, ...]:
    """``"spring:1 6 summer:4"`` -> ``("ROIs1158_spring/1", "ROIs1158_spring/6", ...)``."""
    seasons = {"spring": "ROIs1158_spring", "summer": "ROIs1868_summer",
               "fall": "ROIs1970_fall", "winter": "ROIs2017_winter"}
    out: list[str] = []
    season = ""
    for word in text.split():
        if ":" in word:
            name, word = word.split(":")
            season = seasons[name]
        out.append(f"{season}/{int(word)}")
    return tuple(out)


#: split -> the scenes ``<season>/<scene>`` it holds: ``SEN12MSCR.splits`` of the publisher's
#: data loader (SEN12MS-CR-TS repository), listed there as ``ROIs1158_spring_s1/s1_106`` etc.
#: Matched exactly here. The publisher's loader (``get_paths``) tests substrings
#: (``"..._s1/s1_1" in path``), so its train also takes every scene whose number starts with a
#: listed one: val spring 17, fall 65, winter 84; test spring 106/123/140, summer 73/119,
#: fall 139; and unlisted scenes such as spring 10-19. Its val and test hold exactly these
#: scenes, so test results compare, but models trained with that loader saw more scenes.
SEN12MS_CR_SCENES: dict[str, tuple[str, ...]] = {
    "train": _scenes(
        "fall:3 22 148 107 1 114 135 40 42 31 149 64 28 144 57 35 133 30 134 141 112 116 37 "
        "26 77 100 83 71 93 119 104 136 6 41 125 91 131 120 110 19 14 81 39 109 33 88 11 128 "
        "142 122 4 27 147 85 82 105 "
        "spring:9 1 124 40 101 21 134 145 141 66 8 26 77 113 100 117 119 6 58 120 110 126 115 "
        "121 39 109 63 75 132 128 142 15 45 97 147 "
        "summer:90 87 25 124 114 135 40 101 42 31 36 139 56 133 55 43 113 100 76 123 143 93 "
        "125 89 120 126 72 115 121 146 140 95 102 7 11 132 15 137 4 27 147 86 47 "
        "winter:68 25 62 135 42 64 21 55 112 116 8 59 49 104 81 146 75 94 102 61 47"),
    "val": _scenes("winter:22 summer:19 fall:65 spring:17 winter:107 summer:80 127 "
                   "winter:130 summer:17 winter:84"),
    "test": _scenes("spring:106 123 140 31 44 summer:119 73 fall:139 winter:108 63"),
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "sen12ms_cr",
        "aliases": ["sen12mscr"],
        "target": "geoplug.datasets.sen12ms_cr:SEN12MSCR",
        "task": "cloud_removal",
        "kind": "nongeo",
        "sensors": ("Sentinel-1", "Sentinel-2"),
        "bands": SEN12MS_S1 + SEN12MS_S2,
        "rgb_bands": ("B04", "B03", "B02"),
        "splits": ("train", "val", "test"),
        "resolution": 10.0,
        "patch_size": 256,
        "license": "see the mediaTUM record (homepage)",
        "homepage": "https://patricktum.github.io/cloud_removal/sen12mscr/",
        "citation": (
            "@article{ebel2021multisensor,\n  title={Multisensor Data Fusion for Cloud Removal "
            "in Global and All-Season Sentinel-2 Imagery},\n  author={Ebel, Patrick and "
            "Meraner, Andrea and Schmitt, Michael and Zhu, Xiao Xiang},\n  journal={IEEE "
            "Transactions on Geoscience and Remote Sensing},\n  volume={59},\n  number={7},\n"
            "  pages={5866--5878},\n  year={2021}\n}"),
        "download_size": "about 240 GB (12 tar.gz archives: 4 seasons x s1, s2, s2_cloudy; "
                         "the publisher's dl_data.sh budgets 470,807,164 512-byte sectors)",
        "description": "SEN12MS-CR: co-registered 256x256 patch triplets over the SEN12MS "
                       "ROIs, all seasons: Sentinel-1 (VV, VH, float32 dB), a cloudy and a "
                       "cloud-free Sentinel-2 L1C image (13 bands, uint16 reflectance x "
                       "10000). Samples: image [2+13,H,W] (S1 then cloudy S2, the model "
                       "input; bands select among them), mask [13,H,W] float32 (the "
                       "cloud-free S2 target: its selected bands, all 13 when only S1 bands "
                       "are selected), crs, "
                       "bounds. Official scene-wise train/val/test lists.",
    },
]

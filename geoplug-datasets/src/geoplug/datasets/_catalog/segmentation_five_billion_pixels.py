"""Spec of Five-Billion-Pixels (plain data: imported when listing)."""

from __future__ import annotations

from typing import Any

#: class names in the order of the index masks' values 0..24 (0: unlabelled)
FBP_CLASSES = ("unlabeled", "industrial area", "paddy field", "irrigated field", "dry cropland",
               "garden land", "arbor forest", "shrub forest", "park", "natural meadow",
               "artificial meadow", "river", "urban residential", "lake", "pond", "fish pond",
               "snow", "bareland", "rural residential", "stadium", "square", "road",
               "overpass", "railway station", "airport")

FBP_HOMEPAGE = "https://x-ytong.github.io/project/Five-Billion-Pixels.html"

SPECS: list[dict[str, Any]] = [
    {
        "name": "five_billion_pixels",
        "target": "geoplug.datasets.five_billion_pixels:FiveBillionPixels",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ["Gaofen-2"],
        "bands": ["NIR", "R", "G", "B"],
        "rgb_bands": ["R", "G", "B"],
        "num_classes": 25,
        "classes": FBP_CLASSES,
        "ignore_index": 0,  # "unlabeled": the publisher's 24 categories are 1-24
        "splits": ["train"],
        "resolution": 4.0,
        "patch_size": 512,
        "license": "free for research use (see homepage)",
        "homepage": FBP_HOMEPAGE,
        "citation": (
            "@article{tong2023fbp,\n  title={Enabling country-scale land cover mapping with "
            "meter-resolution satellite imagery},\n  author={Tong, Xin-Yi and Xia, Gui-Song and "
            "Zhu, Xiao Xiang},\n  journal={ISPRS Journal of Photogrammetry and Remote "
            "Sensing},\n  volume={196},\n  pages={178--196},\n  year={2023},\n"
            "  doi={10.1016/j.isprsjprs.2022.12.011}\n}"
        ),
        "download_size": "Google Drive / Baidu folders (Image__8bit_NirRGB, "
                         "Annotation__index, ...); no single archive",
        "description": "150 Gaofen-2 scenes (about 6800x7200 px, 4 m) over China, 8-bit "
                       "NIR-R-G-B GeoTIFFs annotated with 24 land-cover classes (index masks "
                       "<scene>_24label.png, 0 unlabelled); windowed chips of the scenes. "
                       "No official split: 'train' holds every scene.",
    },
]

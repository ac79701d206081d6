"""Spec of UAVid (plain data: imported when listing).

Facts from the publisher: the dataset page https://uavid.nl/ (Downloads section), the paper
(Lyu et al., ISPRS J. Photogramm. Remote Sens. 165, 2020; arXiv 1810.10438) and the authors'
toolkit github.com/YeLyuUT/UAVidToolKit (``colorTransformer.py``: the class colours;
``prepareTrainIdFiles.py``/``evaluate.py``: ``<split>/seq<k>/Images|Labels/<frame>.png``).
"""

from __future__ import annotations

from typing import Any

#: the image release's archive and the folder it extracts to
UAVID_ARCHIVE = "uavid_v1.5_official_release_image.zip"
UAVID_FOLDER = "uavid_v1.5_official_release_image"
#: split -> its folder names: the release's first, then the toolkit README's renames
UAVID_SPLIT_FOLDERS: dict[str, tuple[str, ...]] = {
    "train": ("uavid_train", "train"),
    "val": ("uavid_val", "valid"),
    "test": ("uavid_test", "test"),
}
#: label colours (R, G, B) in the order of ``classes`` (index = class code): the train ids
#: of the authors' toolkit (UAVidToolKit ``colorTransformer.py``, which its ``evaluate.py``
#: scores), not the paper's column order
UAVID_COLORS: tuple[tuple[int, int, int], ...] = (
    (0, 0, 0),  # background clutter
    (128, 0, 0),  # building
    (128, 64, 128),  # road
    (192, 0, 192),  # static car
    (0, 128, 0),  # tree
    (128, 128, 0),  # low vegetation
    (64, 64, 0),  # human
    (64, 0, 128),  # moving car
)
UAVID_HOMEPAGE = "https://uavid.nl/"

SPECS: list[dict[str, Any]] = [
    {
        "name": "uavid",
        "target": "geoplug.datasets.uavid:UAVid",
        "task": "segmentation",
        "kind": "nongeo",
        "sensors": ("RGB",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": 8,
        "classes": ("clutter", "building", "road", "static car", "tree", "low vegetation",
                    "human", "moving car"),
        "splits": ("train", "val", "test"),
        "num_samples": 420,
        "license": "CC-BY-NC-SA-4.0",
        "homepage": UAVID_HOMEPAGE,
        "citation": (
            "@article{lyu2020uavid,\n  title={UAVid: A semantic segmentation dataset for UAV "
            "imagery},\n  author={Lyu, Ye and Vosselman, George and Xia, Gui-Song and Yilmaz, "
            "Alper and Yang, Michael Ying},\n  journal={ISPRS Journal of Photogrammetry and "
            "Remote Sensing},\n  volume={165},\n  pages={108--119},\n  year={2020},\n"
            "  doi={10.1016/j.isprsjprs.2020.05.009}\n}"
        ),
        "download_size": f"one archive, {UAVID_ARCHIVE} (from the homepage's Downloads)",
        "description": "420 oblique UAV video frames (RGB PNG, 3840x2160 or 4096x2160 px) of "
                       "urban scenes, sampled from video sequences: uavid_train/seq<k>/"
                       "Images/<frame>.png with colour-coded Labels/<frame>.png (200 frames), "
                       "uavid_val (70) and uavid_test (150, labels kept for the benchmark). "
                       "Label colours map to the toolkit's 8 train ids: 0 clutter (0,0,0), "
                       "1 building (128,0,0), 2 road (128,64,128), 3 static car (192,0,192), "
                       "4 tree (0,128,0), 5 low vegetation (128,128,0), 6 human (64,64,0), "
                       "7 moving car (64,0,128).",
    },
]

"""Spec of SECOND, the SEmantic Change detectiON Dataset (plain data: imported when listing).

Facts from the publisher and the code that reads its files: the paper (Yang et al., arXiv
2010.05687, IEEE TGRS 2022), the project page http://www.captain-whu.com/project/SCD/, and the
colour table and folder names used by the loaders published with Bi-SRNet
(github.com/ggsDing/Bi-SRNet, ``datasets/RS_ST.py``) and Open-CD (``SECOND_Dataset``).
"""

from __future__ import annotations

from typing import Any

#: class names, in the order of their integer codes (0 = no change: white in both labels)
SECOND_CLASSES = ("no change", "water", "non-vegetated ground surface", "low vegetation",
                  "tree", "building", "playground")
#: RGB colour of each class in ``label1/`` and ``label2/``, in the order of SECOND_CLASSES
SECOND_COLOURS: tuple[tuple[int, int, int], ...] = (
    (255, 255, 255),  # no change
    (0, 0, 255),  # water
    (128, 128, 128),  # non-vegetated ground surface
    (0, 128, 0),  # low vegetation
    (0, 255, 0),  # tree
    (128, 0, 0),  # building
    (255, 0, 0),  # playground (sports field)
)
#: split -> the folders that may hold its ``im1/ im2/ label1/ label2/``: the name most copies
#: use, the folder of the publisher's training archive, and capitalised variants
SECOND_FOLDERS = {
    "train": ("train", "SECOND_train_set", "Train"),
    "test": ("test", "SECOND_test_set", "Test"),
}

SPECS: list[dict[str, Any]] = [
    {
        "name": "second",
        "aliases": ("second_scd",),
        "target": "geoplug.datasets.second:SECOND",
        # per-date semantic masks [2,H,W]: not the binary change_detection sample
        "task": "semantic_change_detection",
        "kind": "nongeo",
        "sensors": ("aerial RGB (several platforms and sensors)",),
        "bands": ("R", "G", "B"),
        "rgb_bands": ("R", "G", "B"),
        "num_classes": len(SECOND_CLASSES),
        "classes": SECOND_CLASSES,
        "splits": tuple(SECOND_FOLDERS),
        "patch_size": 512,
        "num_samples": 4662,
        "license": "research use (no licence stated by the publisher)",
        "homepage": "http://www.captain-whu.com/project/SCD/",
        "citation": (
            "@article{yang2022second,\n  title={Asymmetric Siamese Networks for Semantic "
            "Change Detection in Aerial Images},\n  author={Yang, Kunping and Xia, Gui-Song "
            "and Liu, Zicheng and Du, Bo and Yang, Wen and Pelillo, Marcello and Zhang, "
            "Liangpei},\n  journal={IEEE Transactions on Geoscience and Remote Sensing},\n"
            "  volume={60},\n  year={2022},\n  note={arXiv:2010.05687}\n}"),
        "download_size": "one archive of the released training set (Baidu or Google Drive)",
        "description": (
            "SECOND: 4,662 pairs of 512x512 aerial RGB images (0.5-3 m) of Hangzhou, "
            "Chengdu and Shanghai with a semantic label per date; only the changed pixels "
            "are labelled, in 6 land-cover classes (water, non-vegetated ground surface, low "
            "vegetation, tree, building, playground), unchanged pixels are white. "
            "<split>/{im1,im2,label1,label2}/<nnnnn>.png (labels colour-coded RGB); the "
            "publisher released the 2,968 training pairs (SECOND_train_set), the test "
            "labels were withheld (a test split without label folders has no mask). "
            "mask[t] holds the class codes of date t, 0 = no change."),
    },
]

"""Fake 38-Cloud / 95-Cloud in the publisher's tree (Kaggle/SFU vault release).

``38-Cloud_training/train_{red,green,blue,nir,gt}/<band>_<patch name>.TIF`` with
``training_patches_38-Cloud.csv``, ``38-Cloud_test/test_<band>/`` with
``test_patches_38-Cloud.csv``, ``training_patches_38-cloud_nonempty.csv`` at the root, and
for 95-Cloud ``95-cloud_training_only_additional_to38-cloud/train_<band>_additional_to38cloud/``
with ``training_patches_95-cloud_nonempty.csv``. Patches are 16x12 px (the release has
384x384), un-georeferenced uint16 band TIFs whose pixels encode patch, band, row and column
(:func:`fakedata._segutil.coded_image`); ground truth is uint8 0/255 hashed from patch, row
and column. The last training patch of 38-Cloud is all zero (scene margin) and left out of
the non-empty lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._segutil import coded_image, coded_labels, write_tif

#: folder colours in the loader's band order (B4, B3, B2, B5)
COLOURS = ("red", "green", "blue", "nir")
HEIGHT, WIDTH = 16, 12
_S1 = "LC08_L1TP_002053_20160520_20170324_01_T1"
_S2 = "LC08_L1TP_035034_20160120_20170224_01_T1"
_S3 = "LC08_L1TP_064015_20160420_20170223_01_T1"
TRAIN = [f"patch_1_1_by_1_{_S1}", f"patch_2_1_by_2_{_S1}", f"patch_3_1_by_3_{_S1}",
         f"patch_4_1_by_4_{_S1}"]
EMPTY = TRAIN[-1]
#: in an order that is neither sorted nor reverse-sorted, to tell the CSV from a listing
TEST = [f"patch_11_1_by_11_{_S2}", f"patch_9_1_by_9_{_S2}", f"patch_10_1_by_10_{_S2}"]
EXTRA = [f"patch_100_5_by_16_{_S3}", f"patch_7_1_by_7_{_S3}"]
EXTRA_EMPTY = EXTRA[1]
#: patch name -> the index its pixels encode
INDEX = {name: i for i, name in enumerate(TRAIN + TEST + EXTRA)}


def band(name: str, b: int) -> np.ndarray:
    """Band ``b`` (position in :data:`COLOURS`) of patch ``name``, ``[H, W]`` uint16."""
    if name in (EMPTY, EXTRA_EMPTY):
        return np.zeros((HEIGHT, WIDTH), np.uint16)
    return coded_image(INDEX[name], len(COLOURS), HEIGHT, WIDTH, "uint16")[b]


def cloud(name: str) -> np.ndarray:
    """The 0/1 cloud map of patch ``name`` (the file stores it as 0/255)."""
    return coded_labels(INDEX[name], HEIGHT, WIDTH, 2)


def _patch(folder: Path, prefix: str, suffix: str, name: str, gt: bool) -> None:
    for b, colour in enumerate(COLOURS):
        write_tif(folder / f"{prefix}_{colour}{suffix}" / f"{colour}_{name}.TIF",
                  band(name, b), crs=None)
    if gt:
        write_tif(folder / f"{prefix}_gt{suffix}" / f"gt_{name}.TIF",
                  (cloud(name) * 255).astype(np.uint8), crs=None)


def _names_csv(path: Path, names: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("name\n" + "".join(f"{n}\n" for n in names))


def make(root: Path, extra: bool = True) -> dict[str, Any]:
    """Write 38-Cloud (and, with ``extra``, 95-Cloud's additional training part) under root."""
    train, test = root / "38-Cloud_training", root / "38-Cloud_test"
    for name in TRAIN:
        _patch(train, "train", "", name, gt=True)
    for name in TEST:
        _patch(test, "test", "", name, gt=False)
    _names_csv(train / "training_patches_38-Cloud.csv", TRAIN)
    _names_csv(test / "test_patches_38-Cloud.csv", TEST)
    (train / "training_sceneids_38-Cloud.csv").write_text(f"name\n{_S1}\n")
    _names_csv(root / "training_patches_38-cloud_nonempty.csv", TRAIN[:-1])
    if extra:
        folder = root / "95-cloud_training_only_additional_to38-cloud"
        for name in EXTRA:
            _patch(folder, "train", "_additional_to38cloud", name, gt=True)
        _names_csv(folder / "training_patches_95-cloud_nonempty.csv", TRAIN[:-1] + EXTRA[:1])
    return {"train": TRAIN, "test": TEST, "extra": EXTRA}

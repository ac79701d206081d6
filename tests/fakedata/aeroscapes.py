"""Fake AeroScapes: ``aeroscapes.tar.gz`` as the publisher's ``download.sh`` saves it.

The archive holds ``aeroscapes/JPEGImages/<id>.jpg`` (RGB JPEG), ``SegmentationClass/<id>.png``
(one band, codes 0-11), ``Visualizations/<id>.png`` (colour renderings, which the loader must
not read) and ``ImageSets/trn.txt`` / ``val.txt`` (ids, one per line). Frames are 16x9 px (the
1280x720 aspect); image pixels encode the frame, band, row and column
(:func:`fakedata._segutil.coded_image`; JPEG is lossy: compare with Pillow's decoding of the
file), label codes are a hash of the frame, row and column, so a mask proves its frame.
``trn.txt`` lists its ids out of name order, to prove the loader keeps the list's order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, tar_tree

FOLDER = "aeroscapes"
ARCHIVE = "aeroscapes.tar.gz"
W, H = 16, 9
CLASSES = 12
#: split -> ids in the order of its list file
IDS: dict[str, list[str]] = {"train": ["000003_010", "000001_001", "000001_002"],
                             "val": ["000002_001", "000002_005"]}
LISTS = {"train": "trn.txt", "val": "val.txt"}


def index(ident: str) -> int:
    """A number unique to a frame, encoded into its pixels."""
    sequence, frame = ident.split("_")
    return int(sequence) * 20 + int(frame)


def image(ident: str) -> np.ndarray:
    """``[3,H,W]`` uint8 pixels of the frame."""
    return coded_image(index(ident), 3, H, W)


def labels(ident: str) -> np.ndarray:
    """``[H,W]`` int64 class codes 0-11 of the frame."""
    return coded_labels(index(ident), H, W, CLASSES)


def image_path(root: Path, ident: str) -> Path:
    return root / FOLDER / "JPEGImages" / f"{ident}.jpg"


def label_path(root: Path, ident: str) -> Path:
    return root / FOLDER / "SegmentationClass" / f"{ident}.png"


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    for name in ("JPEGImages", "SegmentationClass", "Visualizations", "ImageSets"):
        (stage / FOLDER / name).mkdir(parents=True, exist_ok=True)
    palette = np.random.default_rng(0).integers(0, 256, (CLASSES, 3), dtype=np.uint8)
    for split, ids in IDS.items():
        (stage / FOLDER / "ImageSets" / LISTS[split]).write_text("".join(f"{i}\n" for i in ids))
        for ident in ids:
            Image.fromarray(image(ident).transpose(1, 2, 0)).save(
                image_path(stage, ident), quality=100, subsampling=0)
            Image.fromarray(labels(ident).astype(np.uint8)).save(label_path(stage, ident))
            Image.fromarray(palette[labels(ident)]).save(
                stage / FOLDER / "Visualizations" / f"{ident}.png")
    archive = tar_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}}

"""Fake UAVid: ``uavid_v1.5_official_release_image.zip`` as the publisher ships it.

The archive holds ``uavid_v1.5_official_release_image/uavid_train|uavid_val/seq<k>/Images/
<frame>.png`` (RGB) with colour-coded ``Labels/<frame>.png`` (RGB), and ``uavid_test/seq<k>/
Images/`` without labels. Frames are 16x9 px (the 3840x2160 aspect) or 17x9 px in one
sequence (the 4096x2160 frames); sequence numbers above 9 check the numeric order. Image
pixels encode the frame, band, row and column (:func:`fakedata._segutil.coded_image`); label
classes are a hash of the frame, row and column, so a mask proves which frame it came from.
One label pixel per frame has a colour of no class (the toolkit reads it as clutter).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, zip_tree

ARCHIVE = "uavid_v1.5_official_release_image.zip"
FOLDER = "uavid_v1.5_official_release_image"
H = 9
WIDTHS = {"default": 16, "seq10": 17}
#: split folder -> sequence -> frame names, in the loader's order
FRAMES: dict[str, dict[str, list[str]]] = {
    "uavid_train": {"seq2": ["000000", "000100"], "seq10": ["000000", "000900"]},
    "uavid_val": {"seq16": ["000000", "000300"]},
    "uavid_test": {"seq3": ["000000"], "seq28": ["000100", "000200"]},
}
SPLITS = {"train": "uavid_train", "val": "uavid_val", "test": "uavid_test"}
#: the publisher's colours, in the toolkit's train-id order (clutter ... moving car)
COLORS = [(0, 0, 0), (128, 0, 0), (128, 64, 128), (192, 0, 192), (0, 128, 0), (128, 128, 0),
          (64, 64, 0), (64, 0, 128)]
#: a colour of no class, written at :data:`STRAY` in every label
STRAY_COLOR, STRAY = (255, 255, 255), (1, 2)


def index(sequence: str, frame: str) -> int:
    """A number unique to a frame (sequence and frame number), encoded into its pixels."""
    return int(sequence[3:]) * 10 + int(frame) // 100


def width(sequence: str) -> int:
    return WIDTHS.get(sequence, WIDTHS["default"])


def image(sequence: str, frame: str) -> np.ndarray:
    """``[3,H,W]`` uint8 pixels of the frame."""
    return coded_image(index(sequence, frame), 3, H, width(sequence))


def classes(sequence: str, frame: str) -> np.ndarray:
    """``[H,W]`` int64 class codes the label encodes (0 where the stray colour is)."""
    codes = coded_labels(index(sequence, frame), H, width(sequence), len(COLORS))
    codes[STRAY] = 0
    return codes


def label_rgb(sequence: str, frame: str) -> np.ndarray:
    """``[H,W,3]`` uint8 colour-coded label of :func:`classes` (stray pixel included)."""
    codes = coded_labels(index(sequence, frame), H, width(sequence), len(COLORS))
    rgb = np.asarray(COLORS, dtype=np.uint8)[codes]
    rgb[STRAY] = STRAY_COLOR
    return rgb


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    for split, sequences in FRAMES.items():
        for sequence, frames in sequences.items():
            base = stage / FOLDER / split / sequence
            (base / "Images").mkdir(parents=True, exist_ok=True)
            for frame in frames:
                Image.fromarray(image(sequence, frame).transpose(1, 2, 0)).save(
                    base / "Images" / f"{frame}.png")
                if split != "uavid_test":
                    (base / "Labels").mkdir(exist_ok=True)
                    Image.fromarray(label_rgb(sequence, frame)).save(
                        base / "Labels" / f"{frame}.png")
    archive = zip_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}}


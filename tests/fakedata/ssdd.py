"""Fake SSDD: the ``Official-SSDD-OPEN`` tree the publisher's RAR extracts to, with the
horizontal-box variant ``BBox_SSDD/voc_style`` written in full (``JPEGImages``,
``JPEGImages_train``, ``JPEGImages_test``, ``Annotations``, ``Annotations_train``,
``Annotations_test``, ``Annotations_test_inshore``, ``Annotations_test_offshore``,
``ImageSets/Main/<split>.txt``) and a ``RBox_SSDD/voc_style`` beside it whose XML holds only
rotated boxes (the loader must not read it).

Images ``000001`` ... ``000012`` vary in size; image ``k`` holds the grey value :func:`value`
at (row, col): ramps offset by ``12 k``, far more than JPEG's error. They are one-channel
JPEGs except ``RGB_IMAGE``, written grey-as-RGB. The test images are hard-coded (not computed
from the rule) so that a test can check the rule against them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

NUMBERS = list(range(1, 13))
#: the official test images among them: file numbers ending in 1 or 9
TEST = ["000001", "000009", "000011"]
INSHORE = ["000009"]
OFFSHORE = ["000001", "000011"]
RGB_IMAGE = 6


def stem(k: int) -> str:
    return f"{k:06d}"


def shape(k: int) -> tuple[int, int]:
    """(height, width) of image ``k``: sizes vary, never square."""
    return 16 + k % 3, 24 + k % 4


def value(k: int, row: Any, col: Any) -> Any:
    """The grey value written at (row, col) of image ``k``."""
    return 12 * k + 2 * col + row


def image(k: int) -> np.ndarray:
    """Image ``k`` as written (before JPEG), uint8 ``[H, W]``."""
    rows, cols = np.mgrid[0 : shape(k)[0], 0 : shape(k)[1]]
    return value(k, rows, cols).astype(np.uint8)


def boxes(k: int) -> list[tuple[int, int, int, int]]:
    """Image ``k``'s ships (xmin, ymin, xmax, ymax): one, two on even numbers."""
    found = [(k, 2, k + 5, 8)]
    if k % 2 == 0:
        found.append((3, 9, 12, 14))
    return found


def splits() -> dict[str, list[str]]:
    test = set(TEST)
    return {"train": [stem(k) for k in NUMBERS if stem(k) not in test], "test": TEST,
            "test_inshore": INSHORE, "test_offshore": OFFSHORE}


def annotation(k: int, rotated: bool = False) -> str:
    """Image ``k``'s VOC XML (``rotated``: RBox-SSDD's, with no ``<bndbox>``)."""
    height, width = shape(k)
    objects = []
    for x0, y0, x1, y1 in boxes(k):
        if rotated:
            box = (f"<rotated_bndbox><cx>{(x0 + x1) / 2}</cx><cy>{(y0 + y1) / 2}</cy>"
                   f"<w>{x1 - x0}</w><h>{y1 - y0}</h><angle>0</angle></rotated_bndbox>")
        else:
            box = (f"<bndbox><xmin>{x0}</xmin><ymin>{y0}</ymin><xmax>{x1}</xmax>"
                   f"<ymax>{y1}</ymax></bndbox>")
        objects.append(f"  <object>\n    <name>ship</name>\n    <pose>Unspecified</pose>\n"
                       f"    <truncated>0</truncated>\n    <difficult>0</difficult>\n"
                       f"    {box}\n  </object>\n")
    return (f"<annotation>\n  <folder>JPEGImages</folder>\n  <filename>{stem(k)}.jpg"
            f"</filename>\n  <source>\n    <database>SSDD</database>\n  </source>\n  <size>\n"
            f"    <width>{width}</width>\n    <height>{height}</height>\n    <depth>3</depth>\n"
            f"  </size>\n  <segmented>0</segmented>\n{''.join(objects)}</annotation>\n")


def _variant(base: Path, rotated: bool) -> None:
    from PIL import Image

    folders: dict[str, list[str]] = {"": [stem(k) for k in NUMBERS]}
    folders.update(splits())
    for k in NUMBERS:
        grey = image(k)
        array = np.stack([grey] * 3, axis=-1) if k == RGB_IMAGE else grey
        path = base / "JPEGImages" / f"{stem(k)}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(array).save(path, quality=100, subsampling=0)
    for split, stems in folders.items():
        suffix = f"_{split}" if split else ""
        notes = base / f"Annotations{suffix}"
        notes.mkdir(parents=True)
        for name in stems:
            (notes / f"{name}.xml").write_text(annotation(int(name), rotated), encoding="utf-8")
        if split in ("train", "test"):  # the release copies the images by split too
            images = base / f"JPEGImages_{split}"
            images.mkdir()
            for name in stems:
                shutil.copy(base / "JPEGImages" / f"{name}.jpg", images / f"{name}.jpg")
        if split:
            lists = base / "ImageSets" / "Main"
            lists.mkdir(parents=True, exist_ok=True)
            (lists / f"{split}.txt").write_text("".join(f"{s}\n" for s in stems))


def make(root: Path) -> dict[str, Any]:
    """Write ``root/Official-SSDD-OPEN/`` as the RAR extracts. Returns ``dir`` (the
    ``BBox_SSDD/voc_style`` folder)."""
    top = root / "Official-SSDD-OPEN"
    _variant(top / "BBox_SSDD" / "voc_style", rotated=False)
    _variant(top / "RBox_SSDD" / "voc_style", rotated=True)
    (top / "BBox_SSDD" / "coco_style" / "annotations").mkdir(parents=True)
    return {"dir": top / "BBox_SSDD" / "voc_style"}

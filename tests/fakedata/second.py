"""Fake SECOND: the publisher's ``SECOND_train_set.zip`` and a label-less ``test/`` folder.

The archive holds ``SECOND_train_set/{im1,im2,label1,label2}/<nnnnn>.png`` (five-digit,
non-consecutive numbers as the publisher's files have); ``test/`` holds only ``im1/`` and
``im2/`` (the test labels were never released). Chips are ``HEIGHT`` x ``WIDTH`` (not square,
so a transposed read fails).

Pair ``g`` (numbered across the splits) has images ``coded_image(2 g)`` (im1) and
``coded_image(2 g + 1)`` (im2): file, band, row and column in every pixel. Its labels hash the
pair, row and column: about a third of the pixels are unchanged (white in both labels), the
others carry a class hashed from the pair, the date, row and column, written in the
publisher's colours (``COLOURS``, listed here independently of the loader's table).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, write_png
from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, zip_tree

HEIGHT, WIDTH = 12, 16
#: the publisher's file numbers of each split (train first: pair g counts across splits)
IDS = {"train": ("00003", "00010", "00026", "00101"), "test": ("00007", "00042")}
ARCHIVE = "SECOND_train_set.zip"
TOP = "SECOND_train_set"
#: label colour of each class code: no change (white), water, ground, low vegetation, tree,
#: building, playground
COLOURS = np.array([(255, 255, 255), (0, 0, 255), (128, 128, 128), (0, 128, 0), (0, 255, 0),
                    (128, 0, 0), (255, 0, 0)], dtype=np.uint8)


def number(split: str, n: int) -> int:
    """Pair number ``g`` of the ``n``-th file of ``split``."""
    return (len(IDS["train"]) if split == "test" else 0) + n


def image(g: int, date: int) -> np.ndarray:
    """The ``[3,H,W]`` uint8 image of pair ``g`` on ``date`` (0 = im1, 1 = im2)."""
    return coded_image(2 * g + date, 3, HEIGHT, WIDTH)


def codes(g: int, date: int) -> np.ndarray:
    """The ``[H,W]`` class codes of pair ``g`` on ``date``: 0 where nothing changed (the same
    pixels on both dates), 1-6 elsewhere."""
    changed = coded_labels(g, HEIGHT, WIDTH, 3) > 0
    classes = 1 + coded_labels(1000 * (date + 1) + g, HEIGHT, WIDTH, 6)
    return np.where(changed, classes, 0).astype(np.int64)


def _write_pair(folder: Path, name: str, g: int, labelled: bool) -> None:
    for date, sub in enumerate(("im1", "im2")):
        write_png(folder / sub / name, image(g, date).transpose(1, 2, 0))
        if labelled:
            write_png(folder / f"label{date + 1}" / name, COLOURS[codes(g, date)])


def make(root: Path) -> dict[str, object]:
    """Write ``SECOND_train_set.zip`` and ``test/`` into ``root``; return ``dir``, ``archives``
    (name -> md5) and ``ids``."""
    staging = root / "_staging"
    for n, ident in enumerate(IDS["train"]):
        _write_pair(staging / TOP, f"{ident}.png", number("train", n), labelled=True)
    archive = zip_tree(root / ARCHIVE, staging, files_under(staging))
    unstage(staging, root, extract=False)
    for n, ident in enumerate(IDS["test"]):
        _write_pair(root / "test", f"{ident}.png", number("test", n), labelled=False)
    return {"dir": root, "archives": {archive.name: md5(archive)}, "ids": IDS}

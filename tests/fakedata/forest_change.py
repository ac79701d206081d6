"""Fake Forest-Change: the publisher's ``Forest-Change-dataset.zip`` holding
``Forest-Change-dataset/images/<split>/{A,B,label}/<split>_<n:06d>.png`` and
``Forest-Change-dataset/ForestChatcaptions.json`` (LEVIR-CC style: ``images`` with
``filename``, ``filepath``, ``split``, ``imgid``, ``sentences`` of ``tokens``/``raw``).

Pairs are numbered ``g`` across the splits (train 0-10, val 11-12, test 13-14): image A of
pair ``g`` is ``coded_image(2 g)``, B ``coded_image(2 g + 1)`` (file, band, row and column in
every pixel) and the mask (0 / 255) is hashed from the pair, row and column. Captions name
their pair (``pair g caption k``); one sentence is blank, as a stray empty caption would be.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import md5, write_png
from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, zip_tree

COUNTS = {"train": 11, "val": 2, "test": 2}
HEIGHT, WIDTH = 12, 16
ARCHIVE = "Forest-Change-dataset.zip"
FOLDER = "Forest-Change-dataset"


def number(split: str, n: int) -> int:
    """The pair's number across the splits (``n`` 0-based, as in the file name)."""
    splits = list(COUNTS)
    return sum(COUNTS[s] for s in splits[:splits.index(split)]) + n


def name(split: str, n: int) -> str:
    return f"{split}_{n:06d}.png"


def image(g: int, date: int) -> np.ndarray:
    """The ``[3, H, W]`` uint8 image of pair ``g`` on ``date`` (0 = A, 1 = B)."""
    return coded_image(2 * g + date, 3, HEIGHT, WIDTH)


def change(g: int) -> np.ndarray:
    """The 0/1 deforestation map of pair ``g``."""
    return coded_labels(g, HEIGHT, WIDTH, 2).astype(np.uint8)


def captions(g: int) -> list[str]:
    """The five captions of pair ``g`` as written."""
    return [f"pair {g} caption {k}: the forest was cleared." for k in range(5)]


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write the archive into ``root`` (and, with ``extract``, its folder); return ``dir``
    and ``archives`` (name -> md5)."""
    stage = root / ".stage"
    base = stage / FOLDER
    entries: list[dict[str, Any]] = []
    for split, count in COUNTS.items():
        for n in range(count):
            g = number(split, n)
            folder = base / "images" / split
            write_png(folder / "A" / name(split, n), image(g, 0).transpose(1, 2, 0))
            write_png(folder / "B" / name(split, n), image(g, 1).transpose(1, 2, 0))
            write_png(folder / "label" / name(split, n), change(g) * 255)
            sentences = [{"tokens": text.rstrip(".").split(), "raw": f" {text}", "imgid": g,
                          "sentid": 5 * g + k} for k, text in enumerate(captions(g))]
            if g == 0:  # a blank sentence among the five: not a caption
                sentences.insert(2, {"tokens": [], "raw": " ", "imgid": 0, "sentid": 99})
            entries.append({"filepath": split, "filename": name(split, n), "imgid": g,
                            "split": split, "sentences": sentences, "changeflag": 1})
    (base / "ForestChatcaptions.json").write_text(json.dumps({"images": entries}))
    archive = zip_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}}

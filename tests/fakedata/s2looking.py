"""Fake S2Looking: ``S2Looking.zip`` holding ``S2Looking/{train,val,test}/{Image1,Image2,label,
label1,label2}/<id>.png``, as the publisher's one archive does (with the macOS leftovers it
ships: ``__MACOSX/`` and ``.DS_Store``).

Ids come from one pool shared by the splits and are listed out of order (train holds 2, 9, 10
and 25, so numeric and text order differ). ``Image1/<id>`` is ``coded_image(2 id)``,
``Image2/<id>`` ``coded_image(2 id + 1)`` (file, band, row and column in every pixel);
``label1`` (newly built) is a blue-only RGB map and ``label2`` (demolished) a red-only one,
each 0 / 255 and hashed from the id, row and column; ``label`` is their union in grey 0 / 255,
as in the release.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, write_png
from fakedata._segutil import coded_image, coded_labels, files_under, zip_tree

IDS = {"train": (10, 3, 25, 2, 9), "val": (7, 1), "test": (100, 4, 11)}
SIZE = 16
ARCHIVE = "S2Looking.zip"


def image(n: int, date: int) -> np.ndarray:
    """The [3,H,W] uint8 image of pair ``n`` on ``date`` (0 = Image1, 1 = Image2)."""
    return coded_image(2 * n + date, 3, SIZE, SIZE)


def built(n: int) -> np.ndarray:
    """The [H,W] bool newly-built map (``label1``) of pair ``n``."""
    return coded_labels(2 * n, SIZE, SIZE, 2).astype(bool)


def demolished(n: int) -> np.ndarray:
    """The [H,W] bool demolished map (``label2``) of pair ``n``."""
    return coded_labels(2 * n + 1, SIZE, SIZE, 2).astype(bool)


def change(n: int) -> np.ndarray:
    """The [H,W] bool change map (``label``) of pair ``n``: either building map."""
    return built(n) | demolished(n)


def _colour(marked: np.ndarray, channel: int) -> np.ndarray:
    """An [H,W,3] uint8 map, 255 in ``channel`` where ``marked``, 0 elsewhere."""
    out = np.zeros((*marked.shape, 3), dtype=np.uint8)
    out[..., channel] = marked * 255
    return out


def make(root: Path) -> dict[str, object]:
    """Write ``S2Looking.zip`` into ``root``; return ``dir``, ``archives`` (name -> md5) and
    ``ids``."""
    staging = root / "_staging"
    for split, ids in IDS.items():
        folder = staging / "S2Looking" / split
        for n in ids:
            name = f"{n}.png"
            for date, sub in enumerate(("Image1", "Image2")):
                write_png(folder / sub / name, image(n, date).transpose(1, 2, 0))
            write_png(folder / "label" / name, change(n).astype(np.uint8) * 255)
            write_png(folder / "label1" / name, _colour(built(n), 2))
            write_png(folder / "label2" / name, _colour(demolished(n), 0))
        (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
        junk = staging / "__MACOSX" / "S2Looking" / split / "Image1" / f"._{ids[0]}.png"
        junk.parent.mkdir(parents=True, exist_ok=True)
        junk.write_bytes(b"\x00\x05\x16\x07")
    archive = zip_tree(root / ARCHIVE, staging, files_under(staging))
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}, "ids": IDS}

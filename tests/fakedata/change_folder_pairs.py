"""Fake SYSU-CD, CDD and DSIFN-CD: split folders of same-stem image pairs and change masks, in
each publisher's names and formats.

- SYSU-CD: ``SYSU-CD/<split>/{time1,time2,label}/<nnnnn>.png`` (label 0 / 255);
- CDD: ``ChangeDetectionDataset/Real/subset/<split>/{A,B,OUT}/<nnnnn>.jpg`` (OUT a JPEG
  0 / 255 mask), next to the synthetic ``Model/`` images the archive also holds;
- DSIFN-CD: ``<split>/{t1,t2}/<n>.jpg`` with ``<split>/mask/<n>.png`` (``.tif`` in test).

Chips are ``HEIGHT`` x ``WIDTH`` (not square, so a transposed read fails). Pair ``g`` counts
across a dataset's splits in the order written. PNG images are ``coded_image(2 g + date)``
(file, band, row and column in every pixel). JPEG is lossy, so JPEG images carry a smooth
code instead, ``8 f + 30 b + 5 row + col`` for file ``f = 2 g + date`` (:func:`smooth`), that
a decoder reproduces within a few levels; masks hash the pair, row and column
(``coded_labels``), written 0 / 255.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from fakedata._dc_util import write_png
from fakedata._segutil import coded_image, coded_labels

HEIGHT, WIDTH = 12, 16


@dataclass(frozen=True)
class Layout:
    """Where and how one dataset's files are written."""

    base: str  # the folder holding ``<split>/`` under the generator's root
    folders: tuple[str, str, str]  # before, after, mask
    image_suffix: str
    mask_suffix: dict[str, str]  # per split
    ids: dict[str, tuple[str, ...]]  # file stems per split, in the order written


LAYOUTS = {
    "sysu_cd": Layout("SYSU-CD", ("time1", "time2", "label"), ".png",
                      {"train": ".png", "val": ".png", "test": ".png"},
                      {"train": ("00010", "00002", "00101"), "val": ("00004", "00000"),
                       "test": ("00007",)}),
    "cdd": Layout("ChangeDetectionDataset/Real/subset", ("A", "B", "OUT"), ".jpg",
                  {"train": ".jpg", "val": ".jpg", "test": ".jpg"},
                  {"train": ("00012", "00003", "00120"), "val": ("00001", "00000"),
                   "test": ("00005", "00002")}),
    "dsifn_cd": Layout("", ("t1", "t2", "mask"), ".jpg",
                       {"train": ".png", "val": ".png", "test": ".tif"},
                       {"train": ("10", "2", "9"), "val": ("1", "0"), "test": ("3", "11")}),
}


def number(name: str, split: str, stem: str) -> int:
    """The pair number ``g`` of file ``stem`` of ``split``."""
    layout = LAYOUTS[name]
    g = 0
    for s, stems in layout.ids.items():
        if s == split:
            return g + stems.index(stem)
        g += len(stems)
    raise KeyError(split)


def smooth(f: int) -> np.ndarray:
    """``[3,H,W]`` uint8 JPEG-safe code of file ``f``: ``8 f + 30 b + 5 row + col``."""
    rows, cols = np.indices((HEIGHT, WIDTH))
    return np.stack([8 * f + 30 * b + 5 * rows + cols for b in range(3)]).astype(np.uint8)


def image(name: str, g: int, date: int) -> np.ndarray:
    """``[3,H,W]`` uint8 pixels written as image ``date`` (0 before, 1 after) of pair ``g``."""
    f = 2 * g + date
    return smooth(f) if LAYOUTS[name].image_suffix == ".jpg" else coded_image(f, 3, HEIGHT,
                                                                              WIDTH)


def change(g: int) -> np.ndarray:
    """``[H,W]`` bool change map of pair ``g``."""
    return coded_labels(g, HEIGHT, WIDTH, 2).astype(bool)


def _write(path: Path, array: np.ndarray) -> None:
    """``[H,W]`` or ``[H,W,3]`` uint8 as PNG, TIFF or JPEG (quality 100, no chroma
    subsampling), by suffix."""
    if path.suffix == ".png":
        write_png(path, array)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.fromarray(array)
    if path.suffix == ".jpg":
        img.save(path, quality=100, subsampling=0)
    else:
        img.save(path)


def make(root: Path, name: str) -> Path:
    """Write fake ``name`` (a key of :data:`LAYOUTS`) under ``root``; return ``root``."""
    layout = LAYOUTS[name]
    before, after, mask = layout.folders
    for split, stems in layout.ids.items():
        folder = root / layout.base / split
        for stem in stems:
            g = number(name, split, stem)
            for date, sub in enumerate((before, after)):
                _write(folder / sub / f"{stem}{layout.image_suffix}",
                       image(name, g, date).transpose(1, 2, 0))
            _write(folder / mask / f"{stem}{layout.mask_suffix[split]}",
                   change(g).astype(np.uint8) * 255)
    if name == "cdd":  # the archive's synthetic images: never read as the real pairs
        _write(root / "ChangeDetectionDataset/Model/with_shift/train/A/00000.jpg",
               smooth(0).transpose(1, 2, 0))
    return root

"""Fake UCAS-AOD: the extracted package, ``UCAS_AOD/CAR/P0001.png`` with ``P0001.txt`` ...,
``UCAS_AOD/PLANE/P0001.png`` ... (numbers restart per folder) and ``UCAS_AOD/Neg/`` (negatives).
Annotation lines are ``x1 y1 x2 y2 x3 y3 x4 y4 theta cx cy w h``, tab-separated in exponent
notation with a trailing tab, as published.

Images are ``HEIGHT`` x ``WIDTH`` (not square, so a transpose shows). Pixel (row, col) of image
``k`` is :func:`pixel`; PNG is lossless, so tests compare exactly.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

HEIGHT, WIDTH = 14, 22
#: (folder, file number) -> image number k, in the order the loader lists them
IMAGES = {("CAR", 1): 0, ("CAR", 2): 1, ("PLANE", 1): 2, ("PLANE", 2): 3}
#: image number k -> corners of its objects
OBJECTS: dict[int, list[tuple[float, ...]]] = {
    0: [(2, 3, 8, 3, 8, 6, 2, 6), (12.5, 1, 16, 2.25, 15, 6, 11.5, 4.75)],
    1: [(4, 4, 6, 4, 6, 10, 4, 10)],
    2: [(1, 1, 9, 1, 9, 9, 1, 9), (10, 2, 20, 2, 20, 12, 10, 12), (14, 5, 16, 5, 16, 7, 14, 7)],
    3: [],  # an empty annotation file
}


def pixel(k: int, row: Any, col: Any) -> tuple[Any, Any, Any]:
    """The RGB value written at (row, col) of image ``k``."""
    return 11 * k + 3 * col, 9 * k + 5 * row, 50 * k + row + col


def image(k: int) -> np.ndarray:
    """The whole ``[3, HEIGHT, WIDTH]`` image ``k`` as written."""
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH]
    return np.stack(np.broadcast_arrays(*pixel(k, rows, cols))).astype(np.uint8)


def annotation(k: int) -> str:
    """Image ``k``'s annotation file, laid out as the publisher's."""
    lines = []
    for corners in OBJECTS[k]:
        xs, ys = corners[0::2], corners[1::2]
        w = math.dist(corners[0:2], corners[2:4])
        h = math.dist(corners[2:4], corners[4:6])
        theta = math.degrees(math.atan2(corners[3] - corners[1], corners[2] - corners[0]))
        values = [*corners, theta, sum(xs) / 4, sum(ys) / 4, w, h]
        lines.append("".join(f"{v:e}\t" for v in values) + "\n")
    return "".join(lines)


def path(root: Path, k: int) -> Path:
    """The PNG of image ``k`` under ``root``."""
    folder, number = next(key for key, value in IMAGES.items() if value == k)
    return root / "UCAS_AOD" / folder / f"P{number:04d}.png"


def make(root: Path) -> dict[str, Any]:
    """Write ``root/UCAS_AOD/``. Returns ``dir`` (the ``UCAS_AOD`` folder)."""
    from PIL import Image

    base = root / "UCAS_AOD"
    for name in ("CAR", "PLANE", "Neg"):
        (base / name).mkdir(parents=True)
    for k in IMAGES.values():
        png = path(root, k)
        Image.fromarray(image(k).transpose(1, 2, 0)).save(png)
        png.with_suffix(".txt").write_text(annotation(k), encoding="utf-8")
    Image.fromarray(image(9).transpose(1, 2, 0)).save(base / "Neg" / "N0001.png")
    return {"dir": base}

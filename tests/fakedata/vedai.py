"""Fake VEDAI: the folders the publisher's tars extract to, ``Vehicules1024/<id>_co.png``
(RGB) and ``<id>_ir.png`` (8-bit grey), ``Annotations1024/<id>.txt`` (14 columns: cx cy
orientation class contained occluded x1 x2 x3 x4 y1 y2 y3 y4) and the fold lists
``Annotations1024/fold01.txt`` ... ``fold10.txt`` / ``fold01test.txt`` ... (bare ids).

Tiles are ``HEIGHT`` x ``WIDTH`` (not square, so a transpose shows). Pixel (row, col) of tile
``k`` is :func:`pixel`: ramps in the column and row offset by ``k``, the infrared band its
own ramp; PNG is lossless, so tests compare exactly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

HEIGHT, WIDTH = 12, 20
#: tile k -> objects: (class code, x1..x4, y1..y4)
OBJECTS: dict[int, list[tuple[int, tuple[float, ...], tuple[float, ...]]]] = {
    0: [(1, (2, 8, 8, 2), (3, 3, 6, 6)), (31, (10.5, 14, 13, 9.5), (1, 2, 6, 5))],
    1: [(11, (5, 9, 9, 5), (2, 2, 4, 4))],
    2: [],  # a tile without vehicles (empty file)
    3: [(23, (1, 3, 3, 1), (1, 1, 9, 9)), (2, (15, 19, 19, 15), (7, 7, 10, 10)),
        (9, (4, 6, 6, 4), (8, 8, 9, 9))],
}
#: fold -> (train ids, test ids); fold 2 swaps the roles
FOLDS = {1: ([0, 1, 2], [3]), 2: ([3, 2], [0, 1])}
#: a tile in no fold list (the lists decide what a split holds)
UNLISTED = 4


def image_id(k: int) -> str:
    return f"{k + 1000:08d}"


def pixel(k: int, row: Any, col: Any) -> tuple[Any, Any, Any, Any]:
    """The (R, G, B, NIR) value written at (row, col) of tile ``k``."""
    return 10 * k + 3 * col, 7 * k + 5 * row, 40 * k + row, 200 - 9 * k - col - 2 * row


def image(k: int) -> np.ndarray:
    """The whole ``[4, HEIGHT, WIDTH]`` tile ``k`` (R, G, B, NIR) as written."""
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH]
    return np.stack(np.broadcast_arrays(*pixel(k, rows, cols))).astype(np.uint8)


def annotation(k: int) -> str:
    """Tile ``k``'s annotation file, laid out as the publisher's."""
    lines = []
    for number, (code, xs, ys) in enumerate(OBJECTS.get(k, [])):
        cx, cy = sum(xs) / 4, sum(ys) / 4
        fields = [f"{cx:.6f}", f"{cy:.6f}", f"{0.1 * number:.6f}", str(code), "1",
                  str(number % 2), *(f"{v:g}" for v in xs), *(f"{v:g}" for v in ys)]
        lines.append(" ".join(fields) + "\n")
    return "".join(lines)


def make(root: Path) -> dict[str, Any]:
    """Write ``root/Vehicules1024/`` and ``root/Annotations1024/``. Returns ``dir``."""
    from PIL import Image

    images, notes = root / "Vehicules1024", root / "Annotations1024"
    images.mkdir(parents=True)
    notes.mkdir(parents=True)
    for k in [*OBJECTS, UNLISTED]:
        tile = image(k)
        Image.fromarray(tile[:3].transpose(1, 2, 0)).save(images / f"{image_id(k)}_co.png")
        Image.fromarray(tile[3], mode="L").save(images / f"{image_id(k)}_ir.png")
        (notes / f"{image_id(k)}.txt").write_text(annotation(k), encoding="utf-8")
    for fold, (train, test) in FOLDS.items():
        (notes / f"fold{fold:02d}.txt").write_text(
            "".join(f"{image_id(k)}\n" for k in train), encoding="utf-8")
        (notes / f"fold{fold:02d}test.txt").write_text(
            "".join(f"{image_id(k)}\n" for k in test), encoding="utf-8")
    return {"dir": root}


VOLUMES = tuple(f"Vehicules1024.tar.{i:03d}" for i in range(1, 6))


def make_archives(root: Path) -> dict[str, Any]:
    """Write the publisher's downloads in ``root``: ``Vehicules1024.tar`` split into the
    volumes ``VOLUMES`` (byte ranges of one tar) and ``Annotations1024.tar``.

    Returns ``dir`` (``root``), ``archives`` (file name -> MD5) and ``joined`` (the MD5 of
    the whole ``Vehicules1024.tar``).
    """
    import hashlib
    import shutil
    import tarfile

    stage = root / ".stage"
    make(stage)
    md5s: dict[str, str] = {}
    for folder in ("Vehicules1024", "Annotations1024"):
        with tarfile.open(root / f"{folder}.tar", "w") as tar:
            tar.add(stage / folder, arcname=folder)
    whole = (root / "Vehicules1024.tar").read_bytes()
    step = -(-len(whole) // len(VOLUMES))
    for number, name in enumerate(VOLUMES):
        (root / name).write_bytes(whole[number * step:(number + 1) * step])
    (root / "Vehicules1024.tar").unlink()
    shutil.rmtree(stage)
    for name in (*VOLUMES, "Annotations1024.tar"):
        md5s[name] = hashlib.md5((root / name).read_bytes()).hexdigest()
    return {"dir": root, "archives": md5s, "joined": hashlib.md5(whole).hexdigest()}

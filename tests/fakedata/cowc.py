"""Fake COWC patch sets as LLNL ships them.

Per set (``counting`` or ``detection``): one ``COWC_<Set>_<City>.tbz`` per city holding
``<City>/{train,test}/<patch>.png`` (RGB) and ``COWC_{train,test}_list_<suffix>.txt.bz2``
lists of ``<path> <label>`` lines (with a UTF-8 byte-order mark, as published). Pixel (r, c)
of a patch holds :func:`at`: its colour (:func:`pixel`, distinct per patch and channel) plus
``7 r + 3 c + r c`` (mod 256), so a transposed or shifted read shows.
"""

from __future__ import annotations

import bz2
import hashlib
import shutil
import tarfile
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

CITIES = ("Toronto_ISPRS", "Selwyn_LINZ", "Potsdam_ISPRS", "Vaihingen_ISPRS",
          "Columbus_CSUAV_AFRL", "Utah_AGRC")
SETS = {"counting": ("Counting", "64_class"), "detection": ("Detection", "detection")}


def pixel(city: int, split: str, n: int) -> tuple[int, int, int]:
    """The RGB colour of a patch at its origin (distinct per patch and channel)."""
    base = 10 * city + (100 if split == "test" else 0) + n
    return base, base + 1, base + 2


def at(rgb: tuple[int, int, int], row: int, col: int) -> list[int]:
    """The RGB value at (row, col) of the patch whose colour is ``rgb``."""
    return [(v + 7 * row + 3 * col + row * col) % 256 for v in rgb]


def patch(rgb: tuple[int, int, int], size: int) -> np.ndarray:
    """``[size, size, 3]`` uint8 of the patch whose colour is ``rgb``."""
    rows, cols = np.indices((size, size))
    ramp = 7 * rows + 3 * cols + rows * cols
    return (np.stack([v + ramp for v in rgb], axis=-1) % 256).astype(np.uint8)


def make(root: Path, kind: str = "counting", size: int = 16) -> dict[str, Any]:
    """Write the archives and lists of ``kind`` into ``root``.

    Returns ``{"md5": {file: md5}, "rows": {split: [(path, label, rgb)]}}``.
    """
    prefix, suffix = SETS[kind]
    root.mkdir(parents=True, exist_ok=True)
    staging = root / "_staging"
    rows: dict[str, list[tuple[str, int, tuple[int, int, int]]]] = {"train": [], "test": []}
    md5: dict[str, str] = {}
    for c, city in enumerate(CITIES):
        for split, count in (("train", 2), ("test", 1)):
            folder = staging / city / split
            folder.mkdir(parents=True)
            for n in range(count):
                name = f"{city}_{split}_{n:03d}.png"
                rgb = pixel(c, split, n)
                Image.fromarray(patch(rgb, size)).save(folder / name)
                label = (c + n) % 2 if kind == "detection" else (c * 3 + n) % 64
                rows[split].append((f"{city}/{split}/{name}", label, rgb))
        archive = root / f"COWC_{prefix}_{city}.tbz"
        with tarfile.open(archive, "w:bz2") as tar:
            tar.add(staging / city, arcname=city)
    shutil.rmtree(staging)
    for split, entries in rows.items():
        text = "\ufeff" + "".join(f"{path} {label}\n" for path, label, _ in entries)
        (root / f"COWC_{split}_list_{suffix}.txt.bz2").write_bytes(
            bz2.compress(text.encode("utf-8")))
    for path in root.iterdir():
        if path.is_file():
            md5[path.name] = hashlib.md5(path.read_bytes()).hexdigest()
    return {"md5": md5, "rows": rows}

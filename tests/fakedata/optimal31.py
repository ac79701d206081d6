"""Fake OPTIMAL-31: ``OPTIMAL-31.zip`` holding ``OPTIMAL-31/Images/<class>/<class>(<n>).jpg``.

Lower-case, underscore class folders; file numbers in parentheses and unpadded, so
``airplane(10).jpg`` sorts before ``airplane(2).jpg``. Chips from
:mod:`fakedata._scene_folders`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fakedata._scene_folders import make_tree
from geoplug.datasets._catalog.classification_optimal31_siri_whu_coffee import OPTIMAL31_CLASSES

#: (class folder, file name, label) in writing order: file n holds chip(n)
FILES = (
    ("runway", "runway(60).jpg", 30),
    ("airplane", "airplane(2).jpg", 0),
    ("rectangular_farmland", "rectangular_farmland(7).jpg", 28),
    ("airplane", "airplane(10).jpg", 0),
    ("baseball_diamond", "baseball_diamond(1).jpg", 2),
    ("airplane", "airplane(1).jpg", 0),
)


def make(root: Path, top: str = "OPTIMAL-31/Images") -> dict[str, Any]:
    """Write ``OPTIMAL-31.zip`` into ``root`` with the class folders under ``top`` (every
    class's folder, most of them empty)."""
    return make_tree(root, "OPTIMAL-31.zip", top, FILES, OPTIMAL31_CLASSES)

"""Fake WHU-RS19: ``WHU-RS19.zip`` holding ``WHU-RS19/<Class>/<name>.jpg``.

The class folders keep the publisher's mixed case (``footballField``, ``railwayStation``);
file names mix ``_`` and ``-`` as reported for the release (``airport_01.jpg``,
``beach-01.jpg``). The archive's top folder is not documented: tests also move the tree
under another name and to the root. Chips from :mod:`fakedata._scene_folders`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fakedata._scene_folders import make_tree

#: (class folder, file name, label) in writing order: file n holds chip(n)
FILES = (
    ("railwayStation", "railwayStation_01.jpg", 15),
    ("Airport", "airport_02.jpg", 0),
    ("Beach", "beach-01.jpg", 1),
    ("footballField", "footballField_01.jpg", 6),
    ("Airport", "airport_01.jpg", 0),
    ("Viaduct", "viaduct_01.jpg", 18),
)


def make(root: Path, top: str = "WHU-RS19") -> dict[str, Any]:
    """Write ``WHU-RS19.zip`` into ``root`` with the tree under ``top`` ("" for none)."""
    return make_tree(root, "WHU-RS19.zip", top, FILES)

"""Fake RSSCN7: ``RSSCN7-master.zip`` (GitHub's archive of ``palewithout/RSSCN7``) holding
``RSSCN7-master/<letter><Class>/<letter>NNN.jpg``, e.g. ``aGrass/a001.jpg``.

Chips from :mod:`fakedata._scene_folders`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fakedata._scene_folders import make_tree

#: (class folder, file name, label) in writing order: file n holds chip(n)
FILES = (
    ("gParking", "g400.jpg", 6),
    ("aGrass", "a002.jpg", 0),
    ("dRiverLake", "d001.jpg", 3),
    ("aGrass", "a001.jpg", 0),
    ("cIndustry", "c017.jpg", 2),
    ("gParking", "g001.jpg", 6),
)


def make(root: Path, top: str = "RSSCN7-master") -> dict[str, Any]:
    """Write ``RSSCN7-master.zip`` into ``root`` with the tree under ``top``."""
    return make_tree(root, "RSSCN7-master.zip", top, FILES)

"""Fake AID: ``AID.zip`` holding ``AID/<Class>/<class>_<n>.jpg`` as the authors ship it.

CamelCase class folders, lower-case file names with unpadded numbers (so ``airport_10.jpg``
sorts before ``airport_2.jpg``); chips from :mod:`fakedata._scene_folders`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fakedata._scene_folders import make_tree

#: (class folder, file name, label) in writing order: file n holds chip(n)
FILES = (
    ("Airport", "airport_2.jpg", 0),
    ("Airport", "airport_10.jpg", 0),
    ("StorageTanks", "storagetanks_254.jpg", 28),
    ("BareLand", "bareland_53.jpg", 1),
    ("Viaduct", "viaduct_1.jpg", 29),
    ("Airport", "airport_1.jpg", 0),
)


def make(root: Path) -> dict[str, Any]:
    """Write ``AID.zip`` into ``root``; see :func:`fakedata._scene_folders.make_tree`."""
    return make_tree(root, "AID.zip", "AID", FILES)

"""Tiny dataset classes: enough to tell which distribution's class ``get`` returned."""

from __future__ import annotations


class ClashTiles:
    """geoplug-clash's ``example_tiles``."""

    def __init__(self, root: str = "data", split: str = "train") -> None:
        self.root = root
        self.split = split


class LowHighPairs:
    """A super-resolution dataset: low- and high-resolution pairs."""

    def __init__(self, root: str = "data", split: str = "train") -> None:
        self.root = root
        self.split = split

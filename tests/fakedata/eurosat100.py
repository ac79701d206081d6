"""Fake EuroSAT100: ``EuroSAT100.zip`` (the folders of ``EuroSATallBands.zip``) and the lists
``eurosat-100-{train,val,test}.txt``.

The subset's layout is EuroSAT's, so the chips and lists are those of :mod:`fakedata.eurosat`
(3 classes, 2 / 1 / 1 listed chips per class, chip 5 unlisted) under the subset's names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fakedata import eurosat


def make(root: Path) -> dict[str, Any]:
    made = eurosat.make(root, "ms")
    archive = made["archive"].rename(root / "EuroSAT100.zip")
    lists = {s: p.rename(root / f"eurosat-100-{s}.txt") for s, p in made["split_files"].items()}
    return {**made, "archive": archive, "split_files": lists,
            "md5s": {archive.name: made["md5"],
                     **{p.name: made["split_md5"][s] for s, p in lists.items()}}}

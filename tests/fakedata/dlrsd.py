"""Fake DLRSD and UC Merced multi-label tables on top of the fake UC Merced chips.

* the UC Merced archive and split lists of :mod:`fakedata.ucmerced` (one chip is 256x247);
* ``DLRSD.zip`` holding ``DLRSD/Images/<scene class>/<name>.png``: single-band (L) masks whose
  code is ``1 + (row // 8 + 3 * (col // 8) + chip) % 17``, with code 0 (no class) in the top
  left 4x4 pixels of the first chip;
* ``multilabels.zip`` holding ``multilabels/LandUse_Multilabeled.txt``: tab-separated, header
  ``IMAGE\\LABEL`` and the 17 class names as published (``bare-soil``, ``mobile-home``), one row
  per chip of which chip ``k`` has the classes ``k % 17`` and ``(5 * k + 3) % 17``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata import ucmerced
from fakedata._dc_util import md5, write_png
from fakedata._scene_classification import Stage, zip_tree

TABLE_CLASSES = ("airplane", "bare-soil", "buildings", "cars", "chaparral", "court", "dock",
                 "field", "grass", "mobile-home", "pavement", "sand", "sea", "ship", "tanks",
                 "trees", "water")


def chip_names() -> list[tuple[str, str]]:
    """(scene class, chip name) of every fake UC Merced chip, in a fixed order."""
    return [(cls, f"{cls}{n:02d}") for cls in ucmerced.CLASSES for n in range(5)]


def codes(chip: int, rows: int, cols: int) -> np.ndarray:
    r, c = np.mgrid[0:rows, 0:cols]
    out = 1 + (r // 8 + 3 * (c // 8) + chip) % 17
    if chip == 0:
        out[:4, :4] = 0
    return out.astype(np.uint8)


def hot(chip: int) -> list[int]:
    row = [0] * 17
    row[chip % 17] = row[(5 * chip + 3) % 17] = 1
    return row


def make(root: Path) -> dict[str, Any]:
    """All four kinds of file under ``root``; returns the UC Merced generator's output plus
    per chip name its mask codes and multi-hot row, and the md5 of each file."""
    made = ucmerced.make(root)
    masks: dict[str, np.ndarray] = {}
    rows: dict[str, list[int]] = {}
    with Stage() as stage:
        members = []
        for k, (cls, name) in enumerate(chip_names()):
            height = 247 if (cls, int(name[-2:])) == ucmerced.ODD else ucmerced.SIZE
            masks[name] = codes(k, height, ucmerced.SIZE)
            rel = f"DLRSD/Images/{cls}/{name}.png"
            write_png(stage / rel, masks[name])
            members.append(rel)
            rows[name] = hot(k)
        zip_tree(stage, members, root / "DLRSD.zip")
    with Stage() as stage:
        table = stage / "multilabels" / "LandUse_Multilabeled.txt"
        table.parent.mkdir(parents=True)
        lines = ["\t".join(("IMAGE\\LABEL", *TABLE_CLASSES))]
        lines += ["\t".join((name, *map(str, rows[name]))) for _, name in chip_names()]
        table.write_text("\n".join(lines) + "\n")
        zip_tree(stage, ["multilabels/LandUse_Multilabeled.txt"], root / "multilabels.zip")
    md5s = {made["archive"].name: made["md5"],
            **{p.name: made["split_md5"][s] for s, p in made["split_files"].items()},
            "DLRSD.zip": md5(root / "DLRSD.zip"), "multilabels.zip": md5(root / "multilabels.zip")}
    return {**made, "dir": root, "masks": masks, "rows": rows, "md5s": md5s}

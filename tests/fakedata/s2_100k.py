"""Fake S2-100K: ``index.csv`` and ``satclip.tar`` as SatCLIP's README distributes them.

``satclip.tar`` holds ``patch_<i>.tif`` files at its top (the README extracts it inside
``images/``): 12-band uint16 GeoTIFFs whose pixels encode patch, band, row and column
(:func:`at`). The index rows are not in file-name order, and ``patch_7.tif`` is a 1 x 1 px
near-empty patch (the kind SatCLIP's 10 kB filter drops).
"""

from __future__ import annotations

import csv
import tarfile
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import md5, write_tif

SIZE = 8
BANDS = 12
#: index order: (patch number, lon, lat)
ROWS = [(12, -68.25, -54.125), (3, 9.5, 35.75), (7, 25.0, -13.0), (40, 134.25, -15.5)]
SMALL = 7


def at(patch: int, band: int, row: Any, col: Any) -> Any:
    return (1000 * patch + 50 * band + 9 * row + 2 * col + row * col) % 65536


def make(out: Path) -> dict[str, Any]:
    """``index.csv`` and ``satclip.tar`` in ``out``; ``archives``: file -> md5."""
    staging = out / "staging"
    for patch, _, _ in ROWS:
        size = 1 if patch == SMALL else SIZE
        rows, cols = np.indices((size, size))
        image = np.stack([at(patch, b, rows, cols) for b in range(BANDS)]).astype(np.uint16)
        write_tif(staging / f"patch_{patch}.tif", image, crs="EPSG:32633",
                  origin=(500000.0 + 1000 * patch, 4000000.0))
    with open(out / "index.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["fn", "lon", "lat"])
        for patch, lon, lat in ROWS:
            w.writerow([f"patch_{patch}.tif", lon, lat])
    with tarfile.open(out / "satclip.tar", "w") as tf:
        for patch, _, _ in ROWS:
            tf.add(staging / f"patch_{patch}.tif", arcname=f"patch_{patch}.tif")
    return {"dir": out, "archives": {n: md5(out / n) for n in ("index.csv", "satclip.tar")}}

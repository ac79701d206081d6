"""Fake NASA Marine Debris: Source Cooperative's ``source/`` + ``labels/`` files, and MLHub's
two per-chip archives.

Chips are 3-band uint8 GeoTIFFs in web Mercator: band 1 = 16 * row + column, band 2 = 40 *
chip + row, band 3 = 9 * column + chip (chip = position in :data:`CHIPS`).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from fakedata._dc_util import tar_dirs, write_png, write_tif

SIZE = 16
CHIPS = ("20160928_153233_0e16_16816-29821-16", "20170326_153239_0e26_17025-29819-16",
         "20180313_154300_1008_17005-29747-16")
#: label rows per chip: xmin, ymin, xmax, ymax, class (1); the last row of chip 0 is degenerate
BOXES = {0: [(2, 3, 9, 8, 1), (10, 10, 15, 14, 1), (5, 5, 5, 9, 1)],
         1: [(0, 1, 4, 6, 1)],
         2: []}
ORIGIN = (-9530000.0, 1810000.0)
RES = 3.0


def band_values(chip: int) -> np.ndarray:
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    return np.stack([16 * rows + cols, 40 * chip + rows, 9 * cols + chip]).astype(np.uint8)


def origin(chip: int) -> tuple[float, float]:
    return ORIGIN[0] + chip * SIZE * RES, ORIGIN[1]


def _labels(chip: int) -> np.ndarray:
    return np.asarray(BOXES[chip], np.int64).reshape(-1, 5)


def make(root: Path) -> Path:
    """Source Cooperative layout (one extra image without labels, which is skipped)."""
    for i, stem in enumerate(CHIPS):
        write_tif(root / "source" / f"{stem}.tif", band_values(i), crs="EPSG:3857",
                  origin=origin(i), res=RES)
        write_png(root / "source" / f"{stem}.jpg", band_values(i).transpose(1, 2, 0))
        (root / "labels").mkdir(parents=True, exist_ok=True)
        np.save(root / "labels" / f"{stem}.npy", _labels(i))
        (root / "labels" / f"{stem}.geojson").write_text(json.dumps(
            {"type": "FeatureCollection", "features": []}))
    write_tif(root / "source" / "20190101_000000_0000_00000-00000-16.tif", band_values(9),
              crs="EPSG:3857", origin=ORIGIN, res=RES)
    return root


def make_mlhub(root: Path) -> dict[str, object]:
    """MLHub's two archives of per-chip folders."""
    staging = root / "_staging"
    src, lbl = "nasa_marine_debris_source", "nasa_marine_debris_labels"
    for i, stem in enumerate(CHIPS):
        write_tif(staging / src / f"{src}_{stem}" / "image_geotiff.tif", band_values(i),
                  crs="EPSG:3857", origin=origin(i), res=RES)
        folder = staging / lbl / f"{lbl}_{stem}"
        folder.mkdir(parents=True)
        np.save(folder / "pixel_bounds.npy", _labels(i))
    archives = {f"{name}.tar.gz": tar_dirs(staging, [name], root / f"{name}.tar.gz")
                for name in (src, lbl)}
    return {"dir": root, "archives": archives}

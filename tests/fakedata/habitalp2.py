"""Fake HabitAlp 2.0: a snapshot of the Hugging Face dataset, ``data_<year>/aerial_rgb_*.tif``
(R, G, B uint8), ``data_<year>/aerial_cir_*.tif`` (NIR, R, G uint8; not 2003), the twelve
terrain layers ``data_<year>/<layer>.tif`` (float32; not 2003) and ``labels/classes_<year>.tif``
(uint8 0-23), all on one 0.5 m grid in EPSG:31258 (MGI / Austria GK M31).

Pixel values encode epoch, layer, band, row and column (:func:`ha_layer`, :func:`ha_mask`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["ORIGIN", "RES", "TERRAIN", "ha_layer", "ha_mask", "ha_snapshot"]

ORIGIN = (-60000.0, 260000.0)
RES = 0.5
SIZE = (36, 44)  # rows, cols
TERRAIN = ("dtm", "dsm", "ndsm", "slope", "aspect", "curvature", "planform_curvature",
           "profile_curvature", "roughness_terrain", "roughness_canopy", "tpi", "tri")
_NAMES = {2003: "2003_2007", 2013: "2013_2015", 2020: "2019_2021"}


def ha_layer(year: int, layer: str) -> np.ndarray:
    """The array ``[C, H, W]`` of ``layer`` (``rgb``, ``cir`` or a terrain name) of ``year``."""
    rows, cols = grid(*SIZE)
    e = (year - 2003) // 7  # 0, 1, 2
    if layer in ("rgb", "cir"):
        base = 0 if layer == "rgb" else 100
        return np.stack([(base + 40 * e + 13 * b + 3 * rows + cols) % 256
                         for b in range(3)]).astype(np.uint8)
    t = TERRAIN.index(layer)
    return (1000.0 * e + 100.0 * t + rows + cols / 64).astype(np.float32)[None]


def ha_mask(year: int) -> np.ndarray:
    """Habitat classes 0-23 of ``year``: blocks of 4 x 4 pixels numbered along rows."""
    rows, cols = grid(*SIZE)
    return ((rows // 4 * 11 + cols // 4 + 5 * ((year - 2003) // 7)) % 24).astype(np.uint8)


def ha_snapshot(root: str | Path, years: tuple[int, ...] = (2013,)) -> Path:
    """Write the files of ``years`` under ``root``; return ``root``."""
    root = Path(root)
    transform = Affine(RES, 0.0, ORIGIN[0], 0.0, -RES, ORIGIN[1])
    for year in years:
        folder = root / f"data_{year}"
        write_tif(folder / f"aerial_rgb_{_NAMES[year]}.tif", ha_layer(year, "rgb"),
                  "EPSG:31258", transform)
        if year != 2003:
            write_tif(folder / f"aerial_cir_{_NAMES[year]}.tif", ha_layer(year, "cir"),
                      "EPSG:31258", transform)
            for layer in TERRAIN:
                write_tif(folder / f"{layer}.tif", ha_layer(year, layer), "EPSG:31258",
                          transform, nodata=-9999.0)
        write_tif(root / "labels" / f"classes_{year}.tif", ha_mask(year), "EPSG:31258",
                  transform)
    (root / "splits").mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text("# HabitAlp 2.0\n")
    return root

"""Fake L8 Biome scenes as USGS distributes them: ``<biome>/<id>/`` with the band files
``<id>_B<n>.TIF`` (uint16, UTM, 30 m; B8 at 15 m), ``<id>_BQA.TIF`` and the ENVI mask
``<id>_fixedmask.img`` + ``.hdr`` (codes 0, 64, 128, 192, 255).

Scene ``k``'s band ``b`` holds ``biome_value(k, b, x, y)`` at each pixel centre's map
coordinates, its mask ``biome_mask(k, row, col)``. :func:`tar_biome` packs a biome folder
into ``<biome>.tar.gz`` as the benchmark is downloaded.

TorchGeo's Hugging Face mirror (what ``download=True`` fetches) repacks each scene as one
11-band GeoTIFF ``l8biome/<biome>/<id>/<id>.TIF`` on the 30 m grid beside the GeoTIFF mask
``<id>_fixedmask.TIF`` (:func:`mirror_scene`); :func:`tar_mirror_biome` packs
``l8biome/<biome>/`` into ``<biome>.tar.gz``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif
from fakedata.l7_irish import tar_mirror_zone
from fakedata.l7_irish import tar_zone as tar_biome

__all__ = ["BANDS", "CODES", "biome_mask", "biome_scene", "biome_value", "mirror_scene",
           "tar_biome", "tar_mirror_biome"]

BANDS = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11")
CODES = np.array([0, 64, 128, 192, 255], np.uint8)


def biome_value(k: int, band: str, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """DN of ``band`` of scene ``k`` at map coordinates."""
    b = int(band[1:])
    return (5000 + 1000 * k + 100 * b + (xs // 30) % 37 + 40 * ((ys // 30) % 23)).astype(
        np.uint16)


def biome_mask(k: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Mask code of scene ``k`` at ``rows``/``cols``."""
    return CODES[(2 * k + 3 * rows + cols) % 5]


def biome_scene(root: str | Path, biome: str = "barren", path: int = 42, row: int = 8,
                when: date = date(2013, 8, 8), k: int = 0, epsg: int = 32611,
                origin: tuple[float, float] = (500000.0, 8800000.0), size: int = 24) -> Path:
    """Write one scene folder (id from path, row and date); return it."""
    scene = f"LC8{path:03d}{row:03d}{when:%Y%j}LGN00"
    folder = Path(root) / biome / scene
    for band in (*BANDS, "BQA"):
        res = 15.0 if band == "B8" else 30.0
        n = int(size * 30 / res)
        rows, cols = grid(n, n)
        xs = origin[0] + (cols + 0.5) * res
        ys = origin[1] - (rows + 0.5) * res
        data = (np.full((n, n), 2720, np.uint16) if band == "BQA"
                else biome_value(k, band, xs, ys))
        write_tif(folder / f"{scene}_{band}.TIF", data, f"EPSG:{epsg}",
                  Affine(res, 0, origin[0], 0, -res, origin[1]))
    rows, cols = grid(size, size)
    write_tif(folder / f"{scene}_fixedmask.img", biome_mask(k, rows, cols), f"EPSG:{epsg}",
              Affine(30.0, 0, origin[0], 0, -30.0, origin[1]), driver="ENVI")
    return folder


def mirror_scene(root: str | Path, biome: str = "barren", path: int = 42, row: int = 8,
                 when: date = date(2013, 8, 8), k: int = 0, epsg: int = 32611,
                 origin: tuple[float, float] = (500000.0, 8800000.0), size: int = 24) -> Path:
    """Write one scene folder of the mirror under ``root/l8biome/<biome>/``; return it.

    Band ``b`` holds ``biome_value(k, BANDS[b], x, y)`` at the 30 m pixel centres (B8
    included), the mask ``biome_mask(k, row, col)``.
    """
    scene = f"LC8{path:03d}{row:03d}{when:%Y%j}LGN00"
    folder = Path(root) / "l8biome" / biome / scene
    rows, cols = grid(size, size)
    xs = origin[0] + (cols + 0.5) * 30.0
    ys = origin[1] - (rows + 0.5) * 30.0
    transform = Affine(30.0, 0, origin[0], 0, -30.0, origin[1])
    write_tif(folder / f"{scene}.TIF", np.stack([biome_value(k, b, xs, ys) for b in BANDS]),
              f"EPSG:{epsg}", transform)
    write_tif(folder / f"{scene}_fixedmask.TIF", biome_mask(k, rows, cols), f"EPSG:{epsg}",
              transform)
    return folder


def tar_mirror_biome(root: str | Path, biome: str, into: str | Path | None = None) -> Path:
    """Pack ``root/l8biome/<biome>/`` into ``<into or root>/<biome>.tar.gz`` as the mirror
    ships it; return the archive."""
    return tar_mirror_zone(root, biome, into, top="l8biome")

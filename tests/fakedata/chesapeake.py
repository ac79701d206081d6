"""Fake Chesapeake land cover: per-state rasters and CVPR 2019 tiles in their real layout.

* :func:`state_raster`: ``DE_STATEWIDE.tif`` (uint8 codes 1-13, nodata 0, Albers equal area
  EPSG:5070 standing in for the Conservancy's USGS Albers, 1 m; ``.img`` names are written as
  ERDAS Imagine, as DC's ``DC_11001/DC_11001.img``); ``<st>_lulc_<year>_2022-
  Edition.tif`` holds land use codes (11-127) instead.
* :func:`cvpr_tile`: ``cvpr_chesapeake_landcover/<state>_1m_<year>_extended-debuffered-<split>_
  tiles/<tile>_<layer>.tif`` (year 2014 for VA/WV, else 2013; tiles named like the real
  ``m_3807504_ne_18_1``) for the seven layers (LILA's zip has the tile folders at its top;
  the extra ``cvpr_chesapeake_landcover/`` level here checks the recursive search), all on the
  tile's 1 m grid: ``naip-new`` / ``naip-old`` 4-band uint8, ``landsat-leaf-on`` / ``-off``
  9-band uint8, ``nlcd`` (codes 11-95), ``lc`` (1-6, 15 = no data in the first row),
  ``buildings`` (0/1).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from affine import Affine

__all__ = ["LULC_CODES", "cvpr_tile", "lc_value", "lulc_value", "state_raster"]


def lc_value(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Land cover code 1..6 at map coordinates (8 m blocks)."""
    return (1 + ((xs // 8).astype(np.int64) + 3 * (ys // 8).astype(np.int64)) % 6
            ).astype(np.uint8)


def _write(path: Path, data: np.ndarray, transform: Affine, crs: str,
           nodata: float | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    driver = "HFA" if path.suffix == ".img" else "GTiff"  # DC's 2013/14 raster: ERDAS Imagine
    with rasterio.open(path, "w", driver=driver, width=data.shape[-1], height=data.shape[-2],
                       count=data.shape[0], dtype=data.dtype, crs=crs, transform=transform,
                       nodata=nodata) as dst:
        dst.write(data)


#: some codes of the 2022 edition's land use/land cover legend (11-127)
LULC_CODES = np.array([11, 12, 21, 22, 41, 42, 51, 54, 62, 64, 72, 83, 91, 95, 127], np.uint8)


def lulc_value(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """A land use code at map coordinates (pixel corner ``xs``/``ys``, as written)."""
    return LULC_CODES[(xs.astype(np.int64) + 2 * ys.astype(np.int64)) % len(LULC_CODES)]


def state_raster(root: str | Path, name: str = "DE_STATEWIDE.tif",
                 origin: tuple[float, float] = (1700000.0, 1950100.0), size: int = 100,
                 crs: str = "EPSG:5070") -> Path:
    """Write one state raster; return its path. Land cover (codes ``1 + (x + y) % 13``), or
    for ``_lulc_`` names land use codes (:func:`lulc_value`)."""
    cols, rows = np.meshgrid(np.arange(size), np.arange(size))
    xs, ys = origin[0] + cols, origin[1] - rows - 1
    data = (1 + (xs.astype(np.int64) + ys.astype(np.int64)) % 13).astype(np.uint8)
    if "_lulc_" in name:
        data = lulc_value(xs, ys)
    path = Path(root) / name
    _write(path, data[None], Affine(1.0, 0.0, origin[0], 0.0, -1.0, origin[1]), crs, nodata=0)
    return path


def cvpr_tile(root: str | Path, *, state: str = "de", split: str = "train",
              tile: str = "m_3807504_ne_18_1",
              origin: tuple[float, float] = (1700000.0, 1950100.0), size: int = 64,
              crs: str = "EPSG:5070") -> Path:
    """Write the seven layers of one tile; return the tile folder."""
    year = 2014 if state in ("va", "wv") else 2013
    folder = (Path(root) / "cvpr_chesapeake_landcover"
              / f"{state}_1m_{year}_extended-debuffered-{split}_tiles")
    transform = Affine(1.0, 0.0, origin[0], 0.0, -1.0, origin[1])
    cols, rows = np.meshgrid(np.arange(size), np.arange(size))
    xs, ys = origin[0] + cols + 0.5, origin[1] - rows - 0.5
    base = (xs.astype(np.int64) % 100 + ys.astype(np.int64) % 50).astype(np.uint8)
    lc = lc_value(xs, ys)
    lc[0] = 15
    layers = {
        "naip-new": np.stack([base + 10 * b for b in range(1, 5)]),
        "naip-old": np.stack([base + 5 * b for b in range(1, 5)]),
        "landsat-leaf-on": np.stack([base // 2 + b for b in range(9)]),
        "landsat-leaf-off": np.stack([base // 3 + b for b in range(9)]),
        "nlcd": np.where(lc == 1, 11, 41).astype(np.uint8)[None],
        "lc": lc[None],
        "buildings": (lc == 5).astype(np.uint8)[None],
    }
    for layer, data in layers.items():
        _write(folder / f"{tile}_{layer}.tif", data.astype(np.uint8), transform, crs)
    return folder

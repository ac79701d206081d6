"""Fake I/O Bench: ``original.tar.gz``, ``raw.tar.gz`` and ``preprocessed.tar.gz``, each holding
``<split>/landsat/<SCENE>_<band>.TIF`` (SR_B1-SR_B7 uint16, SR_QA_AEROSOL uint8) and
``<split>/cdl/2023_30m_cdls.tif`` (uint8 CDL codes), as the published archives do.

The Landsat scene lies on the same UTM 16N grid in every variant (``ORIGIN``, 30 m, ``HEIGHT``
x ``WIDTH``, not square). Band ``b`` of variant ``s`` holds :func:`band_value`, which encodes
variant, band, row and column. The CDL differs as the published variants do: ``preprocessed``
on the scene's own grid, ``raw`` in CONUS Albers (EPSG:5070) clipped to the scene, ``original``
in Albers over a wider area; its codes encode row and column of its own grid (:func:`cdl`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from rasterio.transform import from_origin
from rasterio.warp import transform_bounds

from fakedata._dc_util import tar_dirs
from fakedata._made import unstage
from geoplug.datasets._catalog.generic import CDL_CLASSES
from geoplug.datasets._catalog.generic_io_bench import IO_BENCH_BANDS, IO_BENCH_SPLITS

SPLITS = IO_BENCH_SPLITS
SCENE = "LC09_L2SP_023032_20230620_20230622_02_T1"
UTM = "EPSG:32616"
ALBERS = "EPSG:5070"
ORIGIN = (229800.0, 4585230.0)
RES = 30.0
HEIGHT, WIDTH = 20, 24
#: CDL codes written (no background 0, so that every pixel is a class)
CODES = np.array(sorted(c for c in CDL_CLASSES if c), dtype=np.uint8)
#: extra Albers pixels around the scene in the CDL of ``original`` (a "national" raster)
MARGIN = 15


def band_value(split: int, band: int, rows: Any, cols: Any) -> Any:
    """Landsat band ``band`` (index in ``IO_BENCH_BANDS``) of variant ``split`` at (row, col)."""
    if IO_BENCH_BANDS[band] == "SR_QA_AEROSOL":
        return 1 + (24 * rows + cols + 37 * split) % 250
    return 2000 * (band + 1) + 500 * split + 24 * rows + cols


def landsat(split: int) -> np.ndarray:
    """Every band ``[8, HEIGHT, WIDTH]`` (int64) of variant ``split``."""
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH]
    return np.stack([band_value(split, b, rows, cols) for b in range(len(IO_BENCH_BANDS))])


def cdl(height: int, width: int, split: int) -> np.ndarray:
    """CDL codes ``[H, W]`` of a grid: a hash of row, column and variant into ``CODES``."""
    rows, cols = np.mgrid[0:height, 0:width]
    return CODES[(rows * 31 + cols * 7 + rows * cols + 3 * split) % len(CODES)]


def cdl_grid(split: str) -> tuple[str, Any, int, int]:
    """CRS, transform, height and width of the variant's CDL raster."""
    if split == "preprocessed":
        return UTM, from_origin(*ORIGIN, RES, RES), HEIGHT, WIDTH
    left, bottom, right, top = transform_bounds(
        UTM, ALBERS, ORIGIN[0], ORIGIN[1] - HEIGHT * RES, ORIGIN[0] + WIDTH * RES, ORIGIN[1])
    left, top = np.floor(left / RES) * RES, np.ceil(top / RES) * RES
    width = int(np.ceil((right - left) / RES))
    height = int(np.ceil((top - bottom) / RES))
    if split == "original":
        left, top = left - MARGIN * RES, top + MARGIN * RES
        width, height = width + 2 * MARGIN, height + 2 * MARGIN
    return ALBERS, from_origin(left, top, RES, RES), height, width


def _write(path: Path, array: np.ndarray, crs: str, transform: Any, dtype: str,
           compress: bool, nodata: float | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    profile: dict[str, Any] = {"driver": "GTiff", "height": array.shape[0],
                               "width": array.shape[1], "count": 1, "dtype": dtype,
                               "crs": crs, "transform": transform, "nodata": nodata}
    if compress:
        profile.update(compress="lzw", predictor=2, tiled=True, blockxsize=16, blockysize=16)
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(array.astype(dtype), 1)


def make(root: Path, extract: bool = False, splits: tuple[str, ...] = SPLITS
         ) -> dict[str, Any]:
    """Write ``<split>.tar.gz`` of each of ``splits`` into ``root`` (and, with ``extract``,
    their folders); return ``dir`` and ``archives`` (name -> md5)."""
    stage = root / ".stage"
    archives: dict[str, str] = {}
    for split in splits:
        index = SPLITS.index(split)
        compress = split != "original"  # the variants after the first are compressed
        for b, band in enumerate(IO_BENCH_BANDS):
            dtype = "uint8" if band == "SR_QA_AEROSOL" else "uint16"
            _write(stage / split / "landsat" / f"{SCENE}_{band}.TIF", landsat(index)[b], UTM,
                   from_origin(*ORIGIN, RES, RES), dtype, compress, 0)
        crs, transform, height, width = cdl_grid(split)
        _write(stage / split / "cdl" / "2023_30m_cdls.tif", cdl(height, width, index), crs,
               transform, "uint8", compress, 0)
        archives[f"{split}.tar.gz"] = tar_dirs(stage, [split], root / f"{split}.tar.gz")
    unstage(stage, root, extract)
    return {"dir": root, "archives": archives}

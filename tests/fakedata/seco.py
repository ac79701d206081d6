"""Fake SeCo: ``seco_100k.zip`` of ``seasonal_contrast_100k/<loc>/<acquisition>/B*.tif``.

As released: six-digit location folders, acquisition folders named
``<sensing time>_<generation time>_<MGRS tile>``, and a stray ``<acquisition>.tif`` file next
to some folders. Bands have their native sizes (10 m: 8 px, 20 m: 4 px, 60 m: 2 px here, as
264/132/44).

Every band holds the same plane of the 10 m grid, sampled at its own pixel centres:
``value(loc, date, band) + 8 y + 4 x`` where (y, x) is the pixel centre in 10 m pixels (a 20 m
pixel (r, c) has its centre at y = 2 r + 0.5). Bilinear resampling of a plane is exact, so
every interior pixel (rows and columns 2..5) of a band resampled onto the 10 m grid must hold
:func:`at` exactly; a shifted, flipped or transposed band does not.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, write_tif, zip_dir

BANDS = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B11", "B12")
SIZES = {"B2": 8, "B3": 8, "B4": 8, "B8": 8, "B1": 2, "B9": 2}  # others 20 m: 4
LOCATIONS = ["000000", "000001"]
DATES = ["20190301", "20190610", "20190918", "20191205", "20200314"]


def value(loc: int, date: int, band: int) -> int:
    """The plane's offset: location, date and band."""
    return 20000 * loc + 2000 * date + 100 * band


def at(loc: int, date: int, band: int, row: int, col: int) -> int:
    """The value at 10 m pixel (row, col), whatever the band's native resolution."""
    return value(loc, date, band) + 8 * row + 4 * col


def native(loc: int, date: int, band: int, size: int) -> np.ndarray:
    """``[1,size,size]`` uint16: the band at its own resolution (size 8, 4 or 2)."""
    scale = 8 // size
    rows, cols = np.indices((size, size))
    y, x = scale * (rows + 0.5) - 0.5, scale * (cols + 0.5) - 0.5
    return (value(loc, date, band) + 8 * y + 4 * x).astype(np.uint16)[None]


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    top = "seasonal_contrast_100k"
    for li, loc in enumerate(LOCATIONS):
        for di, date in enumerate(DATES):
            product = f"{date}T101021_{date}T122408_T32TQM"
            for bi, band in enumerate(BANDS):
                size = SIZES.get(band, 4)
                arr = native(li, di, bi, size)
                write_tif(staging / top / loc / product / f"{band}.tif", arr,
                          res=80.0 / size)
            if di == 1:
                write_tif(staging / top / loc / f"{product}.tif",
                          np.zeros((1, 2, 2), np.uint16))
    archive = root / "seco_100k.zip"
    zip_dir(staging, top, archive)
    return {"dir": root, "archives": {archive.name: md5(archive)}}

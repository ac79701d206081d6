"""Fake SSL4EO-S12: ``s1.tar.gz``, ``s2_l1c.tar.gz``, ``s2_l2a.tar.gz`` as on mediaTUM.

They extract to ``s1/``, ``s2c/`` and ``s2a/`` of ``<location>/<acquisition>/<band>.tif``.
Location ids have a gap (``0000001`` is void, as in the release) and ``0000003`` has only
three acquisitions. Sentinel-1 folders are named by product (``S1A_…``/``S1B_…``), so their
alphabetical order is not their time order.

Every band holds one plane of the 10 m grid sampled at its own pixel centres:
``value(...) + 8 y + 4 x`` with (y, x) the centre in 10 m pixels. Bilinear resampling of a plane
is exact, so the interior (rows/cols 2..5) of a 20 m or 60 m band read onto the 10 m grid
equals :func:`at`; a shifted, flipped or transposed band does not.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fakedata._dc_util import tar_dirs, write_tif

S2C = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B10", "B11", "B12")
S2A = tuple(b for b in S2C if b != "B10")
S1 = ("VV", "VH")
SIZES = {"B2": 8, "B3": 8, "B4": 8, "B8": 8, "B1": 2, "B9": 2, "B10": 2}  # others 20 m: 4
LOCATIONS = ["0000000", "0000002", "0000003"]
# time order of the four acquisitions of every location (0000003 lacks the last)
S2_NAMES = ["20200323T162931_20200323T163750_T15QXA", "20200621T162901_20200621T164746_T15QXA",
            "20200924T162929_20200924T164434_T15QXA", "20201228T163711_20201228T164519_T15QXA"]
S1_NAMES = ["S1B_IW_GRDH_1SDV_20200329T001515_20200329T001540_031883_03AE27_9BAF",
            "S1B_IW_GRDH_1SDV_20200627T001449_20200627T001514_022212_02A27E_2A09",
            "S1B_IW_GRDH_1SDV_20200928T120105_20200928T120130_023575_02CCB0_F035",
            "S1A_IW_GRDH_1SDV_20201230T001523_20201230T001548_035908_04349D_C91E"]
PRODUCTS = {"s1": ("s1.tar.gz", S1, S1_NAMES), "s2c": ("s2_l1c.tar.gz", S2C, S2_NAMES),
            "s2a": ("s2_l2a.tar.gz", S2A, S2_NAMES)}
OFFSET = {"s1": 7, "s2c": 0, "s2a": 50}


def value(product: str, loc: int, date: int, band: int) -> int:
    """The plane's offset: product, location, time step and band."""
    return OFFSET[product] + 20000 * loc + 2000 * date + 100 * band


def at(product: str, loc: int, date: int, band: int, row: int, col: int) -> int:
    """The value at 10 m pixel (row, col), whatever the band's native resolution."""
    return value(product, loc, date, band) + 8 * row + 4 * col


def native(base: int, size: int, dtype: str) -> np.ndarray:
    """``[1,size,size]``: the plane sampled at the centres of ``size`` pixels over 8."""
    scale = 8 // size
    rows, cols = np.indices((size, size))
    y, x = scale * (rows + 0.5) - 0.5, scale * (cols + 0.5) - 0.5
    return (base + 8 * y + 4 * x).astype(dtype)[None]


def split_parts(archive: Path, dst: Path, name: str | None = None, chunk: int = 4096
                ) -> list[Path]:
    """Copy ``archive`` into ``dst`` as the publisher's split parts ``<name>.partaa``,
    ``.partab``, ... (``name``: the archive's own name by default); return them."""
    data = archive.read_bytes()
    dst.mkdir(parents=True, exist_ok=True)
    parts = []
    for i, start in enumerate(range(0, len(data), chunk)):
        part = dst / f"{name or archive.name}.part{chr(97 + i // 26)}{chr(97 + i % 26)}"
        part.write_bytes(data[start:start + chunk])
        parts.append(part)
    return parts


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    archives: dict[str, str] = {}
    for product, (archive, bands, names) in PRODUCTS.items():
        dtype = "float32" if product == "s1" else "uint16"
        for li, loc in enumerate(LOCATIONS):
            for di, name in enumerate(names[: 3 if loc == "0000003" else 4]):
                folder = staging / product / loc / name
                for bi, band in enumerate(bands):
                    size = 8 if product == "s1" else SIZES.get(band, 4)
                    write_tif(folder / f"{band}.tif",
                              native(value(product, li, di, bi), size, dtype), res=80.0 / size)
        archives[archive] = tar_dirs(staging, [product], root / archive)
    return {"dir": root, "archives": archives}

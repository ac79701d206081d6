"""Fake SSL4EO-L benchmark: image tarballs per sensor and CDL/NLCD mask tarballs per family.

``ssl4eo_l_<sensor>_benchmark.tar.gz`` -> ``ssl4eo_l_<sensor>_benchmark/<loc>/<scene>/
all_bands.tif`` (uint8, 8 x 8 for 264 x 264) and ``ssl4eo_l_<family>_<cdl|nlcd>.tar.gz`` ->
``ssl4eo_l_<family>_<product>/<loc>/<scene>/<product>_<year>.tif`` (uint8 codes; 2011 for TM,
2019 otherwise). Twenty locations, so the 70/15/15 split gives 14/3/3.

Image pixel (r, c) of band b of location i: ``(7 i + 3 b + 8 r + c) % 256``; mask pixel:
``codes[(i + 3 r + c) % len(codes)]`` over the product's codes plus one unknown code.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, tar_dirs, write_tif

SENSORS = {"tm_toa": 7, "etm_sr": 6, "oli_sr": 7}
PREFIX = {"tm": "LT05", "etm": "LE07", "oli": "LC08"}
YEAR = {"tm": 2011, "etm": 2019, "oli": 2019}
CDL_CODES = [0, 1, 5, 24, 36, 61, 111, 121, 141, 176, 254, 100]  # 100: not a CDL code
NLCD_CODES = [0, 11, 21, 41, 42, 52, 71, 81, 82, 90, 95, 3]  # 3: not an NLCD code
COUNT = 20
SIZE = 8


def location(i: int) -> str:
    return f"{2 * i + 1:07d}"  # gaps between ids, as in the release


def image_value(i: int, band: int, row: int, col: int) -> int:
    return (7 * i + 3 * band + 8 * row + col) % 256


def mask_code(product: str, i: int, row: int, col: int) -> int:
    codes = CDL_CODES if product == "cdl" else NLCD_CODES
    return codes[(i + 3 * row + col) % len(codes)]


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    rows, cols = np.indices((SIZE, SIZE))
    archives: dict[str, str] = {}
    for sensor, count in SENSORS.items():
        family = sensor.split("_")[0]
        top = f"ssl4eo_l_{sensor}_benchmark"
        for i in range(COUNT):
            scene = f"{PREFIX[family]}_0{30 + i}034_2019{1 + i % 12:02d}15"
            array = np.stack([image_value(i, b, rows, cols) for b in range(count)])
            write_tif(staging / top / location(i) / scene / "all_bands.tif",
                      array.astype(np.uint8), crs="EPSG:5070")
            for product in ("cdl", "nlcd"):
                mask = np.vectorize(lambda r, c, p=product, k=i: mask_code(p, k, r, c))(rows, cols)
                write_tif(staging / f"ssl4eo_l_{family}_{product}" / location(i) / scene /
                          f"{product}_{YEAR[family]}.tif", mask.astype(np.uint8)[None],
                          crs="EPSG:5070")
        tar_dirs(staging, [top], root / f"{top}.tar.gz")
    for name in sorted(p.name for p in staging.iterdir()):
        archive = root / f"{name}.tar.gz"
        if not archive.exists():
            tar_dirs(staging, [name], archive)
        archives[archive.name] = md5(archive)
    return {"dir": root, "archives": archives}

"""Fake SSL4EO-L: per product ``ssl4eo_l_<product>.tar.gzaa/ab/ac``, the parts of one tarball.

Joined, each extracts to ``ssl4eo_l_<product>/<location>/<scene>/all_bands.tif`` (uint8,
multi-band, 8 x 8 here for 264 x 264). Location ``0000001`` is void (a gap, as in the
release) and ``0000009`` has three scenes only; one TM scene uses the odd ``LT5_`` prefix the
release has. Scene names sort by date except across sensors' prefixes, where the loader must
use the date in the name.

Pixel (r, c) of band b: ``value(product, loc, date, b) + 8 r + c`` (at most 252).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, tar_dirs, write_tif

BANDS = {"tm_toa": 7, "etm_toa": 9, "etm_sr": 6, "oli_tirs_toa": 11, "oli_sr": 7}
PREFIX = {"tm_toa": "LT05", "etm_toa": "LE07", "etm_sr": "LE07", "oli_tirs_toa": "LC08",
          "oli_sr": "LC08"}
LOCATIONS = ["0000000", "0000002", "0000009"]
DATES = ["20210306", "20210829", "20211203", "20220715"]
SIZE = 8


def value(product: str, loc: int, date: int, band: int) -> int:
    return list(BANDS).index(product) + 60 * loc + 15 * date + 2 * band


def scene_name(product: str, loc: int, date: int) -> str:
    prefix = PREFIX[product]
    if product == "tm_toa" and date == 3:
        prefix = "LT5"  # sorts after "LT05_" by name, but it is the last date anyway
    if product == "oli_sr" and date == 0:
        prefix = "LC09"  # sorts last by name; first by date
    return f"{prefix}_1720{34 + loc}_{DATES[date]}"


def hf_layout(src: Path, dst: Path, product: str) -> list[Path]:
    """Copy ``product``'s parts from ``src`` into ``dst/<product>/``, as the Hugging Face
    repository lays them out; return the copies."""
    folder = dst / product
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for part in sorted(src.glob(f"ssl4eo_l_{product}.tar.gz[a-z][a-z]")):
        copies.append(folder / part.name)
        copies[-1].write_bytes(part.read_bytes())
    return copies


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    archives: dict[str, str] = {}
    rows, cols = np.indices((SIZE, SIZE))
    for product, count in BANDS.items():
        top = f"ssl4eo_l_{product}"
        for li, loc in enumerate(LOCATIONS):
            for di in range(3 if loc == "0000009" else 4):
                array = np.stack([value(product, li, di, b) + 8 * rows + cols
                                  for b in range(count)]).astype(np.uint8)
                write_tif(staging / top / loc / scene_name(product, li, di) / "all_bands.tif",
                          array, crs="EPSG:4326", origin=(40.3, 37.6), res=0.0003)
        whole = root / f"{top}.tar.gz"
        tar_dirs(staging, [top], whole)
        data = whole.read_bytes()
        whole.unlink()
        third = len(data) // 3 + 1
        for i, suffix in enumerate(("aa", "ab", "ac")):
            part = root / f"{top}.tar.gz{suffix}"
            part.write_bytes(data[i * third:(i + 1) * third])
            archives[part.name] = md5(part)
    return {"dir": root, "archives": archives}

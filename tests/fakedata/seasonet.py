"""Fake SeasoNet: season zips, ``splits.zip`` and ``meta.csv`` as on Zenodo.

Three locations (two on grid 1, one on grid 2) in all five seasons: meta.csv rows in season
order, ``Index`` = row number. Splits: train = locations 0 and 2, val = location 1, test =
location 1 in spring only. Patch folders ``<season>/grid<g>/<name>/<name>_<file>.tif``; the
10 m files are 12 px, 20 m 6 px, 60 m 2 px (as 120/60/20).

Every band is one plane on the 10 m grid sampled at its own pixel centres:
``value(index, band) + 8 y + 4 x`` (band = position in the spec's band order). Bilinear
resampling of a plane is exact away from the border (rows/cols 3..8 for all GSDs). Labels
(uint8, same at every season): ``1 + (5 loc + 3 r + c) % 33``, with code 0 at (0, 0) of
location 2.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, write_tif, zip_dir

FILES = {"10m_RGB": ("B4", "B3", "B2"), "10m_IR": ("B8",),
         "20m": ("B5", "B6", "B7", "B8A", "B11", "B12"), "60m": ("B1", "B9")}
BANDS = [b for bands in FILES.values() for b in bands]
SIZE = {"10m_RGB": 12, "10m_IR": 12, "20m": 6, "60m": 2}
SEASONS = ["Spring", "Summer", "Fall", "Winter", "Snow"]
LOCATIONS = [(1, "32UNV", "49_069550_10_141635"), (1, "32UND", "52_433893_9_538137"),
             (2, "32UMU", "48_112233_11_445566")]
DATES = ["20180407T102019", "20180703T102021", "20181011T102019", "20190122T103311",
         "20190219T103101"]
SPLITS = {"train": [0, 2], "val": [1], "test": [1]}


def index(season: int, loc: int) -> int:
    return season * len(LOCATIONS) + loc


def value(idx: int, band: int) -> int:
    return 2000 * idx + 100 * band


def at(idx: int, band: int, row: int, col: int) -> int:
    return value(idx, band) + 8 * row + 4 * col


def label(loc: int, row: int, col: int) -> int:
    if loc == 2 and row == 0 and col == 0:
        return 0
    return 1 + (5 * loc + 3 * row + col) % 33


def _plane(base: int, size: int) -> np.ndarray:
    scale = 12 // size
    rows, cols = np.indices((size, size))
    y, x = scale * (rows + 0.5) - 0.5, scale * (cols + 0.5) - 0.5
    return base + 8 * y + 4 * x


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    lines = ["Index,Season,Grid,Latitude,Longitude,Satellite,Year,Month,Day,Hour,Minute,"
             "Second,Clouds,Snow,Classes,SLRAUM,RTYP3,KTYP4,Path"]
    rows, cols = np.indices((12, 12))
    labels = {li: np.vectorize(lambda r, c, k=li: label(k, r, c))(rows, cols).astype(np.uint8)
              for li in range(len(LOCATIONS))}
    archives: dict[str, str] = {}
    for si, season in enumerate(SEASONS):
        folder_name = season.lower()
        for li, (grid, tile, coords) in enumerate(LOCATIONS):
            idx = index(si, li)
            name = f"{tile}_{DATES[si]}_{coords}"
            rel = f"{folder_name}/grid{grid}/{name}"
            for suffix, bands in FILES.items():
                array = np.stack([_plane(value(idx, BANDS.index(b)), SIZE[suffix])
                                  for b in bands]).astype(np.uint16)
                write_tif(staging / rel / f"{name}_{suffix}.tif", array, crs="EPSG:32632",
                          res=120.0 / SIZE[suffix])
            write_tif(staging / rel / f"{name}_labels.tif", labels[li][None], crs="EPSG:32632")
            lat, lon = coords.split("_")[0:2], coords.split("_")[2:4]
            lines.append(f"{idx},{season},{grid},{'.'.join(lat)},{'.'.join(lon)},A,"
                         f"{DATES[si][:4]},{DATES[si][4:6]},{DATES[si][6:8]},10,20,19,0.0,0.0,"
                         f'"2,3,12",1,1,1,{rel}')
        archive = root / f"{folder_name}.zip"
        archives[archive.name] = zip_dir(staging, folder_name, archive)
    (root / "meta.csv").write_text("\n".join(lines) + "\n")
    archives["meta.csv"] = md5(root / "meta.csv")
    with zipfile.ZipFile(root / "splits.zip", "w") as zf:
        for split, locs in SPLITS.items():
            seasons = [0] if split == "test" else range(len(SEASONS))
            zf.writestr(f"splits/{split}.csv",
                        "".join(f"{index(s, li)}\n" for li in locs for s in seasons))
    archives["splits.zip"] = md5(root / "splits.zip")
    return {"dir": root, "archives": archives}

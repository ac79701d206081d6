"""Fake BigEarthNet v1.0 as distributed: two tar.gz archives and the split CSV lists.

``BigEarthNet-S2-v1.0.tar.gz`` holds ``BigEarthNet-v1.0/<S2 patch>/<S2 patch>_<band>.tif``
(uint16, 10/20/60 m bands at 12/6/2 px here, instead of 120/60/20) plus
``<S2 patch>_labels_metadata.json``; ``BigEarthNet-S1-v1.0.tar.gz`` holds
``BigEarthNet-S1-v1.0/<S1 patch>/<S1 patch>_{VV,VH}.tif`` (float32 dB) and its JSON.
``bigearthnet-{train,val,test}.csv`` list ``<S2 patch>,<S1 patch>`` pairs.
Every S2 band of patch ``i`` holds one plane of the 10 m grid sampled at its own pixel
centres, ``value(i, band) + 8 y + 4 x`` with (y, x) the centre in 10 m pixels (a 60 m pixel
(r, c) is centred at y = 6 r + 2.5): bilinear resampling of a plane is exact, so each interior
10 m pixel (rows and columns 3..8) of a resampled band must hold :func:`at`, and a shifted,
flipped or transposed band does not. S1 bands (10 m) hold ``value - y / 16 - x / 256``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from rasterio.transform import from_origin

S2_BANDS = {"B01": 60, "B02": 10, "B03": 10, "B04": 10, "B05": 20, "B06": 20, "B07": 20,
            "B08": 10, "B8A": 20, "B09": 60, "B11": 20, "B12": 20}
S1_BANDS = ("VV", "VH")
CRS = "EPSG:32633"
PX10 = 120  # the publisher's patch: 120, 60 and 20 px at 10, 20 and 60 m
COUNTS = {"train": 3, "val": 2, "test": 1}
LABELS = [
    ["Continuous urban fabric", "Port areas", "Water bodies"],
    ["Non-irrigated arable land", "Pastures"],
    ["Coniferous forest", "Mixed forest", "Transitional woodland/shrub"],
    ["Sea and ocean"],
    ["Burnt areas"],
    ["Olive groves", "Vineyards", "Bare rock", "Sparsely vegetated areas"],
]


def value(index: int, band: str) -> float:
    """The band's plane offset (its value at 10 m pixel (0, 0))."""
    if band in S1_BANDS:
        return -10.0 - 4 * index - 2 * S1_BANDS.index(band)
    return 2000.0 * index + 200 * list(S2_BANDS).index(band)


def at(index: int, band: str, y: Any, x: Any) -> Any:
    """The value at 10 m pixel (y, x) of the band, whatever its native resolution."""
    if band in S1_BANDS:
        return value(index, band) - y / 16 - x / 256
    return value(index, band) + 8 * y + 4 * x


def native(index: int, band: str, res: int) -> np.ndarray:
    """The band at its own resolution: the plane sampled at its pixel centres."""
    scale = res // 10
    size = PX10 // scale
    rows, cols = np.indices((size, size))
    y, x = scale * (rows + 0.5) - 0.5, scale * (cols + 0.5) - 0.5
    dtype = np.float32 if band in S1_BANDS else np.uint16
    return np.asarray(at(index, band, y, x)).astype(dtype)


def origin(index: int) -> tuple[float, float]:
    return 400000.0 + 1200.0 * index, 5500000.0


def names(index: int) -> tuple[str, str]:
    return (f"S2A_MSIL2A_20170613T101031_{index}_48",
            f"S1A_IW_GRDH_1SDV_20170613T165043_33UUP_{index}_48")


def _tif(path: Path, data: np.ndarray, res: float, index: int) -> None:
    x, y = origin(index)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[1], height=data.shape[0],
                       count=1, dtype=data.dtype, crs=CRS,
                       transform=from_origin(x, y, res, res)) as dst:
        dst.write(data, 1)


def make(root: Path) -> dict[str, Any]:
    """Write archives and split lists into ``root``; returns md5s, splits and patch names."""
    root.mkdir(parents=True, exist_ok=True)
    staging = root / "_staging"
    s2_root, s1_root = staging / "BigEarthNet-v1.0", staging / "BigEarthNet-S1-v1.0"
    splits: dict[str, list[int]] = {}
    start = 0
    for split, count in COUNTS.items():
        splits[split] = list(range(start, start + count))
        start += count
    for index in range(start):
        s2, s1 = names(index)
        (s2_root / s2).mkdir(parents=True)
        (s1_root / s1).mkdir(parents=True)
        for band, res in S2_BANDS.items():
            _tif(s2_root / s2 / f"{s2}_{band}.tif", native(index, band, res), res, index)
        for band in S1_BANDS:
            _tif(s1_root / s1 / f"{s1}_{band}.tif", native(index, band, 10), 10, index)
        x, y = origin(index)
        (s2_root / s2 / f"{s2}_labels_metadata.json").write_text(json.dumps({
            "labels": LABELS[index],
            "coordinates": {"ulx": x, "uly": y, "lrx": x + 10 * PX10, "lry": y - 10 * PX10},
            "projection": CRS, "tile_source": "S2A_MSIL1C_20170613T101031_N0205_R022_T33UUP",
            "acquisition_date": "2017-06-13 10:10:31"}))
        (s1_root / s1 / f"{s1}_labels_metadata.json").write_text(json.dumps({
            "labels": LABELS[index], "corresponding_s2_patch": s2,
            "scene_source": "S1A_IW_GRDH_1SDV_20170613T165043", "acquisition_time":
            "2017-06-13T16:50:43"}))
    md5: dict[str, str] = {}
    for archive, folder in (("BigEarthNet-S2-v1.0.tar.gz", s2_root),
                            ("BigEarthNet-S1-v1.0.tar.gz", s1_root)):
        with tarfile.open(root / archive, "w:gz") as tar:
            tar.add(folder, arcname=folder.name)
    shutil.rmtree(staging)
    for split, indices in splits.items():
        (root / f"bigearthnet-{split}.csv").write_text(
            "".join(f"{names(i)[0]},{names(i)[1]}\n" for i in indices))
    for path in root.iterdir():
        md5[path.name] = hashlib.md5(path.read_bytes()).hexdigest()
    return {"md5": md5, "splits": splits}

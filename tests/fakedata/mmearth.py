"""Fake MMEarth: ``data_100k_v001.zip`` of ``data_100k_v001/`` (HDF5 + three JSON files).

Six tiles of 8 x 8 px; rows of the HDF5 arrays are tiles 0..5, tile ids ``"tile_<i>"``;
tiles 1 and 4 are L2A, the others L1C. splits: train [0, 2, 3, 5], val [1], test [4].

Pixel (r, c) of band b of tile t: sentinel2 ``1000 t + 10 b + 8 r + c`` (uint16);
sentinel1 ``-(t + b / 10) - r / 100`` (float32; band 2 (HH_asc) is -inf everywhere);
aster ``100 t + b + r + c``; canopy_height_eth ``t + b + 0.5 r``. WorldCover codes
``WC[(t + r + c) % 12]`` (255 included), Dynamic World ``(t + 2 r + c) % 10`` (0: no data).
Band statistics: mean ``1.5 b``, std ``2 + b``, min ``-b``, max ``10 + b`` per band (l2a:
mean + 1).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from fakedata._dc_util import md5, zip_dir

TOP = "data_100k_v001"
N, SIZE = 6, 8
WC = [10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100, 255]
L2A = {1, 4}
SPLITS = {"train": [0, 2, 3, 5], "val": [1], "test": [4]}
COUNTS = {"sentinel2": 13, "sentinel1": 8, "aster": 2, "canopy_height_eth": 2, "era5": 12,
          "sentinel2_l1c": 13, "sentinel2_l2a": 13}


def s2(t: int, b: int, r: int, c: int) -> int:
    return 1000 * t + 10 * b + 8 * r + c


def s1(t: int, b: int, r: int) -> float:
    return float(np.float32(-(t + b / 10) - r / 100))


def stats(key: str, b: int) -> dict[str, float]:
    return {"mean": 1.5 * b + (1 if key == "sentinel2_l2a" else 0), "std": 2.0 + b,
            "min": -float(b), "max": 10.0 + b}


def make(root: Path, splits: dict[str, list[int]] | None = None) -> dict[str, object]:
    """Write the zip; ``splits`` replaces the split lists (TorchGeo's sample has
    ``"val": [], "test": []``)."""
    import h5py

    folder = root / "_staging" / TOP
    folder.mkdir(parents=True)
    rows, cols = np.indices((SIZE, SIZE))
    with h5py.File(folder / f"{TOP}.h5", "w") as f:
        f["sentinel2"] = np.stack([[s2(t, b, rows, cols) for b in range(13)]
                                   for t in range(N)]).astype(np.uint16)
        sar = np.stack([[np.full((SIZE, SIZE), -np.inf) if b == 2 else
                         -(t + b / 10) - rows / 100 + 0 * cols for b in range(8)]
                        for t in range(N)]).astype(np.float32)
        f["sentinel1"] = sar
        f["aster"] = np.stack([[100 * t + b + rows + cols for b in range(2)]
                               for t in range(N)]).astype(np.float32)
        f["canopy_height_eth"] = np.stack([[t + b + 0.5 * rows + 0 * cols for b in range(2)]
                                           for t in range(N)]).astype(np.float32)
        f["esa_worldcover"] = np.stack([[np.array(WC)[(t + rows + cols) % 12]]
                                        for t in range(N)]).astype(np.uint8)
        f["dynamic_world"] = np.stack([[(t + 2 * rows + cols) % 10]
                                       for t in range(N)]).astype(np.uint8)
        f["era5"] = np.stack([np.arange(12) + 20.0 * t for t in range(N)]).astype(np.float32)
        f["biome"] = np.eye(14, dtype=np.uint8)[[t % 14 for t in range(N)]]
        f["eco_region"] = np.eye(846, dtype=np.uint8)[[100 + t for t in range(N)]]
        meta = np.array([(f"tile_{t}".encode(), b"l2a" if t in L2A else b"l1c")
                         for t in range(N)], dtype=[("meta_id", "S10"), ("S2_type", "S3")])
        f["metadata"] = meta
    band_stats = {key: {k: [stats(key, b)[k] for b in range(n)]
                        for k in ("mean", "std", "min", "max")}
                  for key, n in COUNTS.items() if key != "sentinel2"}
    tile_info = {f"tile_{t}": {"S2_DATE": f"2020-0{1 + t}-15",
                               "S2_type": "l2a" if t in L2A else "l1c",
                               "CRS": "EPSG:32633", "lat": 10.0 + t, "lon": 20.0 - t}
                 for t in range(N)}
    for suffix, content in (("_splits.json", splits or SPLITS), ("_band_stats.json", band_stats),
                            ("_tile_info.json", tile_info)):
        (folder / f"{TOP}{suffix}").write_text(json.dumps(content))
    archive = root / f"{TOP}.zip"
    zip_dir(root / "_staging", TOP, archive)
    return {"dir": root, "archives": {archive.name: md5(archive)}}

"""Fake PASTIS-R: ``PASTIS-R.zip`` holding ``PASTIS-R/`` with metadata.geojson, DATA_S2,
DATA_S1A, DATA_S1D, ANNOTATIONS and INSTANCE_ANNOTATIONS (``.npy``).

Six 8x8 patches in folds 1, 2, 3, 4, 5, 1 with series of different lengths. Series pixels
encode patch, date, band, row and column (int16 S2, float32 S1); each patch has four parcels
(blocks of 4x4 px, row 0 outside any parcel) whose semantic class depends on the patch and the
parcel; row 0 is background with some void (19) pixels.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, files_under, md5, zip_tree

IDS = [10000, 10001, 10002, 10003, 10004, 10005]
FOLDS = [1, 2, 3, 4, 5, 1]
T_S2 = [3, 4, 2, 3, 5, 2]
T_S1 = [2, 2, 3, 1, 2, 4]
SIZE = 8
DATES = ["20180924", "20181009", "20181014", "20181029", "20181113"]


def series(position: int, prefix: str) -> np.ndarray:
    steps, bands, dtype = ((T_S2[position], 10, "int16") if prefix == "S2"
                           else (T_S1[position], 3, "float32"))
    offset = {"S2": 0, "S1A": 50, "S1D": 80}[prefix]
    return np.stack([coded_image(100 * position + offset + t, bands, SIZE, SIZE,
                                 "uint16" if dtype == "int16" else dtype).astype(dtype) % 30000
                     for t in range(steps)])


def instances(position: int) -> np.ndarray:
    rows, cols = np.indices((SIZE, SIZE))
    ids = 1 + (rows // 4) * 2 + cols // 4 + 10 * position
    ids[0] = 0
    return ids.astype(np.int64)


def semantic(position: int) -> np.ndarray:
    inst = instances(position)
    classes = np.where(inst > 0, (position * 3 + inst % 10 * 5) % 18 + 1, 0)
    classes[0, ::3] = 19  # void pixels outside the parcels
    return classes.astype(np.uint8)


def make(root: Path, extract: bool = False, original: bool = False) -> dict[str, Any]:
    """Write ``PASTIS-R.zip`` (``original``: the S2-only ``PASTIS.zip`` holding ``PASTIS/``
    without ``DATA_S1A``/``DATA_S1D``), extracted too with ``extract``."""
    stage = root / ".stage"
    name = "PASTIS" if original else "PASTIS-R"
    base = stage / name
    features = []
    for p, patch in enumerate(IDS):
        for prefix in ("S2",) if original else ("S2", "S1A", "S1D"):
            (base / f"DATA_{prefix}").mkdir(parents=True, exist_ok=True)
            np.save(base / f"DATA_{prefix}" / f"{prefix}_{patch}.npy", series(p, prefix))
        target = np.stack([semantic(p), semantic(p), np.zeros((SIZE, SIZE), np.uint8)])
        (base / "ANNOTATIONS").mkdir(exist_ok=True)
        np.save(base / "ANNOTATIONS" / f"TARGET_{patch}.npy", target)
        np.save(base / "ANNOTATIONS" / f"ParcelIDs_{patch}.npy", instances(p))
        (base / "INSTANCE_ANNOTATIONS").mkdir(exist_ok=True)
        np.save(base / "INSTANCE_ANNOTATIONS" / f"INSTANCES_{patch}.npy", instances(p))
        x0 = 650000.0 + 1280 * p
        features.append({
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [[[x0, 6800000.0],
                                                             [x0 + 1280, 6800000.0],
                                                             [x0 + 1280, 6801280.0],
                                                             [x0, 6801280.0],
                                                             [x0, 6800000.0]]]},
            "properties": {
                "ID_PATCH": patch, "N_Parcel": 4, "Parcel_Cover": 0.8, "TILE": "t30uxv",
                "Fold": FOLDS[p],
                "dates-S2": {str(t): int(DATES[t]) for t in range(T_S2[p])},
                "dates-S1A": {str(t): int(DATES[t]) for t in range(T_S1[p])},
                "dates-S1D": {str(t): int(DATES[t]) for t in range(T_S1[p])},
            }})
    (base / "metadata.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "name": "metadata",
         "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
         "features": features}))
    archive = zip_tree(root / f"{name}.zip", stage, files_under(stage))
    unstage(stage, root, extract)
    return {"md5": {archive.name: md5(archive)}}

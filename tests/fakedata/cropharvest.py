"""Fake CropHarvest release (Zenodo record 7257688): ``features.tar.gz`` (members
``features/arrays/<index>_<dataset>.h5`` holding ``array`` float64 ``[12, 18]``, and
``features/normalizing_dict.h5``) and ``labels.geojson`` as GeoPandas writes it (CRS84 header,
one feature per label with the publisher's properties).

Array values encode the point, the month and the band (:func:`value`), so a test can tell
which file a sample came from, that months and bands are not transposed and which bands were
selected. The labels hold one point without an array (as the release has many), a crop point
without a crop group and points of both ``is_test`` values.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from fakedata._dc_util import md5, tar_dirs

MONTHS, BANDS = 12, 18
#: (dataset, index, is_crop, label, classification_label, is_test), in sample order per split
POINTS = (
    ("geowiki-landcover-2017", 0, 1, None, None, False),
    ("kenya", 1, 0, None, None, False),
    ("kenya", 2, 1, "beans", "leguminous", False),
    ("kenya", 10, 1, "maize", "cereals", False),
    ("togo-eval", 3, 0, None, None, True),
    ("togo-eval", 12, 1, None, None, True),
)
#: a label whose point has no array (skipped, as the release's imagery-less labels are)
NO_ARRAY = ("kenya", 5, 1, "maize", "cereals", False)


def value(point: int, month: Any, band: Any) -> Any:
    """Band ``band`` of month ``month`` of point number ``point`` (exact in float32)."""
    return 1000.0 * (point + 1) + 20.0 * month + band + 0.5


def array(point: int) -> np.ndarray:
    months, bands = np.mgrid[0:MONTHS, 0:BANDS]
    return value(point, months, bands).astype(np.float64)


def _feature(dataset: str, index: int, is_crop: int, label: str | None, group: str | None,
             is_test: bool) -> dict[str, Any]:
    lon, lat = 30.0 + index / 10, -1.0 + len(dataset) / 10
    return {"type": "Feature", "properties": {
        "harvest_date": None, "planting_date": None, "label": label,
        "classification_label": group, "index": index, "is_crop": is_crop, "lat": lat,
        "lon": lon, "dataset": dataset, "collection_date": "2020-10-22T00:00:00",
        "export_end_date": "2021-02-01T00:00:00", "externally_contributed_dataset": False,
        "is_test": is_test},
        "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def make(root: Path) -> dict[str, Any]:
    """Write ``features.tar.gz`` and ``labels.geojson`` into ``root``; return their md5s."""
    root.mkdir(parents=True, exist_ok=True)
    stage = root / "_staging"
    arrays = stage / "features" / "arrays"
    arrays.mkdir(parents=True)
    for number, (dataset, index, is_crop, label, _, _) in enumerate(POINTS):
        with h5py.File(arrays / f"{index}_{dataset}.h5", "w") as f:
            f.create_dataset("array", data=array(number))
            f.attrs.update({"dataset": dataset, "is_crop": is_crop, **({"label": label}
                                                                       if label else {})})
    with h5py.File(stage / "features" / "normalizing_dict.h5", "w") as f:
        f.create_dataset("mean", data=np.zeros(BANDS))
        f.create_dataset("std", data=np.ones(BANDS))
    archives = {"features.tar.gz": tar_dirs(stage, ["features"], root / "features.tar.gz")}
    features = [_feature(*p) for p in reversed((*POINTS, NO_ARRAY))]  # not in array order
    collection = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {
        "name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, "features": features}
    (root / "labels.geojson").write_text(json.dumps(collection))
    archives["labels.geojson"] = md5(root / "labels.geojson")
    shutil.rmtree(stage)
    return {"dir": root, "archives": archives}

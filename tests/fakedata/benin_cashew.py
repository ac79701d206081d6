"""Fake Benin cashew plantations in the Source Cooperative layout.

A 20x24 px tile (EPSG:32631, 10 m, origin 400000 E / 900000 N) at 2 dates, all 13 bands as
uint16 GeoTIFFs (pixel (r, c) of band b of date i = ``1000 i + 100 b + 7 r + 3 c + r c``), and
``labels/00.geojson`` in WGS84 with three polygons: class 1 over rows 0-9 / cols 0-9, class 3
over rows 10-19 / cols 12-23 and class 2 over rows 13-16 / cols 2-7.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from pyproj import Transformer

from fakedata._segutil import coded_image, write_tif

BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12",
         "CLD")
DATES = ["20191105", "20200602"]
H, W = 20, 24
X0, Y0, RES = 400000.0, 900000.0, 10.0


def expected_mask() -> np.ndarray:
    mask = np.zeros((H, W), np.int64)
    mask[0:10, 0:10] = 1
    mask[10:20, 12:24] = 3
    mask[13:17, 2:8] = 2
    return mask


def image() -> np.ndarray:
    """``[dates, bands, H, W]`` uint16, as written."""
    return np.stack([coded_image(i, len(BANDS), H, W, "uint16") for i in range(len(DATES))])


def _polygon(r0: int, r1: int, c0: int, c1: int) -> list[list[list[float]]]:
    to_wgs = Transformer.from_crs("EPSG:32631", "EPSG:4326", always_xy=True)
    corners = [(c0, r0), (c1, r0), (c1, r1), (c0, r1), (c0, r0)]
    return [[list(to_wgs.transform(X0 + c * RES, Y0 - r * RES)) for c, r in corners]]


def make(root: Path) -> dict[str, Any]:
    files = []
    for i, d in enumerate(DATES):
        for b, band in enumerate(BANDS):
            path = root / "imagery" / "00" / f"00_{d}" / f"00_{d}_{band}_10m.tif"
            write_tif(path, image()[i, b], crs="EPSG:32631",
                      origin=(X0, Y0), res=RES)
            files.append(path)
    features = [
        {"type": "Feature", "properties": {"class": 1},
         "geometry": {"type": "Polygon", "coordinates": _polygon(0, 10, 0, 10)}},
        {"type": "Feature", "properties": {"class": 3},
         "geometry": {"type": "Polygon", "coordinates": _polygon(10, 20, 12, 24)}},
        {"type": "Feature", "properties": {"class": 2},
         "geometry": {"type": "Polygon", "coordinates": _polygon(13, 17, 2, 8)}},
    ]
    labels = root / "labels" / "00.geojson"
    labels.parent.mkdir(parents=True, exist_ok=True)
    labels.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return {"files": [labels, *files], "dates": DATES}

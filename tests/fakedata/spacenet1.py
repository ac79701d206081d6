"""Fake SpaceNet 1: the five SN1 tarballs (3band, 8band, geojson for train; 3band, 8band test).

Chip ``n``'s building is :data:`SN_BLOCK` moved ``2 (n - 1)`` rows down (chip 2 has none).
"""

from __future__ import annotations

from pathlib import Path

from fakedata._dc_util import spacenet_chip, tar_dirs

COUNTS = {"train": 3, "test": 2}
CRS = "EPSG:4326"
ORIGIN = (-43.7, -22.9)
RES = 0.00001


def make(root: Path) -> dict[str, object]:
    archives = {}
    for split, count in COUNTS.items():
        staging = root / "_staging" / split
        for n in range(1, count + 1):
            origin = (ORIGIN[0] + n * 0.001, ORIGIN[1])
            label = (staging / "geojson" / f"Geo_AOI_1_RIO_img{n}.geojson"
                     if split == "train" else None)
            spacenet_chip(staging / "3band" / f"3band_AOI_1_RIO_img{n}.tif", label, 3,
                          10 * n, CRS, origin, RES, building=n != 2, dtype="uint8",
                          shift=2 * (n - 1))
            spacenet_chip(staging / "8band" / f"8band_AOI_1_RIO_img{n}.tif", None, 8,
                          100 * n, CRS, origin, RES * 4)
        parts = ["3band", "8band"] + (["geojson_buildings"] if split == "train" else [])
        for part in parts:
            name = f"SN1_buildings_{split}_AOI_1_Rio_{part}.tar.gz"
            archives[name] = tar_dirs(staging, [part.split("_")[0]], root / name)
    return {"dir": root, "archives": archives, "counts": COUNTS}


def make_extracted(root: Path) -> Path:
    """Train chips already unpacked under ``root/SN1_buildings/train``, as the release has them.

    Chip 1's label is a zero-byte file (the release's way of saying "no buildings"); chip 2's
    footprint is written with a CRS84 ``crs`` member and 3-D (x, y, 0) coordinates.
    """
    import json

    base = root / "SN1_buildings" / "train"
    for n in (1, 2):
        origin = (ORIGIN[0] + n * 0.001, ORIGIN[1])
        label = base / "geojson" / f"Geo_AOI_1_RIO_img{n}.geojson"
        spacenet_chip(base / "3band" / f"3band_AOI_1_RIO_img{n}.tif", label, 3, 10 * n, CRS,
                      origin, RES, dtype="uint8")
        if n == 1:
            label.write_bytes(b"")
        else:
            collection = json.loads(label.read_text())
            collection["crs"] = {"type": "name",
                                 "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
            for feature in collection["features"]:
                rings = feature["geometry"]["coordinates"]
                feature["geometry"]["coordinates"] = [[[x, y, 0.0] for x, y in ring]
                                                      for ring in rings]
            label.write_text(json.dumps(collection))
    return root

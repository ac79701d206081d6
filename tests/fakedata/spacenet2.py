"""Fake SpaceNet 2: Vegas and Khartoum train/test tarballs in the SN2 AOI layout.

Chip ``n`` of AOI ``a`` has base ``1000 a + 100 n + 10 p`` (product ``p``) and its building
moved ``2 a + n - 1`` rows down from ``SN_BLOCK``.
"""

from __future__ import annotations

from pathlib import Path

from fakedata._dc_util import spacenet_chip, tar_dirs

AOIS = {"AOI_2_Vegas": (-115.3, 36.2), "AOI_5_Khartoum": (32.5, 15.6)}
PRODUCTS = {"MUL-PanSharpen": 8, "MUL": 8, "PAN": 1, "RGB-PanSharpen": 3}
COUNTS = {"train": 2, "test": 1}
RES = 0.000003


def make(root: Path) -> dict[str, object]:
    archives = {}
    for split, count in COUNTS.items():
        for a, (aoi, origin) in enumerate(AOIS.items()):
            top = f"{aoi}_Train" if split == "train" else f"{aoi}_Test_public"
            staging = root / "_staging"
            for n in range(1, count + 1):
                for p, (product, bands) in enumerate(PRODUCTS.items()):
                    label = (staging / top / "geojson" / "buildings"
                             / f"buildings_{aoi}_img{n}.geojson"
                             if split == "train" and p == 0 else None)
                    res = RES * (4 if product == "MUL" else 1)
                    spacenet_chip(staging / top / product / f"{product}_{aoi}_img{n}.tif",
                                  label, bands, 1000 * a + 100 * n + 10 * p, "EPSG:4326",
                                  (origin[0] + n * 0.001, origin[1]), res,
                                  shift=2 * a + n - 1)
            name = (f"SN2_buildings_train_{aoi}.tar.gz" if split == "train"
                    else f"{aoi}_Test_public.tar.gz")
            archives[name] = tar_dirs(staging, [top], root / name)
    return {"dir": root, "archives": archives, "counts": COUNTS}

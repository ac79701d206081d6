"""Fake SpaceNet 4: two collect tarballs + geojson.tar.gz (train) and the test tarball.

Chips are in UTM 16N while the footprints are EPSG:4326, as in the release, so the loader's
reprojection of the footprints is exercised.
"""

from __future__ import annotations

from pathlib import Path

from fakedata._dc_util import spacenet_chip, tar_dirs

COLLECTS = ["Atlanta_nadir7_catid_1030010003D22F00", "Atlanta_nadir53_catid_1030010003CD4300"]
TILES = [(733601, 3724689), (733601, 3725139)]
PRODUCTS = {"Pan-Sharpen": 4, "MS": 8, "PAN": 1}
CRS = "EPSG:32616"


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    archives = {}
    for c, collect in enumerate(COLLECTS):
        for t, (e, n) in enumerate(TILES):
            for p, (product, bands) in enumerate(PRODUCTS.items()):
                label = (staging / "geojson" / "spacenet-buildings"
                         / f"spacenet-buildings_{e}_{n}.geojson") if c == p == 0 else None
                res = 2.0 if product == "MS" else 0.5
                spacenet_chip(staging / collect / product / f"{product}_{collect}_{e}_{n}.tif",
                              label, bands, 100 * c + 10 * t + p, CRS, (e, n), res,
                              building=t == 0)
        archives[f"{collect}.tar.gz"] = tar_dirs(staging, [collect], root / f"{collect}.tar.gz")
    archives["geojson.tar.gz"] = tar_dirs(staging, ["geojson"], root / "geojson.tar.gz")
    test = root / "_test"
    top = "SN4_buildings_AOI_6_Atlanta_test_public"
    for product, bands in PRODUCTS.items():
        collect = COLLECTS[0]
        spacenet_chip(test / top / collect / product / f"{product}_{collect}_733151_3724689.tif",
                      None, bands, 7, CRS, (733151, 3724689), 0.5)
    name = f"{top}.tar.gz"
    archives[name] = tar_dirs(test, [top], root / name)
    return {"dir": root, "archives": archives,
            "counts": {"train": len(COLLECTS) * len(TILES), "test": 1}}

"""Fake SpaceNet 5: Moscow and Mumbai train tarballs, Moscow and San Juan public test tarballs.

``SN5_roads_train_<AOI>.tar.gz`` holds ``<AOI>/{PS-RGB,PS-MS,MS,PAN,geojson_roads_speed}/``
with ``SN5_roads_train_<AOI>_<product>_chip<N>.tif`` and
``SN5_roads_train_<AOI>_geojson_roads_speed_chip<N>.geojson``;
``SN5_roads_test_public_<AOI>.tar.gz`` holds ``<AOI>/<product>/SN5_roads_test_public_<AOI>_
<product>_chip<N>.tif``. Chips are EPSG:4326, PS-RGB uint8 and the rest uint16, with pixels
``_dc_util.sn_value`` of base :func:`base`. Train chips are numbered :data:`CHIPS` (so that a
name sort would put chip 10 before chip 2); chip :data:`UNLABELLED` has no label file and
the last Mumbai chip (chip 10) an empty FeatureCollection. Each labelled chip has an east-west
road along the centre of row :func:`road_row` and a north-south one along the centre of column
:func:`road_col`, both running past the chip's edges, with speed attributes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fakedata._dc_util import SN_SIZE, spacenet_chip, tar_dirs

TRAIN = {"AOI_7_Moscow": (37.6, 55.7), "AOI_8_Mumbai": (72.8, 19.0)}
TEST = {"AOI_7_Moscow": (37.7, 55.8), "AOI_9_San_Juan": (-66.1, 18.4)}
PRODUCTS = {"PS-RGB": (3, "uint8"), "PS-MS": (8, "uint16"), "MS": (8, "uint16"),
            "PAN": (1, "uint16")}
RES = 0.00001  # degrees: about 1.1 m north-south, 0.6 m (Moscow) / 1.05 m (Mumbai) east-west
CHIPS = (0, 2, 10)
UNLABELLED = 5
EMPTY = ("AOI_8_Mumbai", 2)


def base(a: int, k: int, p: int, test: bool = False) -> int:
    """Pixel base of AOI ``a``, chip position ``k``, product ``p`` (test chips: + 500)."""
    return 1000 * a + 100 * k + 10 * p + (500 if test else 0)


def road_row(a: int, k: int) -> int:
    return 3 + 2 * a + k


def road_col(a: int, k: int) -> int:
    return 11 - k - 2 * a


def origin(aoi: str, k: int, test: bool = False) -> tuple[float, float]:
    lon, lat = (TEST if test else TRAIN)[aoi]
    return lon + k * 0.001, lat


def _roads(a: int, k: int, x0: float, y0: float) -> dict[str, Any]:
    """Chip ``k``'s centrelines in EPSG:4326 with the SN5 speed attributes."""
    y = y0 - (road_row(a, k) + 0.5) * RES
    x = x0 + (road_col(a, k) + 0.5) * RES
    lines = ([[x0 - 5 * RES, y], [x0 + (SN_SIZE + 5) * RES, y]],
             [[x, y0 + 5 * RES], [x, y0 - (SN_SIZE + 5) * RES]])
    features = []
    for i, coords in enumerate(lines):
        mph = 25.0 + 20 * i
        props = {"bridge_type": "2", "heading": "0", "lane_number": "2", "one_way_ty": "2",
                 "paved": "1", "road_id": 100 * k + i, "road_type": "5" if i else "3",
                 "origarea": 0, "origlen": 0.0, "partialDec": 1, "truncated": 0,
                 "inferred_speed_mph": mph, "inferred_speed_mps": mph * 0.44704}
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "LineString", "coordinates": coords}})
    return {"type": "FeatureCollection", "features": features}


def _chips(top: Path, stem: str, aoi: str, a: int, k: int, n: int, test: bool) -> None:
    x0, y0 = origin(aoi, k, test)
    for p, (product, (bands, dtype)) in enumerate(PRODUCTS.items()):
        res = RES * (4 if product == "MS" else 1)
        spacenet_chip(top / aoi / product / f"{stem}_{product}_chip{n}.tif", None, bands,
                      base(a, k, p, test), "EPSG:4326", (x0, y0), res, dtype=dtype)


def make(root: Path) -> dict[str, object]:
    archives = {}
    for a, aoi in enumerate(TRAIN):
        top = root / "_train" / aoi
        stem = f"SN5_roads_train_{aoi}"
        for k, n in enumerate((*CHIPS, UNLABELLED)):
            _chips(top.parent, stem, aoi, a, k, n, test=False)
            if n == UNLABELLED:
                continue
            content = ({"type": "FeatureCollection", "features": []} if (aoi, k) == EMPTY
                       else _roads(a, k, *origin(aoi, k)))
            label = top / "geojson_roads_speed" / f"{stem}_geojson_roads_speed_chip{n}.geojson"
            label.parent.mkdir(parents=True, exist_ok=True)
            label.write_text(json.dumps(content))
        archives[f"{stem}.tar.gz"] = tar_dirs(root / "_train", [aoi], root / f"{stem}.tar.gz")
    for a, aoi in enumerate(TEST):
        stem = f"SN5_roads_test_public_{aoi}"
        _chips(root / "_test", stem, aoi, a, 0, 3, test=True)
        archives[f"{stem}.tar.gz"] = tar_dirs(root / "_test", [aoi], root / f"{stem}.tar.gz")
    return {"dir": root, "archives": archives,
            "counts": {"train": len(TRAIN) * len(CHIPS), "test": len(TEST)}}

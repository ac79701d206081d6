"""Fake SpaceNet 3: Vegas and Khartoum roads tarballs in the SN3 layout.

Train: ``SN3_roads_train_<AOI>.tar.gz`` (``<AOI>/{PS-RGB,PS-MS,MS,PAN,geojson_roads}/``) and
``SN3_roads_train_<AOI>_geojson_roads_speed.tar.gz`` (``<AOI>/geojson_roads_speed/``); test:
``SN3_roads_test_public_<AOI>.tar.gz`` (``<AOI>_Roads_Test_Public/`` with the SpaceNet 2
product folders). Chips are uint16 EPSG:4326 with pixels ``_dc_util.sn_value`` of base
``1000 a + 100 n + 10 p`` (AOI ``a``, chip ``n``, product ``p``).

Chip ``n`` of AOI ``a`` has an east-west road along the centre of row :func:`road_row` and a
north-south one along the centre of column :func:`road_col`, both running past the chip's
edges (no line ends inside). The speed layer holds the east-west road only, so a test can
tell which file was read. Chip 2 of Khartoum has an empty FeatureCollection (no road) and
chip 3 of every AOI no label file (the loader leaves it out of train).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fakedata._dc_util import SN_SIZE, spacenet_chip, tar_dirs

AOIS = {"AOI_2_Vegas": (-115.3, 36.2), "AOI_5_Khartoum": (32.5, 15.6)}
PRODUCTS = {"PS-RGB": 3, "PS-MS": 8, "MS": 8, "PAN": 1}
TEST_FOLDERS = {"PS-RGB": "RGB-PanSharpen", "PS-MS": "MUL-PanSharpen", "MS": "MUL",
                "PAN": "PAN"}
RES = 0.00001  # degrees: about 1.1 m north-south, 0.9 m (Vegas) / 1.07 m (Khartoum) east-west
CHIPS = 3  # train chips per AOI; the last has no label file
COUNTS = {"train": 2 * len(AOIS), "test": len(AOIS)}


def road_row(a: int, n: int) -> int:
    return 4 + 2 * a + n


def road_col(a: int, n: int) -> int:
    return 10 - n - a


def _origin(aoi: str, n: int) -> tuple[float, float]:
    lon, lat = AOIS[aoi]
    return lon + n * 0.001, lat


def _roads(a: int, n: int, origin: tuple[float, float], speed: bool) -> dict[str, Any]:
    """The chip's road centrelines as SpaceNet ships them (EPSG:4326 LineStrings)."""
    x0, y0 = origin
    y = y0 - (road_row(a, n) + 0.5) * RES
    x = x0 + (road_col(a, n) + 0.5) * RES
    lines = [[[x0 - 5 * RES, y], [x0 + (SN_SIZE + 5) * RES, y]]]
    if not speed:
        lines.append([[x, y0 + 5 * RES], [x, y0 - (SN_SIZE + 5) * RES]])
    features = []
    for i, coords in enumerate(lines):
        props: dict[str, Any] = {"bridge_type": "2", "heading": "0", "lane_number": "2",
                                 "one_way_ty": "2", "paved": "1", "road_id": 100 * n + i,
                                 "road_type": "5", "origarea": 0, "origlen": 0.0,
                                 "partialDec": 1, "truncated": 0}
        if speed:
            props.update(inferred_speed_mph=25.0, inferred_speed_mps=11.176)
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "LineString", "coordinates": coords}})
    return {"type": "FeatureCollection", "features": features}


def _write(path: Path, content: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content))


def make(root: Path) -> dict[str, object]:
    archives = {}
    for a, aoi in enumerate(AOIS):
        train, speed, test = root / "_train", root / "_speed", root / "_test"
        stem = f"SN3_roads_train_{aoi}"
        for n in range(1, CHIPS + 1):
            origin = _origin(aoi, n)
            for p, (product, bands) in enumerate(PRODUCTS.items()):
                res = RES * (4 if product == "MS" else 1)
                spacenet_chip(train / aoi / product / f"{stem}_{product}_img{n}.tif", None,
                              bands, 1000 * a + 100 * n + 10 * p, "EPSG:4326", origin, res)
            if n == CHIPS:
                continue
            empty = aoi == "AOI_5_Khartoum" and n == 2
            for layer, folder in (("geojson_roads", train), ("geojson_roads_speed", speed)):
                content = ({"type": "FeatureCollection", "features": []} if empty
                           else _roads(a, n, origin, layer.endswith("speed")))
                _write(folder / aoi / layer / f"{stem}_{layer}_img{n}.geojson", content)
        top = f"{aoi}_Roads_Test_Public"
        for p, (product, bands) in enumerate(PRODUCTS.items()):
            folder = TEST_FOLDERS[product]
            spacenet_chip(test / top / folder / f"{folder}_{aoi}_img1.tif", None, bands,
                          1000 * a + 500 + 10 * p, "EPSG:4326", _origin(aoi, 7),
                          RES * (4 if product == "MS" else 1))
        archives[f"{stem}.tar.gz"] = tar_dirs(train, [aoi], root / f"{stem}.tar.gz")
        name = f"{stem}_geojson_roads_speed.tar.gz"
        archives[name] = tar_dirs(speed, [aoi], root / name)
        name = f"SN3_roads_test_public_{aoi}.tar.gz"
        archives[name] = tar_dirs(test, [top], root / name)
    return {"dir": root, "archives": archives, "counts": COUNTS}

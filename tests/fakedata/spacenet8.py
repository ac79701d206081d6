"""Fake SpaceNet 8: the three area tarballs in the SN8 layout (members without a top folder).

``<folder>.tar.gz`` holds ``PRE-event/<catalog id>_<tile>.tif``, ``POST-event/<catalog id>_
<tile>.tif``, ``annotations/<tile>.geojson`` (train areas only),
``<folder>_label_image_mapping.csv`` and ``<folder>_reference.csv``. Tiles are 3-band uint8
EPSG:4326 with pixels ``_dc_util.sn_value`` of base :func:`base`. Germany and Louisiana-East
both have a tile ``0_1_1`` (annotation names repeat between areas); Germany's CSV lists its tiles
out of name order, and its second tile has a second post-event image. Louisiana-East's post
image is a coarser grid (2x the pixel size) over the same ground, so the loader must resample
it. Each annotation has one building :data:`BUILDING` (flooded or not per :data:`TILES`), an
east-west road along row :func:`road_row` (flooded) and a north-south one along column
:func:`road_col` (not flooded; buffered 3 m it reaches into the building in Germany), plus a
feature that is neither building nor road (``flooded`` but no ``building``/``highway``) and a
road without ``lanes``, which must be ignored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fakedata._dc_util import SN_SIZE, spacenet_chip, tar_dirs

RES = 0.00001
#: area folder -> (origin lon, lat, pre catalog id, post catalog ids)
AREAS = {
    "Germany_Training_Public": (6.9, 50.5, "10500500C4DD7000",
                                ("10500500E6DD3C00", "1040050035DC3B00")),
    "Louisiana-East_Training_Public": (-90.3, 29.9, "105001001A0FFC00", ("10300100C46F5900",)),
    "Louisiana-West_Test_Public": (-90.9, 30.1, "10300100AF395C00", ("10400100684A4B00",)),
}
#: area -> its tiles in CSV order: (tile id, building flooded, number of post images)
TILES = {
    "Germany_Training_Public": (("0_1_2", True, 2), ("0_1_1", False, 1)),
    "Louisiana-East_Training_Public": (("0_1_1", True, 1),),
    "Louisiana-West_Test_Public": (("0_3_3", False, 1),),
}
BUILDING = (3, 7, 2, 6)  # rows 3..6, cols 2..5
COARSE = "Louisiana-East_Training_Public"  # whose post image has 2x the pixel size
HEADER = "label,pre-event image,post-event image 1,post-event image 2\n"


def base(a: int, t: int, post: bool = False) -> int:
    """Pixel base of area ``a`` (in :data:`AREAS` order), tile ``t``; post images + 50."""
    return 100 * a + 20 * t + (50 if post else 0)


def origin(folder: str, t: int) -> tuple[float, float]:
    lon, lat = AREAS[folder][:2]
    return lon + 0.001 * t, lat


def road_row(t: int) -> int:
    return 11 + t


def road_col(t: int) -> int:
    return 9 + t


def _feature(coords: Any, kind: str, props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": props,
            "geometry": {"type": kind, "coordinates": coords}}


def _annotation(x0: float, y0: float, t: int, flooded: bool) -> dict[str, Any]:
    r0, r1, c0, c1 = BUILDING
    ring = [[x0 + c * RES, y0 - r * RES] for r, c in ((r0, c0), (r0, c1), (r1, c1), (r1, c0),
                                                       (r0, c0))]
    y = y0 - (road_row(t) + 0.5) * RES
    x = x0 + (road_col(t) + 0.5) * RES
    road = {"highway": "residential", "lanes": "2", "surface": "asphalt", "oneway": None,
            "bridge": None, "tunnel": None, "layer": None, "building": None}
    everything = [[x0, y0], [x0 + SN_SIZE * RES, y0], [x0 + SN_SIZE * RES, y0 - SN_SIZE * RES],
                  [x0, y0 - SN_SIZE * RES], [x0, y0]]
    return {"type": "FeatureCollection", "features": [
        _feature([ring], "Polygon", {"id": 1, "@id": "way/1", "building": "yes",
                                     "flooded": "yes" if flooded else None}),
        _feature([[x0 - 5 * RES, y], [x0 + (SN_SIZE + 5) * RES, y]], "LineString",
                 {**road, "id": 2, "@id": "way/2", "flooded": "yes"}),
        _feature([[x, y0 + 5 * RES], [x, y0 - (SN_SIZE + 5) * RES]], "LineString",
                 {**road, "id": 3, "@id": "way/3", "flooded": None}),
        _feature([everything], "Polygon", {"id": 4, "@id": "way/4", "building": None,
                                           "highway": None, "flooded": "yes"}),
        # a road without lanes: a bad label the baseline drops (row 1, across the tile)
        _feature([[x0 - 5 * RES, y0 - 1.5 * RES], [x0 + (SN_SIZE + 5) * RES, y0 - 1.5 * RES]],
                 "LineString", {**road, "id": 5, "@id": "way/5", "lanes": None,
                                "flooded": "yes"}),
    ]}


def make(root: Path) -> dict[str, object]:
    archives = {}
    for a, (folder, (_, _, pre_id, post_ids)) in enumerate(AREAS.items()):
        staging = root / "_staging" / folder
        rows = []
        for t, (tile, flooded, posts) in enumerate(TILES[folder]):
            x0, y0 = origin(folder, t)
            pre = f"{pre_id}_{tile}.tif"
            spacenet_chip(staging / "PRE-event" / pre, None, 3, base(a, t), "EPSG:4326",
                          (x0, y0), RES, dtype="uint8")
            names = [f"{post_ids[i]}_{tile}.tif" for i in range(posts)]
            for i, name in enumerate(names):
                coarse = folder == COARSE
                spacenet_chip(staging / "POST-event" / name, None, 3,
                              base(a, t, post=True) + 7 * i, "EPSG:4326", (x0, y0),
                              RES * (2 if coarse else 1), dtype="uint8")
            if "Training" in folder:
                label = staging / "annotations" / f"{tile}.geojson"
                label.parent.mkdir(parents=True, exist_ok=True)
                label.write_text(json.dumps(_annotation(x0, y0, t, flooded)))
            rows.append(f"{tile}.geojson,{pre},{names[0]},{names[1] if posts > 1 else ''}\n")
        (staging / f"{folder}_label_image_mapping.csv").write_text(HEADER + "".join(rows))
        (staging / f"{folder}_reference.csv").write_text(
            "ImageId,Object,Wkt_Pix,Flooded,length_m,travel_time_s\n"
            f"{pre_id}_{TILES[folder][0][0]},Building,\"POLYGON ((2 3, 6 3, 6 7, 2 7, 2 3))\","
            "False,Null,Null\n")
        name = f"{folder}.tar.gz"
        archives[name] = tar_dirs(staging, sorted(p.name for p in staging.iterdir()),
                                  root / name)
    return {"dir": root, "archives": archives, "counts": {"train": 3, "test": 1}}

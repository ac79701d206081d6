"""Fake xView2: ``{train,hold,test}_images_labels_targets.tar.gz`` in the challenge layout.

Samples are numbered ``g`` across the folders (train 0-1, hold 2, test 3). The pre image of
sample ``g`` is ``coded_image(2 g)`` and the post image ``coded_image(2 g + 1)`` (file, band,
row and column in every pixel); its polygons (labels and targets alike) are :data:`POLYGONS`
moved by :func:`shift`, so every sample has its own mask.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from fakedata._dc_util import tar_dirs, write_png
from fakedata._segutil import coded_image

SIZE = 16
COUNTS = {"train": 2, "hold": 1, "test": 1}
#: post-disaster polygons of every sample: (wkt, subtype, pixels covered)
POLYGONS = [
    ("POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))", "no-damage"),
    ("POLYGON ((8 0, 12 0, 12 2, 8 2, 8 0))", "destroyed"),
    ("POLYGON ((0 8, 2 8, 2 12, 0 12, 0 8))", "minor-damage"),
    ("POLYGON ((10 10, 14 10, 14 14, 10 14, 10 10))", "major-damage"),
    ("POLYGON ((6 12, 8 12, 8 14, 6 14, 6 12))", "un-classified"),
]


def shift(sample: int) -> tuple[int, int]:
    """(columns, rows) the polygons of sample ``sample`` are moved by."""
    return sample % 2, sample // 2


def polygons(sample: int) -> list[tuple[str, str]]:
    """The sample's polygons as (WKT in pixel coordinates, damage subtype)."""
    import shapely.affinity
    import shapely.wkt

    dx, dy = shift(sample)
    return [(shapely.affinity.translate(shapely.wkt.loads(w), dx, dy).wkt, s)
            for w, s in POLYGONS]


def images(sample: int) -> np.ndarray:
    """``[2,3,H,W]`` uint8: pre and post image of the sample."""
    return np.stack([coded_image(2 * sample + k, 3, SIZE, SIZE) for k in (0, 1)])


def _label(stem: str, with_damage: bool, sample: int) -> dict[str, object]:
    xy = []
    for i, (wkt, subtype) in enumerate(polygons(sample)):
        props: dict[str, str] = {"feature_type": "building", "uid": f"{stem}-{i}"}
        if with_damage:
            props["subtype"] = subtype
        xy.append({"properties": props, "wkt": wkt})
    return {"features": {"lng_lat": [], "xy": xy},
            "metadata": {"width": SIZE, "height": SIZE, "img_name": f"{stem}.png",
                         "disaster": stem.split("_")[0]}}


def target(post: bool, sample: int) -> np.ndarray:
    """The publisher's target PNG of the polygons: damage grade (post) or 1 = building (pre)."""
    import shapely.wkt
    from rasterio.features import rasterize

    grades = {"no-damage": 1, "minor-damage": 2, "major-damage": 3, "destroyed": 4,
              "un-classified": 1}
    shapes = sorted(((shapely.wkt.loads(w), grades[s] if post else 1) for w, s in polygons(sample)),
                    key=lambda item: item[1])
    return rasterize(shapes, out_shape=(SIZE, SIZE), dtype="uint8")


def make(root: Path) -> dict[str, object]:
    staging = root / "_staging"
    archives = {}
    sample = 0
    for folder, count in COUNTS.items():
        for n in range(count):
            stem = f"hurricane-harvey_{n:08d}"
            for k, phase in enumerate(("pre", "post")):
                name = f"{stem}_{phase}_disaster"
                img = images(sample)[k].transpose(1, 2, 0)
                write_png(staging / folder / "images" / f"{name}.png", img)
                label = _label(name, phase == "post", sample)
                path = staging / folder / "labels" / f"{name}.json"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(label))
                write_png(staging / folder / "targets" / f"{name}_target.png",
                          target(phase == "post", sample))
            sample += 1
        archive = root / f"{folder}_images_labels_targets.tar.gz"
        archives[archive.name] = tar_dirs(staging, [folder], archive)
    return {"dir": root, "archives": archives, "counts": COUNTS}

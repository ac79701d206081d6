"""Fake xView (DIUx xView 2018 challenge) as the challenge site hands it out.

``train_images.tgz`` holds ``train_images/<id>.tif`` (uint8 RGB GeoTIFFs in longitude and
latitude) plus a macOS ``._100.tif`` resource fork, as the real archive does;
``train_labels.tgz`` holds ``xView_train.geojson`` (one feature per box, with the publisher's
properties: ``bounds_imcoords`` as an ``"xmin,ymin,xmax,ymax"`` string, ``type_id``,
``image_id``, ``feature_id`` ...); ``val_images.tgz`` holds ``val_images/<id>.tif``.

Band b of the scene with file number n holds :func:`pixel` = (37 n + 70 b + 5 row + col) % 256.
The scenes have different, non-square sizes. The labels carry the published defects: codes 75
and 82, an empty ``bounds_imcoords``, boxes past the image edge (one wholly outside) and a box
of ``1395.tif``, a scene missing from the images.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import tar_dirs, write_tif
from fakedata._made import unstage

#: scene file -> (file number, height, width)
TRAIN = {"2.tif": (1, 12, 16), "10.tif": (2, 10, 14), "100.tif": (3, 9, 11)}
VAL = {"5.tif": (4, 8, 13), "7.tif": (5, 11, 9)}
#: the label features: (image_id, bounds_imcoords, type_id); 1395.tif has no image
FEATURES: list[tuple[str, Any, int]] = [
    ("2.tif", "1,2,6,8", 73),  # Building
    ("10.tif", "3,4,9,7", 11),  # Fixed-wing Aircraft
    ("2.tif", "10,3,14,6", 18),  # Small Car
    ("2.tif", "0,0,3,3", 75),  # no class: labelling artefact
    ("1395.tif", "5,5,9,9", 73),  # the scene is not in train_images.tgz
    ("2.tif", "12,9,20,15", 91),  # Shipping Container, past the right and bottom edges
    ("10.tif", "-2,-1,4,3", 13),  # Passenger/Cargo Plane, past the top-left corner
    ("10.tif", "", 18),  # an empty box
    ("10.tif", "14,5,25,9", 86),  # Storage Tank, wholly right of the 14 px wide scene
    ("2.tif", "4,4,8,8", 82),  # no class: labelling artefact
    ("10.tif", "13,0,14,2", 94),  # Tower, touching the right edge
]
#: what the loader returns per training scene: boxes and 0-based labels, in file order
EXPECTED: dict[str, tuple[list[list[float]], list[int]]] = {
    "2.tif": ([[1, 2, 6, 8], [10, 3, 14, 6], [12, 9, 16, 12]], [48, 5, 57]),
    "10.tif": ([[3, 4, 9, 7], [0, 0, 4, 3], [13, 0, 14, 2]], [0, 2, 59]),
    "100.tif": ([], []),
}
#: the lon/lat of the top-left corner of every scene and its pixel size in degrees
ORIGIN, RES = (36.0, 10.0), 3e-6


def pixel(number: int, band: int, row: Any, col: Any) -> Any:
    """Band ``band`` at (row, col) of the scene with file number ``number``."""
    return (37 * number + 70 * band + 5 * row + col) % 256


def image(number: int, height: int, width: int) -> np.ndarray:
    """The whole ``[3, height, width]`` uint8 scene with file number ``number``."""
    rows, cols = np.mgrid[0:height, 0:width]
    return np.stack([pixel(number, b, rows, cols) for b in range(3)]).astype(np.uint8)


def _feature(number: int, image_id: str, bounds: Any, type_id: int) -> dict[str, Any]:
    """A feature as ``xView_train.geojson`` writes it: the box again as a lon/lat polygon."""
    x0, y0, x1, y1 = ([float(v) for v in bounds.split(",")] if bounds else [0.0] * 4)
    lon = [ORIGIN[0] + x * RES for x in (x0, x1)]
    lat = [ORIGIN[1] - y * RES for y in (y0, y1)]
    ring = [[lon[0], lat[1]], [lon[0], lat[0]], [lon[1], lat[0]], [lon[1], lat[1]],
            [lon[0], lat[1]]]
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [ring]},
        "properties": {
            "bounds_imcoords": bounds, "edited_by": "wwfake", "cat_id": "1040010028371A00",
            "type_id": type_id, "ingest_time": "2017/07/24 13:20:38.280+00",
            "index_right": number, "image_id": image_id,
            "point_geom": "0101000020E610000060DE147608A256C05D6A384C61222D40",
            "feature_id": 377000 + number, "grid_file": "Grid2.shp",
        },
    }


def geojson() -> dict[str, Any]:
    """The label FeatureCollection."""
    return {"type": "FeatureCollection",
            "features": [_feature(n, *f) for n, f in enumerate(FEATURES)]}


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write the three archives under ``root`` (and, with ``extract``, what they unpack to).

    Returns ``dir`` (``root``) and ``archives``: archive name -> MD5.
    """
    stage = root / ".stage"
    for folder, scenes in (("train_images", TRAIN), ("val_images", VAL)):
        for name, (number, height, width) in scenes.items():
            write_tif(stage / folder / name, image(number, height, width), crs="EPSG:4326",
                      origin=ORIGIN, res=RES)
    # an AppleDouble file, as the real train_images.tgz carries: not a TIFF
    (stage / "train_images" / "._100.tif").write_bytes(b"\x00\x05\x16\x07" + b"\x00" * 60)
    (stage / "xView_train.geojson").write_text(json.dumps(geojson()))
    archives = {
        "train_images.tgz": tar_dirs(stage, ["train_images"], root / "train_images.tgz"),
        "train_labels.tgz": tar_dirs(stage, ["xView_train.geojson"], root / "train_labels.tgz"),
        "val_images.tgz": tar_dirs(stage, ["val_images"], root / "val_images.tgz"),
    }
    unstage(stage, root, extract)
    return {"dir": root, "archives": archives}

"""Fake DIOR: the publisher's four zips (images, VOC XML annotations of both kinds, split lists).

Pixel values encode the image and the position: red = 20 * image + 3 * column, green =
5 * row, blue = 30 * image (smooth ramps survive JPEG within a few levels).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import zip_dir

SIZE = 32
SPLITS = {"train": ["00001", "00002"], "val": ["00003"], "test": ["00004", "00005"]}
#: objects per image: (class name as the XML spells it, xmin, ymin, xmax, ymax)
OBJECTS = {
    "00001": [("airplane", 2, 3, 10, 12), ("Expressway-Service-area", 12, 14, 20, 22)],
    "00002": [("windmill", 0, 1, 6, 7)],
    "00003": [("dam", 4, 4, 16, 8), ("vehicle", 1, 15, 5, 20), ("ship", 18, 2, 23, 9)],
    "00004": [("Expressway-toll-station", 5, 6, 9, 10)],
    "00005": [],
}
ARCHIVES = ("JPEGImages-trainval.zip", "JPEGImages-test.zip", "Annotations.zip",
            "ImageSets.zip")


def pixel(image: int, row: int, col: int) -> tuple[int, int, int]:
    """The RGB value written at (row, col) of image number ``image`` (1-based id)."""
    return 20 * image + 3 * col, 5 * row, 30 * image


def corners(x0: float, y0: float, x1: float, y1: float) -> list[float]:
    """A tilted quadrilateral inside the box (left-top, right-top, right-bottom, left-bottom)."""
    return [x0 + 1, y0, x1, y0 + 1, x1 - 1, y1, x0, y1 - 1]


def _xml(stem: str, oriented: bool) -> str:
    parts = [f"<annotation><filename>{stem}.jpg</filename><size><width>{SIZE}</width>"
             f"<height>{SIZE}</height><depth>3</depth></size>"]
    names = ("x_left_top", "y_left_top", "x_right_top", "y_right_top", "x_right_bottom",
             "y_right_bottom", "x_left_bottom", "y_left_bottom")
    for name, x0, y0, x1, y1 in OBJECTS[stem]:
        if oriented:
            values = "".join(f"<{n}>{v}</{n}>" for n, v in zip(names, corners(x0, y0, x1, y1)))
            box = f"<robndbox>{values}<angle>0</angle></robndbox>"
        else:
            box = (f"<bndbox><xmin>{x0}</xmin><ymin>{y0}</ymin><xmax>{x1}</xmax>"
                   f"<ymax>{y1}</ymax></bndbox>")
        parts.append(f"<object><name>{name}</name><pose>Unspecified</pose>"
                     f"<truncated>0</truncated><difficult>0</difficult>{box}</object>")
    return "".join(parts) + "</annotation>\n"


def write_release(root: Path, pixel: Callable[[int, Any, Any], tuple[Any, Any, Any]],
                  xml: Callable[[str, bool], str]) -> dict[str, object]:
    """The publisher's four zips in ``root`` (images from ``pixel``, both annotation folders
    from ``xml(stem, oriented)``, the split lists); returns ``dir`` and ``archives`` (name ->
    md5). DIOR and DIOR-R differ only in their pixels and boxes."""
    from PIL import Image

    staging = root / "_staging"
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    for split, stems in SPLITS.items():
        folder = staging / ("JPEGImages-test" if split == "test" else "JPEGImages-trainval")
        folder.mkdir(parents=True, exist_ok=True)
        for stem in stems:
            r, g, b = pixel(int(stem), rows, cols)
            array = np.stack(np.broadcast_arrays(r, g, b), axis=-1).astype(np.uint8)
            Image.fromarray(array).save(folder / f"{stem}.jpg", quality=100, subsampling=0)
    for kind, oriented in (("Horizontal Bounding Boxes", False),
                           ("Oriented Bounding Boxes", True)):
        folder = staging / "Annotations" / kind
        folder.mkdir(parents=True)
        for stems in SPLITS.values():
            for stem in stems:
                (folder / f"{stem}.xml").write_text(xml(stem, oriented))
    main = staging / "ImageSets" / "Main"
    main.mkdir(parents=True)
    for split, stems in SPLITS.items():
        (main / f"{split}.txt").write_text("\n".join(stems) + "\n")
    archives = {name: zip_dir(staging, name.removesuffix(".zip"), root / name)
                for name in ARCHIVES}
    return {"dir": root, "archives": archives}


def make(root: Path) -> dict[str, object]:
    return write_release(root, pixel, _xml)

"""Fake DIOR-R: the publisher's four zips (JPEG images, VOC XML annotations, split lists).

``Annotations.zip`` holds ``Oriented Bounding Boxes/<id>.xml`` with ``<robndbox>`` corners
(tilted quadrilaterals with fractional coordinates, plus the ``<angle>`` the release writes)
and, as a decoy, ``Horizontal Bounding Boxes/<id>.xml`` whose class is always ``airport``,
so a test can tell which folder was read. Pixel values encode the image and the position:
red = 10 * image + 4 * column, green = 6 * row + 10, blue = 40 * image.
"""

from __future__ import annotations

from pathlib import Path

from fakedata.dior import ARCHIVES, SIZE, SPLITS, write_release

__all__ = ["ARCHIVES", "OBJECTS", "SIZE", "SPLITS", "make", "pixel"]

#: the robndbox corner tags, in the order they are written (left-top first, clockwise)
TAGS = ("x_left_top", "y_left_top", "x_right_top", "y_right_top", "x_right_bottom",
        "y_right_bottom", "x_left_bottom", "y_left_bottom")
#: objects per image: (class name as the XML spells it, corners in TAGS order)
OBJECTS: dict[str, list[tuple[str, list[float]]]] = {
    "00001": [("ship", [4.5, 2.0, 12.0, 5.25, 9.75, 11.0, 2.25, 7.75]),
              ("Expressway-Service-area", [14.0, 16.5, 25.5, 14.0, 27.0, 22.0, 15.5, 24.5])],
    "00002": [("windmill", [1.0, 3.5, 6.5, 1.0, 8.0, 6.0, 2.5, 8.5])],
    "00003": [("storagetank", [10.25, 10.0, 14.0, 12.5, 11.5, 16.25, 7.75, 13.75]),
              ("vehicle", [20.0, 20.0, 24.0, 21.0, 23.0, 25.0, 19.0, 24.0]),
              ("harbor", [2.0, 26.0, 9.0, 23.5, 10.5, 28.0, 3.5, 30.5])],
    "00004": [("tenniscourt", [5.5, 6.0, 9.0, 7.5, 8.0, 10.0, 4.5, 8.5])],
    "00005": [],
}


def pixel(image: int, row: int, col: int) -> tuple[int, int, int]:
    """The RGB value written at (row, col) of image number ``image`` (1-based id)."""
    return 10 * image + 4 * col, 6 * row + 10, 40 * image


def enclosing(corners: list[float]) -> list[float]:
    """The axis-aligned box around four corners (computed here, independently of geoplug)."""
    xs, ys = corners[0::2], corners[1::2]
    return [min(xs), min(ys), max(xs), max(ys)]


def _xml(stem: str, oriented: bool) -> str:
    parts = [f"<annotation><filename>{stem}.jpg</filename><source><database>DIOR-R"
             f"</database></source><size><width>{SIZE}</width><height>{SIZE}</height>"
             "<depth>3</depth></size><segmented>0</segmented>"]
    for name, corners in OBJECTS[stem]:
        if oriented:
            values = "".join(f"<{t}>{v}</{t}>" for t, v in zip(TAGS, corners))
            box = f"<type>robndbox</type><robndbox>{values}<angle>30</angle></robndbox>"
            label = name
        else:
            x0, y0, x1, y1 = enclosing(corners)
            box = (f"<bndbox><xmin>{x0}</xmin><ymin>{y0}</ymin><xmax>{x1}</xmax>"
                   f"<ymax>{y1}</ymax></bndbox>")
            label = "airport"
        parts.append(f"<object><name>{label}</name><pose>Unspecified</pose>"
                     f"<truncated>0</truncated><difficult>0</difficult>{box}</object>")
    return "".join(parts) + "</annotation>\n"


def make(root: Path) -> dict[str, object]:
    """Write the four zips into ``root``; return ``dir`` and ``archives`` (name -> md5)."""
    return write_release(root, pixel, _xml)

"""Fake FAIR1M: the benchmark's zips (``train/part1/images.zip``, ``labelXml.zip``,
``train/part2/images.zip``, ``labelXmls.zip``, ``validation/...``, ``test/images0-2.zip``)
holding uncompressed RGB TIFFs and PASCAL-VOC-like XML labels in ``images/`` and
``labelXml/`` folders (``labelXmls.zip`` too), as published.

Images are ``HEIGHT`` x ``WIDTH`` (not square, so a transpose shows); band b of the image with
file number f holds :func:`pixel` = (40 f + 60 b + 3 row + col) % 256. Image stems restart in
each folder (``train/part2/0.tif`` beside ``train/part1/0.tif``), with other objects, so a
label read from the wrong folder shows.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import write_tif, zip_dir
from fakedata._made import unstage

HEIGHT, WIDTH = 10, 14
#: folder -> (stem, file number, objects: (class name, four corners x1 y1 ... x4 y4))
IMAGES: dict[str, list[tuple[str, int, list[tuple[str, tuple[float, ...]]]]]] = {
    "train/part1": [
        ("0", 1, [("Boeing737", (2, 1, 9, 2, 8, 6, 1, 5)),
                  ("Small Car", (10, 6, 13, 6, 13, 9, 10, 9))]),
        ("1", 2, [("other-ship", (0.5, 0.5, 4.5, 0.5, 4.5, 3.5, 0.5, 3.5))]),
    ],
    "train/part2": [("0", 3, [("Bridge", (3, 3, 11, 4, 11, 7, 3, 6))])],
    "validation": [
        ("0", 4, [("Tennis Court", (1, 2, 6, 2, 6, 8, 1, 8)),
                  ("A350", (12.25, 1, 13.5, 2, 12.5, 3.75, 11, 2.5))]),
        ("1", 5, []),  # a scene without objects: <objects/> is empty
    ],
    "test": [("0", 6, []), ("1", 7, []), ("2", 8, [])],
}
#: label archive of each labelled folder (the later ones carry an "s", their members not)
LABEL_ZIPS = {"train/part1": "labelXml.zip", "train/part2": "labelXmls.zip",
              "validation": "labelXmls.zip"}


def pixel(number: int, band: int, row: Any, col: Any) -> Any:
    """Band ``band`` at (row, col) of the image with file number ``number``."""
    return (40 * number + 60 * band + 3 * row + col) % 256


def image(number: int) -> np.ndarray:
    """The whole ``[3, HEIGHT, WIDTH]`` image with file number ``number``."""
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH]
    return np.stack([pixel(number, b, rows, cols) for b in range(3)]).astype(np.uint8)


def label_xml(stem: str, objects: list[tuple[str, tuple[float, ...]]]) -> str:
    """A label file as the benchmark writes it: five points per object, the first repeated."""
    body = []
    for name, corners in objects:
        points = [corners[i:i + 2] for i in range(0, 8, 2)]
        points.append(points[0])
        point_lines = "".join(f"\n          <point>{x:.6f},{y:.6f}</point>" for x, y in points)
        body.append(
            "    <object>\n      <coordinate>pixel</coordinate>\n      <type>rectangle</type>\n"
            "      <description>None</description>\n      <possibleresult>\n"
            f"        <name>{name}</name>\n      </possibleresult>\n"
            f"      <points>{point_lines}\n      </points>\n    </object>\n")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<annotation>\n'
        f"  <source>\n    <filename>{stem}.tif</filename>\n    <origin>GF2/GF3</origin>\n"
        "  </source>\n  <research>\n    <version>1.0</version>\n"
        "    <pluginname>FAIR1M</pluginname>\n    <pluginclass>object detection</pluginclass>\n"
        "  </research>\n"
        f"  <size>\n    <width>{WIDTH}</width>\n    <height>{HEIGHT}</height>\n"
        "    <depth>3</depth>\n  </size>\n"
        f"  <objects>\n{''.join(body)}  </objects>\n</annotation>\n")


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write the archives under ``root`` (and, with ``extract``, the extracted folders).

    Returns ``dir`` (``root``) and ``archives``: each archive's path relative to ``root`` ->
    its MD5.
    """
    stage = root / ".stage"
    archives: dict[str, str] = {}
    for folder, entries in IMAGES.items():
        for stem, number, objects in entries:
            write_tif(stage / folder / "images" / f"{stem}.tif", image(number), crs=None)
            if folder != "test":
                xml = stage / folder / "labelXml" / f"{stem}.xml"
                xml.parent.mkdir(parents=True, exist_ok=True)
                xml.write_text(label_xml(stem, objects))
        if folder == "test":  # one image per zip: images0.zip ... images2.zip
            for k, (stem, _, _) in enumerate(entries):
                one = root / f".test{k}"
                (one / "images").mkdir(parents=True)
                shutil.copy(stage / "test" / "images" / f"{stem}.tif", one / "images")
                archives[f"test/images{k}.zip"] = zip_dir(
                    one, "images", root / "test" / f"images{k}.zip")
                shutil.rmtree(one)
            continue
        archives[f"{folder}/images.zip"] = zip_dir(stage / folder, "images",
                                                   root / folder / "images.zip")
        label_zip = f"{folder}/{LABEL_ZIPS[folder]}"
        archives[label_zip] = zip_dir(stage / folder, "labelXml", root / label_zip)
    unstage(stage, root, extract)
    return {"dir": root, "archives": archives}

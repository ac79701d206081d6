"""Fake MLRSNet laid out as the publisher ships it, with the category RAR archives extracted.

* ``<top>/Images/<category>/<category>_NNNNN.jpg``: RGB JPEG chips from
  :mod:`fakedata._scene_folders` (file ``n`` written holds ``chip(n)``, values that encode the
  file, row, column and band), written in an order unlike the loader's;
* ``<top>/<labels>/<category>.csv``: the published header (``image`` then the 60 labels, typed
  out here, not taken from the loader) and one row per image, in number order with a gap (as
  the real ``airplane.csv`` skips ``airplane_00027``...). Image ``k`` of :data:`FILES` has the
  labels :func:`label_names` ``(k)``;
* categories with the publisher's odd spellings ``harbor&port`` and ``swimmimg_pool``.

``labels`` is ``labels`` (GitHub) or ``Labels`` (the Mendeley archive). :func:`make_mendeley_zip`
writes Mendeley's "Download All" zip as published, i.e. with the images still in one RAR
per category (fake RAR bytes: geoplug never opens them).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._scene_folders import chip

#: the header of every published ``labels/<category>.csv``
HEADER = (
    "image,airplane,airport,bare soil,baseball diamond,basketball court,beach,bridge,buildings,"
    "cars,chaparral,cloud,containers,crosswalk,dense residential area,desert,dock,factory,"
    "field,football field,forest,freeway,golf course,grass,greenhouse,gully,habor,"
    "intersection,island,lake,mobile home,mountain,overpass,park,parking lot,parkway,pavement,"
    "railway,railway station,river,road,roundabout,runway,sand,sea,ships,snow,snowberg,"
    "sparse residential area,stadium,swimming pool,tanks,tennis court,terrace,track,trail,"
    "transmission tower,trees,water,wetland,wind turbine"
)
LABELS = HEADER.split(",")[1:]

#: (category, image number) in the loader's order: CSVs by name, rows as listed
FILES = (
    ("airplane", 1), ("airplane", 2), ("airplane", 26), ("airplane", 33),
    ("harbor&port", 1), ("harbor&port", 2),
    ("swimmimg_pool", 1), ("swimmimg_pool", 3),
)
#: the order the JPEGs are written in (file ``WRITE_ORDER[n]`` of FILES holds ``chip(n)``)
WRITE_ORDER = (5, 0, 7, 2, 4, 1, 6, 3)
MENDELEY_TOP = ("MLRSNet A Multi-label High Spatial Resolution Remote Sensing Dataset for "
                "Semantic Scene Understanding")
MENDELEY_ZIP = f"{MENDELEY_TOP}.zip"


def image_name(category: str, number: int) -> str:
    return f"{category}_{number:05d}.jpg"


def label_names(k: int) -> set[str]:
    """The labels of image ``k``: two that step with ``k``, plus ``wind turbine`` for even ``k``."""
    names = {LABELS[(5 * k) % 60], LABELS[(11 * k + 7) % 60]}
    if k % 2 == 0:
        names.add("wind turbine")
    return names


def make(root: Path, top: str = "MLRSNet", labels: str = "labels") -> dict[str, Any]:
    """Write the extracted tree under ``root/top``. Returns ``expected``: per sample in the
    loader's order ``{"name", "n", "labels"}`` (``n``: which chip the file holds), and the
    folders written."""
    base = root / top if top else root
    chip_of = {index: n for n, index in enumerate(WRITE_ORDER)}
    for index in WRITE_ORDER:
        category, number = FILES[index]
        path = base / "Images" / category / image_name(category, number)
        path.parent.mkdir(parents=True, exist_ok=True)
        hwc = chip(chip_of[index]).transpose(1, 2, 0).astype(np.uint8)
        Image.fromarray(hwc, "RGB").save(path, quality=100, subsampling=0)
    rows: dict[str, list[str]] = {}
    for k, (category, number) in enumerate(FILES):
        hot = ["1" if name in label_names(k) else "0" for name in LABELS]
        rows.setdefault(category, []).append(",".join((image_name(category, number), *hot)))
    (base / labels).mkdir(parents=True, exist_ok=True)
    for category, lines in rows.items():
        (base / labels / f"{category}.csv").write_text("\n".join((HEADER, *lines)) + "\n")
    expected = [{"name": image_name(c, m), "n": chip_of[k], "labels": label_names(k)}
                for k, (c, m) in enumerate(FILES)]
    return {"dir": base, "images": base / "Images", "labels": base / labels,
            "expected": expected}


def make_mendeley_zip(root: Path) -> Path:
    """Mendeley's archive as published: ``<title>/Images/<category>.rar``, ``<title>/Labels/
    <category>.csv`` and ``Categories_names.xlsx`` (the RARs and workbook are stand-in bytes)."""
    root.mkdir(parents=True, exist_ok=True)
    archive = root / MENDELEY_ZIP
    with zipfile.ZipFile(archive, "w") as zf:
        for category in sorted({c for c, _ in FILES}):
            zf.writestr(f"{MENDELEY_TOP}/Images/{category}.rar", b"Rar!\x1a\x07\x00fake")
            zf.writestr(f"{MENDELEY_TOP}/Labels/{category}.csv", HEADER + "\n")
        zf.writestr(f"{MENDELEY_TOP}/Categories_names.xlsx", b"PK\x03\x04fake")
    return archive

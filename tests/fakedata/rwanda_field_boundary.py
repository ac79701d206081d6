"""Fake Rwanda Field Boundary releases, in both published layouts.

Source Cooperative (``layout="source_coop"``): ``source/<split>/<YYYY_MM>/<id>_<band>.tif``
(uint16, 4 bands B01-B04 in separate files) and ``labels/train/<id>.tif`` (uint8 0/1).
Radiant MLHub (``layout="mlhub"``): the three archives
``nasa_rwanda_field_boundary_competition_{source_train,source_test,labels_train}.tar.gz``
holding ``<collection>/<collection>_<id>_<YYYY_MM>/B01.tif`` ... and
``<collection>/<collection>_<id>/raster_labels.tif``; ``extract=True`` leaves them extracted
too.

Chips are ``SIZE`` px squares in EPSG:3857 (4.77 m, as the NICFI basemaps), chip ``k`` of a
split ``k`` chip widths east of ``ORIGIN``. Pixel (r, c) of band ``b`` of month ``m`` of chip
``k`` holds :func:`pixel_value` of file :func:`file_index` (``1000 i + 100 b + 7 r + 3 c +
r c``); the label of chip ``k`` is the 0/1 hash :func:`label` of its id, row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, md5, tar_tree, write_tif

__all__ = ["BANDS", "CHIPS", "DATES", "ORIGIN", "RES", "SIZE", "file_index", "image", "label",
           "make"]

PREFIX = "nasa_rwanda_field_boundary_competition"
BANDS = ("B01", "B02", "B03", "B04")
DATES = ("2021_03", "2021_04", "2021_08", "2021_10", "2021_11", "2021_12")
#: chips per split (the release has 57 and 13)
CHIPS = {"train": 3, "test": 2}
SIZE = 12
RES = 4.77
ORIGIN = (3374000.0, -165000.0)


def file_index(split: str, chip: int, month: int) -> int:
    """A number unique to (split, chip, month): the ``i`` of the pixel values."""
    return (0 if split == "train" else 30) + 6 * chip + month


def image(split: str, chip: int, month: int) -> np.ndarray:
    """``[4, SIZE, SIZE]`` uint16 of a chip's month, bands B01..B04."""
    return coded_image(file_index(split, chip, month), len(BANDS), SIZE, SIZE, "uint16")


def label(chip: int) -> np.ndarray:
    """``[SIZE, SIZE]`` uint8 0/1 of a train chip."""
    return coded_labels(chip, SIZE, SIZE, 2).astype(np.uint8)


def _origin(chip: int) -> tuple[float, float]:
    return ORIGIN[0] + chip * SIZE * RES, ORIGIN[1]


def _write(path: Path, array: np.ndarray, chip: int) -> None:
    write_tif(path, array, crs="EPSG:3857", origin=_origin(chip), res=RES)


def _write_split(base: Path, split: str, layout: str) -> list[Path]:
    files = []
    for k in range(CHIPS[split]):
        chip = f"{k:02d}"
        for m, date in enumerate(DATES):
            bands = image(split, k, m)
            for b, band in enumerate(BANDS):
                if layout == "mlhub":
                    collection = f"{PREFIX}_source_{split}"
                    path = base / collection / f"{collection}_{chip}_{date}" / f"{band}.tif"
                else:
                    path = base / "source" / split / date / f"{chip}_{band}.tif"
                _write(path, bands[b], k)
                files.append(path)
        if split == "train":
            if layout == "mlhub":
                collection = f"{PREFIX}_labels_train"
                path = base / collection / f"{collection}_{chip}" / "raster_labels.tif"
            else:
                path = base / "labels" / "train" / f"{chip}.tif"
            _write(path, label(k), k)
            files.append(path)
    return files


def make(root: Path, layout: str = "source_coop", extract: bool = False) -> dict[str, Any]:
    """Write the fake release into ``root``.

    Returns:
        ``files`` (the loose files, source_coop) or ``archives`` (archive name -> md5, mlhub),
        and ``dir`` (``root``).
    """
    root.mkdir(parents=True, exist_ok=True)
    if layout == "source_coop":
        files = [f for s in CHIPS for f in _write_split(root, s, layout)]
        return {"dir": root, "files": files, "archives": {}}
    stage = root / ".stage"
    for split in CHIPS:
        _write_split(stage, split, layout)
    archives = {}
    for part in ("source_train", "source_test", "labels_train"):
        collection = stage / f"{PREFIX}_{part}"
        members = [p for p in collection.rglob("*") if p.is_file()]
        archive = tar_tree(root / f"{PREFIX}_{part}.tar.gz", stage, members)
        archives[archive.name] = md5(archive)
    unstage(stage, root, extract)
    return {"dir": root, "archives": archives}


if __name__ == "__main__":  # pragma: no cover
    import sys

    print(make(Path(sys.argv[1] if len(sys.argv) > 1 else "rwanda_field_boundary")))

"""Fake DOTA: extracted ``<split>/images`` PNGs and the label folders of v1.0, v1.5 and v2.0.

PNGs are lossless, so pixels are exact: red = 16 * row + column, green = 50 * image + row,
blue = 10 * column + image (image = the number in ``P000<image>``). ``P0001`` is a grey PNG
whose value is 16 * row + column, as some DOTA scenes are single-band.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np

from fakedata._dc_util import write_png

SIZE = 16
GREY = "P0001"
IMAGES = {"train": ["P0000", "P0001"], "val": ["P0002"]}
HEADER = "imagesource:GoogleEarth\ngsd:0.146343590398\n"
#: v1.0 objects: corners (x1 y1 ... x4 y4), category, difficult
V10 = {
    "P0000": [((2, 3, 10, 2, 11, 9, 3, 10), "plane", 0),
              ((12.5, 12, 15, 12, 15, 15, 12.5, 15), "small-vehicle", 1)],
    "P0001": [((1, 1, 5, 1, 5, 4, 1, 4), "swimming-pool", 0)],
    "P0002": [((0, 0, 8, 0, 8, 8, 0, 8), "harbor", 0)],
}
#: newer versions relabel P0000 with their own classes
V15 = {"P0000": [((4, 4, 9, 4, 9, 9, 4, 9), "container-crane", 0)],
       "P0001": [((1, 1, 5, 1, 5, 4, 1, 4), "ship", 0)]}
V20 = {"P0000": [((6, 6, 12, 6, 12, 12, 6, 12), "helipad", 0)],
       "P0001": [((2, 2, 3, 2, 3, 3, 2, 3), "airport", 1)],
       "P0002": [((1, 2, 3, 2, 3, 4, 1, 4), "bridge", 0)]}


def pixel(image: int, row: int, col: int) -> tuple[int, int, int]:
    """The RGB value at (row, col) of ``P000<image>`` (the grey one: that value thrice)."""
    if f"P000{image}" == GREY:
        return (16 * row + col,) * 3
    return 16 * row + col, 50 * image + row, 10 * col + image


def _lines(objects: list[tuple[tuple[float, ...], str, int]], header: bool) -> str:
    body = "".join(" ".join(str(v) for v in c) + f" {name} {d}\n" for c, name, d in objects)
    return (HEADER if header else "") + body


def _zip(archive: Path, base: Path, folder: Path) -> None:
    """Zip the files under ``folder`` with names relative to ``base``."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*.*")):
            zf.write(path, path.relative_to(base).as_posix())


def make_drive(root: Path) -> Path:
    """The publisher's Drive folders, zips unextracted: ``<split>/images/part<n>.zip``
    (train: ``images/P*.png`` members, val: bare ``P*.png``), ``labelTxt-v1.0/labelTxt.zip``
    (members ``labelTxt/*.txt``) beside ``Train_Task2_gt.zip`` (horizontal boxes, members
    ``trainset_reclabelTxt/*.txt``), ``labelTxt-v<v>/DOTA-v<v>_<split>.zip`` (bare files)
    beside ``..._hbb.zip`` (bare files of other boxes)."""
    stage = make(root / ".stage")
    for split in IMAGES:
        images = stage / split / "images"
        if split == "train":  # one image per part, as the release spreads them over parts
            (root / split / "images").mkdir(parents=True)
            for n, png in enumerate(sorted(images.glob("*.png")), 1):
                with zipfile.ZipFile(root / split / "images" / f"part{n}.zip", "w") as zf:
                    zf.write(png, f"images/{png.name}")
        else:
            _zip(root / split / "images" / "part1.zip", images, images)
        v10 = stage / split / "labelTxt-v1.0"
        _zip(root / split / "labelTxt-v1.0" / "labelTxt.zip", v10, v10 / "labelTxt")
        _zip(root / split / "labelTxt-v1.0" / "Train_Task2_gt.zip", v10,
             v10 / "trainset_reclabelTxt")
        for version in ("1.5", "2.0"):
            folder = stage / split / f"labelTxt-v{version}" / f"DOTA-v{version}_{split}"
            if folder.is_dir():
                out = root / split / f"labelTxt-v{version}"
                _zip(out / f"DOTA-v{version}_{split}.zip", folder, folder)
                _zip(out / f"DOTA-v{version}_{split}_hbb.zip", v10 / "trainset_reclabelTxt",
                     v10 / "trainset_reclabelTxt")
    shutil.rmtree(stage)
    return root


def make(root: Path) -> Path:
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    for split, stems in IMAGES.items():
        for stem in stems:
            number = int(stem[1:])
            if stem == GREY:
                write_png(root / split / "images" / f"{stem}.png", 16 * rows + cols)
            else:
                rgb = np.stack([16 * rows + cols, 50 * number + rows, 10 * cols + number], -1)
                write_png(root / split / "images" / f"{stem}.png", rgb)
            v10 = root / split / "labelTxt-v1.0" / "labelTxt" / f"{stem}.txt"
            v10.parent.mkdir(parents=True, exist_ok=True)
            v10.write_text(_lines(V10[stem], header=True))
            # the horizontal-box copy (other numbers, so reading it would show)
            hbb = root / split / "labelTxt-v1.0" / "trainset_reclabelTxt" / f"{stem}.txt"
            hbb.parent.mkdir(parents=True, exist_ok=True)
            hbb.write_text(_lines([((0, 0, 1, 0, 1, 1, 0, 1), "plane", 0)], header=True))
            for version, table in (("1.5", V15), ("2.0", V20)):
                if stem in table:
                    path = (root / split / f"labelTxt-v{version}" / f"DOTA-v{version}_{split}"
                            / f"{stem}.txt")
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(_lines(table[stem], header=version == "1.5"))
    return root

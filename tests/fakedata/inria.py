"""Fake Inria Aerial Image Labeling: ``NEW2-AerialImageDataset.zip`` as 7-Zip unpacks it.

``AerialImageDataset/train/images|gt/<city><n>.tif`` and ``AerialImageDataset/test/images/``:
RGB uint8 GeoTIFFs (here 20x16 px, 0.3 m, UTM) and one-band 0/255 ground truth. Pixel values
encode the tile, band, row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import files_under, md5, write_tif, zip_tree

W, H = 20, 16
#: tile names per folder, and the order the loader lists each split in (city, then number)
TRAIN = ["austin1", "austin2", "austin6", "austin12", "vienna3", "vienna7"]
TEST = ["bellingham1", "sfo2"]
SPLITS = {"train": ["austin6", "austin12", "vienna7"], "val": ["austin1", "austin2", "vienna3"],
          "test": ["bellingham1", "sfo2"]}
ORIGIN = (620000.0, 3350000.0)
ARCHIVE = "NEW2-AerialImageDataset.zip"


def tile_index(name: str) -> int:
    return (TRAIN + TEST).index(name)


def image(name: str) -> np.ndarray:
    """``[3,H,W]`` uint8: band*70 + row*W + col + 11*tile, wrapped into a byte."""
    bands, rows, cols = np.indices((3, H, W))
    return ((bands * 70 + rows * W + cols + 11 * tile_index(name)) % 256).astype(np.uint8)


def gt(name: str) -> np.ndarray:
    """``[H,W]`` uint8 0/255: building where (row + 2*col + tile) % 3 == 0."""
    rows, cols = np.indices((H, W))
    return np.where((rows + 2 * cols + tile_index(name)) % 3 == 0, 255, 0).astype(np.uint8)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    stage = root / ".stage"
    base = stage / "AerialImageDataset"
    for name in TRAIN:
        write_tif(base / "train" / "images" / f"{name}.tif", image(name), crs="EPSG:32614",
                  origin=ORIGIN, res=0.3)
        write_tif(base / "train" / "gt" / f"{name}.tif", gt(name), crs="EPSG:32614",
                  origin=ORIGIN, res=0.3)
    for name in TEST:
        write_tif(base / "test" / "images" / f"{name}.tif", image(name), crs="EPSG:32610",
                  origin=ORIGIN, res=0.3)
    archive = zip_tree(root / ARCHIVE, stage, files_under(stage))
    unstage(stage, root, extract)
    return {"dir": root, "archives": {ARCHIVE: md5(archive)}}


#: the 7-Zip signature and format version 0.4 that start a .7z file
SEVEN_ZIP_MAGIC = b"7z\xbc\xaf\x27\x1c\x00\x04"


def make_volumes(root: Path, skip: tuple[int, ...] = ()) -> list[Path]:
    """The publisher's download, ``aerialimagelabeling.7z.001``-``.005``: a 7-Zip signature
    followed by the zip's bytes, cut in five (volume numbers in ``skip`` left out). Not a
    readable 7-Zip archive (nothing here writes one): the loader only names the volumes and
    says how to unpack them, it never opens them."""
    stage = root / ".volumes"
    make(stage)
    data = SEVEN_ZIP_MAGIC + (stage / ARCHIVE).read_bytes()
    (stage / ARCHIVE).unlink()
    stage.rmdir()
    cuts = [len(data) * i // 5 for i in range(6)]
    written = []
    for n in range(1, 6):
        if n not in skip:
            path = root / f"aerialimagelabeling.7z.{n:03d}"
            path.write_bytes(data[cuts[n - 1]:cuts[n]])
            written.append(path)
    return written

"""Fake Landslide4Sense: the competition's ``TrainData/``, ``ValidData/``, ``TestData/`` trees
of HDF5 patches, and their Zenodo archives ``TrainData.zip``, ``ValidData.zip``, ``TestData.zip``.

Patches of 6x7 px (the release has 128x128) named ``image_<n>.h5`` / ``mask_<n>.h5`` with the
publisher's numbers; TrainData holds numbers 1, 2 and 10, so that name order (1, 10, 2)
differs from number order. ``img`` is float64 ``[H, W, 14]`` (channels last, as published)
whose pixels encode patch, band, row and column (:func:`fakedata._segutil.coded_image`);
``mask`` is uint8 0/1 hashed from patch, row and column. TrainData and TestData have masks,
ValidData none (the competition withheld them). ``layout="mirror"`` writes the Hugging Face
mirror instead (``images/<train|validation|test>/``, ``annotations/<...>/``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import h5py
import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, zip_tree

#: folder -> (numbers of its patches, whether its masks are there)
SPLITS = {"TrainData": ([1, 2, 10], True), "ValidData": ([1, 2], False),
          "TestData": ([1, 2], True)}
MIRROR = {"TrainData": "train", "ValidData": "validation", "TestData": "test"}
ORDER = [(folder, n) for folder, (numbers, _) in SPLITS.items() for n in numbers]
HEIGHT, WIDTH, BANDS = 6, 7, 14


def index(folder: str, number: int) -> int:
    """The patch's position in :data:`ORDER` (what its pixel values encode)."""
    return ORDER.index((folder, number))


def image(folder: str, number: int) -> np.ndarray:
    """``[14, H, W]`` (channels first: what the loader returns)."""
    return coded_image(index(folder, number), BANDS, HEIGHT, WIDTH, "float64")


def mask(folder: str, number: int) -> np.ndarray:
    return coded_labels(index(folder, number), HEIGHT, WIDTH, 2).astype(np.uint8)


def _write(path: Path, key: str, array: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w") as f:
        f.create_dataset(key, data=array)


def make(root: Path, extract: bool = True, layout: str = "competition") -> dict[str, Any]:
    """Write the three archives into ``root`` (and their trees with ``extract``)."""
    stage = root / ".stage"
    for folder, (numbers, masked) in SPLITS.items():
        images, masks = Path(folder, "img"), Path(folder, "mask")
        if layout == "mirror":
            images, masks = Path("images", MIRROR[folder]), Path("annotations", MIRROR[folder])
        for n in numbers:
            _write(stage / images / f"image_{n}.h5", "img",
                   np.moveaxis(image(folder, n), 0, -1))
            if masked:
                _write(stage / masks / f"mask_{n}.h5", "mask", mask(folder, n))
    archives = {}
    if layout == "competition":
        for folder in SPLITS:
            archive = zip_tree(root / f"{folder}.zip", stage, files_under(stage / folder))
            archives[archive.name] = md5(archive)
    unstage(stage, root, extract)
    return {"dir": root, "archives": archives}

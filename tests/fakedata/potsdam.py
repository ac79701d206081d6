"""Fake ISPRS Potsdam: ``4_Ortho_RGBIR.zip`` and ``5_Labels_all.zip`` as the publisher ships them.

Tiles are 40x40 px RGBIR uint8 GeoTIFFs (EPSG:32633, 5 cm); label tiles are colour-coded RGB
whose class map (:func:`class_map`) is hashed from the tile, row and column; image pixels
encode tile, band, row and column (``_segutil.coded_image``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree

COLORS = ((255, 0, 0), (255, 255, 255), (0, 0, 255), (0, 255, 255), (0, 255, 0), (255, 255, 0))
TILES = {"train": ["top_potsdam_2_10", "top_potsdam_7_9"], "test": ["top_potsdam_5_15"]}
SIZE = 40


def class_map(index: int, size: int = SIZE) -> np.ndarray:
    """Classes of tile ``index`` (in :data:`TILES` train-then-test order)."""
    return coded_labels(index, size, size, len(COLORS))


def colour_label(classes: np.ndarray) -> np.ndarray:
    palette = np.array(COLORS, dtype=np.uint8)
    return palette[classes].transpose(2, 0, 1).copy()


def image_for(index: int, bands: int = 4, size: int = SIZE) -> np.ndarray:
    """Pixels encode tile, band, row and column, so window, band order and tile are checkable."""
    return coded_image(index, bands, size, size)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write the two archives into ``root`` (and their content when ``extract``)."""
    stage = root / ".stage"
    tiles = TILES["train"] + TILES["test"]
    for i, tile in enumerate(tiles):
        write_tif(stage / "img" / "4_Ortho_RGBIR" / f"{tile}_RGBIR.tif", image_for(i),
                  origin=(368000.0 + 100 * i, 5808000.0))
        write_tif(stage / "lbl" / f"{tile}_label.tif", colour_label(class_map(i)), crs=None)
    images = zip_tree(root / "4_Ortho_RGBIR.zip", stage / "img", files_under(stage / "img"))
    labels = zip_tree(root / "5_Labels_all.zip", stage / "lbl", files_under(stage / "lbl"))
    if extract:
        shutil.copytree(stage / "img", root, dirs_exist_ok=True)
        shutil.copytree(stage / "lbl", root, dirs_exist_ok=True)
    shutil.rmtree(stage)
    return {"archives": [images, labels], "md5": {p.name: md5(p) for p in (images, labels)},
            "tiles": TILES, "order": tiles, "size": SIZE}

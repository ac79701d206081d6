"""Fake GID-15: ``gid-15.zip`` with ``GID/img_dir/<split>/*.tif`` and ``GID/ann_dir``.

Scenes are 48x40 px RGB uint8 GeoTIFFs whose pixels encode scene, band, row and column;
annotations are single-band PNGs of class indices hashed from scene, row and column; the test
split has images only, as published. Scene ``index`` counts train, val, test in order.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree

SCENES = {"train": ["GF2_PMS1__L1A0000564539-MSS1", "GF2_PMS2__L1A0000658637-MSS2"],
          "val": ["GF2_PMS1__L1A0001064454-MSS1"], "test": ["GF2_PMS1__L1A0001118839-MSS1"]}
WIDTH, HEIGHT = 48, 40


def class_map(index: int) -> np.ndarray:
    return coded_labels(index, HEIGHT, WIDTH, 16).astype(np.uint8)


def image_for(index: int) -> np.ndarray:
    return coded_image(index, 3, HEIGHT, WIDTH)


def make(root: Path) -> dict[str, Any]:
    stage = root / ".stage"
    index = 0
    for split, scenes in SCENES.items():
        for scene in scenes:
            write_tif(stage / "GID" / "img_dir" / split / f"{scene}.tif", image_for(index),
                      crs="EPSG:4326", origin=(114.0, 30.0), res=0.00004)
            if split != "test":
                ann = stage / "GID" / "ann_dir" / split
                ann.mkdir(parents=True, exist_ok=True)
                Image.fromarray(class_map(index), mode="L").save(ann / f"{scene}_15label.png")
            index += 1
    archive = zip_tree(root / "gid-15.zip", stage, files_under(stage))
    shutil.rmtree(stage)
    return {"archive": archive, "md5": {archive.name: md5(archive)}, "scenes": SCENES}

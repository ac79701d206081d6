"""Fake Forest Damages - Larch Casebearer: ``Data_Set_Larch_Casebearer.zip`` holding survey
folders ``<area>_<yyyymmdd>/{Images/*.JPG, Annotations/*.xml}``.

JPEG pixels are smooth ramps that encode the image (:func:`pixel`; JPEG is lossy, so tests
compare within a few levels). Annotations are Pascal VOC with the publisher's ``<tree>`` and
``<damage>`` elements; the batch-9 survey has no ``<damage>`` (as batches 6-10), and one image
of the Ekbacka survey has no annotation file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._dc_util import zip_dir

SIZE = 32
TOP = "Data_Set_Larch_Casebearer"
#: image path below TOP -> objects (tree, damage or None, xmin, ymin, xmax, ymax); None: the
#: image has no annotation file
IMAGES: dict[str, list[tuple[str, str | None, int, int, int, int]] | None] = {
    "Bebehojd_20190527/Images/B01_0004.JPG": [
        ("Larch", "H", 1, 2, 9, 11), ("Larch", "HD", 12, 3, 20, 9),
        ("Other", "other", 20, 20, 31, 30)],
    "Bebehojd_20190527/Images/B01_0005.JPG": [("Larch", "LD", 0, 0, 5, 6)],
    "Ekbacka_20190527/Images/B03_0001.JPG": [],
    "Ekbacka_20190527/Images/B03_0002.JPG": None,
    "Kampe_20190819/Images/B09_0001.JPG": [("Larch", None, 4, 5, 14, 16),
                                           ("Other", None, 16, 1, 24, 12)],
}
#: the order the loader lists its samples in (survey, then image name), annotated ones only
ORDER = [p for p, objects in IMAGES.items() if objects is not None]


def pixel(number: int, row: Any, col: Any) -> tuple[Any, Any, Any]:
    """The RGB value at (row, col) of the image at position ``number`` of :data:`IMAGES`."""
    return 40 * number + 3 * col, 5 * row + 2 * number, 200 - 30 * number + col


def _xml(name: str, objects: list[tuple[str, str | None, int, int, int, int]]) -> str:
    parts = [f"<annotation><folder>Images</folder><filename>{name}</filename><size>"
             f"<width>{SIZE}</width><height>{SIZE}</height><depth>3</depth></size>"
             "<segmented>0</segmented>"]
    for tree, damage, x0, y0, x1, y1 in objects:
        level = f"<damage>{damage}</damage>" if damage is not None else ""
        parts.append(f"<object><name>Tree</name><pose>Unspecified</pose>"
                     f"<truncated>0</truncated><difficult>0</difficult><tree>{tree}</tree>"
                     f"{level}<bndbox><xmin>{x0}</xmin><ymin>{y0}</ymin><xmax>{x1}</xmax>"
                     f"<ymax>{y1}</ymax></bndbox></object>")
    return "".join(parts) + "</annotation>\n"


def make(root: Path) -> dict[str, Any]:
    import shutil

    from PIL import Image

    stage = root / "_staging"
    rows, cols = np.mgrid[0:SIZE, 0:SIZE]
    for number, (rel, objects) in enumerate(IMAGES.items()):
        path = stage / TOP / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        r, g, b = pixel(number, rows, cols)
        array = np.stack(np.broadcast_arrays(r, g, b), axis=-1).astype(np.uint8)
        Image.fromarray(array).save(path, format="JPEG", quality=100, subsampling=0)
        if objects is not None:
            xml = stage / TOP / rel.replace("/Images/", "/Annotations/").replace(".JPG", ".xml")
            xml.parent.mkdir(parents=True, exist_ok=True)
            xml.write_text(_xml(path.name, objects))
    archive = root / f"{TOP}.zip"
    digest = zip_dir(stage, TOP, archive)
    shutil.rmtree(stage)
    return {"dir": root, "archives": {archive.name: digest}}

"""Fake Five-Billion-Pixels: the release's sibling folders.

``Image__8bit_NirRGB/<scene>.tiff`` are 4-band uint8 TIFFs stored with the CMYK (separated)
photometric tag, as the publisher's are (GDAL would turn them into RGBA unless read raw), whose
pixels encode scene, band (NIR, R, G, B), row and column; ``Annotation__index/
<scene>_24label.png`` are single-band PNGs of class indices 0-24 hashed from scene, row and
column; ``Annotation__color/<scene>_24label.tif`` the same classes as colours (not read).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from PIL import Image

from fakedata._segutil import coded_image, coded_labels

SCENES = ["GF2_PMS1__L1A0000564539-MSS1", "GF2_PMS2__L1A0001038935-MSS2",
          "GF2_PMS1__L1A0001064454-MSS1"]
WIDTH, HEIGHT = 40, 36


def class_map(index: int) -> np.ndarray:
    return coded_labels(index, HEIGHT, WIDTH, 25).astype(np.uint8)


def image_for(index: int) -> np.ndarray:
    """``[4,H,W]`` uint8 as stored: NIR, R, G, B."""
    return coded_image(index, 4, HEIGHT, WIDTH)


def write_cmyk(path: Path, array: np.ndarray) -> None:
    """A 4-band uint8 TIFF tagged CMYK, without georeference (as the 8-bit release)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import warnings

    from rasterio.errors import NotGeoreferencedWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        with rasterio.open(path, "w", driver="GTiff", width=array.shape[2],
                           height=array.shape[1], count=4, dtype="uint8",
                           photometric="CMYK") as dst:
            dst.write(array)


def make(root: Path, suffix: str = ".tiff") -> dict[str, Any]:
    palette = np.random.default_rng(0).integers(0, 256, (25, 3), dtype=np.uint8)
    for index, scene in enumerate(SCENES):
        write_cmyk(root / "Image__8bit_NirRGB" / f"{scene}{suffix}", image_for(index))
        for folder in ("Annotation__index", "Annotation__color"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        Image.fromarray(class_map(index), mode="L").save(
            root / "Annotation__index" / f"{scene}_24label.png")
        Image.fromarray(palette[class_map(index)]).save(
            root / "Annotation__color" / f"{scene}_24label.tif")
    return {"dir": root, "scenes": SCENES}

"""A small georeferenced scene for the trainers' tests: a 4-band image and its land-cover mask.

Two GeoTIFFs on the same UTM grid (EPSG:32618, 2 m pixels): ``image.tif`` (uint16, bands
``B1..B4``) and ``mask.tif`` (uint8 classes 0..2, nodata-free). The class of a pixel is
readable from the image (class ``k`` raises band 1 by ``60 k``), so a tiny U-Net learns it in a
few steps. ``ImageLayer``/``MaskLayer`` are plain ``RasterDataset`` subclasses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import rasterio
from rasterio.transform import from_origin

from geoplug.core.raster import RasterDataset

CRS = "EPSG:32618"
RES = 2.0
ORIGIN = (300000.0, 4500000.0)  # x of the left edge, y of the top edge
BANDS = ("B1", "B2", "B3", "B4")

IMAGE_SPEC: dict[str, Any] = {
    "name": "tiny_scene_image", "target": "fakedata.geo_scene:ImageLayer", "task": "generic",
    "kind": "geo", "bands": BANDS, "mean": (80.0, 50.0, 50.0, 50.0),
    "std": (50.0, 10.0, 10.0, 10.0), "resolution": RES,
}
MASK_SPEC: dict[str, Any] = {
    "name": "tiny_scene_mask", "target": "fakedata.geo_scene:MaskLayer",
    "task": "segmentation", "kind": "geo", "num_classes": 3, "resolution": RES,
}


class ImageLayer(RasterDataset):
    filename_glob = "image*.tif"
    all_bands: ClassVar[tuple[str, ...]] = BANDS


class MaskLayer(RasterDataset):
    filename_glob = "mask*.tif"
    is_image = False


def classes(height: int, width: int) -> np.ndarray:
    """Blocky class map: three vertical stripes with a square of class 2 in the middle."""
    mask = np.zeros((height, width), np.uint8)
    mask[:, width // 3: 2 * width // 3] = 1
    mask[height // 3: 2 * height // 3, width // 3: 2 * width // 3] = 2
    return mask


def generate(root: Path, height: int = 96, width: int = 128, seed: int = 0) -> Path:
    """Write ``image.tif`` and ``mask.tif`` under ``root``; returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    mask = classes(height, width)
    image = rng.normal(50, 4, (4, height, width))
    image[0] += 60 * mask
    profile = {"driver": "GTiff", "width": width, "height": height, "crs": CRS,
               "transform": from_origin(*ORIGIN, RES, RES), "tiled": True,
               "blockxsize": 32, "blockysize": 32}
    with rasterio.open(root / "image.tif", "w", count=4, dtype="uint16", **profile) as dst:
        dst.write(np.clip(image, 0, 65535).astype("uint16"))
    with rasterio.open(root / "mask.tif", "w", count=1, dtype="uint8", **profile) as dst:
        dst.write(mask[None])
    return root

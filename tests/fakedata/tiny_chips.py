"""A tiny class-per-folder chip dataset (GeoTIFF chips) for the trainers' tests.

``TinyChips`` is a real :class:`~geoplug.core.NonGeoClassificationDataset` reading
``<root>/<split>/<class>/<n>.tif`` with rasterio; it has only ``train`` and ``test`` splits, so
data modules must carve validation out of ``train``. The classes differ in the mean of their
first band, so a small network learns them in a few steps. ``SPEC`` registers it in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import rasterio
from rasterio.transform import from_origin

from geoplug.core.nongeo import NonGeoClassificationDataset

BANDS = ("B1", "B2", "B3", "B4")
CLASSES = ("water", "forest", "urban")
MEAN = (100.0, 50.0, 50.0, 50.0)
STD = (80.0, 10.0, 10.0, 10.0)

SPEC: dict[str, Any] = {
    "name": "tiny_chips", "target": "fakedata.tiny_chips:TinyChips", "task": "classification",
    "kind": "nongeo", "bands": BANDS, "num_classes": len(CLASSES), "classes": CLASSES,
    "splits": ("train", "test"), "mean": MEAN, "std": STD, "patch_size": 32,
}


class TinyChips(NonGeoClassificationDataset):
    name = "tiny_chips"
    splits: ClassVar[tuple[str, ...]] = ("train", "test")
    all_bands: ClassVar[tuple[str, ...]] = BANDS
    classes: ClassVar[tuple[str, ...]] = CLASSES

    def _class_root(self) -> Path:
        return self.root / self.split


def generate(root: Path, per_class: dict[str, int] | None = None, size: int = 32,
             seed: int = 0) -> Path:
    """Write uint16 4-band chips: class ``k`` has band-1 values around ``20 + 80 k``."""
    rng = np.random.default_rng(seed)
    counts = per_class or {"train": 10, "test": 4}
    for split, count in counts.items():
        for k, cls in enumerate(CLASSES):
            folder = root / split / cls
            folder.mkdir(parents=True, exist_ok=True)
            for n in range(count):
                data = rng.normal(50, 10, (4, size, size))
                data[0] = rng.normal(20 + 80 * k, 10, (size, size))
                with rasterio.open(folder / f"{cls}_{n}.tif", "w", driver="GTiff", width=size,
                                   height=size, count=4, dtype="uint16", crs="EPSG:32631",
                                   transform=from_origin(500000, 4000000, 10, 10)) as dst:
                    dst.write(np.clip(data, 0, 65535).astype("uint16"))
    return root

"""Transforms for multispectral dict samples: augmentation, normalisation, indices, display.

Everything here is an ``nn.Module`` on dict samples (except :func:`rgb_image`), so transforms
compose with ``torch.nn.Sequential`` and run in a Dataset or on a batch on the GPU.
"""

from __future__ import annotations

from geoplug.core.transforms.augment import AugmentationSequential
from geoplug.core.transforms.display import rgb_image
from geoplug.core.transforms.indices import (
    EVI,
    MNDWI,
    NBR,
    NDBI,
    NDSI,
    NDVI,
    NDWI,
    AppendIndex,
    NormalizedDifference,
)
from geoplug.core.transforms.normalize import Normalize

__all__ = [
    "EVI",
    "MNDWI",
    "NBR",
    "NDBI",
    "NDSI",
    "NDVI",
    "NDWI",
    "AppendIndex",
    "AugmentationSequential",
    "Normalize",
    "NormalizedDifference",
    "rgb_image",
]

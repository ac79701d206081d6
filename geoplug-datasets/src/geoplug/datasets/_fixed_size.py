"""Chips that a publisher ships at one nominal size, with a few files a little off.

UC Merced (256x247 chips), SIRI-WHU (``pond/0002.tif`` is 190x200) and their kin promise one
chip size but do not keep it; a batch needs one shape, so such chips are resized to the
dataset's ``patch_size`` (its spec) when they are read, and only those.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from geoplug.core.nongeo import NonGeoClassificationDataset

__all__ = ["FixedSizeChips", "fit_chip"]


def fit_chip(array: np.ndarray, size: int, high: float = 255.0) -> np.ndarray:
    """``array`` (``[C, H, W]``) resized to ``size`` x ``size`` (bilinear, antialiased), or
    itself when it already has that size; values are clipped to ``[0, high]`` (8-bit data)."""
    if array.shape[1:] == (size, size):
        return array
    import torch
    import torch.nn.functional as F

    resized = F.interpolate(torch.from_numpy(array.astype(np.float32))[None],
                            size=(size, size), mode="bilinear", align_corners=False,
                            antialias=True)[0]
    return resized.clamp_(0, high).numpy()


class FixedSizeChips(NonGeoClassificationDataset):
    """A class-per-folder dataset whose samples all have its spec's ``patch_size``."""

    def _read(self, path: Path) -> tuple[np.ndarray, dict[str, Any]]:
        array, extra = super()._read(path)
        size = self.spec.patch_size if self.spec is not None else None
        return (fit_chip(array, size) if size else array), extra

"""Turn multispectral chips into something matplotlib can show.

Reflectances rarely fill their dtype's range, so a plain cast shows black images; a per-channel
percentile stretch is what remote-sensing viewers (QGIS, GEE) do by default. Only numpy is
needed here, so plotting never has to import torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["rgb_image"]


def rgb_image(
    image: Any,
    rgb_indices: Sequence[int],
    percentiles: tuple[float, float] = (2, 98),
    nodata: float | None = None,
) -> np.ndarray:
    """Pick bands ``rgb_indices`` of a ``[C,H,W]`` image and stretch each to [0, 1].

    Each channel maps its ``percentiles`` (computed over valid pixels) to 0 and 1 and is clipped.
    Pixels that are not finite, or equal ``nodata`` in any chosen band, are ignored for the
    statistics and shown black. A channel whose percentiles coincide falls back to its min/max,
    and a truly constant channel is shown as 0, never NaN.

    Args:
        image: a ``[C,H,W]`` numpy array or torch tensor (any device, any dtype).
        rgb_indices: band positions shown as red, green, blue (or one band for grey).
        percentiles: lower and upper percentile of the stretch.
        nodata: a value that marks missing pixels.

    Returns:
        float32 array ``[H, W, len(rgb_indices)]`` in [0, 1], ready for ``plt.imshow``.

    Raises:
        ValueError: if the image is not 3-D, ``rgb_indices`` has not 1 or 3 entries, or the
            percentiles are not ``0 <= low < high <= 100``.
        IndexError: if a band position is out of range.
    """
    if hasattr(image, "detach"):
        image = image.detach().cpu().numpy()
    array = np.asarray(image)
    if array.ndim != 3:
        raise ValueError(f"image must be [C,H,W], got shape {array.shape}")
    indices = list(rgb_indices)
    if len(indices) not in (1, 3):
        raise ValueError(f"rgb_indices needs 1 or 3 band positions, got {indices}")
    bands = array.shape[0]
    if any(not -bands <= i < bands for i in indices):
        raise IndexError(f"rgb_indices {indices} out of range for an image with {bands} bands")
    low_pct, high_pct = percentiles
    if not 0 <= low_pct < high_pct <= 100:
        raise ValueError(f"percentiles must satisfy 0 <= low < high <= 100, got {percentiles}")

    chosen = array[indices].astype(np.float64)
    valid = np.isfinite(chosen).all(axis=0)
    if nodata is not None:
        valid &= ~(chosen == nodata).any(axis=0)
    out = np.zeros((array.shape[1], array.shape[2], len(indices)), dtype=np.float32)
    if not valid.any():
        return out
    for channel, band in enumerate(chosen):
        values = band[valid]
        low, high = np.percentile(values, [low_pct, high_pct])
        if high <= low:
            low, high = values.min(), values.max()
        if high <= low:
            continue
        stretched = np.clip((band - low) / (high - low), 0.0, 1.0)
        out[..., channel] = np.where(valid, stretched, 0.0)
    return out

"""Fake NAIP quarter-quad tiles: ``m_<quad>_<qq>_<zone>_<res>_<date>.tif``, 4-band uint8 RGBN,
NAD83 / UTM (EPSG:269<zone>), 1 m. Band ``b`` (1-based) holds ``naip_value(x, y, b)``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from affine import Affine

__all__ = ["naip_tile", "naip_value"]


def naip_value(xs: np.ndarray, ys: np.ndarray, band: int) -> np.ndarray:
    """uint8 value at map coordinates for band 1..4 (never 0)."""
    return (1 + (xs.astype(np.int64) % 50) + (ys.astype(np.int64) % 40) + 40 * band
            ).astype(np.uint8)


def naip_tile(root: str | Path, *, name: str = "m_3807511_ne_18_100_20181104.tif",
              origin: tuple[float, float] = (450000.0, 4300200.0), size: int = 200,
              epsg: int = 26918, bands: int = 4) -> Path:
    """Write one tile (``size`` m square at 1 m); return its path."""
    path = Path(root) / name[2:7] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    cols, rows = np.meshgrid(np.arange(size), np.arange(size))
    xs = origin[0] + cols + 0.5
    ys = origin[1] - rows - 0.5
    data = np.stack([naip_value(xs, ys, b) for b in range(1, bands + 1)])
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=bands,
                       dtype="uint8", crs=f"EPSG:{epsg}", photometric="RGB" if bands == 3
                       else "MINISBLACK", transform=Affine(1.0, 0.0, origin[0], 0.0, -1.0,
                                                           origin[1])) as dst:
        dst.write(data)
    return path

"""Fake EnMAP products: a folder ``ENMAP01-____L2A-DT<...>Z_<tile>_V<...>_<...>Z/`` with
``-SPECTRAL_IMAGE.TIF`` (224 int16 bands, WGS 84 / UTM, 30 m, nodata -32768) and
``-METADATA.XML`` (per-band wavelength, FWHM, gain, offset), plus a quicklook that a loader
must skip.

Product ``k``'s band ``b`` (1-based) holds ``enmap_dn(k, b, row, col)``; its metadata gives
band ``b`` the gain ``enmap_gain(b)`` and offset ``enmap_offset(b)``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["NODATA", "enmap_dn", "enmap_gain", "enmap_offset", "enmap_product"]

NODATA = -32768
BANDS = 224


def enmap_dn(k: int, band: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """int16 number of band ``band`` of product ``k``; -32768 in the corner pixel."""
    value = (1000 * k + 10 * band + 2 * rows + cols).astype(np.int16)
    return np.where((rows == 0) & (cols == 0), np.int16(NODATA), value).astype(np.int16)


def enmap_gain(band: int) -> float:
    """Gain of band ``band`` in the fake metadata."""
    return 0.0001 * (1 + band % 3)


def enmap_offset(band: int) -> float:
    """Offset of band ``band`` in the fake metadata."""
    return 0.001 * band


def enmap_product(root: str | Path, k: int = 0, start: datetime = datetime(2022, 6, 27, 10, 45),
                  origin: tuple[float, float] = (400000.0, 5800000.0), size: int = 12,
                  epsg: int = 32633, metadata: bool = True, gain: float | None = None,
                  cog: bool = False) -> Path:
    """Write one Level-2A product folder; return its spectral image.

    ``cog=True`` names the image as DLR's cloud-optimised delivery does
    (``-SPECTRAL_IMAGE_COG.tiff``, as in TorchGeo's sample).
    """
    name = (f"ENMAP01-____L2A-DT00000{k:05d}_{start:%Y%m%dT%H%M%S}Z_00{k + 1}_V010111_"
            f"20221208T100425Z")
    folder = Path(root) / name
    rows, cols = grid(size, size)
    cube = np.stack([enmap_dn(k, b, rows, cols) for b in range(1, BANDS + 1)])
    suffix = "-SPECTRAL_IMAGE_COG.tiff" if cog else "-SPECTRAL_IMAGE.TIF"
    image = write_tif(folder / f"{name}{suffix}", cube, f"EPSG:{epsg}",
                      Affine(30.0, 0, origin[0], 0, -30.0, origin[1]), nodata=NODATA,
                      interleave="band")
    write_tif(folder / f"{name}-QL_VNIR.TIF", cube[[47, 29, 15]].astype(np.uint8),
              f"EPSG:{epsg}", Affine(30.0, 0, origin[0], 0, -30.0, origin[1]))
    if metadata:
        bands = "".join(
            f'<bandID number="{b}"><wavelengthCenterOfBand>{418.0 + 9.4 * (b - 1):.3f}'
            f"</wavelengthCenterOfBand><FWHMOfBand>{6.5 + b / 100:.3f}</FWHMOfBand>"
            f"<GainOfBand>{gain if gain is not None else enmap_gain(b)}</GainOfBand>"
            f"<OffsetOfBand>{enmap_offset(b)}</OffsetOfBand></bandID>"
            for b in range(1, BANDS + 1))
        (folder / f"{name}-METADATA.XML").write_text(
            f"<?xml version='1.0'?><level_X><metadata><schema/></metadata><specific>"
            f"<bandCharacterisation>{bands}</bandCharacterisation></specific></level_X>")
    return image

"""Fake Sentinel-2 SAFE granules (L1C, L2A; real JPEG 2000) and Sentinel-1 RTC products.

Sentinel-2: ``<product>.SAFE/GRANULE/<granule>/IMG_DATA/[R10m|R20m|R60m/]T<tile>_<datetime>_<band>
[_<res>].jp2``, uint16 lossless JPEG 2000, UTM, each band at its native resolution (L2A also
carries coarser copies of the 10 m bands under R20m/R60m, as ESA ships them). Values depend on
map position and band, see :func:`s2_value`.

Sentinel-1: ASF HyP3 RTC folders ``S1A_IW_<datetime>_DVP_RTC30_G_gpuned_<id>/<same>_VV.tif`` and
``_VH.tif``, float32 power backscatter, UTM, 30 m, nodata 0.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine

__all__ = ["S2_RES", "s1_product", "s2_granule", "s2_value"]

S2_RES = {"B01": 60, "B02": 10, "B03": 10, "B04": 10, "B05": 20, "B06": 20, "B07": 20,
          "B08": 10, "B8A": 20, "B09": 60, "B10": 60, "B11": 20, "B12": 20}


def s2_value(xs: np.ndarray, ys: np.ndarray, band: str) -> np.ndarray:
    """Reflectance-like uint16 at map coordinates for ``band`` (integer-valued, >= 100)."""
    k = list(S2_RES).index(band) + 1
    return (1000 * k + (xs // 10 % 37) * 7 + (ys // 10 % 23) * 3 + 100).astype(np.uint16)


def _write(path: Path, data: np.ndarray, transform: Affine, crs: str, driver: str,
           nodata: float | None = 0) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"QUALITY": "100", "REVERSIBLE": "YES"} if driver == "JP2OpenJPEG" else {}
    with rasterio.open(path, "w", driver=driver, width=data.shape[1], height=data.shape[0],
                       count=1, dtype=data.dtype, crs=crs, transform=transform, nodata=nodata,
                       **options) as dst:
        dst.write(data, 1)


def s2_granule(root: str | Path, *, level: str = "L2A", tile: str = "32ULU",
               when: datetime = datetime(2020, 1, 1, 10, 34, 31),
               origin: tuple[float, float] = (300000.0, 5600040.0), size_m: float = 600.0,
               bands: tuple[str, ...] | None = None, epsg: int = 32632, plus: int = 0,
               baseline: str = "0213") -> Path:
    """Write one granule (``plus`` added to every value) of the processing ``baseline``
    (``"0400"``: 04.00, named ``N0400`` in the product); return its ``IMG_DATA`` folder."""
    stamp = f"{when:%Y%m%dT%H%M%S}"
    product = f"S2A_MSI{level}_{stamp}_N{baseline}_R108_T{tile}_{stamp}.SAFE"
    granule = f"{level}_T{tile}_A023776_{stamp}"
    img = Path(root) / product / "GRANULE" / granule / "IMG_DATA"
    if bands is None:
        bands = tuple(b for b in S2_RES if not (level == "L2A" and b == "B10"))
    for band in bands:
        native = S2_RES[band]
        copies = [native] if level == "L1C" else [r for r in (10, 20, 60) if r >= native]
        for r in copies:
            n = int(size_m // r)
            cols, rows = np.meshgrid(np.arange(n), np.arange(n))
            xs = origin[0] + (cols + 0.5) * r
            ys = origin[1] - (rows + 0.5) * r
            data = s2_value(xs, ys, band) + plus
            transform = Affine(r, 0.0, origin[0], 0.0, -r, origin[1])
            if level == "L1C":
                path = img / f"T{tile}_{stamp}_{band}.jp2"
            else:
                path = img / f"R{r}m" / f"T{tile}_{stamp}_{band}_{r}m.jp2"
            if r != native:  # a resampled copy: make it distinguishable from the native file
                data = data + 1
            _write(path, data, transform, f"EPSG:{epsg}", "JP2OpenJPEG")
    return img


def s1_product(root: str | Path, *, when: datetime = datetime(2020, 1, 1, 5, 42, 17),
               origin: tuple[float, float] = (300000.0, 5600040.0), size: int = 20,
               pols: tuple[str, ...] = ("VV", "VH"), epsg: int = 32632,
               options: str = "gpuned") -> list[Path]:
    """Write one RTC product folder; return the files in ``pols`` order. ``options``' second
    letter is the scale of the values (``p`` power, ``a`` amplitude, ``d`` dB); the pixels
    are written in it (power 0.2, 0.05, ... as such), with HyP3's nodata: 0, or float32's
    minimum for dB (where 0 is a value)."""
    name = f"S1A_IW_{when:%Y%m%dT%H%M%S}_DVP_RTC30_G_{options}_5AF5"
    folder = Path(root) / name
    transform = Affine(30.0, 0.0, origin[0], 0.0, -30.0, origin[1])
    files = []
    for k, pol in enumerate(pols):
        data = np.full((size, size), 0.05 / (k + 1), dtype=np.float32)
        data[: size // 2] *= 4
        if options[1] == "a":
            data = np.sqrt(data)
        elif options[1] == "d":
            data = 10 * np.log10(data)
        path = folder / f"{name}_{pol}.tif"
        nodata = float(np.finfo(np.float32).min) if options[1] == "d" else 0
        _write(path, data, transform, f"EPSG:{epsg}", "GTiff", nodata=nodata)
        files.append(path)
    return files

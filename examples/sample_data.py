"""A small, reproducible Landsat-7 / Landsat-8 / CDL sample for the demo.

Writes the files the way the publishers name and lay them out — Collection-2 Level-2 scenes with
one GeoTIFF per band in two UTM zones, and an annual Cropland Data Layer raster in EPSG:5070 —
with land-cover fields whose spectra differ per class, so a model can learn the mapping.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.transform import from_origin
from rasterio.warp import Resampling, reproject, transform_bounds

ALBERS = CRS.from_epsg(5070)
# CDL codes used in the sample and a rough surface reflectance (x 1e4) per ETM+/OLI band
# (blue, green, red, nir, swir1, swir2)
CLASSES = {1: "corn", 5: "soybeans", 111: "open water", 121: "developed", 141: "forest"}
SPECTRA = {
    1: (400, 700, 500, 3800, 2000, 1100),
    5: (350, 650, 450, 4300, 1800, 900),
    111: (600, 500, 300, 150, 80, 50),
    121: (1200, 1300, 1400, 2000, 2600, 2300),
    141: (250, 450, 300, 3200, 1400, 600),
}
# the 30 m CDL covers lon -91.2..-88.8, lat 40.3..41.2 (straddles the UTM 15/16 boundary)
_LONLAT = (-91.2, 40.3, -88.8, 41.2)


def _class_map(rng: np.random.Generator, height: int, width: int, block: int = 24) -> np.ndarray:
    codes = np.array(list(CLASSES))
    coarse = rng.choice(codes, size=(height // block + 1, width // block + 1),
                        p=[0.35, 0.3, 0.08, 0.1, 0.17])
    return np.kron(coarse, np.ones((block, block), dtype=coarse.dtype))[:height, :width]


def _write(path: Path, array: np.ndarray, crs: CRS, transform: rasterio.Affine,
           nodata: float | None, **extra: object) -> None:
    profile = {"driver": "GTiff", "height": array.shape[-2], "width": array.shape[-1],
               "count": 1, "dtype": array.dtype.name, "crs": crs, "transform": transform,
               "nodata": nodata, "tiled": True, "blockxsize": 256, "blockysize": 256,
               "compress": "deflate", **extra}
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(array, 1)
        dst.build_overviews([2, 4], Resampling.nearest)


def make_sample(root: str | Path, seed: int = 0) -> dict[str, Path]:
    """Write the sample under ``root`` (idempotent); return the product folders."""
    root = Path(root)
    folders = {"landsat7": root / "landsat7", "landsat8": root / "landsat8", "cdl": root / "cdl"}
    done = root / ".complete"
    if done.exists():
        return folders
    rng = np.random.default_rng(seed)
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)

    # CDL in Albers, 30 m
    left, bottom, right, top = transform_bounds("EPSG:4326", ALBERS, *_LONLAT)
    width, height = int((right - left) // 30), int((top - bottom) // 30)
    # keep it small: a 1,536 x 1,024 window in the middle of that area
    cx, cy = (left + right) / 2, (bottom + top) / 2
    width, height = min(width, 1536), min(height, 1024)
    cdl_transform = from_origin(cx - width * 15, cy + height * 15, 30, 30)
    cdl = _class_map(rng, height, width).astype(np.uint8)
    _write(folders["cdl"] / "2023_30m_cdls.tif", cdl, ALBERS, cdl_transform, 0)

    # Landsat scenes in UTM 15N (Landsat 7, west half) and 16N (Landsat 8, east half)
    scenes = [
        ("landsat7", "LE07_L2SP_024032_20230612_20230708_02_T1", 32615,
         ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7"), (0.0, 0.55)),
        ("landsat8", "LC08_L2SP_023032_20230620_20230630_02_T1", 32616,
         ("SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7"), (0.45, 1.0)),
    ]
    for key, product, epsg, bands, (f0, f1) in scenes:
        crs = CRS.from_epsg(epsg)
        a_left = cdl_transform.c + f0 * width * 30
        a_right = cdl_transform.c + f1 * width * 30
        a_top, a_bottom = cdl_transform.f, cdl_transform.f - height * 30
        u_left, u_bottom, u_right, u_top = transform_bounds(ALBERS, crs, a_left, a_bottom,
                                                            a_right, a_top)
        u_left, u_top = np.floor(u_left / 30) * 30 + 15, np.ceil(u_top / 30) * 30 + 15
        cols, rows = int((u_right - u_left) // 30) - 8, int((u_top - u_bottom) // 30) - 8
        transform = from_origin(u_left + 120, u_top - 120, 30, 30)
        classes = np.zeros((rows, cols), np.uint8)
        reproject(cdl, classes, src_transform=cdl_transform, src_crs=ALBERS,
                  dst_transform=transform, dst_crs=crs, resampling=Resampling.nearest,
                  src_nodata=0, dst_nodata=0)
        folder = folders[key] / product
        folder.mkdir(exist_ok=True)
        for b, band in enumerate(bands):
            values = np.zeros((rows, cols), np.float32)
            for code, spectrum in SPECTRA.items():
                values[classes == code] = spectrum[b]
            values += rng.normal(0, 60, size=values.shape)
            # Collection-2 L2 surface reflectance scaling: DN = (rho + 0.2) / 2.75e-5
            dn = np.clip((values / 1e4 + 0.2) / 2.75e-5, 1, 65535).astype(np.uint16)
            dn[classes == 0] = 0  # outside the CDL footprint: nodata
            _write(folder / f"{product}_{band}.TIF", dn, crs, transform, 0)
    done.write_text("ok")
    return folders

"""Fake PRISMA Level-2D products: ``PRS_L2D_STD_<start>_<stop>_0001.he5`` (HDF5-EOS) with the
VNIR (66 layers) and SWIR (173 layers) uint16 cubes stored ``[row, layer, column]`` under
``HDFEOS/SWATHS/PRS_L2D_HCO/Data Fields``, the grid attributes (EPSG, corner pixel centres),
per-layer wavelengths (VNIR from long to short, three unused layers at 0) and the L2
reflectance scaling; optionally zipped as ASI delivers them.

Scene ``k``'s cube layer ``j`` (0-based over VNIR then SWIR) holds ``prisma_dn(k, j, row,
col)``; reflectance is ``SCALE[0] + dn * (SCALE[1] - SCALE[0]) / 65535`` (VNIR; SWIR uses
``SCALE[2:]``).
"""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import h5py
import numpy as np

__all__ = ["GEOTIFF_NAMES", "RES", "SCALE", "prisma_dn", "prisma_geotiff", "prisma_product",
           "vnir_wavelengths"]

RES = 30.0
SCALE = (0.0, 1.5, 0.0, 0.8)  # VNIR min, max; SWIR min, max
SWATH = "HDFEOS/SWATHS/PRS_L2D_HCO/Data Fields"


def prisma_dn(k: int, layer: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """DN of cube layer ``layer`` (0-based, VNIR then SWIR) of scene ``k``."""
    return (1000 * k + 100 * layer + 10 * rows + cols).astype(np.uint16)


#: the product names of TorchGeo's GeoTIFF sample (levels L0S, L1, L2D and an auxiliary file)
GEOTIFF_NAMES = (
    "PRS_L0S_EO_NRT_20191215092453_20191215092457_0001.tif",
    "PRS_L1_STD_OFFL_20191215092453_20191215092457_0002.tif",
    "PRS_L2D_STD_20191215092453_20191215092457_0003.tif",
    "PRS_CF_AX_FDP_REPR_20191215092453_20191215092457_0004_0.tif",
)


def prisma_geotiff(root: str | Path, name: str, k: int = 0, size: int = 9,
                   ul: tuple[float, float] = (718687.5, 4503407.5)) -> Path:
    """Write a product delivered as a 239-band uint16 GeoTIFF (EPSG:32634, 30 m), band ``j``
    holding ``prisma_dn(k, j, row, col)``; return it."""
    import rasterio
    from affine import Affine

    path = Path(root) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    cols, rows = np.meshgrid(np.arange(size), np.arange(size))
    with rasterio.open(path, "w", driver="GTiff", width=size, height=size, count=239,
                       dtype="uint16", crs="EPSG:32634",
                       transform=Affine(RES, 0, ul[0], 0, -RES, ul[1])) as dst:
        dst.write(np.stack([prisma_dn(k, j, rows, cols) for j in range(239)]))
    return path


def vnir_wavelengths() -> np.ndarray:
    """The fake VNIR centres (nm): 63 from 1000 down to 402, then three unused zeros."""
    return np.concatenate([np.linspace(1000.0, 402.0, 63), np.zeros(3)])


def prisma_product(root: str | Path, k: int = 0, start: datetime = datetime(2020, 4, 10, 10,
                                                                           37, 22),
                   ul: tuple[float, float] = (500015.0, 4199985.0), size: int = 10,
                   epsg: int = 32632, zipped: bool = False, padded: int = 0) -> Path:
    """Write one product (``size`` x ``size`` px, UL pixel centre ``ul``); return it. Its
    last ``padded`` columns are the padding around the swath: DN 0 in every layer."""
    stop = start + timedelta(seconds=4)
    name = f"PRS_L2D_STD_{start:%Y%m%d%H%M%S}_{stop:%Y%m%d%H%M%S}_0001"
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"{name}.he5"
    cols, rows = np.meshgrid(np.arange(size), np.arange(size))
    with h5py.File(path, "w") as f:
        a = f.attrs
        a["Epsg_Code"] = epsg
        a["Product_ULcorner_easting"], a["Product_ULcorner_northing"] = ul
        a["Product_LRcorner_easting"] = ul[0] + (size - 1) * RES
        a["Product_LRcorner_northing"] = ul[1] - (size - 1) * RES
        a["Product_LLcorner_easting"], a["Product_URcorner_northing"] = ul
        a["Product_LLcorner_northing"] = ul[1] - (size - 1) * RES
        a["Product_URcorner_easting"] = ul[0] + (size - 1) * RES
        a["List_Cw_Vnir"] = vnir_wavelengths()
        a["List_Cw_Swir"] = np.linspace(920.0, 2505.0, 173)
        a["L2ScaleVnirMin"], a["L2ScaleVnirMax"], a["L2ScaleSwirMin"], a["L2ScaleSwirMax"] = SCALE
        a["Product_StartTime"] = start.isoformat()
        for name_, first, count in (("VNIR_Cube", 0, 66), ("SWIR_Cube", 66, 173)):
            cube = np.stack([prisma_dn(k, first + j, rows, cols) for j in range(count)], axis=1)
            if padded:
                cube[..., size - padded:] = 0
            f.create_dataset(f"{SWATH}/{name_}", data=cube)
    if zipped:
        archive = root / f"{name}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(path, path.name)
        path.unlink()
        return archive
    return path

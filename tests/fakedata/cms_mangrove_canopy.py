"""Fake CMS Global Mangrove Canopy rasters: ``Mangrove_<product>_<Country>.tif`` (float32,
WGS 84, 1 arc-second) in the ``CMS_Global_Map_Mangrove_Canopy_1665/data/`` folder of the ORNL
DAAC zip.

Country ``k`` holds ``mangrove_value(k, row, col, product)`` from its upper-left corner.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["FOLDER", "RES", "mangrove_country", "mangrove_value", "mangrove_zip"]

FOLDER = "CMS_Global_Map_Mangrove_Canopy_1665"
RES = 1 / 3600
_PRODUCTS = {"agb": 0, "hba95": 1, "hmax95": 2}


def mangrove_value(k: int, rows: np.ndarray, cols: np.ndarray, product: str) -> np.ndarray:
    """Value of ``product`` for country ``k``: 100 per country, 10 per product, row, col/4."""
    return (100.0 * k + 10.0 * _PRODUCTS[product] + rows + 0.25 * cols).astype(np.float32)


def mangrove_country(root: str | Path, country: str = "Angola", k: int = 0,
                     origin: tuple[float, float] = (12.0, -5.0), size: int = 30,
                     products: tuple[str, ...] = ("agb", "hba95", "hmax95")) -> list[Path]:
    """Write one raster per product for ``country`` under ``root/<folder>/data``."""
    rows, cols = grid(size, size)
    transform = Affine(RES, 0.0, origin[0], 0.0, -RES, origin[1])
    return [write_tif(Path(root) / FOLDER / "data" / f"Mangrove_{p}_{country}.tif",
                      mangrove_value(k, rows, cols, p), "EPSG:4326", transform)
            for p in products]


def mangrove_zip(folder: str | Path) -> Path:
    """Write the DAAC zip with Angola (k=0) and Gabon (k=1) into ``folder``."""
    folder = Path(folder)
    staging = folder / ".staging"
    files = mangrove_country(staging, "Angola", 0) + mangrove_country(
        staging, "Gabon", 1, origin=(9.5, 0.5))
    path = folder / f"{FOLDER}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            archive.write(file, file.relative_to(staging).as_posix())
        archive.writestr(f"{FOLDER}/guide/CMS_Global_Map_Mangrove_Canopy.pdf", b"%PDF-1.4")
    shutil.rmtree(staging)
    return path

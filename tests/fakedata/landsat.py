"""Fake Landsat Collection 2 products (Level-1 and Level-2, MSS/TM/ETM+/OLI) in the USGS layout.

One product folder ``<id>/`` with one GeoTIFF per band ``<id>_<band>.TIF`` plus the sidecars
``<id>_QA_PIXEL.TIF`` and ``<id>_MTL.txt`` (uint16, UTM, 30 m,
fill 0 in the corners; the Level-1 pan band ``B8`` at 15 m on the same footprint; MSS
products ``LM0*`` are uint8 at 60 m, with ``QA_RADSAT`` beside ``QA_PIXEL``). Pixel values
are a function of map position, band number and date (see :mod:`fakedata.geo`), so overlapping
scenes agree and tests can predict values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import rasterio
from affine import Affine

from fakedata.geo import Scene, _field, _profile, utm_origin

__all__ = ["BANDS", "band_number", "expected", "landsat_scene", "landsat_tar"]

#: Band files of each (mission, level) as USGS distributes them.
BANDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("LT05", "L2SP"): ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7", "ST_B6"),
    ("LT05", "L1TP"): ("B1", "B2", "B3", "B4", "B5", "B6", "B7"),
    ("LE07", "L2SP"): ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7", "ST_B6"),
    ("LE07", "L1TP"): ("B1", "B2", "B3", "B4", "B5", "B6_VCID_1", "B6_VCID_2", "B7", "B8"),
    ("LC08", "L2SP"): ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7", "ST_B10"),
    ("LC08", "L1TP"): ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11"),
    ("LC09", "L2SP"): ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7", "ST_B10"),
    **{(f"LM0{n}", level): ("B4", "B5", "B6", "B7") if n < 4 else ("B1", "B2", "B3", "B4")
       for n in range(1, 6) for level in ("L1TP", "L1GS")},
}


def band_number(name: str) -> int:
    """The number in a band name (``SR_B4`` -> 4, ``B6_VCID_2`` -> 6)."""
    match = re.search(r"B(\d+)", name)
    assert match is not None
    return int(match.group(1))


def expected(xs: np.ndarray, ys: np.ndarray, band: str, acquired: date,
             mss: bool = False) -> np.ndarray:
    """The value a scene holds at map coordinates (pixel centres) for ``band`` (``mss``: the
    8-bit digital numbers of an MSS product, 54-234)."""
    values = _field(xs, ys, band_number(band), acquired.toordinal())
    return (values // 128).astype(np.uint8) if mss else values


def landsat_scene(
    root: str | Path,
    *,
    mission: str = "LC08",
    level: str = "L2SP",
    epsg: int = 32615,
    origin: tuple[float, float] | None = None,
    size: int = 32,
    path_row: str = "023032",
    acquired: date = date(2023, 6, 15),
    bands: Sequence[str] | None = None,
    corners: bool = True,
) -> Scene:
    """Write one product folder; return what was written (``files`` in ``bands`` order)."""
    mss = mission.startswith("LM")
    res = 60.0 if mss else 30.0
    bands = tuple(bands or BANDS[(mission, level)])
    if origin is None:
        origin = utm_origin(-90.05, 40.0, epsg, size, res)
    processed = acquired + timedelta(days=9)
    product = f"{mission}_{level}_{path_row}_{acquired:%Y%m%d}_{processed:%Y%m%d}_02_T1"
    folder = Path(root) / product
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name in bands:
        r = 15.0 if name == "B8" else res
        n = int(size * res / r)
        cols, rows = np.meshgrid(np.arange(n), np.arange(n))
        xs = origin[0] + (cols + 0.5) * r
        ys = origin[1] - (rows + 0.5) * r
        data = expected(xs, ys, name, acquired, mss)
        if corners:
            corner = n // 4
            data[(rows + cols) < corner] = 0
        transform = Affine(r, 0.0, origin[0], 0.0, -r, origin[1])
        path = folder / f"{product}_{name}.TIF"
        profile = _profile(f"EPSG:{epsg}", transform, n, "uint8" if mss else "uint16", 0,
                           False, 256)
        with rasterio.open(path, "w", **profile) as dst:
            dst.write(data, 1)
        files.append(path)
    # the sidecars every product carries (not bands; a loader must skip them)
    qa = Affine(res, 0.0, origin[0], 0.0, -res, origin[1])
    with rasterio.open(folder / f"{product}_QA_PIXEL.TIF", "w",
                       **_profile(f"EPSG:{epsg}", qa, size, "uint16", 1, False, 256)) as dst:
        dst.write(np.full((size, size), 21824, np.uint16), 1)
    if mss:
        with rasterio.open(folder / f"{product}_QA_RADSAT.TIF", "w",
                           **_profile(f"EPSG:{epsg}", qa, size, "uint16", None, False,
                                      256)) as dst:
            dst.write(np.zeros((size, size), np.uint16), 1)
    (folder / f"{product}_MTL.txt").write_text(
        f'GROUP = LANDSAT_METADATA_FILE\n  LANDSAT_PRODUCT_ID = "{product}"\nEND_GROUP\nEND\n')
    return Scene(folder, tuple(files), f"EPSG:{epsg}",
                 Affine(res, 0.0, origin[0], 0.0, -res, origin[1]), size, acquired)


def landsat_tar(scene: Scene) -> Path:
    """Pack a product folder as EarthExplorer delivers it (``<id>.tar``, files at its top),
    remove the folder, return the archive."""
    import shutil
    import tarfile

    archive = scene.folder.with_suffix(".tar")
    with tarfile.open(archive, "w") as tf:
        for path in sorted(scene.folder.iterdir()):
            tf.add(path, path.name)
    shutil.rmtree(scene.folder)
    return archive

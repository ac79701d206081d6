"""Fake BigEarthNet v2.0 (reBEN) as Zenodo record 10891137 ships it.

``BigEarthNet-S2.tar.zst`` holds ``BigEarthNet-S2/<tile>/<patch_id>/<patch_id>_<band>.tif``
(uint16; 10/20/60 m bands at 120/60/20 px, as released), ``BigEarthNet-S1.tar.zst``
``BigEarthNet-S1/<scene>/<s1_name>/<s1_name>_{VV,VH}.tif`` (float32, 120 px),
``Reference_Maps.tar.zst`` ``Reference_Maps/<tile>/<patch_id>/<patch_id>_reference_map.tif``
(uint16 CLC codes, 120 px), beside ``metadata.parquet`` and
``metadata_for_patches_with_snow_cloud_or_shadow.parquet``. Patches span two S2 tiles and
two S1 scenes, so a folder derived from the wrong name fields is caught.

Pixels are those of :mod:`fakedata.bigearthnet` (v1.0): every S2 band of patch ``i``
samples one plane of the 10 m grid at its own pixel centres, ``value(i, band) + 8 y + 4 x``
(y, x in 10 m pixels; a 60 m pixel (r, c) is centred at y = 6 r + 2.5): bilinear
resampling of a plane is exact, so interior 10 m pixels of any resampled band hold
:func:`at`, and a shifted or transposed read does not. S1 bands hold
``value - y / 16 - x / 256``. Reference-map pixels cycle through :data:`MAP_CODES` by
``(5 i + r + 2 c)``, so patch, row and column all change the code.

Writing the Parquet tables needs pyarrow and the archives zstandard or the ``zstd`` command;
:func:`make` reports which it could write (``info["parquet"]``, ``info["archives"]``).
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import md5, write_tif

# the pixel planes of BigEarthNet v1.0's fake (same bands, grids and band files)
from fakedata.bigearthnet import S1_BANDS, at, native
from fakedata.bigearthnet import S2_BANDS as S2_RES

__all__ = ["S1_BANDS", "S2_RES", "at", "make", "names"]

#: the UTM zone of each tile
CRS = ("EPSG:32633", "EPSG:32629")
PX = 120
TILES = ("S2A_MSIL2A_20170613T101031_N9999_R022_T33UUP",
         "S2B_MSIL2A_20171221T112449_N9999_R037_T29SND")
SCENES = ("S1A_IW_GRDH_1SDV_20170613T165043", "S1B_IW_GRDH_1SDV_20171219T183545")
#: (official split, in the snow/cloud table?) of patch i
ROWS = [("train", False), ("train", False), ("validation", False), ("train", False),
        ("test", False), ("validation", False), ("train", True), ("test", True)]
#: 19-class names of patch i (the ``labels`` column), as the publisher spells them
LABELS = [
    ["Urban fabric", "Inland waters"],
    ["Arable land", "Pastures"],
    ["Coniferous forest", "Mixed forest", "Transitional woodland, shrub"],
    ["Marine waters"],
    ["Land principally occupied by agriculture, with significant areas of natural vegetation"],
    ["Moors, heathland and sclerophyllous vegetation", "Beaches, dunes, sands"],
    ["Broad-leaved forest"],
    ["Natural grassland and sparsely vegetated areas", "Inland wetlands"],
]
#: CLC codes on the reference maps -> 19-class index (None: no 19-class counterpart), from
#: the 43-to-19 class table of the BigEarthNet-19 nomenclature
MAP_CODES = {111: 0, 112: 0, 121: 1, 122: None, 211: 2, 231: 4, 312: 9, 324: 13, 333: 11,
             412: 15, 423: None, 523: 18}


def names(i: int) -> tuple[str, str]:
    """(patch_id, s1_name) of patch ``i``: tile / scene, then its row and column fields."""
    tile, scene = TILES[i % 2], SCENES[i % 2]
    return f"{tile}_{20 + i}_{40 + i}", f"{scene}_{tile[-5:]}_{20 + i}_{40 + i}"


def reference_map(i: int) -> np.ndarray:
    """The CLC codes of patch ``i``'s reference map."""
    rows, cols = np.indices((PX, PX))
    return np.array(list(MAP_CODES), dtype=np.uint16)[(5 * i + rows + 2 * cols) % len(MAP_CODES)]


def expected_mask(i: int, ignore: int = 255) -> np.ndarray:
    table = np.array([ignore if v is None else v for v in MAP_CODES.values()])
    rows, cols = np.indices((PX, PX))
    return table[(5 * i + rows + 2 * cols) % len(MAP_CODES)]


def origin(i: int) -> tuple[float, float]:
    return 400000.0 + 1200.0 * i, 5500000.0 - 1200.0 * (i % 3)


def split_members(split: str, flagged: bool = False) -> list[int]:
    """Patches of ``split`` (train/validation/test) in table order."""
    return [i for i, (s, f) in enumerate(ROWS) if s == split and f == flagged]


def _tables(root: Path) -> bool:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return False
    for name, flagged in (("metadata.parquet", False),
                          ("metadata_for_patches_with_snow_cloud_or_shadow.parquet", True)):
        rows = [i for i, (_, f) in enumerate(ROWS) if f == flagged]
        table = pa.table({
            "patch_id": [names(i)[0] for i in rows],
            "labels": pa.array([LABELS[i] for i in rows], pa.list_(pa.string())),
            "split": [ROWS[i][0] for i in rows],
            "country": ["Austria" if i % 2 == 0 else "Portugal" for i in rows],
            "s1_name": [names(i)[1] for i in rows],
            "s2v1_name": [f"S2A_MSIL2A_20170613T101031_{20 + i}_{40 + i}" for i in rows],
            "contains_seasonal_snow": [flagged and i % 2 == 0 for i in rows],
            "contains_cloud_or_shadow": [flagged and i % 2 == 1 for i in rows],
        })
        pq.write_table(table, root / name)
    return True


def compress(tar: Path, archive: Path) -> bool:
    """``tar`` zstd-compressed as ``archive`` (False when no compressor is there)."""
    try:
        import zstandard
    except ImportError:
        tool = shutil.which("zstd")
        if tool is None:
            return False
        subprocess.run([tool, "-q", "-f", str(tar), "-o", str(archive)], check=True)
        return True
    with open(tar, "rb") as src, open(archive, "wb") as out:
        zstandard.ZstdCompressor().copy_stream(src, out)
    return True


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write the fake release into ``root`` (with ``extract``, the archives' folders too).

    Returns ``md5`` (file name -> md5 of what was written), ``parquet`` and ``archives``
    (whether the tables and the .tar.zst files could be written).
    """
    root.mkdir(parents=True, exist_ok=True)
    stage = root / ".stage"
    for i in range(len(ROWS)):
        patch, s1 = names(i)
        tile, scene = TILES[i % 2], SCENES[i % 2]
        for band, res in S2_RES.items():
            write_tif(stage / "BigEarthNet-S2" / tile / patch / f"{patch}_{band}.tif",
                      native(i, band, res), CRS[i % 2], origin(i), float(res))
        for band in S1_BANDS:
            write_tif(stage / "BigEarthNet-S1" / scene / s1 / f"{s1}_{band}.tif",
                      native(i, band, 10), CRS[i % 2], origin(i), 10.0)
        write_tif(stage / "Reference_Maps" / tile / patch / f"{patch}_reference_map.tif",
                  reference_map(i), CRS[i % 2], origin(i), 10.0)
    archives = True
    for folder in ("BigEarthNet-S1", "BigEarthNet-S2", "Reference_Maps"):
        tar = stage / f"{folder}.tar"
        with tarfile.open(tar, "w") as out:
            out.add(stage / folder, folder)
        archives = compress(tar, root / f"{folder}.tar.zst") and archives
        tar.unlink()
    parquet = _tables(root)
    unstage(stage, root, extract)
    written = [p for p in root.iterdir() if p.is_file()]
    return {"md5": {p.name: md5(p) for p in written}, "parquet": parquet,
            "archives": archives}

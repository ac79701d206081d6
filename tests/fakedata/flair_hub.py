"""Fake FLAIR-HUB: per domain-year and modality zips ``<dy>_<MODALITY>.zip`` holding
``<dy>_<MODALITY>/<ROI>/<dy>_<MODALITY>_<ROI>_<x-y>.tif``, ``GLOBAL_ALL_MTD.zip`` with the
split GeoPackage, and (``toy=True``) ``FLAIR-HUB_TOY_DATASET.zip`` holding all of it under
``FLAIR-HUB_TOY/`` with a ``split_toy`` column.

Five patches in three domain-years (the real 512 px patches are 8 px here; SPOT 4 px, the
1950s aerial 4 px, Sentinel 2 px). Pixels encode patch, band (for series: date * bands +
band, the publisher's date-major stacking), row and column; labels hash patch, row and column.
The split table lists a sixth patch of a domain that is not on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from fakedata._made import unstage
from fakedata._segutil import coded_image, coded_labels, files_under, md5, write_tif, zip_tree

#: (domain-year, ROI, x-y, split_1, split_2, dates of the series)
PATCHES = [
    ("D006-2020", "FF-S1-14", "5-5", "train", "test", 3),
    ("D006-2020", "FF-S1-14", "5-6", "valid", "train", 2),
    ("D012-2019", "AF-S1-27", "5-10", "train", "valid", 4),
    ("D032-2019", "AA-S1-V18", "10-22", "test", "train", 1),
    ("D032-2019", "AA-S1-V18", "11-22", "train", "train", 2),
]
ABSENT = ("D091-2021", "ZZ-S1-1", "1-1", "train", "train", 1)
SIZE, SPOT, RLT, SENTINEL = 8, 4, 4, 2
#: modality suffix -> (bands per image or per date, dtype, size, time series)
MODALITIES = {
    "AERIAL_RGBI": (4, "uint8", SIZE, False),
    "SPOT_RGBI": (4, "uint16", SPOT, False),
    "DEM_ELEV": (2, "float32", SIZE, False),
    "AERIAL-RLT_PAN": (1, "uint8", RLT, False),
    "SENTINEL2_TS": (10, "uint16", SENTINEL, True),
    "SENTINEL2_MSK-SC": (2, "uint8", SENTINEL, True),
    "SENTINEL1-ASC_TS": (2, "float32", SENTINEL, True),
    "SENTINEL1-DESC_TS": (2, "float32", SENTINEL, True),
}
_OFFSET = {m: 10 * i for i, m in enumerate(MODALITIES)}


def patch_id(i: int) -> str:
    dy, roi, xy, *_ = PATCHES[i]
    return f"{dy}_{roi}_{xy}"


def folder(dy: str, suffix: str) -> str:
    if suffix == "AERIAL-RLT_PAN":
        dy = dy.split("-")[0] + "-195X"
    return f"{dy}_{suffix}"


def image(i: int, suffix: str) -> np.ndarray:
    """The file's array as written: ``[C,H,W]`` (series: ``[T*C,H,W]``, date-major)."""
    bands, dtype, size, series = MODALITIES[suffix]
    count = bands * PATCHES[i][5] if series else bands
    return coded_image(i + _OFFSET[suffix], count, size, size, dtype)


def series(i: int, suffix: str) -> np.ndarray:
    """A time series as the loader returns it, ``[T,C,H,W]``."""
    bands = MODALITIES[suffix][0]
    array = image(i, suffix)
    return array.reshape(-1, bands, *array.shape[1:])


def cosia(i: int) -> np.ndarray:
    return coded_labels(i, SIZE, SIZE, 19).astype(np.uint8)


def lpis(i: int) -> np.ndarray:
    """Three nomenclature levels; level 1 (band 1) has 23 classes."""
    return np.stack([coded_labels(i + 50 * level, SIZE, SIZE, n)
                     for level, n in enumerate((23, 31, 46))]).astype(np.uint8)


def _write_split_table(path: Path, columns: dict[str, list[str]], ids: list[str]) -> None:
    import fiona
    from shapely.geometry import box, mapping

    path.parent.mkdir(parents=True, exist_ok=True)
    schema = {"geometry": "Polygon",
              "properties": {"patch_id": "str", **{c: "str" for c in columns}}}
    with fiona.open(path, "w", driver="GPKG", schema=schema, crs="EPSG:2154",
                    layer=path.stem) as dst:
        for k, pid in enumerate(ids):
            geom = box(843000 + 102.4 * k, 6519000, 843102.4 + 102.4 * k, 6519102.4)
            dst.write({"geometry": mapping(geom),
                       "properties": {"patch_id": pid, **{c: v[k] for c, v in columns.items()}}})


def _write_tree(stage: Path) -> dict[str, list[Path]]:
    """Every patch's files under ``stage``; returns folder name -> its files."""
    written: dict[str, list[Path]] = {}
    for i, (dy, roi, xy, *_) in enumerate(PATCHES):
        origin = (843000.0 + 102.4 * i, 6519102.4)
        layers = {"AERIAL_LABEL-COSIA": cosia(i), "ALL_LABEL-LPIS": lpis(i),
                  **{m: image(i, m) for m in MODALITIES}}
        for suffix, array in layers.items():
            name = folder(dy, suffix)
            path = stage / name / roi / f"{name}_{roi}_{xy}.tif"
            write_tif(path, array, crs="EPSG:2154", origin=origin,
                      res=102.4 / array.shape[-1])
            written.setdefault(name, []).append(path)
    return written


def make(root: Path, extract: bool = False, toy: bool = False) -> dict[str, Any]:
    """Write the release's zips in ``root`` (``toy``: the toy zip only); ``extract`` also
    leaves the extracted tree. Returns ``{"md5": {zip name: md5}}``."""
    stage = root / ".stage"
    written = _write_tree(stage)
    rows = [*PATCHES, ABSENT]
    ids = [f"{dy}_{roi}_{xy}" for dy, roi, xy, *_ in rows]
    table = stage / "GLOBAL_ALL_MTD" / "GLOBAL_ALL_MTD_SPLIT.gpkg"
    archives = []
    if toy:
        _write_split_table(table, {"split_toy": [r[3] for r in rows]}, ids)
        toy_stage = root / ".toy"
        (stage).rename(toy_stage)
        (stage).mkdir()
        toy_stage.rename(stage / "FLAIR-HUB_TOY")
        archives.append(zip_tree(root / "FLAIR-HUB_TOY_DATASET.zip", stage,
                                 files_under(stage / "FLAIR-HUB_TOY")))
    else:
        _write_split_table(table, {"split_1": [r[3] for r in rows],
                                   "split_2": [r[4] for r in rows]}, ids)
        archives.append(zip_tree(root / "GLOBAL_ALL_MTD.zip", stage, [table]))
        for name, files in written.items():
            archives.append(zip_tree(root / f"{name}.zip", stage, files))
    unstage(stage, root, extract)
    return {"md5": {p.name: md5(p) for p in archives}}

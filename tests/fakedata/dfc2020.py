"""Fake DFC2020: ``ROIs0000_validation/`` and ``ROIs0000_test/`` as the contest ships them.

Each set folder holds one folder per sensor (``s1``, ``s2``, ``lc``, ``dfc``), named
``<sensor>_validation/`` in the validation set and ``<sensor>_0/`` in the test set (the contest
baseline's layout), with 8x8 px patches ``ROIs0000_<set>_<sensor>_0_p<n>.tif``: validation p1,
p2, p10 (so a text sort would misorder
them), test p0, p5, p7. Patch ``n`` of a set is file number ``f`` (validation ``f = n``, test
``f = 20 + n``): S1 float64 holds minus ``coded_image(f)`` (``-(1000 f + 100 b + r + c/64)``),
S2 uint16 ``coded_image(f)`` (``1000 f + 100 b + 7 r + 3 c + r c``), the dfc label uint8 codes
0-10 hashed from f, row and column, lc uint16 IGBP codes 1-17 (never read). Validation patches
are georeferenced (UTM 31N, 10 m), test ones are not, as neither is confirmed for the release.
:func:`make_zips` writes the DataPort per-sensor zips instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np

from fakedata._segutil import coded_image, coded_labels, write_tif, zip_tree

SIZE = 8
PATCHES = {"validation": [1, 2, 10], "test": [0, 5, 7]}
SENSORS = ("s1", "s2", "lc", "dfc")


def number(tag: str, patch: int) -> int:
    """File number ``f`` encoded in the pixels of patch ``patch`` of set ``tag``."""
    return patch if tag == "validation" else 20 + patch


def s1(f: int) -> np.ndarray:
    return -coded_image(f, 2, SIZE, SIZE, "float64")


def s2(f: int) -> np.ndarray:
    return coded_image(f, 13, SIZE, SIZE, "uint16")


def dfc(f: int) -> np.ndarray:
    """Label codes 0-10 of file ``f``."""
    return coded_labels(f, SIZE, SIZE, 11).astype(np.uint8)


def lc(f: int) -> np.ndarray:
    return np.stack([(coded_labels(f + 50, SIZE, SIZE, 17) + 1).astype(np.uint16)] * 4)


def _write_set(base: Path, tag: str, folder: str) -> None:
    """One set's files under ``base/<sensor>_<folder>/``."""
    for patch in PATCHES[tag]:
        f = number(tag, patch)
        geo: dict[str, Any] = ({"crs": "EPSG:32631", "origin": (500000.0 + 80 * patch,
                                                                 4000000.0), "res": 10.0}
                               if tag == "validation" else {"crs": None})
        for sensor, array in (("s1", s1(f)), ("s2", s2(f)), ("lc", lc(f)), ("dfc", dfc(f))):
            write_tif(base / f"{sensor}_{folder}" / f"ROIs0000_{tag}_{sensor}_0_p{patch}.tif",
                      array, **geo)


def make(root: Path) -> dict[str, Any]:
    """The two set folders as the contest lays them out."""
    for tag in PATCHES:
        _write_set(root / f"ROIs0000_{tag}", tag, "validation" if tag == "validation" else "0")
    return {"val": PATCHES["validation"], "test": PATCHES["test"]}


def make_zips(root: Path) -> list[Path]:
    """The DataPort per-sensor zips: ``<sensor>_validation.zip`` (a wrapping folder
    ``<sensor>_validation/``) and ``<sensor>_0.zip`` (files at the top, extracted flat)."""
    stage = root / ".stage"
    _write_set(stage / "validation", "validation", "validation")
    _write_set(stage / "test", "test", "0")
    archives = []
    for sensor in SENSORS:
        folder = stage / "validation" / f"{sensor}_validation"
        archives.append(zip_tree(root / f"{sensor}_validation.zip", folder.parent,
                                 sorted(folder.iterdir())))
        folder = stage / "test" / f"{sensor}_0"
        archives.append(zip_tree(root / f"{sensor}_0.zip", folder, sorted(folder.iterdir())))
    shutil.rmtree(stage)
    return archives

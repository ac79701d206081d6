"""Fake DL4GAM-Alps: the patch archives and the fold table as the publisher's repository holds
them (``data/patches/inv_r_128_s_{128,64}.tar.gz``, ``data/map_all_splits_all_folds.csv``).

Each archive holds ``<entry_id>/<entry_id>_patch_<i>_xc_<x>_yc_<y>.nc``, NetCDF-4 files
(HDF5 with netCDF dimension scales, written with h5py the way netCDF-C lays them out):
``band_data`` int16 [15, y, x] with ``long_name`` B1..B12, B8A in the publisher's order plus
CLOUDLESS_MASK and FILL_MASK and ``_FillValue`` -9999; ``mask_all_g_id`` int32 (the glacier
number, ``_FillValue`` -1 off glacier); ``mask_debris`` int8; one float32 variable per extra
layer (``_FillValue`` -9999). Patch ``k`` (its place in :func:`patches`) encodes ``k``, the
band, row and column in every value (:func:`band_value`, :func:`feature_value`); pixel (0, 0)
of B4 and of ``dhdt`` is missing in every patch, to prove the gap filling.
"""

from __future__ import annotations

import csv
import shutil
import tarfile
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from fakedata._segutil import coded_labels, md5

SIZE = 16
#: band order of ``band_data`` (its long_name)
BAND_NAMES = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B9", "B10", "B11", "B12",
              "CLOUDLESS_MASK", "FILL_MASK")
FEATURES = ("dem", "slope", "aspect", "planform_curvature", "profile_curvature",
            "terrain_ruggedness_index", "dhdt", "v")
GLACIERS = ("g_0008", "g_0009", "g_0030", "g_0035", "g_0100")
#: entry_id -> fold in split_1..split_5
FOLDS = {
    "g_0008": ("fold_train", "fold_train", "fold_train", "fold_test", "fold_test"),
    "g_0009": ("fold_train", "fold_valid", "fold_valid", "fold_valid", "fold_train"),
    "g_0030": ("fold_valid", "fold_train", "fold_test", "fold_train", "fold_train"),
    "g_0035": ("fold_test", "fold_test", "fold_train", "fold_train", "fold_valid"),
    "g_0100": ("fold_train", "fold_train", "fold_train", "fold_train", "fold_train"),
}
VERSIONS = {"small": ("inv_r_128_s_128", 1), "large": ("inv_r_128_s_64", 2)}
CSV = "map_all_splits_all_folds.csv"
FILL = -9999


def patches(version: str) -> list[tuple[str, str]]:
    """``(entry_id, file name)`` of the version's patches, in the loader's sorted order."""
    per_glacier = VERSIONS[version][1]
    return [(g, f"{g}_patch_{i}_xc_{40 + 8 * i}_yc_{56 - 8 * i}.nc")
            for g in GLACIERS for i in range(per_glacier)]


def number(version: str, entry: str, name: str) -> int:
    """Patch number ``k``: small patches first, then large ones."""
    offset = 0 if version == "small" else len(patches("small"))
    return offset + patches(version).index((entry, name))


def band_value(k: int, band: int) -> np.ndarray:
    """[H,W] int16 of band ``band`` (position in BAND_NAMES) of patch ``k``, as stored."""
    rows, cols = np.indices((SIZE, SIZE))
    return (2000 * k + 100 * band + 7 * rows + 3 * cols + rows * cols).astype(np.int16)


def feature_value(k: int, feature: int) -> np.ndarray:
    """[H,W] float32 of extra layer ``feature`` (position in FEATURES) of patch ``k``."""
    rows, cols = np.indices((SIZE, SIZE))
    return (1000.0 * k + 50.0 * feature + rows + cols / 64.0).astype(np.float32)


def glacier_id(k: int) -> np.ndarray:
    """[H,W] int32: the glacier number on glacier, -1 (fill) elsewhere."""
    on = coded_labels(k, SIZE, SIZE, 2).astype(bool)
    return np.where(on, 100 + k, -1).astype(np.int32)


def _scale(nc: h5py.File, name: str, values: np.ndarray) -> h5py.Dataset:
    scale = nc.create_dataset(name, data=values)
    scale.make_scale(name)
    return scale


def _variable(nc: h5py.File, name: str, data: np.ndarray, dims: list[h5py.Dataset],
              fill: float | None, **attrs: Any) -> None:
    var = nc.create_dataset(name, data=data, compression="gzip", shuffle=True,
                            fillvalue=fill if fill is not None else None)
    for axis, scale in enumerate(dims):
        var.dims[axis].attach_scale(scale)
    if fill is not None:
        var.attrs["_FillValue"] = np.asarray(fill, dtype=data.dtype)
    for key, value in attrs.items():
        var.attrs[key] = value


def write_patch(path: Path, k: int) -> None:
    """One NetCDF-4 patch file of patch ``k``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w") as nc:
        nc.attrs["glacier_area"] = 1.5 + k
        band = _scale(nc, "band", np.arange(1, len(BAND_NAMES) + 1))
        y = _scale(nc, "y", 5100000.0 - 10.0 * np.arange(SIZE))
        x = _scale(nc, "x", 400000.0 + 10.0 * np.arange(SIZE))
        data = np.stack([band_value(k, b) for b in range(len(BAND_NAMES))])
        data[BAND_NAMES.index("B4"), 0, 0] = FILL
        names = np.array(BAND_NAMES, dtype=h5py.string_dtype())
        _variable(nc, "band_data", data, [band, y, x], FILL, long_name=names)
        _variable(nc, "mask_all_g_id", glacier_id(k), [y, x], -1)
        _variable(nc, "mask_debris", coded_labels(k + 7, SIZE, SIZE, 2).astype(np.int8),
                  [y, x], -1)
        for j, name in enumerate(FEATURES):
            layer = feature_value(k, j)
            if name == "dhdt":
                layer[0, 0] = FILL
            _variable(nc, name, layer, [y, x], float(FILL))


def expected_layers(k: int, bands: list[str]) -> np.ndarray:
    """[C,H,W] float32 the loader should return for ``bands`` of patch ``k`` (gaps filled)."""
    out = []
    for name in bands:
        if name in FEATURES:
            layer = feature_value(k, FEATURES.index(name)).astype(np.float32)
        else:
            layer = band_value(k, BAND_NAMES.index(name)).astype(np.float32)
        if name in ("B4", "dhdt"):
            layer[0, 0] = 0.0 if name == "dhdt" else layer.ravel()[1:].mean(dtype=np.float64)
        out.append(layer)
    return np.stack(out)


def make(root: Path, extract: bool = False) -> dict[str, Any]:
    """Write both archives and the table into ``root`` (and the extracted folders with
    ``extract``); return ``dir`` and ``archives`` (name -> md5)."""
    archives: dict[str, str] = {}
    for version, (stem, _) in VERSIONS.items():
        stage = root / ".stage" / stem
        for entry, name in patches(version):
            write_patch(stage / entry / name, number(version, entry, name))
        archive = root / f"{stem}.tar.gz"
        with tarfile.open(archive, "w:gz") as tf:
            for entry in GLACIERS:
                tf.add(stage / entry, arcname=entry)
        archives[archive.name] = md5(archive)
        if extract:
            stage.rename(root / stem)
    with open(root / CSV, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["entry_id", *(f"split_{i}" for i in range(1, 6))])
        writer.writerows([entry, *FOLDS[entry]] for entry in GLACIERS)
    archives[CSV] = md5(root / CSV)
    shutil.rmtree(root / ".stage", ignore_errors=True)
    return {"dir": root, "archives": archives}

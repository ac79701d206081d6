"""Fake AgriFieldNet releases.

Radiant MLHub layout (:func:`agri_chip`, packed by :func:`agri_tarball` into
``ref_agrifieldnet_competition_v1.tar.gz``): ``ref_agrifieldnet_competition_v1/`` with source
chips ``..._source/..._source_<id>/B01.tif ... B12.tif`` (uint16, EPSG:32644, 10 m), train
labels ``..._labels_train/..._labels_train_<id>/raster_labels.tif`` and ``field_ids.tif``, and
test labels (``field_ids.tif`` only).

Source Cooperative layout (:func:`agri_chip_source_coop`): ``source/..._source_<id>/
..._source_<id>_<band>_10m.tif``, ``train_labels/..._labels_train_<id>.tif`` and
``..._labels_train_<id>_field_ids.tif``, ``test_labels/..._labels_test_<id>_field_ids.tif``.

Chip ``k`` sits ``k`` chip widths east of ``ORIGIN``; band ``b`` holds
``agri_value(k, b, row, col)``, its labels ``agri_label(k, row, col)`` (real crop codes).
"""

from __future__ import annotations

import shutil
import tarfile
from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["BANDS", "CODES", "ORIGIN", "SIZE", "agri_chip", "agri_chip_source_coop", "agri_label",
           "agri_tarball", "agri_value"]

PREFIX = "ref_agrifieldnet_competition_v1"
BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12")
CODES = np.array([0, 1, 2, 3, 4, 5, 6, 8, 9, 13, 14, 15, 16, 36], np.uint8)
ORIGIN = (700000.0, 2900000.0)
SIZE = 16


def agri_value(k: int, band: str, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Reflectance-like value of ``band`` in chip ``k``."""
    return (1000 * (BANDS.index(band) + 1) + 100 * k + 3 * rows + cols).astype(np.uint16)


def agri_label(k: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Crop code of chip ``k`` at ``rows``/``cols``."""
    return CODES[(k + rows // 2 + cols // 3) % len(CODES)]


def agri_chip(root: str | Path, chip: str = "a1b2c", k: int = 0, train: bool = True) -> Path:
    """Write chip ``chip`` (source bands and train or test labels) under ``root``."""
    base = Path(root) / PREFIX
    transform = Affine(10.0, 0, ORIGIN[0] + k * SIZE * 10, 0, -10.0, ORIGIN[1])
    rows, cols = grid(SIZE, SIZE)
    source = base / f"{PREFIX}_source" / f"{PREFIX}_source_{chip}"
    for band in BANDS:
        write_tif(source / f"{band}.tif", agri_value(k, band, rows, cols), "EPSG:32644",
                  transform)
    split = "train" if train else "test"
    labels = base / f"{PREFIX}_labels_{split}" / f"{PREFIX}_labels_{split}_{chip}"
    write_tif(labels / "field_ids.tif", (1 + rows * SIZE + cols + 1000 * k).astype(np.uint16),
              "EPSG:32644", transform)
    if train:
        write_tif(labels / "raster_labels.tif", agri_label(k, rows, cols), "EPSG:32644",
                  transform)
    return source


def agri_chip_source_coop(root: str | Path, chip: str = "a1b2c", k: int = 0,
                          train: bool = True) -> Path:
    """Write chip ``chip`` under ``root`` in the Source Cooperative layout; return its source
    folder (same values as :func:`agri_chip`)."""
    root = Path(root)
    transform = Affine(10.0, 0, ORIGIN[0] + k * SIZE * 10, 0, -10.0, ORIGIN[1])
    rows, cols = grid(SIZE, SIZE)
    source = root / "source" / f"{PREFIX}_source_{chip}"
    for band in BANDS:
        write_tif(source / f"{PREFIX}_source_{chip}_{band}_10m.tif",
                  agri_value(k, band, rows, cols), "EPSG:32644", transform)
    split = "train" if train else "test"
    labels = root / f"{split}_labels"
    write_tif(labels / f"{PREFIX}_labels_{split}_{chip}_field_ids.tif",
              (1 + rows * SIZE + cols + 1000 * k).astype(np.uint16), "EPSG:32644", transform)
    if train:
        write_tif(labels / f"{PREFIX}_labels_{split}_{chip}.tif", agri_label(k, rows, cols),
                  "EPSG:32644", transform)
    return source


def agri_tarball(root: str | Path) -> Path:
    """Pack ``root/ref_agrifieldnet_competition_v1/`` into ``root/ref_agrifieldnet_competition_
    v1.tar.gz`` (as TorchGeo's sample ships it) and remove the folder; return the archive."""
    root = Path(root)
    archive = root / f"{PREFIX}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(root / PREFIX, arcname=PREFIX)
    shutil.rmtree(root / PREFIX)
    return archive

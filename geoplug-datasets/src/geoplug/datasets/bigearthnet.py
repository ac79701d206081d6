"""BigEarthNet v1.0: multi-label CORINE land cover of Sentinel-1/-2 patch pairs.

The publisher ships two archives, each of one folder per patch holding one GeoTIFF per band
and a JSON label file::

    BigEarthNet-v1.0/<S2 patch>/<S2 patch>_B01.tif … _B12.tif, <S2 patch>_labels_metadata.json
    BigEarthNet-S1-v1.0/<S1 patch>/<S1 patch>_VV.tif, _VH.tif, <S1 patch>_labels_metadata.json

Sentinel-2 bands come at 10, 20 and 60 m (120, 60 and 20 px per patch). The official
train/val/test lists of the BigEarthNet-MM models are CSV files of ``<S2 patch>,<S1 patch>``
lines, which also pair each Sentinel-2 patch with its Sentinel-1 patch.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.multilabel_regression import (
    BIGEARTHNET_CLASSES_19,
    BIGEARTHNET_CLASSES_43,
    BIGEARTHNET_S1,
    BIGEARTHNET_S2,
)

__all__ = ["BigEarthNet"]

_SPLIT_URL = ("https://git.tu-berlin.de/rsim/BigEarthNet-MM_19-classes_models/-/raw/"
              "9a5be07346ab0884b2d9517475c27ef9db9b5104/splits/{}.csv?inline=false")
_ZENODO = "https://zenodo.org/records/12687186/files/"

CLASSES_43 = BIGEARTHNET_CLASSES_43
CLASSES_19 = BIGEARTHNET_CLASSES_19
# 43-class index -> 19-class index (label_indices.json of the BigEarthNet-19 models); the
# classes absent here (port areas, airports, burnt areas, …) have no 19-class counterpart.
TO_19: dict[int, int] = {
    0: 0, 1: 0, 2: 1, 11: 2, 12: 2, 13: 2, 14: 3, 15: 3, 16: 3, 18: 3, 17: 4, 19: 5, 20: 6,
    21: 7, 22: 8, 23: 9, 24: 10, 25: 11, 31: 11, 26: 12, 27: 12, 28: 13, 29: 14, 33: 15,
    34: 15, 35: 16, 36: 16, 38: 17, 39: 17, 40: 18, 41: 18, 42: 18,
}

S1_BANDS = BIGEARTHNET_S1  # band files of a Sentinel-1 patch
S2_BANDS = BIGEARTHNET_S2  # band files of a Sentinel-2 patch
_TEN_METRE = ("VV", "VH", "B02", "B03", "B04", "B08")
#: Every band is resampled onto the 10 m plane of a patch: 120 x 120 px (1.2 km)
PATCH_PX = 120
_PATCH = re.compile(r"^S[12][AB]_")  # Sentinel-1/-2 A/B product names start a patch name


class BigEarthNet(NonGeoDataset, spec=spec("bigearthnet")):
    """BigEarthNet v1.0 Sentinel-1 (VV, VH) and Sentinel-2 (12 bands) patches.

    ``bands`` may mix both sensors (default: all 14, S1 first); only the archives of the
    sensors involved are needed. Every band is resampled (bilinear) onto the 10 m grid of
    the patch (120x120 px). ``num_classes`` picks the 19-class nomenclature (default) or
    the original 43 CORINE classes. Samples are ``{"image": float32 [C, 120, 120],
    "label": int64 multi-hot [num_classes], "crs", "bounds"}`` (the patch's CRS and
    extent in it).

    Citation: G. Sumbul et al., "BigEarthNet: A Large-Scale Benchmark Archive for Remote
    Sensing Image Understanding", IGARSS 2019, doi:10.1109/IGARSS.2019.8900532; and
    "BigEarthNet-MM", IEEE GRSM 9(3), 2021, doi:10.1109/MGRS.2021.3089174.
    """

    directories: ClassVar[dict[str, str]] = {"s1": "BigEarthNet-S1-v1.0",
                                             "s2": "BigEarthNet-v1.0"}
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(_ZENODO + "BigEarthNet-S1-v1.0.tar.gz", "BigEarthNet-S1-v1.0.tar.gz",
                 md5="94ced73440dea8c7b9645ee738c5a172"),
        Resource(_ZENODO + "BigEarthNet-S2-v1.0.tar.gz", "BigEarthNet-S2-v1.0.tar.gz",
                 md5="5a64e9ce38deb036a435a7b59494924c"),
        Resource(_SPLIT_URL.format("train"), "bigearthnet-train.csv",
                 md5="623e501b38ab7b12fe44f0083c00986d", extract=False, splits=("train",)),
        Resource(_SPLIT_URL.format("val"), "bigearthnet-val.csv",
                 md5="22efe8ed9cbd71fa10742ff7df2b7978", extract=False, splits=("val",)),
        Resource(_SPLIT_URL.format("test"), "bigearthnet-test.csv",
                 md5="697fb90677e30571b9ac7699b7e5b432", extract=False, splits=("test",)),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        num_classes: int = 19,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band, or ``num_classes`` not 19 or 43.
            DatasetNotFoundError: a needed archive or split list is absent and ``download``
                is False.
            ChecksumError: ``checksum`` is True and an archive does not match.
            InvalidDataError: the split list is malformed.
        """
        if num_classes not in (19, 43):
            raise ValueError(f"bigearthnet: num_classes must be 19 or 43, not {num_classes}")
        self.num_classes = num_classes
        self.classes = CLASSES_19 if num_classes == 19 else CLASSES_43  # type: ignore[misc]
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- files --------------------------------------------------------------------------------
    @property
    def sensors(self) -> tuple[str, ...]:
        """The sensors (``"s1"``, ``"s2"``) whose bands are selected."""
        return tuple(s for s, names in (("s1", S1_BANDS), ("s2", S2_BANDS))
                     if any(b in names for b in self.bands))

    def _needed(self) -> list[Resource]:
        skip = {self.resources[0].filename if "s1" not in self.sensors else "",
                self.resources[1].filename if "s2" not in self.sensors else ""}
        return [r for r in super()._needed() if r.filename not in skip]

    def _split_file(self) -> Path | None:
        # Our download name first, then the publisher's own name (splits/<split>.csv).
        for name in (f"bigearthnet-{self.split}.csv", f"{self.split}.csv"):
            if (self.root / name).is_file():
                return self.root / name
        return None

    def _exists(self) -> bool:
        return self._split_file() is not None and all(
            (self.root / self.directories[s]).is_dir() for s in self.sensors)

    def _load(self) -> None:
        path = self._split_file()
        assert path is not None  # _prepare guarantees it
        self.pairs: list[tuple[str, str]] = []
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            fields = [f.strip() for f in line.split(",")]
            if not line.strip() or (number == 1 and not _PATCH.match(fields[0])):
                continue  # blank line or a header row
            if len(fields) < 2 and "s1" in self.sensors:
                raise InvalidDataError(
                    f"bigearthnet: line {number} of {path} does not pair an S2 and an S1 "
                    f"patch: {line!r}"
                )
            self.pairs.append((fields[0], fields[1] if len(fields) > 1 else ""))

    def __len__(self) -> int:
        return len(self.pairs)

    def _patch_file(self, sensor: str, patch: str, suffix: str) -> Path:
        """``<dir>/<patch>/<patch>_<suffix>``, or the one file of the folder ending so.

        The publisher names every file after its patch folder, but a few re-packagings (and
        some S1 folders) carry longer file names; the suffix then identifies the file.
        """
        folder = self.root / self.directories[sensor] / patch
        path = folder / f"{patch}_{suffix}"
        if path.is_file() or not folder.is_dir():
            return path
        matches = sorted(folder.glob(f"*_{suffix}"))
        return matches[0] if matches else path

    def _band_path(self, index: int, band: str) -> Path:
        s2, s1 = self.pairs[index]
        sensor, patch = ("s1", s1) if band in S1_BANDS else ("s2", s2)
        return self._patch_file(sensor, patch, f"{band}.tif")

    # -- samples ------------------------------------------------------------------------------
    def _read(self, index: int) -> tuple[np.ndarray, object, tuple[float, float, float, float]]:
        import rasterio
        from rasterio.enums import Resampling

        ten = [b for b in self.bands if b in _TEN_METRE]
        reference = self._band_path(index, ten[0] if ten else
                                    ("B02" if "s2" in self.sensors else "VV"))
        try:
            with rasterio.open(reference) as src:  # the patch's place; its size is fixed
                crs, bounds = src.crs, tuple(src.bounds)
            shape = (PATCH_PX, PATCH_PX)
            layers = []
            for band in self.bands:
                with rasterio.open(self._band_path(index, band)) as src:
                    layers.append(src.read(1, out_shape=shape, out_dtype="float32",
                                           resampling=Resampling.bilinear))
        except rasterio.errors.RasterioIOError as exc:
            raise InvalidDataError(
                f"bigearthnet: cannot read patch {index} of the {self.split} list: {exc}; "
                "is the archive fully extracted?"
            ) from exc
        return np.stack(layers), crs, bounds  # type: ignore[return-value]

    def _labels(self, index: int) -> list[str]:
        s2, s1 = self.pairs[index]
        sensor, patch = ("s2", s2) if "s2" in self.sensors else ("s1", s1)
        path = self._patch_file(sensor, patch, "labels_metadata.json")
        try:
            return list(json.loads(path.read_text())["labels"])
        except (OSError, ValueError, KeyError) as exc:
            raise InvalidDataError(f"bigearthnet: cannot read labels from {path}: {exc}") from exc

    def __getitem__(self, index: int) -> Sample:
        import torch

        from geoplug.core.bbox import BoundingBox

        image, crs, (left, bottom, right, top) = self._read(index)
        target = torch.zeros(self.num_classes, dtype=torch.int64)
        for name in self._labels(index):
            if name not in CLASSES_43:
                raise InvalidDataError(f"bigearthnet: unknown CORINE class {name!r}")
            position: int | None = CLASSES_43.index(name)
            if self.num_classes == 19:
                position = TO_19.get(CLASSES_43.index(name))
            if position is not None:
                target[position] = 1
        sample: Sample = {"image": torch.from_numpy(image), "label": target, "crs": crs,
                          "bounds": BoundingBox(left, right, bottom, top)}
        return self._apply(sample)

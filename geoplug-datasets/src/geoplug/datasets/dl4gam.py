"""DL4GAM-Alps: Sentinel-2 patches of Alpine glaciers with glacier masks, in NetCDF-4 files.

The publisher (Hugging Face ``dcodrut/dl4gam_alps``) ships the patches as
``data/patches/inv_r_128_s_128.tar.gz`` (version ``small``; ``inv_r_128_s_64.tar.gz`` for
``large``, patches sampled twice as densely) and the fold table
``data/map_all_splits_all_folds.csv`` (``entry_id`` and ``split_1``..``split_5`` holding
``fold_train``/``fold_valid``/``fold_test``). Each archive is extracted into a folder named
after it, ``<root>/inv_r_128_s_128/``, holding one folder per glacier of
``<entry_id>_patch_<i>_xc_<x>_yc_<y>.nc`` files. A patch is a NetCDF-4 file (HDF5 inside, so
it is read with h5py, a core dependency, instead of xarray): ``band_data`` [band, y, x] whose
``long_name`` names the bands, ``mask_all_g_id`` (a glacier's id, the fill value elsewhere),
``mask_debris`` and one variable per extra layer (``dem``, ``dhdt``, ...). Values equal to a
variable's ``_FillValue`` are missing; ``scale_factor``/``add_offset`` are applied.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_dl4gam import (
    DL4GAM_FEATURES,
    DL4GAM_FOLDS,
    DL4GAM_SPLITS_CSV,
    DL4GAM_VERSIONS,
)
from geoplug.datasets._seg_modern import seg_sample

__all__ = ["DL4GAMAlps", "read_netcdf_variable"]

#: the dataset repository at a pinned revision, so the md5s below hold
_BASE = ("https://huggingface.co/datasets/dcodrut/dl4gam_alps/resolve/"
         "7d20ca8a2b30c5518e086ffaa5ce37e6a66c42c1/data")
_MD5 = {"inv_r_128_s_128": "3e69c47c6ff5106cd4ffaa6bb2caaaef",
        "inv_r_128_s_64": "06e85a6a9e3dc6b3cdb07f928e832bc8",
        DL4GAM_SPLITS_CSV: "862355c5c3482271dd171d31c70551b3"}
#: layers whose gaps the authors fill with 0 rather than the patch mean (no elevation change)
_ZERO_FILLED = ("dhdt",)


def read_netcdf_variable(group: Any, name: str, index: Any = ()) -> np.ndarray:
    """``group[name][index]`` as float32 with NetCDF's mask-and-scale applied: values equal to
    ``_FillValue`` (or ``missing_value``) become NaN, then ``scale_factor``/``add_offset``.

    Raises:
        KeyError: the file has no such variable.
    """
    var = group[name]
    raw = np.asarray(var[index])
    data = raw.astype(np.float32)
    for key in ("_FillValue", "missing_value"):
        if key in var.attrs:
            fill = np.asarray(var.attrs[key]).ravel()
            for value in fill:
                data[np.isnan(data) if np.isnan(value) else raw == value] = np.nan
    if "scale_factor" in var.attrs:
        data *= np.float32(np.asarray(var.attrs["scale_factor"]).ravel()[0])
    if "add_offset" in var.attrs:
        data += np.float32(np.asarray(var.attrs["add_offset"]).ravel()[0])
    return data


def _names(value: Any) -> list[str]:
    """A NetCDF string-array attribute (``long_name`` of ``band_data``) as a list of str."""
    items = [value] if isinstance(value, (str, bytes)) else list(np.asarray(value).ravel())
    names = [v.decode() if isinstance(v, bytes) else str(v) for v in items]
    if len(names) == 1 and "," in names[0]:  # a tuple written as one string
        names = [n.strip(" '\"()[]") for n in names[0].split(",")]
    return names


def _fill_gaps(layer: np.ndarray, zero: bool) -> np.ndarray:
    """Missing pixels of one layer set to the layer's mean (0 for ``zero`` or all missing)."""
    gaps = np.isnan(layer)
    if gaps.any():
        layer[gaps] = 0.0 if zero or gaps.all() else float(np.nanmean(layer, dtype=np.float64))
    return layer


class DL4GAMAlps(NonGeoDataset, spec=spec("dl4gam_alps")):
    """DL4GAM-Alps glacier patches of one fold of one cross-validation split.

    Samples: ``image`` float32 ``[C,H,W]`` (the selected Sentinel-2 bands and extra layers,
    gaps filled as the authors do), ``mask`` int64 ``[H,W]`` (1 where any glacier is).

    Citation: Diaconu et al., "DL4GAM: a multi-modal Deep Learning-based framework for
    Glacier Area Monitoring, trained and validated on the European Alps", 2024,
    doi:10.22541/essoar.173557607.70204641/v1.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        *(Resource(url=f"{_BASE}/patches/{stem}.tar.gz", filename=f"{stem}.tar.gz",
                   md5=_MD5[stem]) for stem in DL4GAM_VERSIONS.values()),
        Resource(url=f"{_BASE}/{DL4GAM_SPLITS_CSV}", filename=DL4GAM_SPLITS_CSV,
                 md5=_MD5[DL4GAM_SPLITS_CSV], extract=False),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        *,
        cv_split: int = 1,
        version: str = "small",
    ) -> None:
        """
        Args:
            cv_split: which of the publisher's five cross-validation splits (1-5).
            version: ``"small"`` (2251 patches) or ``"large"`` (11440, denser sampling).

        Raises:
            ValueError: unknown split, band, ``cv_split`` or ``version``.
            DatasetNotFoundError: the table or the version's archive is absent and
                ``download`` is False.
            InvalidDataError: the table lacks the split's column, or a patch is unreadable.
        """
        if version not in DL4GAM_VERSIONS:
            raise ValueError(f"{self.name}: version={version!r} is not one of "
                             f"{', '.join(DL4GAM_VERSIONS)}")
        if cv_split not in range(1, 6):
            raise ValueError(f"{self.name}: cv_split={cv_split!r} is not one of 1-5")
        self.version = version
        self.cv_split = cv_split
        super().__init__(root, split, bands, transforms, download, checksum)

    @property
    def patch_dir(self) -> Path:
        """Where this version's archive is (or gets) extracted: ``<root>/<archive stem>``."""
        return self.root / DL4GAM_VERSIONS[self.version]

    def _needed(self) -> list[Resource]:
        archive = f"{DL4GAM_VERSIONS[self.version]}.tar.gz"
        return [r for r in self.resources if r.filename in (archive, DL4GAM_SPLITS_CSV)]

    def _exists(self) -> bool:
        return (self.root / DL4GAM_SPLITS_CSV).is_file() and self.patch_dir.is_dir()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Fetch the table and the version's archive; extract the archive into its folder.

        Raises:
            DatasetNotFoundError: a file is absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and a file does not match.
            InvalidDataError: the patch folder is still missing after extraction.
        """
        if self._exists():
            return
        needed = self._needed()
        if not download and any(not (self.root / r.filename).is_file() for r in needed):
            raise DatasetNotFoundError(self.name, self.root)
        fetch([r for r in needed if not r.extract], self.root, checksum)
        fetch([r for r in needed if r.extract], self.root, checksum, extract_to=self.patch_dir)
        if not self._exists():
            raise InvalidDataError(f"{self.name}: {self.patch_dir} is still missing after "
                                   "extraction; delete the archive and download again")

    def _glaciers(self) -> set[str]:
        """The ``entry_id`` of each glacier in this split's fold.

        Raises:
            InvalidDataError: the table has no ``entry_id`` or ``split_<cv_split>`` column.
        """
        table = self.root / DL4GAM_SPLITS_CSV
        column = f"split_{self.cv_split}"
        with open(table, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            fields = reader.fieldnames or []
            if "entry_id" not in fields or column not in fields:
                raise InvalidDataError(f"{self.name}: {table} has no entry_id or {column} "
                                       f"column (it has {fields}); download it again")
            return {row["entry_id"] for row in reader
                    if row[column] == DL4GAM_FOLDS[self.split]}

    def _load(self) -> None:
        glaciers = self._glaciers()
        self.files: list[Path] = sorted(p for p in self.patch_dir.rglob("*.nc")
                                        if p.parent.name in glaciers)

    def _empty_reason(self) -> str:
        return (f"no <entry_id>/*.nc under {self.patch_dir} belongs to a glacier of "
                f"{DL4GAM_FOLDS[self.split]} in split_{self.cv_split} of {DL4GAM_SPLITS_CSV}")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import h5py

        path = self.files[index]
        try:
            with h5py.File(path, "r") as nc:
                layers = self._layers(nc, path)
                glacier = ~np.isnan(read_netcdf_variable(nc, "mask_all_g_id"))
        except OSError as exc:
            raise InvalidDataError(f"cannot read {path} as NetCDF-4: {exc}; the file may be "
                                   "truncated — extract the archive again") from exc
        except KeyError as exc:
            raise InvalidDataError(f"{path} lacks the variable {exc}; is it a DL4GAM "
                                   "patch?") from exc
        return self._apply(seg_sample(np.stack(layers), glacier.astype(np.int64)))

    def _layers(self, nc: Any, path: Path) -> list[np.ndarray]:
        """The selected bands and layers of an open patch, in selection order, gaps filled.

        Raises:
            InvalidDataError: ``band_data`` does not name a selected band.
        """
        names = _names(nc["band_data"].attrs.get("long_name", ()))
        wanted = [b for b in self.bands if b not in DL4GAM_FEATURES]
        missing = [b for b in wanted if b not in names]
        if missing or len(names) != nc["band_data"].shape[0]:
            raise InvalidDataError(f"{path}: band_data names the bands {names}, lacking "
                                   f"{missing} or not one name per band")
        rows = sorted({names.index(b) for b in wanted})
        bands = read_netcdf_variable(nc, "band_data", rows) if rows else None
        out = []
        for name in self.bands:
            if name in DL4GAM_FEATURES:
                layer = read_netcdf_variable(nc, name)
            else:
                assert bands is not None
                layer = bands[rows.index(names.index(name))]
            out.append(_fill_gaps(layer, name in _ZERO_FILLED))
        return out

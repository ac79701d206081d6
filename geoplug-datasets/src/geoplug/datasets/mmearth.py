"""MMEarth: a global multi-modal pretraining corpus in one HDF5 file per variant.

Layout as released (Nedungadi et al., https://github.com/vishalned/MMEarth-data): per variant
a folder ``data_<variant>/`` (``data_1M_v001``: 1.2M tiles of 128 px, ``data_1M_v001_64``:
64 px, ``data_100k_v001``: 100k tiles of 128 px) holding

* ``data_<variant>.h5``: one array per modality, tile first — ``sentinel2`` [N,13,H,W] uint16
  (L1C or L2A per tile), ``sentinel1`` [N,8,H,W] float32 (ascending VV, VH, HH, HV then
  descending; ``-inf`` where absent), ``aster`` [N,2,H,W] (elevation, slope),
  ``canopy_height_eth`` [N,2,H,W], ``esa_worldcover`` / ``dynamic_world`` [N,1,H,W] uint8,
  ``era5`` [N,12], ``biome`` [N,14], ``eco_region`` [N,846] (one-hot), and ``metadata``
  [N] of (tile id, Sentinel-2 product type);
* ``data_<variant>_band_stats.json``: per modality (``sentinel2_l1c``/``sentinel2_l2a``,
  ``sentinel1``, ``aster``, …) lists ``mean``, ``std``, ``min``, ``max`` per band;
* ``data_<variant>_splits.json``: ``{"train": [tile index, …], "val": …, "test": …}``;
* ``data_<variant>_tile_info.json``: per tile id its ``S2_type``, ``S2_DATE``, ``lat``,
  ``lon``, ``CRS``.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.pretraining import MMEARTH_MODALITIES
from geoplug.datasets._multimodal import MultiModalChipDataset

__all__ = ["MMEarth"]

#: variant -> its folder (and file stem)
VARIANTS: dict[str, str] = {"1M": "data_1M_v001", "1M_64": "data_1M_v001_64",
                            "100k": "data_100k_v001"}
#: ESA WorldCover codes in class order (255: no data)
WORLDCOVER_CODES = (10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 100)
NORMALIZATIONS = ("z-score", "min-max", "none")
_NODATA = 255


def _lookup(codes: Sequence[int]) -> np.ndarray:
    """A 256-entry table mapping each code to its class index, others to 255."""
    table = np.full(256, _NODATA, dtype=np.int64)
    table[list(codes)] = np.arange(len(codes))
    return table


_WORLDCOVER = _lookup(WORLDCOVER_CODES)
_DYNAMIC_WORLD = _lookup(range(1, 10))  # stored +1: 0 is no data
#: the publisher's no-data value of a pixel modality (MMEarth-train ``NO_DATA_VAL``) where it
#: is a finite number (Sentinel-1 and ASTER use -inf, which is NaN'd anyway)
_NO_DATA = {"sentinel2": 0.0, "canopy_height_eth": 255.0}


class MMEarth(MultiModalChipDataset, spec=spec("mmearth")):
    """``image_<modality>`` float32 [C,H,W] per pixel modality, plus the tile's other layers.

    Besides ``image_sentinel2``, ``image_sentinel1``, ``image_aster`` and
    ``image_canopy_height_eth`` (``modalities`` picks them, ``bands`` their bands), a sample
    holds ``mask_esa_worldcover`` and ``mask_dynamic_world`` (int64 [H,W] class indices, 255
    no data), ``era5`` (float32 [12]), ``biome`` and ``eco_region`` (int64 one-hot) and
    ``tile_id``. ``normalization`` applies the publisher's per-band statistics: ``"z-score"``
    (default), ``"min-max"`` or ``"none"``; Sentinel-2 uses the L1C or L2A statistics of the
    tile's product. The publisher's no-data values (Sentinel-2 0, canopy height 255, and the
    non-finite ones of Sentinel-1 / ASTER) are returned as NaN.
    """

    modality_bands: ClassVar[dict[str, tuple[str, ...]]] = MMEARTH_MODALITIES
    resources: ClassVar[tuple[Resource, ...]] = (
        # the publisher's share link for the 100k variant (no published checksum)
        Resource(url="https://sid.erda.dk/share_redirect/fnCZOGsWDC",
                 filename="data_100k_v001.zip"),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        modalities: Sequence[str] | None = None,
        variant: str = "100k",
        normalization: str = "z-score",
    ) -> None:
        """
        Args:
            modalities: any of sentinel2, sentinel1, aster, canopy_height_eth (default all).
            variant: "100k", "1M" or "1M_64".
            normalization: "z-score", "min-max" or "none".

        Raises:
            ValueError: unknown variant, normalization, modality, split or band.
            DatasetNotFoundError: the variant's files are absent (and, but for "100k", cannot
                be downloaded here).
            InvalidDataError: a JSON file lacks the split or a statistic.
        """
        if variant not in VARIANTS:
            raise ValueError(f"mmearth: variant {variant!r} is not one of {', '.join(VARIANTS)}")
        if normalization not in NORMALIZATIONS:
            raise ValueError(f"mmearth: normalization {normalization!r} is not one of "
                             f"{', '.join(NORMALIZATIONS)}")
        self.variant = variant
        self.normalization = normalization
        super().__init__(root, split, bands, transforms, download, checksum, modalities)

    @property
    def folder(self) -> Path:
        return self.root / VARIANTS[self.variant]

    def _file(self, suffix: str) -> Path:
        return self.folder / f"{VARIANTS[self.variant]}{suffix}"

    def _exists(self) -> bool:
        return all(self._file(s).is_file() for s in (".h5", "_band_stats.json", "_splits.json",
                                                      "_tile_info.json"))

    def _needed(self) -> list[Resource]:
        return [r for r in self.resources if r.filename == f"{VARIANTS[self.variant]}.zip"]

    def _prepare(self, download: bool, checksum: bool) -> None:
        if not self._exists() and not self._needed() and not (
                self.root / f"{VARIANTS[self.variant]}.zip").is_file():
            raise DatasetNotFoundError(
                self.name, self.root,
                f"The {self.variant} variant is downloaded with the publisher's scripts "
                "(https://github.com/vishalned/MMEarth-data#data-download); unzip it so that "
                f"{self.folder.name}/{self.folder.name}.h5 is under root.")
        super()._prepare(download, checksum)

    def _load(self) -> None:
        def read(suffix: str) -> Any:
            with open(self._file(suffix), encoding="utf-8") as f:
                return json.load(f)

        splits = read("_splits.json")
        if self.split not in splits:
            raise InvalidDataError(f"mmearth: {self._file('_splits.json')} has no "
                                   f"{self.split!r} list (it has {', '.join(splits)})")
        self.indices = [int(i) for i in splits[self.split]]
        self.stats: dict[str, dict[str, list[float]]] = read("_band_stats.json")
        self.tile_info: dict[str, dict[str, Any]] = read("_tile_info.json")

    def _listed_empty(self) -> bool:
        """The splits file lists this split as ``[]`` (as TorchGeo's sample does for val and
        test): an empty dataset, with a warning."""
        if not self.indices:
            warnings.warn(f"mmearth: {self._file('_splits.json').name} lists no tile for "
                          f"{self.split!r}; the dataset is empty", UserWarning, stacklevel=4)
        return not self.indices

    def __len__(self) -> int:
        return len(self.indices)

    def _h5(self) -> Any:
        import h5py

        return h5py.File(self._file(".h5"), "r")

    def _tile(self, row: int) -> tuple[str, str]:
        """(tile id, Sentinel-2 product type) of HDF5 row ``row``."""
        with self._h5() as f:
            record = f["metadata"][row]
        if isinstance(record, bytes):  # a plain string array of tile ids
            record = (record,)
        name = record[0].decode() if isinstance(record[0], bytes) else str(record[0])
        kind = self.tile_info.get(name, {}).get("S2_type")
        if kind is None and len(record) > 1:
            kind = record[1].decode() if isinstance(record[1], bytes) else str(record[1])
        return name, str(kind or "l1c")

    def _normalize(self, array: np.ndarray, key: str, indices: list[int]) -> np.ndarray:
        if self.normalization == "none":
            return array
        stats = self.stats.get(key)
        names = ("mean", "std") if self.normalization == "z-score" else ("min", "max")
        if stats is None or any(n not in stats for n in names):
            raise InvalidDataError(f"mmearth: {self._file('_band_stats.json')} has no "
                                   f"{'/'.join(names)} of {key!r}; use normalization='none'")
        a, b = (np.asarray(stats[n], dtype=np.float64)[indices] for n in names)
        scale = b if self.normalization == "z-score" else b - a
        shape = (-1,) + (1,) * (array.ndim - 1)
        return (array - a.reshape(shape)) / scale.reshape(shape)

    def _read_modality(self, index: int, modality: str, indices: list[int]) -> np.ndarray:
        row = self.indices[index]
        with self._h5() as f:
            array = f[modality][row][indices].astype(np.float64)
        nodata = _NO_DATA.get(modality)
        if nodata is not None:  # before normalising: a code, not a measurement
            array[array == nodata] = np.nan
        key = modality
        if modality == "sentinel2":
            key = f"sentinel2_{self._tile(row)[1]}"
        array = self._normalize(array, key, indices)
        return np.where(np.isfinite(array), array, np.nan)

    def _targets(self, index: int, sample: Sample) -> Sample:
        import torch

        row = self.indices[index]
        out: Sample = {"tile_id": self._tile(row)[0]}
        with self._h5() as f:
            for key, table in (("esa_worldcover", _WORLDCOVER), ("dynamic_world", _DYNAMIC_WORLD)):
                if key in f:
                    codes = np.asarray(f[key][row]).reshape(f[key].shape[-2:]).astype(np.int64)
                    out[f"mask_{key}"] = torch.from_numpy(table[np.clip(codes, 0, 255)])
            if "era5" in f:
                era5 = np.asarray(f["era5"][row], dtype=np.float64)
                if "era5" in self.stats and self.normalization != "none":
                    era5 = self._normalize(era5, "era5", list(range(era5.shape[0])))
                out["era5"] = torch.from_numpy(era5.astype(np.float32))
            for key in ("biome", "eco_region"):
                if key in f:
                    out[key] = torch.from_numpy(np.asarray(f[key][row]).astype(np.int64))
        return out

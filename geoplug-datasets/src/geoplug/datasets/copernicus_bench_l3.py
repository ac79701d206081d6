"""Copernicus-Bench level-3 subsets: Flood-S1, LCZ-S2, Biomass-S3 and AirQuality-S5P.

Biomass-S3 shares LC100-S3's layout (:mod:`geoplug.datasets.copernicus_bench`); the others
are laid out unlike the chip subsets there::

    flood_s1.zip   flood_s1/grid_dict_<split>.json   {id: {"path": "<act>/<aoi>/<id>", ...}}
                   flood_s1/data/<act>/<aoi>/<id>/MS1_IVV_<act>_<aoi>_<date>.tif  (post-event)
                        SL1_IV{V,H}_*.tif, SL2_IV{V,H}_*.tif (pre-event), MK0_MLU_*.tif (label)
    lcz_<split>.h5 (one file per split, no archive): ``sen2`` [N,32,32,10], ``label`` [N,17]
    airquality_s5p.zip  airquality_s5p/{no2,o3}/{train,val,test}.csv (one location per line)
                   s5p_annual/<pid>/2021-01-01_2021-12-31.tif, s5p_seasonal/<pid>/<4 seasons>
                   label_annual/<pid>.tif (EEA annual map; +-inf where no value)

The publisher's own code reads Flood-S1's chip list from ``pickles/grid_dict_<split>.pkl``;
when only that is there it is read with an unpickler that refuses every class, so nothing
but plain dicts, lists, strings and numbers can come out of it.
"""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import torch

from geoplug.core.chipfiles import read_chip
from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.benchmark_copernicus_bench import (
    COPERNICUS_BENCH_AQ_ANNUAL,
    COPERNICUS_BENCH_AQ_BANDS,
    COPERNICUS_BENCH_AQ_SEASONS,
    COPERNICUS_BENCH_FLOOD_IGNORE,
    COPERNICUS_BENCH_FLOOD_NAN,
    COPERNICUS_BENCH_LCZ_BANDS,
    COPERNICUS_BENCH_LCZ_FILES,
    COPERNICUS_BENCH_LCZ_URL,
)
from geoplug.datasets._seg_modern import read_mask
from geoplug.datasets.copernicus_bench import (
    _Archive,
    _archive,
    _check_files,
    _image,
    _ListedChips,
    _read_csv,
    _StaticOLCI,
    _stem,
    nearest_to,
)
from geoplug.datasets.so2sat import So2Sat

__all__ = ["CopernicusBenchAirQualityS5P", "CopernicusBenchBiomassS3", "CopernicusBenchFloodS1",
           "CopernicusBenchLCZS2"]


class _PlainUnpickler(pickle.Unpickler):
    """Builds only pickle's built-in types: any class or function reference is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


class CopernicusBenchFloodS1(_Archive, NonGeoDataset, spec=spec("copernicus_bench_flood_s1")):
    """Flood-S1: Kuro Siwo Sentinel-1 chips before and after a flood, with the flood map.

    Samples: ``image`` float32 ``[T, C, 224, 224]``, ``T`` = 2 (pre-event ``SL1``, post-event
    ``MS1``; ``pre_images=2`` puts ``SL2`` first, ``T`` = 3), bands VV, VH as stored (linear
    backscatter; NaN read as 0.15, the publisher's fill and clamp value: its models also
    clamp to [0, 0.15], a normalisation left to the transforms); ``mask`` int64
    ``[224, 224]``: 0 no water, 1 permanent water, 2 flood, 3 outside the area
    (``ignore_index``); plus the post-event chip's ``crs``/``bounds``. Chips come in the
    order of the split's grid dictionary.
    """

    archive = "flood_s1"
    resources: ClassVar[tuple[Resource, ...]] = _archive("flood_s1")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        *,
        pre_images: int = 1,
    ) -> None:
        """
        Args:
            pre_images: 1 (the pre-event image before the flood, as the benchmark uses) or
                2 (also the earlier one).

        Raises:
            ValueError: unknown split or band, or ``pre_images`` not 1 or 2.
            DatasetNotFoundError: the files are absent and ``download`` is False.
            InvalidDataError: the chip list cannot be read or names a missing folder.
        """
        if pre_images not in (1, 2):
            raise ValueError(f"{self.name}: pre_images={pre_images!r} is not 1 or 2")
        self.pre_images = pre_images
        super().__init__(root, split, bands, transforms, download, checksum)

    def _lists(self) -> tuple[str, str]:
        return (f"grid_dict_{self.split}.json", f"pickles/grid_dict_{self.split}.pkl")

    def _markers(self) -> tuple[str, ...]:
        return (self._lists()[0], "data")

    def _markers_in(self, folder: Path) -> bool:
        """The chips' folder and the split's list, JSON or the publisher's pickle."""
        return (folder / "data").is_dir() and any((folder / n).is_file() for n in self._lists())

    def _exists(self) -> bool:
        return self._markers_in(self.base)

    def _read_list(self) -> dict[str, Any]:
        """The split's grid dictionary, from JSON, else from the publisher's pickle.

        Raises:
            InvalidDataError: neither can be read as a dictionary of chips.
        """
        json_list, pickled = (self.base / n for n in self._lists())
        path = json_list if json_list.is_file() else pickled
        try:
            if path is json_list:
                grids = json.loads(path.read_text(encoding="utf-8"))
            else:
                with open(path, "rb") as f:
                    grids = _PlainUnpickler(f).load()
        except (OSError, ValueError, pickle.UnpicklingError, EOFError) as exc:
            raise InvalidDataError(f"{self.name}: cannot read the chip list {path}: {exc}; "
                                   "extract flood_s1.zip again") from exc
        if not isinstance(grids, dict) or not all(
                isinstance(v, dict) and "path" in v for v in grids.values()):
            raise InvalidDataError(f"{self.name}: {path} is not a dictionary of chips with "
                                   "a 'path' each")
        self._list_file = path
        return grids

    def _load(self) -> None:
        grids = self._read_list()
        self.items = [self.base / "data" / str(v["path"]) for v in grids.values()]
        missing = [p for p in self.items if not p.is_dir()]
        _check_files(self.name, missing[:3], self._list_file)

    def _empty_reason(self) -> str:
        return f"{self._list_file} lists no chip; extract flood_s1.zip again"

    def __len__(self) -> int:
        return len(self.items)

    @staticmethod
    def _file(folder: Path, prefix: str) -> Path:
        """The chip's file whose name starts with ``prefix`` (e.g. ``MS1_IVV_``).

        Raises:
            InvalidDataError: the folder holds none (names the folder and prefix).
        """
        found = sorted(folder.glob(f"{prefix}*.tif"))
        if not found:
            raise InvalidDataError(f"no {prefix}*.tif in {folder}; extract flood_s1.zip again")
        return found[0]

    def __getitem__(self, index: int) -> Sample:
        folder = self.items[index]
        times = ("SL2", "SL1", "MS1")[-(self.pre_images + 1):]
        georef: dict[str, Any] = {}
        stack = []
        for time in times:
            bands = []
            for band in self.bands:
                array, georef = read_chip(self._file(folder, f"{time}_I{band}_"), [0])
                # the publisher's fill: 0 would read as open water in a flood map
                bands.append(np.nan_to_num(array[0].astype(np.float32),
                                           nan=COPERNICUS_BENCH_FLOOD_NAN))
            stack.append(np.stack(bands))
        mask_path = self._file(folder, "MK0_MLU_")
        mask = read_mask(mask_path).astype(np.int64)
        if mask.shape != stack[-1].shape[-2:] or mask.min() < 0 or mask.max() > 3:
            raise InvalidDataError(f"{mask_path} is not a {stack[-1].shape[-2:]} mask of "
                                   f"values 0-{COPERNICUS_BENCH_FLOOD_IGNORE}")
        return self._apply({"image": torch.from_numpy(np.stack(stack)),
                            "mask": torch.from_numpy(mask), **georef})


class CopernicusBenchLCZS2(So2Sat, spec=spec("copernicus_bench_lcz_s2")):
    """LCZ-S2: So2Sat LCZ42 patches of 10 Sentinel-2 bands in 17 local climate zones.

    The publisher ships one HDF5 file per split (``lcz_<split>.h5``, in ``root``) in So2Sat's
    layout; only its ``sen2`` and ``label`` arrays are read. Samples: ``image`` float32
    ``[C, 32, 32]`` (reflectance / 10000 as stored), ``label`` int64 (the one-hot's index).
    """

    s1_bands: ClassVar[tuple[str, ...]] = ()
    s2_bands: ClassVar[tuple[str, ...]] = COPERNICUS_BENCH_LCZ_BANDS
    filenames: ClassVar[dict[str, str]] = {s: f for s, (f, _) in COPERNICUS_BENCH_LCZ_FILES.items()}
    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=COPERNICUS_BENCH_LCZ_URL.format(name=name), filename=name, md5=md5,
                 extract=False, splits=(split,))
        for split, (name, md5) in COPERNICUS_BENCH_LCZ_FILES.items())

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band.
            DatasetNotFoundError: the split's HDF5 file is absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and the file does not match its MD5.
            InvalidDataError: the file lacks the ``sen2`` or ``label`` array of So2Sat's shape.
        """
        super().__init__(root, split, bands, transforms, download, checksum)

    def _load(self) -> None:
        f = self._handle()
        shapes = {key: f[key].shape if key in f else None for key in ("sen2", "label")}
        sen2, label = shapes["sen2"], shapes["label"]
        if (sen2 is None or label is None or len(sen2) != 4
                or sen2[-1] != len(self.s2_bands) or tuple(label[1:]) != (len(self.classes),)
                or sen2[0] != label[0]):
            raise InvalidDataError(
                f"{self.name}: {self.path} holds {shapes}, expected sen2 [N, H, W, "
                f"{len(self.s2_bands)}] and label [N, {len(self.classes)}]; is it lcz_"
                f"{self.split}.h5 of Copernicus-Bench?")
        self._length = int(sen2[0])


class CopernicusBenchBiomassS3(_StaticOLCI, spec=spec("copernicus_bench_biomass_s3")):
    """Biomass-S3: ESA CCI above-ground biomass (100 m) under one Sentinel-3 OLCI image.

    ``static_fnames-<split>.csv`` names each location and its image
    (``s3_olci/<pid>/<image>``), ``biomass/<pid>.tif`` is the map. The image is taken onto the
    map's finer grid by :func:`~geoplug.datasets.copernicus_bench.nearest_to` (the publisher
    resizes it there too, with cubic interpolation). Samples: ``image`` float32 ``[21, H, W]``
    (raw OLCI values as stored, NaN read as 0), ``mask`` float32 ``[H, W]`` (biomass as
    stored, Mg/ha; NaN where the map has none: pass ``nodata=float("nan")`` to a regression
    task), the map's ``crs``/``bounds``.
    """

    archive = "biomass"
    resources = _archive("biomass")

    def _markers(self) -> tuple[str, ...]:
        return (*super()._markers(), "biomass")

    def __getitem__(self, index: int) -> Sample:
        pid, path = self.items[index]
        image, _ = _image(path, self.band_indices)
        target_path = self.base / "biomass" / f"{pid}.tif"
        target, georef = read_chip(target_path, [0])
        return self._apply({
            "image": torch.from_numpy(np.ascontiguousarray(nearest_to(image, target.shape))),
            "mask": torch.from_numpy(target[0].astype(np.float32)), **georef})


class CopernicusBenchAirQualityS5P(_ListedChips, spec=spec("copernicus_bench_airquality_s5p")):
    """AQ-NO2-S5P / AQ-O3-S5P: Sentinel-5P NO2 or O3 over Europe with the EEA 2021 map.

    Samples: ``image`` float32 ``[1, H, W]`` (the 2021 mean as stored, NaN read as 0;
    ``mode="seasonal"``: ``[4, 1, H, W]``, the four seasons), ``mask`` float32 ``[H, W]``,
    the EEA annual concentration with its +-inf (no value) read as NaN, as the publisher
    does (pass ``nodata=float("nan")`` to a regression task so those pixels are left out);
    the image is taken onto the label's grid by nearest neighbour where the sizes differ
    (seasonal: a location with fewer than four seasons repeats its last, as the publisher
    pads). Plus the label's ``crs``/``bounds`` where it has them.
    """

    archive = "airquality"
    resources = _archive("airquality")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        *,
        variable: str = "no2",
        mode: str = "annual",
    ) -> None:
        """
        Args:
            variable: ``"no2"`` (AQ-NO2-S5P) or ``"o3"`` (AQ-O3-S5P).
            mode: ``"annual"`` (the 2021 mean image, as the benchmark uses) or
                ``"seasonal"`` (four images).

        Raises:
            ValueError: unknown split, band, variable or mode.
            DatasetNotFoundError: the files are absent and ``download`` is False.
            InvalidDataError: a listed location has no image or label.
        """
        if variable not in COPERNICUS_BENCH_AQ_BANDS:
            raise ValueError(f"{self.name}: variable={variable!r} is not one of "
                             f"{', '.join(COPERNICUS_BENCH_AQ_BANDS)}")
        if mode not in ("annual", "seasonal"):
            raise ValueError(f"{self.name}: mode={mode!r} is not 'annual' or 'seasonal'")
        self.variable, self.mode = variable, mode
        self.all_bands = COPERNICUS_BENCH_AQ_BANDS[variable]  # type: ignore[misc]
        self.split_list = f"{variable}/{{split}}.csv"  # type: ignore[misc]
        self.image_folder = f"{variable}/s5p_{mode}"  # type: ignore[misc]
        super().__init__(root, split, bands, transforms, download, checksum)

    def _markers(self) -> tuple[str, ...]:
        return (*super()._markers(), f"{self.variable}/label_annual")

    def _files(self, pid: str) -> tuple[list[Path], Path]:
        """The images and the label of location ``pid``: the seasons found, the last repeated
        up to four where a location lacks some (as the publisher pads them)."""
        folder = self.base / self.image_folder / pid
        label = self.base / self.variable / "label_annual" / f"{pid}.tif"
        if self.mode == "annual":
            return [folder / COPERNICUS_BENCH_AQ_ANNUAL], label
        found = sorted(folder.glob("*.tif"))
        if not found:
            return [folder / COPERNICUS_BENCH_AQ_SEASONS[0]], label  # named as missing
        seasons = len(COPERNICUS_BENCH_AQ_SEASONS)
        return (found + found[-1:] * (seasons - len(found)))[:seasons], label

    def _load(self) -> None:
        path = self._list_path()
        self.items = [_stem(row[0]) for row in _read_csv(path, self.name)]
        files = [self._files(pid) for pid in self.items]
        _check_files(self.name, [p for images, label in files for p in (*images, label)], path)

    def __getitem__(self, index: int) -> Sample:
        images, label_path = self._files(self.items[index])
        stack = np.stack([_image(p, self.band_indices)[0] for p in images])
        label, georef = read_chip(label_path, [0])
        target = label[0].astype(np.float32)
        target[np.abs(target) > 1e10] = np.nan
        # the image onto the label's grid: the target keeps every pixel the metric scores
        stack = np.ascontiguousarray(nearest_to(stack, target.shape))
        image = stack[0] if self.mode == "annual" else stack
        return self._apply({"image": torch.from_numpy(image),
                            "mask": torch.from_numpy(target), **georef})

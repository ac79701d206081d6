"""Copernicus-Bench (Wang et al. 2025): the Copernicus-FM evaluation subsets, one per sensor.

The publisher ships each subset as one zip on Hugging Face (``wangyi111/Copernicus-Bench``),
which extracts into a folder of the subset's name::

    cloud_s2.zip      cloud_s2/{train,val,test}.csv  s2_toa/<id>.tif  cloud/<id>.tif
    cloud_s3.zip      cloud_s3/{train,val,test}.csv  s3_olci/<name>.tif
                                cloud_multi/<name>.tif  cloud_binary/<name>.tif
    eurosat_s1.zip    eurosat_s1/eurosat-{train,val,test}.txt  all_imgs/<Class>/<Class>_<n>.tif
    eurosat_s2.zip    eurosat_s2/ (the same, 13-band Sentinel-2 chips)
    bigearthnetv2.zip bigearthnet_s1s2/multilabel-{train,val,test}.csv
                                BigEarthNet-S1-5%/<s1_path>  BigEarthNet-S2-5%/<s2_path>
    lc100_s3.zip      lc100_s3/static_fnames-<split>.csv  multilabel-<split>.csv
                                s3_olci/<pid>/<S3X_start_end>.tif  lc100/<pid>.tif

Split lists name one sample per line (Cloud-S2 without ``.tif``, Cloud-S3 with or without,
EuroSAT as ``.jpg``; both are accepted). ``root`` is the folder holding the zip or its
extracted folder, or that folder itself. Images are returned as stored (float32), NaN read as
0 as the publisher's wrappers do; masks keep the publisher's class codes, except Cloud-S3
(file value ``v`` is class ``v - 1``, invalid 0 becomes 255) and LC100 (CGLS codes to class
indices), exactly as the publisher's training code maps them.
"""

from __future__ import annotations

import csv
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import torch

from geoplug.core.chipfiles import read_chip
from geoplug.core.download import Resource
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoClassificationDataset, NonGeoDataset, Sample, Transforms
from geoplug.datasets._boxes import normalise_class
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.benchmark_copernicus_bench import (
    COPERNICUS_BENCH_ARCHIVES,
    COPERNICUS_BENCH_CLOUD_S3_CLASSES,
    COPERNICUS_BENCH_DFC2020_MAP,
    COPERNICUS_BENCH_IGNORE,
    COPERNICUS_BENCH_LC100_CODES,
)
from geoplug.datasets._seg_modern import read_mask, seg_sample

__all__ = [
    "CopernicusBenchBigEarthNetS1",
    "CopernicusBenchBigEarthNetS2",
    "CopernicusBenchCloudS2",
    "CopernicusBenchCloudS3",
    "CopernicusBenchDFC2020S1",
    "CopernicusBenchDFC2020S2",
    "CopernicusBenchEuroSATS1",
    "CopernicusBenchEuroSATS2",
    "CopernicusBenchLC100ClsS3",
    "CopernicusBenchLC100SegS3",
    "nearest_to",
]


def _archive(key: str) -> tuple[Resource, ...]:
    url, filename, md5, _ = COPERNICUS_BENCH_ARCHIVES[key]
    return (Resource(url=url, filename=filename, md5=md5),)


def _stem(entry: str, suffix: str = ".tif") -> str:
    """A split-list entry without its folder and ``suffix`` (lists differ in both)."""
    name = entry.strip().replace("\\", "/").rsplit("/", 1)[-1]
    return name[: -len(suffix)] if name.lower().endswith(suffix) else name


def _read_csv(path: Path, name: str) -> list[list[str]]:
    """The non-empty rows of a split file, cells stripped.

    Raises:
        InvalidDataError: the file cannot be read (names it).
    """
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = [[c.strip() for c in row] for row in csv.reader(f)]
        return [row for row in rows if any(row)]
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidDataError(f"{name}: cannot read {path}: {exc}; extract the zip again"
                               ) from exc


def _binary(cells: Sequence[str]) -> bool:
    """True for a row of 0/1 label cells (a header row has names or column numbers)."""
    return bool(cells) and all(c in ("0", "1") for c in cells)


def _label_columns(header: Sequence[str], classes: Sequence[str], name: str,
                   path: Path) -> np.ndarray | None:
    """Which class each label column of ``header`` is, when the header names every class
    (the publisher's loader takes its class names from it, so its columns need not be in the
    spec's order); ``None`` for column numbers, or names not all known (a warning then: the
    columns are read in the spec's order)."""
    known = {normalise_class(c): i for i, c in enumerate(classes)}
    found = [known.get(normalise_class(c)) for c in header]
    if len(header) == len(classes) and None not in found and len(set(found)) == len(found):
        return np.asarray(found, dtype=np.int64)
    if any(i is not None for i in found):
        warnings.warn(f"{name}: the label columns of {path} name classes not all among "
                      f"{list(classes)}; reading them in that order", stacklevel=3)
    return None


def _check_files(name: str, paths: Sequence[Path], listed_in: Path) -> None:
    """Raise when a file a split list names is not there (names the first few)."""
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise InvalidDataError(
            f"{name}: {len(missing)} file(s) listed in {listed_in} are missing, e.g. "
            f"{', '.join(missing[:3])}; the zip was not fully extracted — extract it again")


def _image(path: Path, band_indices: Sequence[int]) -> tuple[np.ndarray, dict[str, Any]]:
    """Selected bands of a chip as float32 ``[C,H,W]`` (NaN read as 0) and its georeference."""
    array, georef = read_chip(path, band_indices)
    return np.nan_to_num(array.astype(np.float32), nan=0.0), georef


def nearest_to(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``array`` (``[..., H, W]``) taken onto a grid of ``shape`` (its last two sizes) covering
    the same extent by nearest neighbour, source pixel ``floor(i * H / h)`` (OpenCV's
    ``INTER_NEAREST``, as the publisher resizes LC100 maps); ``array`` itself when the sizes
    agree."""
    height, width = shape[-2:]
    if array.shape[-2:] == (height, width):
        return array
    rows = (np.arange(height) * array.shape[-2]) // height
    cols = (np.arange(width) * array.shape[-1]) // width
    return array[..., rows[:, None], cols[None, :]]


class _Archive:
    """What every subset shares: its zip, its folder, and a not-found message that says
    where it looked and how to get the files."""

    name: ClassVar[str]
    archive: ClassVar[str] = ""  # key of COPERNICUS_BENCH_ARCHIVES
    resources: ClassVar[tuple[Resource, ...]] = ()
    root: Path
    split: str

    @property
    def base(self) -> Path:
        """The subset's folder: ``root/<folder>`` (where the zip extracts), else ``root``
        itself when it holds the files."""
        folder = self.root / COPERNICUS_BENCH_ARCHIVES[self.archive][3]
        if folder.is_dir() or not self._markers_in(self.root):
            return folder
        return self.root

    def _markers_in(self, folder: Path) -> bool:
        return all((folder / rel).exists() for rel in self._markers())

    def _markers(self) -> tuple[str, ...]:
        """Paths (relative to :attr:`base`) that must exist for this split."""
        raise NotImplementedError

    def _exists(self) -> bool:
        return self._markers_in(self.base)

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Find the extracted folder, else extract the zip found in ``root``, else (with
        ``download``) fetch it from Hugging Face.

        Raises:
            DatasetNotFoundError: neither folder nor zip is there and ``download`` is False.
        """
        url, filename, _, _ = COPERNICUS_BENCH_ARCHIVES[self.archive]
        if not download and not self._exists() and not (self.root / filename).is_file():
            looked = ", ".join(str(self.base / m) for m in self._markers())
            raise DatasetNotFoundError(self.name, self.root, hint=(
                f"Looked for {looked}. Pass download=True to fetch {filename} from Hugging "
                f"Face ({url}), or download it yourself into {self.root}."))
        NonGeoDataset._prepare(self, download, checksum)  # type: ignore[arg-type]


class _ListedChips(_Archive, NonGeoDataset):
    """Subsets whose split list names each sample's image (and mask) file."""

    def __len__(self) -> int:
        return len(self.items)

    def _empty_reason(self) -> str:
        return f"{self._list_path()} lists no sample; extract the zip again"

    def _list_path(self) -> Path:
        return self.base / self.split_list.format(split=self.split)

    def _markers(self) -> tuple[str, ...]:
        return (self.split_list.format(split=self.split), self.image_folder)

    #: the split list, under :attr:`base`
    split_list: ClassVar[str] = "{split}.csv"
    #: the image folder, under :attr:`base`
    image_folder: ClassVar[str] = ""
    items: list[Any]


class _PairedChips(_ListedChips):
    """Subsets whose list names chips with an image and a mask file of the same name."""

    #: the mask folder, under :attr:`base`
    label_folder: ClassVar[str] = ""

    def _markers(self) -> tuple[str, ...]:
        return (*super()._markers(), self.label_folder)

    def _load(self) -> None:
        """Index the listed chips.

        Raises:
            InvalidDataError: an image or mask of a listed chip is missing (names it).
        """
        path = self._list_path()
        self.items = [_stem(row[0]) for row in _read_csv(path, self.name)]
        _check_files(self.name, [p for stem in self.items for p in self._pair(stem)], path)

    def _pair(self, stem: str) -> tuple[Path, Path]:
        return (self.base / self.image_folder / f"{stem}.tif",
                self.base / self.label_folder / f"{stem}.tif")

    def _mask(self, raw: np.ndarray, path: Path) -> np.ndarray:
        """Class indices from the mask file's values (as stored unless overridden)."""
        return raw

    def __getitem__(self, index: int) -> Sample:
        image_path, mask_path = self._pair(self.items[index])
        image, georef = _image(image_path, self.band_indices)
        mask = self._mask(read_mask(mask_path), mask_path)
        return self._apply(seg_sample(image, mask, **georef))


def _remap(raw: np.ndarray, lookup: np.ndarray, path: Path, what: str) -> np.ndarray:
    """Class indices of a mask's codes through ``lookup`` (code -> index, -1 for no code).

    Raises:
        InvalidDataError: a pixel holds no known code (names the file, pixel and value).
    """
    codes = raw.astype(np.int64)
    bad = (codes < 0) | (codes >= len(lookup))
    bad[~bad] = lookup[codes[~bad]] < 0
    if bad.any():
        row, col = (int(v[0]) for v in np.nonzero(bad))
        raise InvalidDataError(f"{path}: pixel (row {row}, col {col}) is "
                               f"{int(codes[row, col])}, not one of {what}")
    return lookup[codes]


def _lookup(mapping: dict[int, int]) -> np.ndarray:
    """A code -> class index table for :func:`_remap` (-1 where no code)."""
    table = np.full(max(mapping) + 1, -1, dtype=np.int64)
    for code, index in mapping.items():
        table[code] = index
    return table


class CopernicusBenchCloudS2(_PairedChips, spec=spec("copernicus_bench_cloud_s2")):
    """Cloud-S2: Sentinel-2 L1C chips (13 bands, 512x512) of CloudSEN12+ with cloud masks.

    Samples: ``image`` float32 ``[C,512,512]`` (TOA reflectance x 10000 as stored), ``mask``
    int64 ``[512,512]``: 0 clear, 1 thick cloud, 2 thin cloud, 3 cloud shadow; plus the chip's
    ``crs``/``bounds``.
    """

    archive = "cloud_s2"
    image_folder = "s2_toa"
    label_folder = "cloud"
    resources = _archive("cloud_s2")


class CopernicusBenchCloudS3(_PairedChips, spec=spec("copernicus_bench_cloud_s3")):
    """Cloud-S3: Sentinel-3 OLCI chips (21 radiance bands, 256x256) with IdePix cloud masks.

    Samples: ``image`` float32 ``[C,256,256]`` (raw values as stored; multiply by
    ``COPERNICUS_BENCH_OLCI_SCALE`` for radiance), ``mask`` int64: with ``mode="multi"``
    0 clear, 1 cloud-sure, 2 cloud-ambiguous, 3 cloud shadow, 4 snow and ice; with
    ``mode="binary"`` 0 clear, 1 cloud; 255 (``ignore_index``) where IdePix marks the pixel
    invalid. :attr:`classes` follows ``mode``.
    """

    archive = "cloud_s3"
    image_folder = "s3_olci"
    resources = _archive("cloud_s3")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        *,
        mode: str = "multi",
    ) -> None:
        """
        Args:
            mode: ``"multi"`` (five classes, ``cloud_multi/``) or ``"binary"`` (clear or
                cloud, ``cloud_binary/``: give a task ``num_classes=2``, the spec's 5 are
                the multi-class masks').

        Raises:
            ValueError: unknown split, band or mode.
            DatasetNotFoundError: the files are absent and ``download`` is False.
            InvalidDataError: a file the split list names is missing.
        """
        if mode not in COPERNICUS_BENCH_CLOUD_S3_CLASSES:
            raise ValueError(f"{self.name}: mode={mode!r} is not one of "
                             f"{', '.join(COPERNICUS_BENCH_CLOUD_S3_CLASSES)}")
        self.mode = mode
        self.label_folder = f"cloud_{mode}"  # type: ignore[misc]  # follows mode
        self.classes = COPERNICUS_BENCH_CLOUD_S3_CLASSES[mode]  # type: ignore[misc]
        super().__init__(root, split, bands, transforms, download, checksum)

    def _mask(self, raw: np.ndarray, path: Path) -> np.ndarray:
        """File value ``v`` -> class ``v - 1``; 0 (invalid) -> :data:`COPERNICUS_BENCH_IGNORE`.

        Raises:
            InvalidDataError: a value is no class of this mode (names the file and pixel).
        """
        n = len(self.classes)
        lookup = _lookup({0: COPERNICUS_BENCH_IGNORE, **{v: v - 1 for v in range(1, n + 1)}})
        return _remap(raw, lookup, path, f"the {self.mode} codes 0-{n}; is mode={self.mode!r} "
                                         "right?")


class _EuroSAT(_Archive, NonGeoClassificationDataset):
    """EuroSAT-S1/-S2: class-per-folder GeoTIFFs under ``all_imgs``, split by the
    ``eurosat-<split>.txt`` lists of Neumann et al. (naming ``.jpg`` files; matched on the
    stem). Samples: ``image`` float32 ``[C,64,64]``, ``label``, ``crs``/``bounds``."""

    extensions = (".tif", ".tiff")

    def _markers(self) -> tuple[str, ...]:
        return (f"eurosat-{self.split}.txt", "all_imgs")

    def _class_root(self) -> Path:
        return self.base / "all_imgs"

    def _split_list_path(self) -> Path | None:
        return self.base / f"eurosat-{self.split}.txt"

    def _exists(self) -> bool:
        return _Archive._exists(self) and NonGeoClassificationDataset._exists(self)

    def _read(self, path: Path) -> tuple[np.ndarray, dict[str, Any]]:
        return _image(path, self.band_indices)


class CopernicusBenchEuroSATS1(_EuroSAT, spec=spec("copernicus_bench_eurosat_s1")):
    """EuroSAT-S1 (EuroSAT-SAR): Sentinel-1 GRD VV, VH chips of the EuroSAT locations."""

    archive = "eurosat_s1"
    resources = _archive("eurosat_s1")


class CopernicusBenchEuroSATS2(_EuroSAT, spec=spec("copernicus_bench_eurosat_s2")):
    """EuroSAT-S2: EuroSAT's 13-band Sentinel-2 L1C chips (B8A stored 13th)."""

    archive = "eurosat_s2"
    resources = _archive("eurosat_s2")


class _DFC2020(_PairedChips):
    """DFC2020-S1/-S2: the IEEE GRSS Data Fusion Contest 2020 chips (256x256, 10 m).

    ``dfc-<split>-new.csv`` names the label files ``dfc/ROIs<n>_<season>_dfc_<scene>_p<k>
    .tif``; the image of a label is the same name with ``s1`` or ``s2`` for ``dfc``, in
    folder ``s1/`` or ``s2/``. Masks: the publisher's 8 classes (forest ... water); label
    codes 0 (background), 3 (savanna) and 8 (snow/ice) are 255 (``ignore_index``).
    Samples: ``image`` float32 ``[C,256,256]``, ``mask`` int64 ``[256,256]``, plus
    ``crs``/``bounds`` where the file has them.
    """

    archive = "dfc2020"
    split_list = "dfc-{split}-new.csv"
    label_folder = "dfc"
    resources = _archive("dfc2020")
    _codes = _lookup(COPERNICUS_BENCH_DFC2020_MAP)

    def _pair(self, stem: str) -> tuple[Path, Path]:
        image = stem.replace("_dfc_", f"_{self.image_folder}_")
        return (self.base / self.image_folder / f"{image}.tif",
                self.base / self.label_folder / f"{stem}.tif")

    def _mask(self, raw: np.ndarray, path: Path) -> np.ndarray:
        return _remap(raw, self._codes, path, "the DFC2020 codes 0-10")


class CopernicusBenchDFC2020S1(_DFC2020, spec=spec("copernicus_bench_dfc2020_s1")):
    """DFC2020-S1: Sentinel-1 VV, VH chips with the DFC2020 land cover."""

    image_folder = "s1"


class CopernicusBenchDFC2020S2(_DFC2020, spec=spec("copernicus_bench_dfc2020_s2")):
    """DFC2020-S2: Sentinel-2 L1C chips (13 bands) with the DFC2020 land cover."""

    image_folder = "s2"


class _BigEarthNet(_ListedChips):
    """BigEarthNet-S1/-S2: 5 % of BigEarthNet v2.0, one multi-band GeoTIFF per patch.

    ``multilabel-<split>.csv`` has a header and one row per patch pair: ``s1_path``,
    ``s2_path`` (relative to ``BigEarthNet-S1-5%/`` and ``BigEarthNet-S2-5%/``), then one 0/1
    column per class. Samples: ``image`` float32 ``[C,120,120]``, ``label`` int64 multi-hot
    ``[19]``, ``crs``/``bounds``.
    """

    archive = "bigearthnet"
    resources = _archive("bigearthnet")
    split_list = "multilabel-{split}.csv"
    #: "s1" or "s2": the column and folder this subset reads
    modality: ClassVar[str] = ""

    def _load(self) -> None:
        """Index ``(path, multi-hot label)`` of the split's rows.

        Raises:
            InvalidDataError: a row has not 2 + 19 columns, or a file it names is missing.
        """
        path = self._list_path()
        rows = _read_csv(path, self.name)
        header, rows = (rows[0], rows[1:]) if rows and not _binary(rows[0][2:]) else ([], rows)
        column = header.index(f"{self.modality}_path") if f"{self.modality}_path" in header \
            else ("s1", "s2").index(self.modality)
        order = _label_columns(header[2:], self.classes, self.name, path) if header else None
        self.items = []
        for number, row in enumerate(rows, 2 if header else 1):
            if len(row) != 2 + len(self.classes) or not _binary(row[2:]):
                raise InvalidDataError(
                    f"{self.name}: row {number} of {path} has not two paths and "
                    f"{len(self.classes)} 0/1 label columns; it is not the publisher's list")
            label = np.array([int(c) for c in row[2:]], dtype=np.int64)
            if order is not None:  # columns named in another order than the classes'
                label[order] = label.copy()
            self.items.append((self.base / self.image_folder / row[column], label))
        _check_files(self.name, [p for p, _ in self.items], path)

    def __getitem__(self, index: int) -> Sample:
        path, label = self.items[index]
        image, georef = _image(path, self.band_indices)
        return self._apply({"image": torch.from_numpy(image),
                            "label": torch.from_numpy(label.copy()), **georef})


class CopernicusBenchBigEarthNetS1(_BigEarthNet, spec=spec("copernicus_bench_bigearthnet_s1")):
    """BigEarthNet-S1: Sentinel-1 VV, VH patches (float32 backscatter as stored)."""

    modality = "s1"
    image_folder = "BigEarthNet-S1-5%"


class CopernicusBenchBigEarthNetS2(_BigEarthNet, spec=spec("copernicus_bench_bigearthnet_s2")):
    """BigEarthNet-S2: Sentinel-2 L2A patches, 12 bands resampled to 120x120 by the
    publisher (B10 is not in L2A)."""

    modality = "s2"
    image_folder = "BigEarthNet-S2-5%"


class _StaticOLCI(_ListedChips):
    """LC100-S3 and Biomass-S3: one Sentinel-3 OLCI image per location (the static mode of
    the benchmark) and a finer map of that location.

    ``static_fnames-<split>.csv`` (no header) names each location (``pid``) and its image,
    ``s3_olci/<pid>/<image>``; the time series beside it are not read.
    """

    archive = "lc100"
    image_folder = "s3_olci"
    split_list = "static_fnames-{split}.csv"
    resources = _archive("lc100")

    def _load(self) -> None:
        """Index ``(pid, image path)`` of the split's locations.

        Raises:
            InvalidDataError: a row does not name a location and an image, or a file is
                missing.
        """
        path = self._list_path()
        self.items = []
        for number, row in enumerate(_read_csv(path, self.name), 1):
            if len(row) < 2 or not row[1]:
                raise InvalidDataError(f"{self.name}: row {number} of {path} does not name "
                                       "a location and its image file")
            self.items.append((row[0], self.base / self.image_folder / row[0] / row[1]))
        _check_files(self.name, [p for _, p in self.items], path)


class CopernicusBenchLC100ClsS3(_StaticOLCI, spec=spec("copernicus_bench_lc100cls_s3")):
    """LC100Cls-S3: which CGLS-LC100 classes cover each location (multi-label).

    Labels come from ``multilabel-<split>.csv`` (header, then ``pid`` and 23 0/1 columns in
    the order of :attr:`classes`), joined on ``pid``. Samples: ``image`` float32 ``[21,H,W]``
    (raw OLCI values as stored), ``label`` int64 multi-hot ``[23]``, ``crs``/``bounds``.
    """

    def _markers(self) -> tuple[str, ...]:
        return (*super()._markers(), f"multilabel-{self.split}.csv")

    def _load(self) -> None:
        """Index the locations and their labels.

        Raises:
            InvalidDataError: a row of the label list is malformed, or a location has none.
        """
        super()._load()
        path = self.base / f"multilabel-{self.split}.csv"
        labels: dict[str, np.ndarray] = {}
        order = None
        for number, row in enumerate(_read_csv(path, self.name), 1):
            cells = row[1:]
            if number == 1 and not _binary(cells):  # the header (class names or numbers)
                order = _label_columns(cells, self.classes, self.name, path)
                continue
            if len(cells) != len(self.classes) or not _binary(cells):
                raise InvalidDataError(
                    f"{self.name}: row {number} of {path} has not a location and "
                    f"{len(self.classes)} 0/1 label columns")
            label = np.array([int(c) for c in cells], dtype=np.int64)
            if order is not None:  # columns named in another order than the classes'
                label[order] = label.copy()
            labels[row[0]] = label
        unlabelled = [pid for pid, _ in self.items if pid not in labels]
        if unlabelled:
            raise InvalidDataError(
                f"{self.name}: {len(unlabelled)} location(s) of {self._list_path()} have no "
                f"row in {path}, e.g. {', '.join(unlabelled[:3])}; extract the zip again")
        self.labels = labels

    def __getitem__(self, index: int) -> Sample:
        pid, path = self.items[index]
        image, georef = _image(path, self.band_indices)
        return self._apply({"image": torch.from_numpy(image),
                            "label": torch.from_numpy(self.labels[pid].copy()), **georef})


class CopernicusBenchLC100SegS3(_StaticOLCI, spec=spec("copernicus_bench_lc100seg_s3")):
    """LC100Seg-S3: the CGLS-LC100 map of each location as a mask.

    The map (``lc100/<pid>.tif``, finer than the image) is taken onto the image's pixels by
    :func:`nearest_to`, as the publisher resizes it, and its codes (0, 20, ... 200) become
    class indices 0-22. Samples: ``image`` float32 ``[21,H,W]``, ``mask`` int64 ``[H,W]``,
    the image's ``crs``/``bounds``.
    """

    _codes = _lookup({code: i for i, code in enumerate(COPERNICUS_BENCH_LC100_CODES)})

    def _markers(self) -> tuple[str, ...]:
        return (*super()._markers(), "lc100")

    def __getitem__(self, index: int) -> Sample:
        """
        Raises:
            InvalidDataError: the map is missing or holds a code CGLS-LC100 does not have.
        """
        pid, path = self.items[index]
        image, georef = _image(path, self.band_indices)
        mask_path = self.base / "lc100" / f"{pid}.tif"
        classes = _remap(read_mask(mask_path), self._codes, mask_path, "the CGLS-LC100 codes")
        return self._apply(seg_sample(image, nearest_to(classes, image.shape[-2:]), **georef))

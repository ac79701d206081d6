"""FLAIR-HUB: IGN's multimodal land-cover and crop-type benchmark over France.

The publisher (Hugging Face dataset ``IGNF/FLAIR-HUB``, folder ``data/``) ships one zip per
domain-year and modality, ``<domain>-<year>_<MODALITY>.zip`` (e.g. ``D006-2020_AERIAL_RGBI.zip``;
the 1950s aerial photographs as ``D006-195X_AERIAL-RLT_PAN.zip``), and ``GLOBAL_ALL_MTD.zip``
with the metadata. Extracted::

    D006-2020_AERIAL_RGBI/FF-S1-14/D006-2020_AERIAL_RGBI_FF-S1-14_5-5.tif
    D006-2020_AERIAL_LABEL-COSIA/FF-S1-14/D006-2020_AERIAL_LABEL-COSIA_FF-S1-14_5-5.tif
    D006-195X_AERIAL-RLT_PAN/FF-S1-14/D006-195X_AERIAL-RLT_PAN_FF-S1-14_5-5.tif
    GLOBAL_ALL_MTD/GLOBAL_ALL_MTD_SPLIT.gpkg    patch_id ("D006-2020_FF-S1-14_5-5") and the
                                                split_1 ... split_5, split_flairchallenge
                                                columns ("train", "valid", "test")

Folders are ``<domain-year>_<MODALITY>/<ROI>/``. Time series hold their dates stacked along
the bands (date-major: ``T*C`` bands), so they are returned as ``[T,C,H,W]``. The toy subset
(``FLAIR-HUB_TOY_DATASET.zip``) holds the same tree under ``FLAIR-HUB_TOY/`` with a
``split_toy`` column.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_flair_hub import (
    FLAIR_HUB_DOMAINS,
    FLAIR_HUB_LABELS,
    FLAIR_HUB_LPIS,
    FLAIR_HUB_MODALITIES,
    FLAIR_HUB_RLT_YEAR,
)
from geoplug.datasets._multimodal import MultiModalChipDataset
from geoplug.datasets._tiling import read_window

__all__ = ["FLAIRHUB", "FLAIRHUBToy", "read_split_table"]

#: the Hugging Face revision of the release the loader was written against (the one TorchGeo
#: pins), so that a later push to ``main`` cannot silently change what is downloaded
REVISION = "e8ed7981d488508aa70bb05c37cf6585432b7d5f"
#: the publisher's Hugging Face folder of zips, at :data:`REVISION`
URL = f"https://huggingface.co/datasets/IGNF/FLAIR-HUB/resolve/{REVISION}/data/"
TOY_URL = ("https://storage.gra.cloud.ovh.net/v1/AUTH_366279ce616242ebb14161b7991a8461/"
           "defi-ia/flair_hub/FLAIR-HUB_TOY_DATASET.zip")
METADATA = "GLOBAL_ALL_MTD"
SPLIT_TABLE = f"{METADATA}/{METADATA}_SPLIT.gpkg"
#: our split names -> the values of the publisher's split columns
_SPLIT_VALUES = {"train": "train", "val": "valid", "test": "test"}


def read_split_table(path: Path) -> tuple[list[str], dict[str, list[str]]]:
    """The attribute table of a split GeoPackage: its column names and ``patch_id`` -> the
    values of every column (in column order).

    A GeoPackage is an SQLite file, so the standard library reads its feature table without
    a GDAL vector stack; the geometry column is skipped. The file is opened read-only through
    a ``file:`` URI built by :meth:`pathlib.Path.as_uri`, which percent-encodes ``#``, ``?``
    and ``%`` (IGN names folders ``flair#1-test``).

    Raises:
        InvalidDataError: the file is not a GeoPackage or has no ``patch_id`` column.
    """
    try:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as db:
            row = db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = "
                             "'features' ORDER BY table_name LIMIT 1").fetchone()
            if row is None:
                raise InvalidDataError(f"flair_hub: {path} holds no feature table")
            table = str(row[0]).replace('"', '""')
            cursor = db.execute(f'SELECT * FROM "{table}"')
            columns = [str(d[0]) for d in cursor.description]
            rows = cursor.fetchall()
    except sqlite3.Error as exc:
        raise InvalidDataError(f"flair_hub: cannot read {path} as a GeoPackage: {exc}; extract "
                               f"{METADATA}.zip again") from exc
    if "patch_id" not in columns:
        raise InvalidDataError(f"flair_hub: {path} has no patch_id column (it has "
                               f"{', '.join(columns)})")
    key = columns.index("patch_id")
    return columns, {str(r[key]): [str(v) for v in r] for r in rows}


class FLAIRHUB(MultiModalChipDataset, spec=spec("flair_hub")):
    """FLAIR-HUB patches: one ``image_<modality>`` float32 per chosen modality and ``mask``
    int64 ``[512,512]``.

    ``modalities`` (default ``["aerial"]``): ``aerial`` (R, G, B, NIR at 0.2 m), ``spot``
    (R, G, B, NIR), ``dem`` (DSM, DTM), ``aerial_rlt`` (1950s panchromatic), ``s2``
    (``[T,10,H,W]``), ``s2_mask`` (snow and cloud probabilities, ``[T,2,H,W]``), ``s1_asc``
    and ``s1_desc`` (VV, VH, ``[T,2,H,W]``); each modality keeps its own grid. ``target``:
    ``"cosia"`` (19 land-cover classes) or ``"lpis"`` (23 crop classes, first nomenclature
    level of the LPIS rasters). ``split_column`` picks the official split (default
    ``split_1``); ``domains`` (e.g. ``["D006-2020"]``) limits the domain-years used and
    downloaded. Only patches whose label file is on disk are indexed, so a partial download
    of some domains is a usable dataset.
    """

    modality_bands: ClassVar[dict[str, tuple[str, ...]]] = {
        key: bands for key, (_, bands, _) in FLAIR_HUB_MODALITIES.items()}
    default_modalities: ClassVar[tuple[str, ...]] = ("aerial",)
    split_columns: ClassVar[tuple[str, ...]] = (
        "split_1", "split_2", "split_3", "split_4", "split_5", "split_flairchallenge")
    #: checksums of the zips (file name -> md5) verified with ``checksum=True``; empty: the
    #: publisher lists none besides Hugging Face's per-file LFS hashes, not copied here (the
    #: downloads are pinned to :data:`REVISION`, whose files cannot change)
    checksums: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        modalities: Sequence[str] | None = None,
        target: str = "cosia",
        split_column: str | None = None,
        domains: Sequence[str] | None = None,
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band, modality, target, split column or domain-year.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and a zip does not match.
            InvalidDataError: the split table is unreadable or lacks the column.
        """
        if target not in FLAIR_HUB_LABELS:
            raise ValueError(f"{self.name}: target must be one of {', '.join(FLAIR_HUB_LABELS)}"
                             f", not {target!r}")
        if split_column is not None and split_column not in self.split_columns:
            raise ValueError(f"{self.name}: split_column {split_column!r} is not one of "
                             f"{', '.join(self.split_columns)}")
        known = {f"{d}-{y}" for d, years in FLAIR_HUB_DOMAINS.items() for y in years}
        unknown = sorted(set(domains or ()) - known)
        if unknown:
            raise ValueError(f"{self.name}: unknown domain-year(s) {unknown}; they look like "
                             "'D006-2020'")
        self.target = target
        self.split_column = split_column or self.split_columns[0]
        self._column_given = split_column is not None
        self.domains = tuple(domains) if domains is not None else None
        if target == "lpis":  # the spec's classes are COSIA's; this instance reads LPIS
            vars(self).update(classes=FLAIR_HUB_LPIS, num_classes=len(FLAIR_HUB_LPIS))
        super().__init__(root, split, bands, transforms, download, checksum, modalities)

    # -- files --------------------------------------------------------------------------------
    @property
    def base(self) -> Path:
        """The folder holding the ``<domain-year>_<MODALITY>`` folders: ``root``, or the
        ``data/`` folder of a copy of the Hugging Face repository under it."""
        nested = self.root / "data"
        if nested.is_dir() and not any(self.root.glob("D*_*")) and any(nested.glob("D*_*")):
            return nested
        return self.root

    def _suffixes(self) -> list[str]:
        """Folder suffixes this dataset reads: the label's, then the chosen modalities'."""
        return [FLAIR_HUB_LABELS[self.target],
                *(FLAIR_HUB_MODALITIES[m][0] for m in self.modalities)]

    @staticmethod
    def folder(domain_year: str, suffix: str) -> str:
        """``D006-2020_AERIAL_RGBI``; the 1950s aerial folder carries ``195X`` for the year."""
        if suffix == FLAIR_HUB_MODALITIES["aerial_rlt"][0]:
            domain_year = f"{domain_year.split('-')[0]}-{FLAIR_HUB_RLT_YEAR}"
        return f"{domain_year}_{suffix}"

    def _present(self) -> list[str]:
        """Domain-years whose label folder or zip is under the base folder."""
        label = FLAIR_HUB_LABELS[self.target]
        found = {p.name[: -len(label) - 1] for p in self.base.glob(f"D*_{label}")}
        found |= {p.name[: -len(label) - 5] for p in self.base.glob(f"D*_{label}.zip")}
        return sorted(d for d in found if self.domains is None or d in self.domains)

    def _resource(self, name: str) -> Resource:
        return Resource(url=URL + name, filename=name, md5=self.checksums.get(name))

    def _missing(self, domain_years: Sequence[str]) -> list[Resource]:
        """Zips whose folder is not extracted yet (the split table's zip included)."""
        out = [] if (self.base / SPLIT_TABLE).is_file() else [self._resource(f"{METADATA}.zip")]
        for dy in domain_years:
            for suffix in self._suffixes():
                folder = self.folder(dy, suffix)
                if not (self.base / folder).is_dir():
                    out.append(self._resource(f"{folder}.zip"))
        return list(dict.fromkeys(out))

    def _exists(self) -> bool:
        present = self._present()
        return bool(present) and not self._missing(present)

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the zips on disk, else download the chosen modalities' zips.

        The domain-years are ``domains``, else those whose label is on disk, else (with
        ``download``) all of the release.

        Raises:
            DatasetNotFoundError: a needed zip is absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and a zip does not match its checksum.
        """
        wanted = list(self.domains) if self.domains is not None else self._present()
        if not wanted and download:
            wanted = [f"{d}-{y}" for d, years in FLAIR_HUB_DOMAINS.items() for y in years]
        missing = self._missing(wanted)
        absent = [r.filename for r in missing if not (self.base / r.filename).is_file()]
        if not wanted or (absent and not download):
            raise DatasetNotFoundError(
                self.name, self.base,
                f"Looked for <domain>-<year>_<MODALITY> folders or zips and {SPLIT_TABLE}"
                + (f"; missing e.g. {', '.join(absent[:3])}" if absent else "")
                + ". Pass download=True to fetch them from "
                "https://huggingface.co/datasets/IGNF/FLAIR-HUB (only the chosen modalities "
                "and domains), or extract the zips there.")
        fetch(missing, self.base, checksum)

    def _load(self) -> None:
        columns, table = read_split_table(self.base / SPLIT_TABLE)
        column = self.split_column
        if column not in columns:  # the default may be absent: take the table's first split
            present = [c for c in columns if c.startswith("split")]
            if self._column_given or not present:
                raise InvalidDataError(
                    f"{self.name}: {self.base / SPLIT_TABLE} has no {column!r} column (it has "
                    f"{', '.join(columns)})")
            column = present[0]
        index = columns.index(column)
        value = _SPLIT_VALUES[self.split]
        on_disk = set(self._present())
        label = FLAIR_HUB_LABELS[self.target]
        self.patches = [p for p, row in sorted(table.items())
                        if row[index] == value and p.split("_")[0] in on_disk
                        and self._file(p, label).is_file()]

    def _empty_reason(self) -> str:
        return (f"no patch of {SPLIT_TABLE} marked {_SPLIT_VALUES[self.split]!r} in column "
                f"{self.split_column!r} has its label file on disk")

    def __len__(self) -> int:
        return len(self.patches)

    def _file(self, patch: str, suffix: str) -> Path:
        """``<dy>_<SUFFIX>/<ROI>/<dy>_<SUFFIX>_<ROI>_<x-y>.tif`` of patch ``<dy>_<ROI>_<x-y>``."""
        domain_year, rest = patch.split("_", 1)
        roi = rest.rsplit("_", 1)[0]
        folder = self.folder(domain_year, suffix)
        return self.base / folder / roi / f"{folder}_{rest}.tif"

    # -- reading ------------------------------------------------------------------------------
    def _read_modality(self, index: int, modality: str, indices: list[int]) -> np.ndarray:
        suffix, bands, per_date = FLAIR_HUB_MODALITIES[modality]
        path = self._file(self.patches[index], suffix)
        if not per_date:
            return read_window(path, None, [i + 1 for i in indices])[0]
        array, _ = read_window(path)
        if array.shape[0] % per_date:
            raise InvalidDataError(f"{self.name}: {path} has {array.shape[0]} bands, not a "
                                   f"multiple of the {per_date} bands ({', '.join(bands)}) of "
                                   "one date")
        series = array.reshape(-1, per_date, *array.shape[1:])
        return series[:, indices]

    def _targets(self, index: int, sample: Sample) -> Sample:
        import torch

        patch = self.patches[index]
        mask, geo = read_window(self._file(patch, FLAIR_HUB_LABELS[self.target]), None, [1])
        return {"mask": torch.from_numpy(mask[0].astype(np.int64)), "patch_id": patch, **geo}


class FLAIRHUBToy(FLAIRHUB, spec=spec("flair_hub_toy")):
    """The publisher's toy subset (``FLAIR-HUB_TOY_DATASET.zip``): every modality of a few
    domains under ``FLAIR-HUB_TOY/``, split by the ``split_toy`` column. Same samples and
    arguments as :class:`FLAIRHUB` (``domains`` only filters)."""

    split_columns: ClassVar[tuple[str, ...]] = ("split_toy",)
    resources: ClassVar[tuple[Resource, ...]] = (
        # the publisher's direct link; no checksum is published
        Resource(url=TOY_URL, filename="FLAIR-HUB_TOY_DATASET.zip"),
    )

    @property
    def base(self) -> Path:
        """``FLAIR-HUB_TOY/`` under ``root`` (or ``root`` itself when it is that folder)."""
        if (self.root / SPLIT_TABLE).is_file() and not (self.root / "FLAIR-HUB_TOY").is_dir():
            return self.root
        return self.root / "FLAIR-HUB_TOY"

    def _exists(self) -> bool:
        return (self.base / SPLIT_TABLE).is_file() and bool(self._present())

    _prepare = NonGeoDataset._prepare

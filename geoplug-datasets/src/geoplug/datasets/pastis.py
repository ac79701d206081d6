"""PASTIS / PASTIS-R: panoptic segmentation of agricultural parcels from satellite time series.

The publisher (Zenodo records 5012942 ``PASTIS.zip`` and 5735646 ``PASTIS-R.zip``; code at
VSainteuf/pastis-benchmark) ships a folder ``PASTIS/`` or ``PASTIS-R/`` holding::

    metadata.geojson                       per patch: ID_PATCH, Fold (1-5), dates-S2
                                           (and dates-S1A, dates-S1D): {"0": 20180924, ...}
    DATA_S2/S2_<id>.npy                    int16 [T, 10, 128, 128] (B2-B8, B8A, B11, B12)
    DATA_S1A/S1A_<id>.npy, DATA_S1D/...    PASTIS-R only: [T, 3, 128, 128] (VV, VH, VV/VH)
    ANNOTATIONS/TARGET_<id>.npy            [3, 128, 128], channel 0 the semantic class
    INSTANCE_ANNOTATIONS/INSTANCES_<id>.npy  [128, 128] parcel instance ids (0 = none)

Series lengths (T) differ between patches, so they are read from the files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import torch

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_multimodal import PASTIS_S1, PASTIS_S2
from geoplug.datasets._multimodal import MultiModalChipDataset

__all__ = ["PASTIS"]

#: folds of each split: the first round of the publisher's 5-fold cross-validation
SPLIT_FOLDS = {"train": (1, 2, 3), "val": (4,), "test": (5,)}
#: the publisher's reference date: ``dates_<modality>`` count days from it
REFERENCE_DATE = date(2018, 9, 1)
_PREFIX = {"s2": "S2", "s1a": "S1A", "s1d": "S1D"}
#: the original, Sentinel-2-only release (Zenodo 5012942), extracted when it is the one on disk
_PASTIS_ZIP = Resource(url="https://zenodo.org/records/5012942/files/PASTIS.zip?download=1",
                       filename="PASTIS.zip", md5="cfc441bf18137ff0bbf4fad58828fb98")


def _load(path: Path, what: str) -> np.ndarray:
    try:
        return np.load(path)
    except (OSError, ValueError) as exc:
        raise InvalidDataError(f"pastis: cannot read the {what} {path}: {exc}; extract the "
                               "archive again") from exc


def _days(dates: Any) -> list[int]:
    """Days since :data:`REFERENCE_DATE` of a ``{"0": 20180924, ...}`` table (or its JSON)."""
    table = json.loads(dates) if isinstance(dates, str) else dates
    values = [table[k] for k in sorted(table, key=int)] if isinstance(table, dict) else table
    out = []
    for value in values:
        text = str(int(value))
        out.append((date(int(text[:4]), int(text[4:6]), int(text[6:8])) - REFERENCE_DATE).days)
    return out


class PASTIS(MultiModalChipDataset, spec=spec("pastis")):
    """PASTIS patches: ``image_s2`` float32 ``[T,C,128,128]`` (and ``image_s1a``,
    ``image_s1d`` from PASTIS-R), ``dates_<modality>`` int64 ``[T]`` (days since 2018-09-01).

    ``target="semantic"``: ``mask`` int64 ``[H,W]`` (class index into :attr:`classes`, 19 =
    void). ``target="instance"``: ``mask`` uint8 ``[N,H,W]`` (one per parcel), ``bbox_xyxy``
    float32 ``[N,4]`` (pixel edges) and ``label`` int64 ``[N]`` (each parcel's class).
    Splits: ``train`` (folds 1-3), ``val`` (4), ``test`` (5); ``folds=[...]`` overrides.
    """

    modality_bands: ClassVar[dict[str, tuple[str, ...]]] = {
        "s2": PASTIS_S2, "s1a": PASTIS_S1, "s1d": PASTIS_S1}
    default_modalities: ClassVar[tuple[str, ...]] = ("s2",)
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="https://zenodo.org/records/5735646/files/PASTIS-R.zip?download=1",
                 filename="PASTIS-R.zip", md5="4887513d6c2d2b07fa935d325bd53e09"),
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
        target: str = "semantic",
        folds: Sequence[int] | None = None,
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band, modality, target or fold.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and the archive does not match.
            InvalidDataError: the metadata is unreadable or the folds hold no patch.
        """
        if target not in ("semantic", "instance"):
            raise ValueError(f"pastis: target must be 'semantic' or 'instance', not {target!r}")
        if folds is not None and (not folds or not set(folds) <= {1, 2, 3, 4, 5}):
            raise ValueError(f"pastis: folds must be among 1-5, got {list(folds)}")
        self.target = target
        self.folds = tuple(folds) if folds is not None else SPLIT_FOLDS.get(split, ())
        super().__init__(root, split, bands, transforms, download, checksum, modalities)

    @property
    def base(self) -> Path:
        """The dataset folder: ``PASTIS-R/``, ``PASTIS/`` or the root itself."""
        for folder in (self.root / "PASTIS-R", self.root / "PASTIS", self.root):
            if (folder / "metadata.geojson").is_file():
                return folder
        return self.root / "PASTIS-R"

    def _exists(self) -> bool:
        base = self.base
        return (base / "metadata.geojson").is_file() and all(
            (base / f"DATA_{_PREFIX[m]}").is_dir() for m in self.modalities)

    def _needed(self) -> list[Resource]:
        """``PASTIS-R.zip``; or ``PASTIS.zip`` when only that is on disk and no Sentinel-1
        modality is asked for (it has none)."""
        if (self.root / _PASTIS_ZIP.filename).is_file() and set(self.modalities) <= {"s2"} \
                and not (self.root / self.resources[0].filename).is_file():
            return [_PASTIS_ZIP]
        return super()._needed()

    def _load(self) -> None:
        path = self.base / "metadata.geojson"
        try:
            features = json.loads(path.read_text(encoding="utf-8"))["features"]
        except (OSError, ValueError, KeyError) as exc:
            raise InvalidDataError(f"{self.name}: cannot read {path} as the GeoJSON "
                                   f"FeatureCollection of the patches: {exc}") from exc
        self.patches = sorted((f["properties"] for f in features
                               if int(f["properties"]["Fold"]) in self.folds),
                              key=lambda p: int(p["ID_PATCH"]))

    def _empty_reason(self) -> str:
        return f"metadata.geojson lists no patch of fold(s) {list(self.folds)}"

    def __len__(self) -> int:
        return len(self.patches)

    def _file(self, folder: str, prefix: str, index: int) -> Path:
        return self.base / folder / f"{prefix}_{int(self.patches[index]['ID_PATCH'])}.npy"

    def _read_modality(self, index: int, modality: str, indices: list[int]) -> np.ndarray:
        prefix = _PREFIX[modality]
        series = _load(self._file(f"DATA_{prefix}", prefix, index), f"{prefix} series")
        if series.ndim != 4:
            raise InvalidDataError(f"{self.name}: {self._file(f'DATA_{prefix}', prefix, index)}"
                                   f" has shape {series.shape}, expected [T, C, H, W]")
        return series[:, indices]

    @classmethod
    def ignore_index_for(cls, target: str = "semantic", **_: object) -> int | None:
        """The void label of semantic masks (the spec's); none for instance targets."""
        return 19 if target == "semantic" else None

    def _targets(self, index: int, sample: Sample) -> Sample:
        out: Sample = {}
        for modality in self.modalities:
            dates = self.patches[index].get(f"dates-{_PREFIX[modality]}")
            if dates is not None:
                out[f"dates_{modality}"] = torch.tensor(_days(dates), dtype=torch.int64)
        semantic = _load(self._file("ANNOTATIONS", "TARGET", index), "semantic target")
        semantic = (semantic[0] if semantic.ndim == 3 else semantic).astype(np.int64)
        if self.target == "semantic":
            out["mask"] = torch.from_numpy(semantic)
            return out
        instances = _load(self._file("INSTANCE_ANNOTATIONS", "INSTANCES", index),
                          "instance target").astype(np.int64)
        ids = [i for i in np.unique(instances) if i != 0]
        masks = np.stack([instances == i for i in ids]) if ids else \
            np.zeros((0, *instances.shape), dtype=bool)
        boxes, labels = [], []
        for m in masks:
            rows, cols = np.nonzero(m)
            boxes.append([cols.min(), rows.min(), cols.max() + 1, rows.max() + 1])
            labels.append(int(np.bincount(semantic[m]).argmax()))
        out["mask"] = torch.from_numpy(masks.astype(np.uint8))
        out["bbox_xyxy"] = torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4)
        out["label"] = torch.tensor(labels, dtype=torch.int64)
        return out

"""Sen1Floods11: hand-labelled surface water of 11 flood events, Sentinel-1 and Sentinel-2.

The publisher (Cloud to Street) hosts v1.1 in the public Google Cloud Storage bucket
``sen1floods11``; the hand-labelled subset lies there as loose GeoTIFFs (EPSG:4326, 10 m,
512x512)::

    v1.1/data/flood_events/HandLabeled/S1Hand/<Event>_<chip>_S1Hand.tif     VV, VH (float32 dB)
    v1.1/data/flood_events/HandLabeled/S2Hand/<Event>_<chip>_S2Hand.tif     13 L1C bands
    v1.1/data/flood_events/HandLabeled/LabelHand/<Event>_<chip>_LabelHand.tif  int16 -1/0/1
    v1.1/splits/flood_handlabeled/flood_{train,valid,test,bolivia}_data.csv

Each split list has no header and one row per chip, ``<chip>_S1Hand.tif,<chip>_LabelHand.tif``.
``root`` may be a copy of the bucket (holding ``v1.1/``) or of ``v1.1/`` itself. There are no
published checksums; ``download=True`` fetches the split's list over HTTPS, then the files
of every chip it lists (files already there are kept, so it also completes a partial copy).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
import torch

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_sen1floods11 import (
    SEN1FLOODS11_BANDS,
    SEN1FLOODS11_IGNORE,
    SEN1FLOODS11_SPLITS,
)
from geoplug.datasets._multimodal import MultiModalChipDataset
from geoplug.datasets._tiling import read_window

__all__ = ["IGNORE_INDEX", "Sen1Floods11"]

_URL = "https://storage.googleapis.com/sen1floods11/v1.1"
_HAND = "data/flood_events/HandLabeled"
_LISTS = "splits/flood_handlabeled"
#: folder (and file-name suffix) of each modality and of the label
FOLDERS = {"s1": "S1Hand", "s2": "S2Hand", "label": "LabelHand"}
#: ``modality`` argument -> the modalities a sample holds
MODALITIES = {"s1": ("s1",), "s2": ("s2",), "both": ("s1", "s2")}
#: mask value of pixels without a valid label
IGNORE_INDEX = SEN1FLOODS11_IGNORE


class Sen1Floods11(MultiModalChipDataset, spec=spec("sen1floods11")):
    """Sen1Floods11 hand-labelled chips of one of the publisher's split lists.

    Samples: ``image_s1`` float32 ``[C,H,W]`` (selected of VV, VH in dB; NaN, where the
    scene has no data, read as 0 as in the publisher's training notebook), ``image_s2``
    float32 ``[C,H,W]`` (selected of the 13 L1C bands, TOA reflectance x 10000), ``mask``
    int64 ``[H,W]`` as published: 0 not water, 1 water, :data:`IGNORE_INDEX` (-1) no data;
    plus the chip's ``crs``/``bounds``. ``modality``: ``"s1"``, ``"s2"`` or ``"both"``.
    Splits: ``train``, ``val`` (flood_valid_data.csv), ``test`` and ``bolivia`` (the event
    held out of training in the paper).
    """

    modality_bands: ClassVar[dict[str, tuple[str, ...]]] = SEN1FLOODS11_BANDS
    #: base URL of the bucket's v1.1 folder (files are fetched below it)
    url: ClassVar[str] = _URL
    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=f"{_URL}/{_LISTS}/{name}", filename=f"{_LISTS}/{name}", extract=False,
                 splits=(split,))
        for split, name in SEN1FLOODS11_SPLITS.items())

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        modality: str = "both",
    ) -> None:
        """
        Args:
            modality: ``"s1"`` (Sentinel-1 only), ``"s2"`` (Sentinel-2 only) or ``"both"``;
                only that modality's files are needed (and downloaded).

        Raises:
            ValueError: unknown split, band or modality, or a band of a modality not chosen.
            DatasetNotFoundError: the split list or a chosen modality's folder is absent and
                ``download`` is False.
            InvalidDataError: the split list is not the publisher's, or a file it names is
                missing.
            OSError: a download failed.
        """
        key = modality.lower() if isinstance(modality, str) else ""
        if key not in MODALITIES:
            raise ValueError(f"{self.name}: modality {modality!r} is not one of "
                             f"{', '.join(MODALITIES)}")
        self.modality = key
        super().__init__(root, split, bands, transforms, download, checksum, MODALITIES[key])

    # -- files --------------------------------------------------------------------------------
    @property
    def base(self) -> Path:
        """The v1.1 folder: ``root`` itself when it holds the lists or the chips (a copy of
        ``v1.1/``), else ``root/v1.1`` (a copy of the bucket, or where downloads go)."""
        if (self.root / _LISTS).is_dir() or (self.root / _HAND).is_dir():
            return self.root
        return self.root / "v1.1"

    def _list(self) -> Path:
        return self.base / _LISTS / SEN1FLOODS11_SPLITS[self.split]

    def _path(self, chip: str, layer: str) -> Path:
        return self.base / _HAND / FOLDERS[layer] / f"{chip}_{FOLDERS[layer]}.tif"

    def _layers(self) -> tuple[str, ...]:
        return (*self.modalities, "label")

    def _exists(self) -> bool:
        return self._list().is_file() and all(
            (self.base / _HAND / FOLDERS[layer]).is_dir() for layer in self._layers())

    def _prepare(self, download: bool, checksum: bool) -> None:
        """With ``download``, fetch the split list and every file of its chips that is not
        there yet; without, only check that the files are there.

        Raises:
            DatasetNotFoundError: files absent and ``download`` is False.
            InvalidDataError: the split list is not the publisher's.
            OSError: a download failed.
        """
        if not download:
            if not self._exists():
                folders = ", ".join(str(self.base / _HAND / FOLDERS[x]) for x in self._layers())
                raise DatasetNotFoundError(self.name, self.root, hint=(
                    f"Looked for {self._list()} and {folders}. Pass download=True to fetch "
                    "this split's files over HTTPS, or copy the bucket with `gsutil -m rsync "
                    f"-r gs://sen1floods11/v1.1 {self.root / 'v1.1'}`."))
            return
        base = self.base
        fetch(self._needed(), base, checksum)
        files = []
        for chip, label in self._read_list():
            names = [(m, f"{chip}_{FOLDERS[m]}.tif") for m in self.modalities]
            for layer, name in (*names, ("label", label)):
                rel = f"{_HAND}/{FOLDERS[layer]}/{name}"
                files.append(Resource(url=f"{self.url}/{rel}", filename=rel, extract=False))
        fetch(files, base, checksum)

    def _read_list(self) -> list[tuple[str, str]]:
        """``(chip, label file name)`` of each row of the split list.

        Raises:
            InvalidDataError: the list cannot be read or a row does not name an S1Hand file.
        """
        path = self._list()
        suffix = f"_{FOLDERS['s1']}.tif"
        try:
            with open(path, newline="", encoding="utf-8") as f:
                rows = [r for r in csv.reader(f) if r and r[0].strip()]
        except OSError as exc:
            raise InvalidDataError(f"{self.name}: cannot read {path}: {exc}") from exc
        chips = []
        for number, row in enumerate(rows, 1):
            image = Path(row[0].strip()).name
            if not image.endswith(suffix):
                raise InvalidDataError(
                    f"{self.name}: row {number} of {path} names {image!r}, not "
                    f"'<chip>{suffix}'; it is not the publisher's split list")
            chip = image[: -len(suffix)]
            label = Path(row[1].strip()).name if len(row) > 1 and row[1].strip() else ""
            chips.append((chip, label or f"{chip}_{FOLDERS['label']}.tif"))
        return chips

    def _load(self) -> None:
        """Index the listed chips.

        Raises:
            InvalidDataError: a file of a listed chip is missing (names it).
        """
        self.chips = self._read_list()
        missing = [str(p) for chip, label in self.chips
                   for p in (*(self._path(chip, m) for m in self.modalities),
                             self.base / _HAND / FOLDERS["label"] / label)
                   if not p.is_file()]
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} file(s) of chips listed in {self._list()} are "
                f"missing, e.g. {', '.join(missing[:3])}; pass download=True to fetch them")

    def _empty_reason(self) -> str:
        return f"{self._list()} lists no chip; download it again"

    def __len__(self) -> int:
        return len(self.chips)

    # -- reading ------------------------------------------------------------------------------
    def _read_modality(self, index: int, modality: str, indices: list[int]) -> np.ndarray:
        array, _ = read_window(self._path(self.chips[index][0], modality), None,
                               [i + 1 for i in indices])
        return np.nan_to_num(array, nan=0.0) if modality == "s1" else array

    def _targets(self, index: int, sample: Sample) -> Sample:
        path = self.base / _HAND / FOLDERS["label"] / self.chips[index][1]
        mask, geo = read_window(path, None, [1])
        for key, image in sample.items():
            if tuple(image.shape[-2:]) != mask.shape[-2:]:
                raise InvalidDataError(
                    f"{self.name}: {path.name} is {mask.shape[-1]}x{mask.shape[-2]} px but "
                    f"{key} is {image.shape[-1]}x{image.shape[-2]}; the files are not a pair")
        return {"mask": torch.from_numpy(mask[0].astype(np.int64)), **geo}

"""Sentinel-2 Cloud Cover Detection Challenge (DrivenData, Radiant Earth / Source Cooperative).

The publisher's tree (``ref_cloud_cover_detection_challenge_v1/final`` on Radiant Earth's
storage, mirrored by Source Cooperative) holds ``public/`` (the training set) and ``private/``
(the test set), each with::

    <split>_metadata.csv                chip_id,location,datetime[,cloudpath]
    <split>_features/<chip_id>/B02.tif  B03.tif  B04.tif  B08.tif   (uint16, 512x512)
    <split>_labels/<chip_id>.tif        (uint8, 1 = cloud, 0 = no cloud)

where ``<split>`` is ``train`` or ``test``. Copies made with azcopy into ``train/`` and
``test/`` folders, or DrivenData's flat download (``train_features/`` at the root), are found
too, and a copy without its metadata CSV is indexed from its feature folders. The files
are loose GeoTIFFs without published checksums; ``download=True`` fetches the
metadata CSV, then each listed chip's files.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import ClassVar

import numpy as np
import torch

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._tiling import read_window

__all__ = ["CloudCoverDetection"]

#: publisher folder of each split
_REMOTE = {"train": "public", "test": "private"}
_URL = ("https://radiantearth.blob.core.windows.net/mlhub/"
        "ref_cloud_cover_detection_challenge_v1/final")


class CloudCoverDetection(NonGeoDataset, spec=spec("cloud_cover_detection")):
    """Cloud Cover Detection chips: ``image`` float32 ``[C,512,512]`` (selected bands of B02,
    B03, B04, B08), ``mask`` int64 ``[H,W]`` (1 cloud), ``crs``/``bounds`` of the chip.

    Splits: ``train`` (the public set) and ``test`` (the private set), as listed by their
    metadata CSV.
    """

    #: base URL of the publisher's tree (chip files are fetched below it)
    url: ClassVar[str] = _URL
    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=f"{_URL}/{folder}/{split}_metadata.csv",
                 filename=f"{folder}/{split}_metadata.csv", extract=False, splits=(split,))
        for split, folder in _REMOTE.items())

    def _folder(self) -> Path:
        """Where this split's metadata CSV lies (publisher, azcopy or flat layout)."""
        for name in (f"{self.split}_metadata.csv", f"{self.split}_features"):
            for folder in (self.root / _REMOTE[self.split], self.root / self.split, self.root):
                if (folder / name).exists():
                    return folder
        return self.root / _REMOTE[self.split]

    def _exists(self) -> bool:
        return (self._folder() / f"{self.split}_features").is_dir()

    def _chip_ids(self, csv_path: Path) -> list[str]:
        try:
            with open(csv_path, newline="", encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
        except OSError as exc:
            raise InvalidDataError(f"{self.name}: cannot read {csv_path}: {exc}") from exc
        if rows and "chip_id" not in rows[0]:
            raise InvalidDataError(f"{self.name}: {csv_path} has no chip_id column; it is not "
                                   "the challenge's metadata CSV")
        return [row["chip_id"] for row in rows if row.get("chip_id")]

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Fetch the metadata CSV and then the files of every chip it lists.

        Raises:
            DatasetNotFoundError: files absent and ``download`` is False.
            OSError: a download failed.
        """
        if self._exists():
            return
        if not download:
            raise DatasetNotFoundError(self.name, self.root)
        fetch(self._needed(), self.root, checksum)
        folder = _REMOTE[self.split]
        base = f"{self.url}/{folder}"
        files = []
        for chip in self._chip_ids(self.root / folder / f"{self.split}_metadata.csv"):
            rel = [f"{self.split}_features/{chip}/{b}.tif" for b in self.all_bands]
            rel.append(f"{self.split}_labels/{chip}.tif")
            files += [Resource(url=f"{base}/{r}", filename=f"{folder}/{r}", extract=False)
                      for r in rel]
        fetch(files, self.root, checksum)

    def _load(self) -> None:
        self.base = self._folder()
        table = self.base / f"{self.split}_metadata.csv"
        if table.is_file():
            self.chips = self._chip_ids(table)
        else:  # a copy without its metadata: the chips that have features and a label
            labels = self.base / f"{self.split}_labels"
            self.chips = sorted(p.name for p in (self.base / f"{self.split}_features").iterdir()
                                if p.is_dir() and (labels / f"{p.name}.tif").is_file())

    def __len__(self) -> int:
        return len(self.chips)

    def __getitem__(self, index: int) -> Sample:
        chip = self.chips[index]
        features = self.base / f"{self.split}_features" / chip
        bands = []
        geo: dict = {}
        for band in self.bands:
            array, geo = read_window(features / f"{band}.tif", None, [1])
            bands.append(array[0])
        mask, _ = read_window(self.base / f"{self.split}_labels" / f"{chip}.tif", None, [1])
        sample: Sample = {
            "image": torch.from_numpy(np.stack(bands).astype(np.float32)),
            "mask": torch.from_numpy(mask[0].astype(np.int64)),
            **geo,
        }
        return self._apply(sample)

"""HySpecNet-11k: EnMAP hyperspectral patches for self-supervised learning and compression.

Layout as released (Fuchs & Demir, Dryad doi:10.5061/dryad.fttdz08zh; the same archives are
mirrored on Hugging Face, ``torchgeo/hyspecnet``): ``hyspecnet-11k-01.tar.gz`` …
``-10.tar.gz`` and ``hyspecnet-11k-splits.tar.gz``, extracting to
``hyspecnet-11k/patches/<tile>/<patch>/<patch>-SPECTRAL_IMAGE.TIF`` (224 int16 bands, 128 x 128
px at 30 m, EnMAP L2A; beside it the ``-DATA.npy`` of the 202 kept bands and quality layers)
and ``hyspecnet-11k/splits/<easy|hard>/<train|val|test>.csv``, one
``<tile>/<patch>/<patch>-DATA.npy`` per line. ``easy`` splits patch-wise, ``hard`` tile-wise.
The GeoTIFF is read (selected bands only); the 22 water-vapour bands the publisher drops are
not offered. A root holding the splits archive and only some patch archives (a partial
download, or TorchGeo's sample with ``-01`` alone) is used as it is: the patches of the
missing archives are left out of the splits, with a warning.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._chipio import read_raster

__all__ = ["HySpecNet11k"]

_HF = "https://hf.co/datasets/torchgeo/hyspecnet/resolve/13e110422a6925cbac0f11edff610219b9399227"
_MD5 = {
    "hyspecnet-11k-01.tar.gz": "974aae9197006727b42ec81796049efe",
    "hyspecnet-11k-02.tar.gz": "f80574485f835b8a263b6c64076c0c62",
    "hyspecnet-11k-03.tar.gz": "6bc1de573f97fa4a75b79719b9270cb3",
    "hyspecnet-11k-04.tar.gz": "2463dc10653cb8be10d44951307c5e7d",
    "hyspecnet-11k-05.tar.gz": "16c1bd9e684673e741c0849bd015c988",
    "hyspecnet-11k-06.tar.gz": "8eef16b67d71af6eb4bc836d294fe3c4",
    "hyspecnet-11k-07.tar.gz": "f61f0e7d6b05c861e69026b09130a5d6",
    "hyspecnet-11k-08.tar.gz": "19d390bc9e61b85e7d765f3077984976",
    "hyspecnet-11k-09.tar.gz": "197ff47befe5b9de88be5e1321c5ce5d",
    "hyspecnet-11k-10.tar.gz": "9e674cca126a9d139d6584be148d4bac",
    "hyspecnet-11k-splits.tar.gz": "94fad9e3c979c612c29a045406247d6c",
}
_SPLITS = "hyspecnet-11k-splits.tar.gz"
STRATEGIES = ("easy", "hard")


class HySpecNet11k(NonGeoDataset, spec=spec("hyspecnet")):
    """``image`` float32 [C,H,W]: the selected EnMAP bands (``B1`` … ``B224``, 202 kept).

    ``strategy`` picks the split lists: ``"easy"`` (patch-wise) or ``"hard"`` (tile-wise).
    """

    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=f"{_HF}/{name}", filename=name, md5=md5) for name, md5 in _MD5.items()
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        strategy: str = "easy",
    ) -> None:
        """
        Args:
            strategy: "easy" (patch-wise split) or "hard" (tile-wise split).

        Raises:
            ValueError: unknown strategy, split or band.
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and an archive does not match.
            InvalidDataError: the split list is empty.
        """
        if strategy not in STRATEGIES:
            raise ValueError(f"hyspecnet: strategy {strategy!r} is not one of easy, hard")
        self.strategy = strategy
        super().__init__(root, split, bands, transforms, download, checksum)
        self.disk_indices = [int(b[1:]) - 1 for b in self.bands]  # on-disk 0-based band

    @property
    def folder(self) -> Path:
        return self.root / "hyspecnet-11k"

    def _exists(self) -> bool:
        return (self.folder / "patches").is_dir() and (
            self.folder / "splits" / self.strategy / f"{self.split}.csv").is_file()

    def _patch_archives(self) -> list[Resource]:
        return [r for r in self.resources
                if r.filename != _SPLITS and (self.root / r.filename).is_file()]

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the archives present when the splits and at least one patch archive are
        there (the others are then optional); else find or fetch all of them.

        Raises:
            DatasetNotFoundError: archives are missing and ``download`` is False, or the split
                lists of ``strategy`` are not in the splits archive.
            ChecksumError, InvalidDataError: see :meth:`NonGeoDataset._prepare`.
        """
        present = self._patch_archives()
        if (not download and not self._exists() and present
                and (self.root / _SPLITS).is_file()):
            fetch([*present, *(r for r in self.resources if r.filename == _SPLITS)],
                  self.root, checksum)
        splits = self.folder / "splits"
        if not self._exists() and not download and splits.is_dir() and not (
                splits / self.strategy).is_dir():
            raise DatasetNotFoundError(self.name, self.root, hint=(
                f"{splits} has no {self.strategy!r} split lists (found: "
                f"{sorted(p.name for p in splits.iterdir()) or 'none'}); pick another "
                "strategy or extract the full hyspecnet-11k-splits.tar.gz"))
        super()._prepare(download, checksum)

    def _load(self) -> None:
        listing = self.folder / "splits" / self.strategy / f"{self.split}.csv"
        with open(listing, encoding="utf-8") as f:
            entries = [line.strip().split(",")[0] for line in f if line.strip()]
        self.files = [self.folder / "patches" / e.replace("-DATA.npy", "-SPECTRAL_IMAGE.TIF")
                      for e in entries if e.endswith(".npy") or e.endswith(".TIF")]
        if 0 < len(self._patch_archives()) < len(self.resources) - 1:
            kept = [p for p in self.files if p.is_file()]
            if len(kept) < len(self.files):
                warnings.warn(f"hyspecnet: {len(self.files) - len(kept)} patches of "
                              f"splits/{self.strategy}/{self.split}.csv are in patch archives "
                              f"not under {self.root}; using the {len(kept)} present",
                              UserWarning, stacklevel=3)
            self.files = kept

    def _empty_reason(self) -> str:
        return (f"splits/{self.strategy}/{self.split}.csv lists no patch; extract "
                "hyspecnet-11k-splits.tar.gz again")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path = self.files[index]
        if not path.is_file():
            raise InvalidDataError(f"hyspecnet: {path} (listed in splits/{self.strategy}/"
                                   f"{self.split}.csv) is missing; extract all "
                                   "hyspecnet-11k-NN.tar.gz archives")
        image = read_raster(path, self.disk_indices)[0].astype(np.float32)
        return self._apply({"image": torch.from_numpy(image)})

"""SeCo (Seasonal Contrast): Sentinel-2 L2A patches of one location at several dates.

Layout of ``seco_100k.zip`` / ``seco_1m.zip`` (Mañas et al., Zenodo 4728033):
``seasonal_contrast_{100k,1m}/<location>/<acquisition>/B1.tif … B12.tif, B8A.tif`` — six-digit
location folders, one sub-folder per acquisition (5 per location, about a season apart) named
``<sensing time>_<generation time>_<MGRS tile>`` (e.g. ``20190803T154559_20190803T154611_T18QVG``);
stray files beside the folders are ignored. Bands come at their native
GSD (264 px at 10 m, 132 px at 20 m, 44 px at 60 m); coarser bands are resampled bilinearly by
GDAL on read to the 10 m grid. There is no official split: ``"train"`` is every location.
"""

from __future__ import annotations

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
from geoplug.datasets._chipio import read_raster

__all__ = ["SeasonalContrastS2"]

_ZENODO = "https://zenodo.org/record/4728033/files"
VERSIONS: dict[str, tuple[str, str, str]] = {
    # version: (archive, md5, folder)
    "100k": ("seco_100k.zip", "ebf2d5e03adc6e657f9a69a20ad863e0", "seasonal_contrast_100k"),
    "1m": ("seco_1m.zip", "187963d852d4d3ce6637743ec3a4bd9e", "seasonal_contrast_1m"),
}


_SENSING = re.compile(r"(\d{8}T\d{6})")


def _sensing_key(folder: Path) -> tuple[str, str]:
    """Sort acquisitions by sensing time (the first timestamp in the name), then by name."""
    match = _SENSING.search(folder.name)
    return (match.group(1) if match else "", folder.name)


class SeasonalContrastS2(NonGeoDataset, spec=spec("seco")):
    """``image`` float32 [T,C,H,W]: ``seasons`` dates of one location, oldest first."""

    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=f"{_ZENODO}/{name}?download=1", filename=name, md5=md5)
        for name, md5, _ in VERSIONS.values()
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        version: str = "100k",
        seasons: int = 5,
    ) -> None:
        """
        Args:
            version: "100k" or "1m".
            seasons: how many dates per location to return (1..5).

        Raises:
            ValueError: unknown version or seasons out of range (and the base's errors).
        """
        if version not in VERSIONS:
            raise ValueError(f"seco: version {version!r} is not one of {', '.join(VERSIONS)}")
        if not 1 <= seasons <= 5:
            raise ValueError(f"seco: seasons must be in 1..5, got {seasons}")
        self.version = version
        self.seasons = seasons
        super().__init__(root, split, bands, transforms, download, checksum)

    def _needed(self) -> list[Resource]:
        return [r for r in self.resources if r.filename == VERSIONS[self.version][0]]

    @property
    def folder(self) -> Path:
        return self.root / VERSIONS[self.version][2]

    def _exists(self) -> bool:
        return self.folder.is_dir()

    def _load(self) -> None:
        self.locations: list[list[Path]] = []
        for location in sorted(p for p in self.folder.iterdir() if p.is_dir()):
            dates = sorted((p for p in location.iterdir() if p.is_dir()), key=_sensing_key)
            if len(dates) < self.seasons:
                raise InvalidDataError(f"{self.name}: {location} has {len(dates)} dates, fewer "
                                       f"than seasons={self.seasons}")
            self.locations.append(dates[: self.seasons])

    def __len__(self) -> int:
        return len(self.locations)

    def _read_date(self, folder: Path) -> np.ndarray:
        with_size = read_raster(folder / "B2.tif", [0])[0]
        shape = (with_size.shape[1], with_size.shape[2])
        return np.stack([read_raster(folder / f"{self.all_bands[i]}.tif", [0], shape)[0][0]
                         for i in self.band_indices])

    def __getitem__(self, index: int) -> Sample:
        import torch

        stack = np.stack([self._read_date(d) for d in self.locations[index]])
        return self._apply({"image": torch.from_numpy(stack.astype(np.float32))})

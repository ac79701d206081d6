"""BioMassters: above-ground biomass of Finnish forests from Sentinel-1/2 time series.

The DrivenData challenge release (public S3 bucket ``drivendata-competition-biomassters-
public-us``) is a tree of GeoTIFF chips of 256x256 px at 10 m::

    features_metadata.csv
    train_features/<chip_id>_<S1|S2>_<MM>.tif     test_features/...
    train_agbm/<chip_id>_agbm.tif                 test_agbm/... (released after the challenge)

``MM`` counts months from September (``00``) to August (``11``) of the year before the LiDAR
survey. Sentinel-1 files hold 4 float32 bands (VV and VH of the ascending then descending
pass, dB, -9999 where there is no acquisition); Sentinel-2 files hold 11 uint16 L2A bands
(B2, B3, B4, B5, B6, B7, B8, B8A, B11, B12 and the cloud probability CLP) and are missing for
months without a usable acquisition. The target is the float32 above-ground biomass (Mg/ha).
The loader indexes the chips from the file names it finds, so any subset of the tree works.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from geoplug.core.chipfiles import read_chip
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.scene_regression_modern import BIOMASSTERS_S1, BIOMASSTERS_S2
from geoplug.datasets._tiling import raster_size

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["BioMassters"]

_SENSORS = {"S1": BIOMASSTERS_S1, "S2": BIOMASSTERS_S2}
_HINT = ("Download the BioMassters files (features_metadata.csv, <split>_features/, "
         "<split>_agbm/) from s3://drivendata-competition-biomassters-public-us (see "
         "https://nascetti-a.github.io/BioMasster/) and point root at them; "
         "they are too large (about 290 GB) for download=True.")


class BioMassters(NonGeoDataset, spec=spec("biomassters")):
    """Monthly Sentinel-1/2 chips -> above-ground biomass raster (pixelwise regression).

    Samples: ``image_s1`` float32 ``[T, C1, 256, 256]`` and/or ``image_s2`` float32
    ``[T, C2, 256, 256]`` (the sensors of the selected ``bands``; ``T`` = len(``months``),
    all twelve by default), ``available_s1`` / ``available_s2`` bool ``[T]`` (False where the
    month's file is missing; those frames are zeros), ``mask`` float32 ``[256, 256]`` (biomass,
    Mg/ha, when the split's agbm raster exists) and ``chip_id``.
    """

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        months: Sequence[int] | None = None,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band, or a month outside 0-11.
            DatasetNotFoundError: ``<split>_features/`` is not in ``root`` (there is no
                automatic download).
        """
        self.months = tuple(range(12)) if months is None else tuple(months)
        if not self.months or any(not 0 <= m <= 11 for m in self.months):
            raise ValueError(f"biomassters: months are 0 (September) to 11 (August), "
                             f"not {list(self.months)}")
        super().__init__(root, split, bands, transforms, download, checksum)
        self.sensor_bands = {
            s: [names.index(b) for b in self.bands if b in names] for s, names in _SENSORS.items()
        }

    def _features(self) -> Path:
        return self.root / f"{self.split}_features"

    def _exists(self) -> bool:
        return self._features().is_dir()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Raises DatasetNotFoundError with where to get the data (no automatic download)."""
        if not self._exists():
            raise DatasetNotFoundError(self.name, self.root, hint=_HINT)

    def _load(self) -> None:
        files: dict[str, dict[tuple[str, int], Path]] = {}
        for entry in os.scandir(self._features()):
            stem, suffix = os.path.splitext(entry.name)
            parts = stem.rsplit("_", 2)
            if suffix.lower() != ".tif" or len(parts) != 3 or parts[1] not in _SENSORS:
                continue
            chip, sensor, month = parts
            if month.isdigit():
                files.setdefault(chip, {})[(sensor, int(month))] = Path(entry.path)
        self.chips = sorted(files)
        self.files = files

    def _empty_reason(self) -> str:
        return f"{self._features()} holds no <chip_id>_<S1|S2>_<MM>.tif file"

    def __len__(self) -> int:
        return len(self.chips)

    def _series(self, chip: str, sensor: str) -> tuple[np.ndarray, np.ndarray]:
        bands = self.sensor_bands[sensor]
        frames: list[np.ndarray | None] = []
        for month in self.months:
            path = self.files[chip].get((sensor, month))
            frames.append(None if path is None else read_chip(path, bands)[0])
        shape = next((f.shape for f in frames if f is not None), None)
        if shape is None:  # no file of this sensor in the chosen months: size of another file
            shape = (len(bands), *self._chip_size(chip))
        available = np.array([f is not None for f in frames])
        stack = np.stack([np.zeros(shape, np.float32) if f is None else f.astype(np.float32)
                          for f in frames])
        return stack, available

    def _chip_size(self, chip: str) -> tuple[int, int]:
        """``(height, width)`` of the chip, from any of its files (features or target)."""
        target = self.root / f"{self.split}_agbm" / f"{chip}_agbm.tif"
        path = next(iter(self.files[chip].values()), None) or target
        width, height = raster_size(path)
        return height, width

    def __getitem__(self, index: int) -> Sample:
        import torch

        chip = self.chips[index]
        sample: Sample = {"chip_id": chip}
        for sensor, bands in self.sensor_bands.items():
            if bands:
                stack, available = self._series(chip, sensor)
                sample[f"image_{sensor.lower()}"] = torch.from_numpy(stack)
                sample[f"available_{sensor.lower()}"] = torch.from_numpy(available)
        target = self.root / f"{self.split}_agbm" / f"{chip}_agbm.tif"
        if target.is_file():
            sample["mask"] = torch.from_numpy(read_chip(target, [0])[0][0].astype(np.float32))
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None,
             time_step: int = -1) -> Figure:
        """The Sentinel-2 true colour (else the first Sentinel-1 band) at ``time_step`` and
        the biomass target, as a matplotlib Figure."""
        from geoplug.core.plot import plot_panels, to_display

        panels = []
        if "image_s2" in sample:
            rgb = [self.sensor_bands["S2"].index(BIOMASSTERS_S2.index(b))
                   for b in self.rgb_bands if BIOMASSTERS_S2.index(b) in self.sensor_bands["S2"]]
            panels.append(("Sentinel-2", to_display(sample["image_s2"][time_step], rgb
                                                    if len(rgb) == 3 else [0])))
        if "image_s1" in sample:
            panels.append(("Sentinel-1", to_display(sample["image_s1"][time_step], [0])))
        if "mask" in sample:
            panels.append(("biomass", np.asarray(sample["mask"])))
        if "prediction" in sample:
            panels.append(("prediction", np.asarray(sample["prediction"])))
        return plot_panels(panels, show_titles, suptitle, grey="YlGn")

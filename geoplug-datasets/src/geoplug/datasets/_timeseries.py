"""Sentinel-2 time-series chips cut from loose-file tiles (Radiant Earth crop datasets).

Benin cashews and CV4A Kenya share everything but their layout: a file tree fetched as is,
chips of ``chip_size`` px every ``stride`` px, ``image`` ``[T,C,H,W]`` samples and a plot of
one date. That shared part lives here; each dataset indexes its own tiles.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from geoplug.core.download import fetch
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._tiling import Chip, chip_footprints

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["TimeSeriesChipDataset"]


class TimeSeriesChipDataset(NonGeoDataset):
    """Chips of a time series of tiles; subclasses fill ``self.chips`` in ``_load``."""

    chips: list[Chip]

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        chip_size: int = 256,
        stride: int = 128,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band, or a non-positive ``chip_size``/``stride``.
            DatasetNotFoundError: files absent and ``download`` is False.
            InvalidDataError: the files on disk are incomplete or unreadable.
        """
        if chip_size <= 0 or stride <= 0:
            raise ValueError(f"{self.name}: chip_size and stride must be positive")
        self.chip_size = chip_size
        self.stride = stride
        super().__init__(root, split, bands, transforms, download, checksum)

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Fetch the publisher's file tree (no archive) when asked.

        Raises:
            DatasetNotFoundError: files absent and ``download`` is False.
            OSError: a download failed.
        """
        if self._exists():
            return
        if not download:
            raise DatasetNotFoundError(self.name, self.root)
        fetch(self._needed(), self.root, checksum)

    def __len__(self) -> int:
        return len(self.chips)

    def footprints(self) -> list[tuple[int, int, int, int, int]]:
        return chip_footprints(self.chips)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None,
             time_step: int = 0) -> Figure:
        """The image at ``time_step`` (true colour when the RGB bands are selected) and masks.

        Raises:
            IndexError: ``time_step`` is outside the series.
        """
        from geoplug.core.plot import plot_sample

        image = sample["image"]
        if not -image.shape[0] <= time_step < image.shape[0]:
            raise IndexError(f"{self.name}: time_step {time_step} is outside the "
                             f"{image.shape[0]} dates of the sample")
        frame = {k: v for k, v in sample.items() if k in ("mask", "prediction")}
        frame["image"] = image[time_step]
        dates = sample.get("dates")
        title = suptitle or (f"{dates[time_step]}" if dates else None)
        return plot_sample(frame, rgb_indices=self.rgb_indices, classes=self.classes,
                           show_titles=show_titles, suptitle=title)

"""Air Quality (UCI): hourly pollutant concentrations and sensor responses of an Italian city.

Two forms of the UCI release are read from ``root``:

* ``data.csv`` (``https://archive.ics.uci.edu/static/public/360/data.csv``, what
  ``download=True`` fetches): comma-separated, decimal points;
* ``AirQualityUCI.csv`` from the repository's ``air+quality.zip`` (extracted when the zip
  lies in ``root``): semicolon-separated with decimal commas, two empty trailing columns and
  empty trailing rows.

Both have the columns ``Date``, ``Time`` and the 13 variables of :attr:`AirQuality.all_bands`;
``-200`` marks a missing value, read as NaN.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["AirQuality"]

_UCI = "https://archive.ics.uci.edu/static/public/360"
#: the table's names, in order of preference, and the repository's archive of the second
TABLES = ("data.csv", "AirQualityUCI.csv")
ARCHIVE = "air+quality.zip"
MISSING = -200.0


class AirQuality(NonGeoDataset, spec=spec("air_quality")):
    """Windows of the hourly series: ``past_steps`` hours in, the next ``future_steps`` out.

    Samples: ``image`` float32 ``[past_steps, C, 1, 1]`` (the selected ``bands`` as channels,
    one time step per hour), ``label`` float32 ``[future_steps * k]`` (the ``targets``
    variables of the following hours, hour-major; default all selected bands), ``future``
    the same as ``[future_steps, k]``, and ``time`` (ISO 8601 of the first hour, whichever
    of the two tables was read). Missing values are NaN. ``normalize=True`` standardises
    each window by its past's per-variable mean and standard deviation, as TorchGeo's loader
    does. There is no
    official split: ``train`` holds every window; no checksum is published.

    Citation: S. De Vito, E. Massera, M. Piga, L. Martinotto, G. Di Francia, "On field
    calibration of an electronic nose for benzene estimation in an urban pollution
    monitoring scenario", Sensors and Actuators B 129(2), 2008, doi:10.1016/j.snb.2007.09.060.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=f"{_UCI}/{TABLES[0]}", filename=TABLES[0], extract=False),)

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        past_steps: int = 3,
        future_steps: int = 1,
        targets: Sequence[str] | None = None,
        normalize: bool = False,
    ) -> None:
        """
        Args:
            past_steps: hours in the input window.
            future_steps: hours to predict after it.
            targets: variables to predict (default: the selected ``bands``).
            normalize: standardise each window by its past's mean and std.

        Raises:
            ValueError: unknown split, band or target, or steps below 1.
            DatasetNotFoundError: no table (nor the zip) in ``root`` and ``download`` is
                False.
            InvalidDataError: the table lacks a variable's column or holds a non-number.
        """
        if past_steps < 1 or future_steps < 1:
            raise ValueError(f"air_quality: past_steps and future_steps must be at least 1, "
                             f"got {past_steps} and {future_steps}")
        if normalize and past_steps < 2:  # one hour has no standard deviation
            raise ValueError("air_quality: normalize=True needs past_steps >= 2")
        self.past_steps = past_steps
        self.future_steps = future_steps
        self.normalize = normalize
        super().__init__(root, split, bands, transforms, download, checksum)
        self.targets = self.select_bands(targets) if targets is not None else self.bands
        self.target_indices = [self.all_bands.index(t) for t in self.targets]

    # -- files ------------------------------------------------------------------------------
    def _table(self) -> Path | None:
        return next((self.root / n for n in TABLES if (self.root / n).is_file()), None)

    def _exists(self) -> bool:
        return self._table() is not None

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract ``air+quality.zip`` lying in ``root``, else download ``data.csv``.

        Raises:
            DatasetNotFoundError: neither is there and ``download`` is False.
            OSError: the download failed.
            InvalidDataError: the zip holds no ``AirQualityUCI.csv``.
        """
        if self._exists():
            return
        if (self.root / ARCHIVE).is_file():
            fetch([Resource(url=f"{_UCI}/{ARCHIVE}", filename=ARCHIVE)], self.root, checksum)
        elif download:
            fetch(self.resources, self.root, checksum)
        else:
            raise DatasetNotFoundError(self.name, self.root, hint=(
                f"Pass download=True to fetch {_UCI}/{TABLES[0]}, or put the repository's "
                f"{ARCHIVE} (or its {TABLES[1]}) in root."))
        if not self._exists():
            raise InvalidDataError(f"{self.name}: no {' or '.join(TABLES)} in {self.root} "
                                   f"after extracting {ARCHIVE}; download it again")

    def _load(self) -> None:
        """Read every row with a date into ``values`` ``[N, 13]`` (NaN where missing).

        Raises:
            InvalidDataError: a variable's column is absent or a cell is not a number.
        """
        path = self._table()
        assert path is not None
        with open(path, newline="", encoding="utf-8-sig") as f:
            text = f.read()
        semicolons = text.split("\n", 1)[0].count(";") > 0
        rows = list(csv.reader(text.splitlines(), delimiter=";" if semicolons else ","))
        header = [h.strip() for h in rows[0]] if rows else []
        missing = [v for v in (*self.all_bands, "Date", "Time") if v not in header]
        if missing:
            raise InvalidDataError(f"{self.name}: {path} has no column(s) {missing}; is it "
                                   "the UCI Air Quality table?")
        columns = [header.index(v) for v in self.all_bands]
        date, time = header.index("Date"), header.index("Time")
        values: list[list[float]] = []
        self.times: list[str] = []
        for number, row in enumerate(rows[1:], start=2):
            if len(row) <= date or not row[date].strip():
                continue  # the empty trailing rows of AirQualityUCI.csv
            if len(row) <= max(columns):  # a cut row: skipping it would shift every window
                raise InvalidDataError(f"{self.name}: line {number} of {path} has {len(row)} "
                                       "cells, fewer than the header; download it again")
            try:
                cells = [float(row[c].replace(",", ".") if semicolons else row[c])
                         if row[c].strip() else math.nan for c in columns]
            except ValueError as exc:
                raise InvalidDataError(f"{self.name}: line {number} of {path} holds a "
                                       f"non-number ({exc})") from None
            values.append([math.nan if v == MISSING else v for v in cells])
            self.times.append(_iso_time(row[date], row[time], semicolons, path, number))
        self.values = np.array(values, dtype=np.float64).reshape(-1, len(self.all_bands))

    def _empty_reason(self) -> str:
        return (f"the table has {len(self.values)} rows, fewer than past_steps + future_steps "
                f"= {self.past_steps + self.future_steps}")

    def __len__(self) -> int:
        return max(0, len(self.values) - self.past_steps - self.future_steps + 1)

    # -- samples ----------------------------------------------------------------------------
    def __getitem__(self, index: int) -> Sample:
        import torch

        if not -len(self) <= index < len(self):
            raise IndexError(f"{self.name}: index {index} is outside the {len(self)} windows")
        index %= len(self)
        cut = index + self.past_steps
        past = self.values[index:cut]
        future = self.values[cut:cut + self.future_steps][:, self.target_indices]
        inputs = past[:, self.band_indices]
        if self.normalize:
            with np.errstate(invalid="ignore"):
                mean, std = np.nanmean(past, axis=0), np.nanstd(past, axis=0, ddof=1)
            scale = std + 1e-12
            inputs = (inputs - mean[self.band_indices]) / scale[self.band_indices]
            future = (future - mean[self.target_indices]) / scale[self.target_indices]
        sample: Sample = {
            "image": torch.from_numpy(inputs.astype(np.float32)[:, :, None, None]),
            "label": torch.from_numpy(future.astype(np.float32).reshape(-1)),
            "future": torch.from_numpy(future.astype(np.float32)),
            "time": self.times[index],
        }
        return self._apply(sample)

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """Each target's past hours and the hours to predict (and any prediction)."""
        import matplotlib.pyplot as plt

        image = np.asarray(sample["image"])[:, :, 0, 0]
        future = np.asarray(sample["future"])
        shown = [t for t in self.targets if t in self.bands]
        fig, axes = plt.subplots(1, max(1, len(shown)), figsize=(3.5 * max(1, len(shown)), 3),
                                 squeeze=False)
        steps = image.shape[0]
        for ax, name in zip(axes[0], shown):
            ax.plot(range(steps), image[:, self.bands.index(name)], "o-", label="past")
            ax.plot(range(steps, steps + future.shape[0]), future[:, self.targets.index(name)],
                    "s-", label="future")
            if "prediction" in sample:
                pred = np.asarray(sample["prediction"]).reshape(future.shape)
                ax.plot(range(steps, steps + future.shape[0]),
                        pred[:, self.targets.index(name)], "x--", label="prediction")
            if show_titles:
                ax.set_title(name)
        axes[0][0].legend(fontsize=7)
        if suptitle:
            fig.suptitle(suptitle)
        elif show_titles and "time" in sample:
            fig.suptitle(f"from {sample['time']}")
        fig.tight_layout()
        return fig


#: how each table writes its dates: UCI's zip day first with dotted times; data.csv month first
_TIME_FORMATS = {True: ("%d/%m/%Y %H.%M.%S",), False: ("%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S")}


def _iso_time(date: str, time: str, semicolons: bool, path: Path, number: int) -> str:
    """``date`` and ``time`` of a row as ISO 8601, the same whichever table they come from.

    Raises:
        InvalidDataError: neither the table's date format.
    """
    from datetime import datetime

    stamp = f"{date.strip()} {time.strip()}"
    for layout in _TIME_FORMATS[semicolons]:
        try:
            return datetime.strptime(stamp, layout).isoformat()
        except ValueError:
            continue
    raise InvalidDataError(f"air_quality: line {number} of {path} has the date {stamp!r}, in "
                           f"none of the formats {', '.join(_TIME_FORMATS[semicolons])}")

"""SKIPP'D: sky images and photovoltaic power for short-term solar forecasting (Nie et al.).

The benchmark release (Stanford Digital Repository, druid ``dj417rh1007``) is three files:

* ``2017_2019_images_pv_processed.hdf5``: groups ``trainval`` and ``test``, each holding
  ``images_log`` (``[N, 64, 64, 3]`` uint8 sky images, one per minute of daylight, 2017-03 to
  2019-12) and ``pv_log`` (``[N]`` PV output of a 30.1 kW array, kW, the minute's average);
* ``times_trainval.npy`` / ``times_test.npy``: the time stamps (local time) of those rows,
  stored as an object array of ``datetime`` (so reading them unpickles the publisher's file).

Tasks (the publisher's two use cases): ``nowcast``, one image -> the concurrent PV output;
``forecast``, the images of the last ``history`` minutes -> the PV output ``horizon`` minutes
after the last one (16 frames and 15 minutes in the paper). Forecast samples are built from
the time stamps: only windows of consecutive minutes whose target minute is also recorded.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._sequences import channels_first, open_h5, read_h5, regular_windows

__all__ = ["SKIPPD"]

_URL = "https://stacks.stanford.edu/file/druid:dj417rh1007/"
_DATA = "2017_2019_images_pv_processed.hdf5"
_TASKS = ("nowcast", "forecast")


class SKIPPD(NonGeoDataset, spec=spec("skippd")):
    """SKIPP'D sky images -> PV output (kW), ``label`` float32 scalar.

    ``nowcast``: ``image`` float32 ``[3, 64, 64]``. ``forecast``: ``image`` float32
    ``[history, 3, 64, 64]`` (oldest first) and ``pv_history`` float32 ``[history]``, the PV
    output of those minutes; ``label`` is the output ``horizon`` minutes after the last frame.
    Files are looked for in ``root`` and in ``root/dj417rh1007`` (the repository's bulk zip).
    The Stanford repository publishes no checksum the loader could check.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=_URL + _DATA, filename=_DATA, extract=False),
        Resource(url=_URL + "times_trainval.npy", filename="times_trainval.npy",
                 extract=False, splits=("trainval",)),
        Resource(url=_URL + "times_test.npy", filename="times_test.npy", extract=False,
                 splits=("test",)),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "trainval",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        task: str = "nowcast",
        history: int = 16,
        horizon: int = 15,
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or task, or ``history``/``horizon`` below 1.
            DatasetNotFoundError: the files are absent and ``download`` is False.
            InvalidDataError: the HDF5 file lacks the split's arrays, or the time stamps do
                not match them.
        """
        if task not in _TASKS:
            raise ValueError(f"skippd: task {task!r} is not one of {', '.join(_TASKS)}")
        if history < 1 or horizon < 1:
            raise ValueError("skippd: history and horizon are at least 1 (minute)")
        self.mode, self.history, self.horizon = task, history, horizon
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- files ------------------------------------------------------------------------------
    def _folder(self) -> Path:
        nested = self.root / "dj417rh1007"
        return nested if (nested / _DATA).is_file() else self.root

    def _times_path(self) -> Path:
        return self._folder() / f"times_{self.split}.npy"

    def _needed(self) -> list[Resource]:
        needed = super()._needed()
        return needed if self.mode == "forecast" else [r for r in needed if r.filename == _DATA]

    def _exists(self) -> bool:
        return (self._folder() / _DATA).is_file() and (
            self.mode == "nowcast" or self._times_path().is_file())

    def _load(self) -> None:
        self.path = self._folder() / _DATA
        with open_h5(self.path) as f:
            count = len(f[f"{self.split}/pv_log"]) if f"{self.split}/pv_log" in f else None
        if count is None:
            raise InvalidDataError(f"skippd: {self.path} has no {self.split}/pv_log; is it "
                                   "the publisher's 2017_2019_images_pv_processed.hdf5?")
        if self.mode == "nowcast":
            self.rows = [np.array([i]) for i in range(count)]
            self.targets = list(range(count))
            return
        minutes = self._minutes(count)
        order = np.argsort(minutes, kind="stable")
        sorted_minutes = minutes[order]
        row_of = {int(m): int(r) for m, r in zip(sorted_minutes, order)}
        self.rows, self.targets = [], []
        for end in regular_windows(sorted_minutes, self.history, 1):
            target = row_of.get(int(sorted_minutes[end]) + self.horizon)
            if target is not None:
                self.rows.append(order[end - self.history + 1:end + 1])
                self.targets.append(target)

    def _minutes(self, count: int) -> np.ndarray:
        """Minutes since the epoch of each row, from ``times_<split>.npy``.

        Raises:
            InvalidDataError: the file does not hold one time stamp per row.
        """
        path = self._times_path()
        try:
            times = np.load(path, allow_pickle=True)  # object array of datetime
            stamps = np.asarray(times, dtype="datetime64[m]").astype(np.int64)
        except (OSError, ValueError, TypeError, EOFError, pickle.UnpicklingError) as exc:
            raise InvalidDataError(f"skippd: cannot read time stamps from {path}: {exc}") from exc
        if stamps.shape != (count,):
            raise InvalidDataError(f"skippd: {path} holds {stamps.shape} time stamps but the "
                                   f"{self.split} group has {count} rows")
        return stamps

    def _empty_reason(self) -> str:
        return (f"no run of {self.history} consecutive minutes with a record {self.horizon} "
                "minutes later" if self.mode == "forecast" else "the split has no row")

    # -- samples ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.targets)

    def __getitem__(self, index: int) -> Sample:
        import torch

        rows = self.rows[index]
        images, power = f"{self.split}/images_log", f"{self.split}/pv_log"
        with open_h5(self.path) as f:
            frames = np.stack([read_h5(f, images, int(r)) for r in rows])
            target = float(read_h5(f, power, self.targets[index]))
            past = [float(read_h5(f, power, int(r))) for r in rows]
        image = channels_first(frames, self.band_indices).astype(np.float32)
        sample: Sample = {"label": torch.tensor(target, dtype=torch.float32)}
        if self.mode == "nowcast":
            sample["image"] = torch.from_numpy(image[0])
        else:
            sample["image"] = torch.from_numpy(image)
            sample["pv_history"] = torch.tensor(past, dtype=torch.float32)
        return self._apply(sample)

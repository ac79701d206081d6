"""ZueriCrop: Sentinel-2 time series of crop fields in the Swiss cantons of Zurich and Thurgau.

The publisher ships one HDF5 file, ``ZueriCrop.hdf5``, with datasets ``data``
(N x 71 dates x 24 x 24 px x 9 bands, L2A reflectance), ``gt`` (N x 24 x 24 x 1, per-pixel
crop label) and ``gt_instance`` (N x 24 x 24 x 1, field id), plus ``labels.csv`` describing
the label hierarchy. There is no official split: ``"train"`` is the whole file. Samples are
read one patch at a time from the open HDF5 file (never the whole array).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec

__all__ = ["ZueriCrop"]


def _plane(label: np.ndarray) -> np.ndarray:
    """An int64 ``[H, W]`` label from the file's ``[H, W, 1]`` (or already ``[H, W]``) patch."""
    return (label[..., 0] if label.ndim == 3 else label).astype(np.int64)


class ZueriCrop(NonGeoDataset, spec=spec("zuericrop")):
    """``image`` float32 [T,C,H,W], ``mask`` int64 [H,W] (crop label), ``instance`` [H,W]."""

    filename = "ZueriCrop.hdf5"
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="https://polybox.ethz.ch/index.php/s/uXfdr2AcXE3QNB6/download",
                 filename="ZueriCrop.hdf5", md5="1635231df67f3d25f4f1e62c98e221a4",
                 extract=False),
        Resource(url="https://raw.githubusercontent.com/0zgur0/multi-stage-convSTAR-network/"
                     "fa92b5b3cb77f5171c5c3be740cd6e6395cc29b6/labels.csv",
                 filename="labels.csv", md5="5118398c7a5bbc246f5f6bb35d8d529b", extract=False),
    )

    def _exists(self) -> bool:
        return (self.root / self.filename).is_file()

    def _load(self) -> None:
        import h5py

        path = self.root / self.filename
        try:
            with h5py.File(path, "r") as f:
                shape = f["data"].shape
                missing = [k for k in ("gt", "gt_instance") if k not in f]
        except (OSError, KeyError) as exc:
            raise InvalidDataError(f"{self.name}: cannot read {path}: {exc}; the file may be "
                                   "truncated — delete it and download again") from exc
        if missing or len(shape) != 5 or shape[-1] != len(self.all_bands):
            raise InvalidDataError(f"{self.name}: {path} has data {shape} and lacks {missing}; "
                                   "expected N x T x H x W x 9 plus gt and gt_instance")
        self.length = shape[0]
        self._file: Any = None

    def __len__(self) -> int:
        return self.length

    def __getstate__(self) -> dict[str, Any]:
        # h5py handles cannot cross a fork/spawn: each DataLoader worker reopens the file
        return {**self.__dict__, "_file": None}

    def __getitem__(self, index: int) -> Sample:
        import h5py
        import torch

        if not 0 <= index < self.length:
            raise IndexError(f"{self.name}: index {index} out of range 0..{self.length - 1}")
        if self._file is None:
            self._file = h5py.File(self.root / self.filename, "r")
        data = self._file["data"][index]  # T, H, W, C
        image = np.ascontiguousarray(data[..., self.band_indices].transpose(0, 3, 1, 2))
        mask = _plane(self._file["gt"][index])
        instance = _plane(self._file["gt_instance"][index])
        return self._apply({"image": torch.from_numpy(image.astype(np.float32)),
                            "mask": torch.from_numpy(mask),
                            "instance": torch.from_numpy(instance)})

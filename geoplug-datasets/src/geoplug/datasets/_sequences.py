"""Shared readers of HDF5 chips and image sequences.

Several recent benchmarks ship their chips inside HDF5 files (SKIPP'D, QuakeSet, CaBuAr,
ChaBuD, Digital Typhoon) and several are sequences of images taken at a regular interval
(SKIPP'D forecast, Digital Typhoon, BioMassters). What they share lives here:

* :func:`open_h5` / :func:`read_h5`: open a file read-only with errors that say what is wrong;
* :func:`channels_first`: ``[H, W, C]`` arrays (how these files store bands) to ``[C, H, W]``;
* :func:`regular_windows`: the windows of ``length`` items spaced exactly ``step`` apart in a
  sorted time axis (consecutive minutes, hours, ...), the samples of a sequence task;
* :class:`FoldH5ChangeDataset`: pre/post image pairs with a mask, one HDF5 group per patch
  and a ``fold`` attribute choosing the split (CaBuAr, ChaBuD and any such release).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample

__all__ = ["FoldH5ChangeDataset", "channels_first", "open_h5", "read_h5", "regular_windows"]


@contextmanager
def open_h5(path: Path) -> Iterator[Any]:
    """The HDF5 file at ``path`` opened read-only (an ``h5py.File``).

    Raises:
        InvalidDataError: the file is not HDF5 or is truncated.
    """
    import h5py

    with suppress(ImportError):  # registers the BZip2/LZ4 filters some publishers use (CaBuAr)
        import hdf5plugin  # noqa: F401
    try:
        handle = h5py.File(path, "r")
    except OSError as exc:
        raise InvalidDataError(
            f"cannot open {path} as HDF5 ({exc}); the file is corrupt or was not fully "
            "downloaded — delete it and download again"
        ) from exc
    with handle:
        yield handle


def read_h5(handle: Any, key: str, index: int | slice | None = None) -> np.ndarray:
    """The dataset ``key`` (``"group/name"``) of an open file, or one item of it.

    Raises:
        InvalidDataError: the file has no such dataset (another release, or a damaged file).
    """
    try:
        node = handle[key]
    except KeyError as exc:
        raise InvalidDataError(
            f"{handle.filename} has no dataset {key!r} (it has {sorted(handle.keys())[:8]}); "
            "is this the publisher's release of the file?"
        ) from exc
    try:
        return np.asarray(node[()] if index is None else node[index])
    except OSError as exc:  # h5py: "Can't read data (required filter ... is not registered)"
        raise InvalidDataError(
            f"cannot read {key!r} of {handle.filename}: {exc}; if a compression filter is "
            "missing, `pip install hdf5plugin` (the publisher compressed it with one)"
        ) from exc


def channels_first(array: np.ndarray, band_indices: Sequence[int] | None = None
                   ) -> np.ndarray:
    """``[..., H, W, C]`` to ``[..., C, H, W]``, keeping ``band_indices`` (all when None).

    Raises:
        InvalidDataError: the array has fewer channels than selected.
    """
    if array.ndim == 2:
        array = array[..., None]
    if band_indices is not None:
        if max(band_indices) >= array.shape[-1]:
            raise InvalidDataError(f"an image has {array.shape[-1]} band(s), expected at "
                                   f"least {max(band_indices) + 1}")
        array = array[..., list(band_indices)]
    return np.ascontiguousarray(np.moveaxis(array, -1, -3))


def regular_windows(times: Sequence[int] | np.ndarray, length: int, step: int) -> np.ndarray:
    """Positions of the last item of every window of ``length`` items spaced ``step`` apart.

    ``times`` are sorted integers (minutes, hours, ...) of one sequence; a window ending at
    ``i`` covers ``times[i - length + 1 : i + 1]`` and every gap in it equals ``step``, so a
    gap in the record never hides inside a sample.
    """
    values = np.asarray(times, dtype=np.int64)
    if length < 1:
        raise ValueError(f"a window holds at least one item, not {length}")
    if len(values) < length:
        return np.zeros(0, dtype=np.int64)
    good = np.diff(values) == step  # good[j]: items j and j+1 are one step apart
    # runs[i] = how many one-step gaps lead without a break up to item i
    runs = np.zeros(len(good) + 1, dtype=np.int64)
    for j, ok in enumerate(good):
        runs[j + 1] = runs[j] + 1 if ok else 0
    return np.nonzero(runs >= length - 1)[0]


def _fold_name(value: Any) -> str:
    """A ``fold`` attribute as the text a split lists: ``1``, ``1.0`` (a float attribute)
    and ``b"1"`` are all ``"1"``; other text is kept as it is."""
    if isinstance(value, bytes):
        value = value.decode()
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.item()
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    return str(int(value)) if isinstance(value, (int, np.integer)) else str(value)


class FoldH5ChangeDataset(NonGeoDataset):
    """Pre/post image pairs and a mask, one HDF5 group per patch, split by a ``fold`` attribute.

    Subclasses set ``split_files`` (split -> file under ``root``), ``split_folds`` (split ->
    the fold attribute values it holds, as strings; ``None``: every group of a file that
    holds only that split) and the resources. Each group holds
    ``[H, W, C]`` arrays ``pre_key`` and ``post_key`` and an ``[H, W(, 1)]`` ``mask_key``;
    groups missing one of them are skipped. Samples: ``image`` float32 ``[2, C, H, W]``
    (before, after), ``mask`` int64 ``[H, W]``, ``id`` (the group name).
    """

    split_files: ClassVar[dict[str, str]] = {}
    split_folds: ClassVar[dict[str, tuple[str, ...] | None]] = {}
    pre_key: ClassVar[str] = "pre_fire"
    post_key: ClassVar[str] = "post_fire"
    mask_key: ClassVar[str] = "mask"

    @property
    def path(self) -> Path:
        """The HDF5 file of this split."""
        return self.root / self.split_files[self.split]

    def _exists(self) -> bool:
        return self.path.is_file()

    def _load(self) -> None:
        folds = self.split_folds[self.split]
        needed = (self.pre_key, self.post_key, self.mask_key)
        with open_h5(self.path) as f:
            self.ids = sorted(
                name for name, group in f.items()
                if (folds is None or _fold_name(group.attrs.get("fold", "")) in folds)
                and all(k in group for k in needed)
            )

    def _empty_reason(self) -> str:
        folds = self.split_folds[self.split]
        where = "" if folds is None else f" with fold {'/'.join(folds)}"
        return (f"no group of {self.path}{where} holds all of {self.pre_key}, "
                f"{self.post_key} and {self.mask_key}")

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> Sample:
        import torch

        name = self.ids[index]
        with open_h5(self.path) as f:
            pre = read_h5(f, f"{name}/{self.pre_key}")
            post = read_h5(f, f"{name}/{self.post_key}")
            mask = read_h5(f, f"{name}/{self.mask_key}")
        image = np.stack([channels_first(pre, self.band_indices),
                          channels_first(post, self.band_indices)]).astype(np.float32)
        if mask.ndim == 3:
            mask = mask[..., 0]
        sample: Sample = {"image": torch.from_numpy(image),
                          "mask": torch.from_numpy(mask.astype(np.int64)), "id": name}
        return self._apply(sample)

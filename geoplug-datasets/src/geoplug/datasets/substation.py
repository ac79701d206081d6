"""Substation: power substations in multi-temporal Sentinel-2 stacks (TransitionZero).

The publisher (TransitionZero's public bucket, code at Lindsay-Lab/substation-seg) ships
``image_stack.tar.gz`` and ``mask.tar.gz``, extracting to ``image_stack/<name>.npz`` and
``mask/<name>.npz`` (same names). Each image archive holds ``arr_0``, the revisits of one
location as ``[T, 13, 228, 228]`` (Sentinel-2 B01...B12 with B8A; mostly T = 5); each mask
``arr_0`` ``[228, 228]`` from OpenStreetMap, where value 3 marks a substation. No split is
published, so the one ``train`` split holds every location. No checksums are published.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
import torch

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec

__all__ = ["Substation"]

_URL = ("https://storage.googleapis.com/tz-ml-public/"
        "substation-over-10km2-csv-main-444e360fd2b6444b9018d509d0e4f36e/")
#: mask value of the substation class in the published masks
SUBSTATION_VALUE = 3


def _load_npz(path: Path, what: str) -> np.ndarray:
    try:
        with np.load(path) as data:
            return data["arr_0"]
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InvalidDataError(f"substation: cannot read the {what} {path} (an .npz with "
                               f"arr_0): {exc}; extract the archive again") from exc


class Substation(NonGeoDataset, spec=spec("substation")):
    """Substation chips with their revisits.

    ``time_steps=None`` (default): ``image`` float32 ``[C,228,228]``, the first revisit.
    ``time_steps=k``: ``image`` ``[k,C,228,228]``, the last ``k`` revisits (a location with
    fewer repeats its revisits in order, so that samples batch). ``mask`` int64 ``[H,W]``:
    1 substation, 0 anything else.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=_URL + "image_stack.tar.gz", filename="image_stack.tar.gz"),
        Resource(url=_URL + "mask.tar.gz", filename="mask.tar.gz"),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        time_steps: int | None = None,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band, or ``time_steps`` below 1.
            DatasetNotFoundError: files absent and ``download`` is False.
            InvalidDataError: the folders hold no image with a mask.
        """
        if time_steps is not None and time_steps < 1:
            raise ValueError(f"substation: time_steps must be at least 1 (or None for one "
                             f"image), got {time_steps}")
        self.time_steps = time_steps
        super().__init__(root, split, bands, transforms, download, checksum)

    def _base(self) -> Path:
        """``root``, or ``root/substation`` as earlier releases were laid out."""
        nested = self.root / "substation"
        return nested if not (self.root / "image_stack").is_dir() and nested.is_dir() \
            else self.root

    def _exists(self) -> bool:
        base = self._base()
        return (base / "image_stack").is_dir() and (base / "mask").is_dir()

    def _load(self) -> None:
        base = self._base()
        self.images = [p for p in sorted((base / "image_stack").glob("*.npz"))
                       if (base / "mask" / p.name).is_file()]
        self.mask_dir = base / "mask"

    def _empty_reason(self) -> str:
        return "image_stack/ holds no .npz with a mask/ file of the same name"

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int) -> Sample:
        path = self.images[index]
        stack = _load_npz(path, "image stack")
        if stack.ndim == 3:  # a single revisit
            stack = stack[None]
        if stack.ndim != 4 or stack.shape[1] != len(self.all_bands):
            raise InvalidDataError(f"substation: {path} holds an array of shape "
                                   f"{stack.shape}, expected [T, 13, H, W]")
        if self.time_steps is None:
            image = stack[0][self.band_indices]
        else:
            count = stack.shape[0]
            order = [(count - self.time_steps + t) % count for t in range(self.time_steps)] \
                if count >= self.time_steps else [t % count for t in range(self.time_steps)]
            image = stack[order][:, self.band_indices]
        mask = np.squeeze(_load_npz(self.mask_dir / path.name, "mask"))
        sample: Sample = {
            "image": torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32)),
            "mask": torch.from_numpy((mask == SUBSTATION_VALUE).astype(np.int64)),
        }
        return self._apply(sample)

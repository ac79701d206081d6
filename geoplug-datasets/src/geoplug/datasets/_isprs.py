"""Shared reader of the ISPRS 2D semantic labelling benchmarks (Potsdam, Vaihingen).

Both ship large orthophoto tiles with colour-coded label images (one RGB colour per class) and
split the tiles into official train and test sets. Chips are read as windows of the tiles and
the label colours are mapped to class indices, so a model sees ``mask`` int64 ``[H,W]``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
import torch

from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._tiling import Chip, chip_footprints, chip_windows, raster_size, read_window

__all__ = ["UNKNOWN", "ISPRSDataset", "rgb_to_index"]

#: Class colours of the ISPRS benchmark, in the order of the specs' ``classes``
#: (``_catalog.segmentation.ISPRS_CLASSES``).
ISPRS_COLORS: tuple[tuple[int, int, int], ...] = (
    (255, 0, 0),  # clutter/background
    (255, 255, 255),  # impervious surfaces
    (0, 0, 255),  # building
    (0, 255, 255),  # low vegetation
    (0, 255, 0),  # tree
    (255, 255, 0),  # car
)


#: mask value of a label colour that names no class (the eroded references' black boundary,
#: a stray colour): ignored by losses and metrics (the specs' ``ignore_index``)
UNKNOWN = 255


def rgb_to_index(rgb: np.ndarray, colors: Sequence[tuple[int, int, int]],
                 unknown: int = UNKNOWN) -> np.ndarray:
    """Map a ``[3,H,W]`` colour-coded label image to class indices ``[H,W]`` (int64).

    Pixels of a colour that is not in ``colors`` become ``unknown``: by default the ignore
    value, not a class (clutter is a scored class of the benchmark; a boundary or stray
    colour taken for it was trained and scored as clutter).
    """
    packed = (rgb[0].astype(np.int64) << 16) | (rgb[1].astype(np.int64) << 8) | rgb[2]
    out = np.full(packed.shape, unknown, dtype=np.int64)
    for index, (r, g, b) in enumerate(colors):
        out[packed == ((r << 16) | (g << 8) | b)] = index
    return out


class ISPRSDataset(NonGeoDataset):
    """Chips of ISPRS orthophoto tiles with their 6-class masks.

    ``patch_size`` (pixels, ``None`` for whole tiles) and ``stride`` (default: ``patch_size``)
    set the chip grid; each chip is a windowed read of the tile and of its label image.
    Subclasses take their facts (classes, splits, bands) from their spec.
    """

    colors: ClassVar[tuple[tuple[int, int, int], ...]] = ISPRS_COLORS
    #: tile names of each official split
    split_tiles: ClassVar[dict[str, tuple[str, ...]]] = {}
    default_patch_size: ClassVar[int | None] = 512
    #: page where the publisher hands the archives out on request (no direct download)
    request_page: ClassVar[str] = ""

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        patch_size: int | None = -1,
        stride: int | None = None,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band, or a non-positive ``patch_size``/``stride``.
            DatasetNotFoundError: no tile of the split is present and ``download`` is False.
            ChecksumError: ``checksum`` is True and an archive does not match.
            InvalidDataError: a tile or label image cannot be read.
        """
        self.patch_size = self.default_patch_size if patch_size == -1 else patch_size
        if self.patch_size is not None and self.patch_size <= 0:
            raise ValueError(f"{self.name}: patch_size must be positive or None")
        self.stride = stride
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layout (subclasses) ------------------------------------------------------------------
    def _image_path(self, tile: str) -> Path:
        raise NotImplementedError

    def _label_path(self, tile: str) -> Path:
        raise NotImplementedError

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Refuse to "download" the publisher's request page instead of an archive.

        Raises:
            DatasetNotFoundError: the files are absent and can only be obtained on request.
        """
        manual = [r for r in self._needed() if r.url == self.request_page]
        if download and manual and not self._exists() and not all(
                (self.root / r.filename).is_file() for r in manual):
            raise DatasetNotFoundError(
                self.name, self.root,
                hint=f"ISPRS distributes this benchmark on request ({self.request_page}); put "
                f"{', '.join(r.filename for r in manual)} in {self.root} and run again.",
            )
        super()._prepare(download, checksum)

    # -- NonGeoDataset ------------------------------------------------------------------------
    def _present(self) -> list[str]:
        return [t for t in self.split_tiles[self.split]
                if self._image_path(t).is_file() and self._label_path(t).is_file()]

    def _exists(self) -> bool:
        return bool(self._present())

    def _load(self) -> None:
        self.tiles = self._present()
        self.chips: list[Chip] = []
        for i, tile in enumerate(self.tiles):
            width, height = raster_size(self._image_path(tile))
            self.chips.extend(Chip(i, w) for w in chip_windows(width, height, self.patch_size,
                                                               self.stride))

    def __len__(self) -> int:
        return len(self.chips)

    def footprints(self) -> list[tuple[int, int, int, int, int]]:
        return chip_footprints(self.chips)

    def __getitem__(self, index: int) -> Sample:
        chip = self.chips[index]
        tile = self.tiles[chip.tile]
        image, geo = read_window(self._image_path(tile), chip.window,
                                 [i + 1 for i in self.band_indices])
        label, _ = read_window(self._label_path(tile), chip.window, [1, 2, 3])
        sample: Sample = {
            "image": torch.from_numpy(image.astype(np.float32)),
            "mask": torch.from_numpy(rgb_to_index(label, self.colors)),
            **geo,
        }
        return self._apply(sample)

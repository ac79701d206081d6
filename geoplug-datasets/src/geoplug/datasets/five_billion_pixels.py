"""Five-Billion-Pixels: 150 Gaofen-2 scenes with 24 land-cover classes (the GID extension).

The release is a set of sibling folders (Google Drive / Baidu, no single archive), of which
this loader reads ``Image__8bit_NirRGB/<scene>.tiff`` (4-band 8-bit NIR, R, G, B, about
6800x7200 px at 4 m) and ``Annotation__index/<scene>_24label.png`` (class indices 0-24,
0 = unlabelled). ``Annotation__color/``, ``Image_16bit_BGRNir/`` and ``Coordinate_files/``
may sit beside them and are ignored. The 8-bit TIFFs are stored with a CMYK (separated)
photometric tag, which GDAL would convert to RGBA; they are opened with the ``GTIFF_RAW:``
prefix so the four bands are read exactly as stored. There is no official split: ``"train"``
holds every scene.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_five_billion_pixels import FBP_HOMEPAGE
from geoplug.datasets._seg_modern import locate
from geoplug.datasets._tiling import (
    Chip,
    check_chip_args,
    chip_footprints,
    chip_windows,
    raster_size,
    read_window,
)

__all__ = ["FiveBillionPixels"]

IMAGE_DIR = "Image__8bit_NirRGB"
INDEX_DIR = "Annotation__index"
SUFFIXES = (".tiff", ".tif")


def raw(path: Path) -> str:
    """GDAL's name for ``path`` that keeps the stored bands (no CMYK -> RGBA conversion)."""
    return f"GTIFF_RAW:{path}"


class FiveBillionPixels(NonGeoDataset, spec=spec("five_billion_pixels")):
    """Five-Billion-Pixels chips: windows of the large Gaofen-2 scenes.

    Samples: ``image`` float32 ``[C,H,W]`` (NIR, R, G, B by default), ``mask`` int64
    ``[H,W]`` (0 unlabelled, 1-24 the classes). ``patch_size`` (default 512, ``None`` for
    whole scenes) and ``stride`` (default ``patch_size``) set the chip grid; chips are
    windowed reads, never whole scenes.

    Citation: Tong, Xia and Zhu, "Enabling country-scale land cover mapping with
    meter-resolution satellite imagery", ISPRS J. Photogramm. Remote Sens. 196, 2023.
    """

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        patch_size: int | None = 512,
        stride: int | None = None,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band, or a non-positive ``patch_size``/``stride``.
            DatasetNotFoundError: the image folder is absent (it cannot be downloaded).
            InvalidDataError: a scene cannot be read or lacks its annotation.
        """
        check_chip_args("five_billion_pixels", patch_size, stride)
        self.patch_size = patch_size
        self.stride = stride
        super().__init__(root, split, bands, transforms, download, checksum)

    @property
    def base(self) -> Path:
        """The release folder: ``root`` or the one folder below it holding the images."""
        return locate(self.root, IMAGE_DIR)

    def _images(self) -> list[Path]:
        folder = self.base / IMAGE_DIR
        return sorted(p for p in folder.glob("*") if p.suffix.lower() in SUFFIXES)

    def _mask_path(self, image: Path) -> Path:
        return self.base / INDEX_DIR / f"{image.stem}_24label.png"

    def _exists(self) -> bool:
        return (self.base / IMAGE_DIR).is_dir()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """The publisher shares folders on Google Drive / Baidu only: nothing to fetch.

        Raises:
            DatasetNotFoundError: the image folder is not under ``root``.
        """
        if not self._exists():
            raise DatasetNotFoundError(
                self.name, self.root,
                hint=f"Download the {IMAGE_DIR}/ and {INDEX_DIR}/ folders from "
                     f"{FBP_HOMEPAGE} (Google Drive or Baidu) and put them in {self.root}.")

    def _load(self) -> None:
        self.images = self._images()
        self.chips: list[Chip] = []
        for i, image in enumerate(self.images):
            if not self._mask_path(image).is_file():
                raise InvalidDataError(
                    f"five_billion_pixels: {image.name} has no annotation "
                    f"{self._mask_path(image)}; download the {INDEX_DIR}/ folder again")
            width, height = raster_size(raw(image))
            self.chips.extend(Chip(i, w) for w in chip_windows(width, height, self.patch_size,
                                                               self.stride))

    def _empty_reason(self) -> str:
        return (f"{self.base / IMAGE_DIR} holds no <scene>.tiff image; download the folder "
                "again")

    def __len__(self) -> int:
        return len(self.chips)

    def footprints(self) -> list[tuple[int, int, int, int, int]]:
        return chip_footprints(self.chips)

    def __getitem__(self, index: int) -> Sample:
        chip = self.chips[index]
        path = self.images[chip.tile]
        image, geo = read_window(raw(path), chip.window, [i + 1 for i in self.band_indices])
        mask, _ = read_window(self._mask_path(path), chip.window, [1])
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32)),
                          "mask": torch.from_numpy(mask[0].astype(np.int64)), **geo}
        return self._apply(sample)

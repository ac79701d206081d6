"""GID-15: Gaofen-2 scenes with 15 fine land-cover classes (plus background).

The distributed ``gid-15.zip`` holds ``GID/img_dir/{train,val,test}/<scene>.tif`` (Gaofen-2
scenes of about 7200x6800 px, true-colour R, G, B, uint8) and
``GID/ann_dir/{train,val}/<scene>_15label.png`` (single-band class indices 0-15,
0 = background). The test split has no annotations. A copy without the ``GID/`` level
(``img_dir/`` directly in the root) is read too.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
import torch

from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._tiling import (
    Chip,
    check_chip_args,
    chip_footprints,
    chip_windows,
    raster_size,
    read_window,
)

__all__ = ["GID15"]


class GID15(NonGeoDataset, spec=spec("gid15")):
    """GID-15 chips: windows of the large Gaofen-2 scenes.

    Samples: ``image`` float32 ``[C,H,W]`` (R, G, B), ``mask`` int64 ``[H,W]`` (class indices,
    0 background, 1-15 the classes; absent in the test split). ``patch_size`` (default 512,
    ``None`` for whole scenes) and ``stride`` (default ``patch_size``) set the chip grid;
    chips are windowed reads, never whole scenes.

    Citation: Tong et al., "Land-cover classification with high-resolution remote sensing
    images using transferable deep models", Remote Sensing of Environment 237, 2020.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="https://drive.google.com/uc?export=download&id="
                     "1zbkCEXPEKEV6gq19OKmIbaT8bXXfWW6u",
                 filename="gid-15.zip", md5="615682bf659c3ed981826c6122c10c83"),
    )

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
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and the archive does not match.
            InvalidDataError: a scene cannot be read or lacks its annotation.
        """
        check_chip_args("gid15", patch_size, stride)
        self.patch_size = patch_size
        self.stride = stride
        super().__init__(root, split, bands, transforms, download, checksum)

    def _base(self) -> Path:
        """``GID/`` under the root, or the root itself when the folder was flattened."""
        nested = self.root / "GID"
        return nested if nested.is_dir() or not (self.root / "img_dir").is_dir() else self.root

    def _image_dir(self) -> Path:
        return self._base() / "img_dir" / self.split

    def _mask_path(self, image: Path) -> Path:
        return self._base() / "ann_dir" / self.split / f"{image.stem}_15label.png"

    def _exists(self) -> bool:
        folder = self._image_dir()
        return folder.is_dir() and any(folder.glob("*.tif"))

    def _load(self) -> None:
        from geoplug.core.errors import InvalidDataError

        self.images = sorted(self._image_dir().glob("*.tif"))
        self.has_masks = self.split != "test"
        self.chips: list[Chip] = []
        for i, image in enumerate(self.images):
            if self.has_masks and not self._mask_path(image).is_file():
                raise InvalidDataError(
                    f"gid15: {image.name} has no annotation {self._mask_path(image)}; extract "
                    "gid-15.zip again"
                )
            width, height = raster_size(image)
            self.chips.extend(Chip(i, w) for w in chip_windows(width, height, self.patch_size,
                                                               self.stride))

    def __len__(self) -> int:
        return len(self.chips)

    def footprints(self) -> list[tuple[int, int, int, int, int]]:
        return chip_footprints(self.chips)

    def __getitem__(self, index: int) -> Sample:
        chip = self.chips[index]
        path = self.images[chip.tile]
        image, geo = read_window(path, chip.window, [i + 1 for i in self.band_indices])
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32)), **geo}
        if self.has_masks:
            mask, _ = read_window(self._mask_path(path), chip.window, [1])
            sample["mask"] = torch.from_numpy(mask[0].astype(np.int64))
        return self._apply(sample)

"""Landslide4Sense: landslide segmentation from Sentinel-2, slope and DEM (IARAI 2022).

The competition release (github.com/iarai/Landslide4Sense-2022; archived on Zenodo, record
10463239, as ``TrainData.zip``, ``ValidData.zip`` and ``TestData.zip``) is a tree of HDF5
files, one per 128x128 patch::

    TrainData/img/image_<n>.h5     array "img": 128x128x14 (channels last), float
    TrainData/mask/mask_<n>.h5     array "mask": 128x128 uint8, 0 non-landslide, 1 landslide
    ValidData/img/image_<n>.h5     (masks withheld by the competition)
    TestData/img/image_<n>.h5

The 14 bands are Sentinel-2 B1-B12, the ALOS PALSAR slope (B13) and DEM (B14), as scaled by
the publisher. A split's ``mask/`` folder is read whenever it is there (masks of ValidData and
TestData circulate since the competition ended). The Hugging Face mirror
(``ibm-nasa-geospatial/Landslide4sense``: ``images/<train|validation|test>/image_<n>.h5`` and
``annotations/<...>/mask_<n>.h5``) is read as well. Patches are ordered by ``<n>``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_landslide4sense import (
    LANDSLIDE4SENSE_FOLDERS,
    LANDSLIDE4SENSE_MIRROR,
)
from geoplug.datasets._seg_modern import locate, seg_sample
from geoplug.datasets._sequences import channels_first, open_h5, read_h5

__all__ = ["Landslide4Sense"]

_ZENODO = "https://zenodo.org/records/10463239/files"
_IMAGE = re.compile(r"image_(\d+)\.h5")


class Landslide4Sense(NonGeoDataset, spec=spec("landslide4sense")):
    """Landslide4Sense patches of one split.

    Samples: ``image`` float32 ``[C,128,128]`` (selected of B01-B12, slope, DEM; values as
    stored) and, where the split's masks are on disk, ``mask`` int64 ``[128,128]`` (0
    non-landslide, 1 landslide). Splits: ``train`` (TrainData), ``val`` (ValidData) and
    ``test`` (TestData).

    Citation: Ghorbanzadeh et al., "Landslide4Sense: Reference Benchmark Data and Deep
    Learning Models for Landslide Detection", IEEE TGRS 60, 2022.
    """

    # Zenodo publishes no checksum we could confirm: the archives are fetched unverified
    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=f"{_ZENODO}/{folder}.zip?download=1", filename=f"{folder}.zip",
                 splits=(split,))
        for split, folder in LANDSLIDE4SENSE_FOLDERS.items())

    @property
    def folders(self) -> tuple[Path, Path]:
        """``(image folder, mask folder)`` of the split: the competition layout (in ``root``
        or one folder below it), else the Hugging Face mirror's."""
        name = LANDSLIDE4SENSE_FOLDERS[self.split]
        base = locate(self.root, f"{name}/img")
        if (base / name / "img").is_dir():
            return base / name / "img", base / name / "mask"
        mirror = LANDSLIDE4SENSE_MIRROR[self.split]
        base = locate(self.root, f"images/{mirror}")
        if (base / "images" / mirror).is_dir():
            return base / "images" / mirror, base / "annotations" / mirror
        return self.root / name / "img", self.root / name / "mask"

    def _exists(self) -> bool:
        return self.folders[0].is_dir()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Find the split's folder, else extract or download its Zenodo archive.

        Raises:
            DatasetNotFoundError: neither the folder nor the archive is there and
                ``download`` is False (says where it looked and where to get the data).
        """
        archive = self._needed()[0].filename
        if not download and not self._exists() and not (self.root / archive).is_file():
            raise DatasetNotFoundError(self.name, self.root, hint=(
                f"Looked for {self.folders[0]} and {self.root / archive}. Pass download=True "
                f"to fetch {archive} from Zenodo (record 10463239), or extract the competition "
                "release (https://github.com/iarai/Landslide4Sense-2022) into root."))
        super()._prepare(download, checksum)

    def _load(self) -> None:
        """Index the split's patches by number and pair each with its mask, if any.

        Raises:
            InvalidDataError: the split has a mask folder but a patch's mask is missing.
        """
        images, masks = self.folders
        found = []
        with os.scandir(images) as entries:
            for entry in entries:
                match = _IMAGE.fullmatch(entry.name)
                if match:
                    found.append((int(match.group(1)), Path(entry.path)))
        found.sort()
        self.has_masks = masks.is_dir()
        self.files: list[tuple[Path, Path | None]] = []
        missing = []
        for number, image in found:
            mask = masks / f"mask_{number}.h5" if self.has_masks else None
            if mask is not None and not mask.is_file():
                missing.append(str(mask))
            self.files.append((image, mask))
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} patch(es) of {images} have no mask in {masks}, "
                f"e.g. {', '.join(missing[:3])}; extract the archive again")

    def _empty_reason(self) -> str:
        return f"no image_<n>.h5 file in {self.folders[0]}; extract the archive again"

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        image_path, mask_path = self.files[index]
        with open_h5(image_path) as f:
            image = channels_first(read_h5(f, "img"), self.band_indices)
        mask = None
        if mask_path is not None:
            with open_h5(mask_path) as f:
                mask = read_h5(f, "mask")
            if mask.ndim == 3:  # [H, W, 1]
                mask = mask[..., 0]
        return self._apply(seg_sample(image, mask))

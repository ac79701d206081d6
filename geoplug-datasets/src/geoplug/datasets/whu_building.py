"""WHU Building Dataset, aerial part: 0.3 m tiles of Christchurch with building masks.

The publisher (http://gpcv.whu.edu.cn/data/building_dataset.html) links
``3. The cropped aerial image tiles and raster labels.zip``, which extracts to
``3. The cropped image tiles and raster labels/<split>/image/<name>.tif`` (RGB, 512x512 px,
8-bit) and ``.../<split>/label/<name>.tif`` (one band, 0 background, 255 building; the same
``<name>``) with the splits ``train`` (4,736 tiles), ``val`` (1,036) and ``test`` (2,416).
Masks are read as 0/1 (any non-zero value is building: converted copies store 0/1).
Tiles that carry a georeference also give
``crs``/``bounds``.

The files are found whether the archive was extracted into the root or into a folder of its
own, and also as bare ``<split>/image`` + ``<split>/label`` folders (a renamed copy).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_whu_building import (
    WHU_BUILDING_ARCHIVE,
    WHU_BUILDING_HOME,
    WHU_BUILDING_URL,
)
from geoplug.datasets._seg_modern import locate, seg_sample
from geoplug.datasets._tiling import read_window

__all__ = ["WHUBuilding"]

#: the folder the publisher's archive extracts to
FOLDER = "3. The cropped image tiles and raster labels"
#: what every name the publisher's page gave the archive contains
RENAMED = "cropped aerial image tiles and raster labels"
#: mask values at or above this are building (the publisher stores 255)
_TIF = re.compile(r"^[^.].*\.tiff?$", re.IGNORECASE)


class WHUBuilding(NonGeoDataset, spec=spec("whu_building")):
    """WHU aerial building tiles of the official train, val or test split.

    Samples: ``image`` float32 ``[3,H,W]`` (R, G, B), ``mask`` int64 ``[H,W]`` (1 building,
    0 background), plus ``crs`` and ``bounds`` when the tile is georeferenced.

    Citation: Ji, Wei and Lu, "Fully Convolutional Networks for Multisource Building
    Extraction from an Open Aerial and Satellite Imagery Data Set", IEEE TGRS 57(1), 2019.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=WHU_BUILDING_URL, filename=WHU_BUILDING_ARCHIVE),
    )

    @property
    def folder(self) -> Path:
        """The split's folder (holding ``image/`` and ``label/``): under the publisher's
        ``3. The cropped image tiles and raster labels/`` in the root or one folder below,
        else a bare ``<split>/`` there; the publisher's place when neither exists."""
        for parent in (f"{FOLDER}/{self.split}", self.split):
            base = locate(self.root, f"{parent}/image")
            if (base / parent / "image").is_dir():
                return base / parent
        return self.root / FOLDER / self.split

    def _exists(self) -> bool:
        folder = self.folder
        return (folder / "image").is_dir() and (folder / "label").is_dir()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Also extract the archive saved under another of the page's names (it has been
        numbered "1.1" and "3.1" over the years), then find or fetch it as usual.

        Raises:
            DatasetNotFoundError: neither the files nor an archive are there and ``download``
                is False.
            ChecksumError, OSError, InvalidDataError: as :meth:`NonGeoDataset._prepare`.
        """
        if not self._exists() and not (self.root / WHU_BUILDING_ARCHIVE).is_file():
            renamed = sorted(self.root.glob(f"*{RENAMED}*.zip")) if self.root.is_dir() else []
            if renamed:
                fetch([Resource(url=WHU_BUILDING_URL, filename=renamed[0].name)], self.root)
        super()._prepare(download, checksum)

    def _not_found_hint(self) -> str:
        return (f"Pass download=True to fetch {WHU_BUILDING_URL}, or download "
                f"{WHU_BUILDING_ARCHIVE!r} from {WHU_BUILDING_HOME} and "
                f"put it (or its extracted {FOLDER!r} folder) in {self.root}.")

    def _load(self) -> None:
        folder = self.folder
        labels = {p.stem: p for p in (folder / "label").iterdir() if _TIF.match(p.name)}
        self.pairs: list[tuple[Path, Path]] = []
        for image in sorted(p for p in (folder / "image").iterdir() if _TIF.match(p.name)):
            label = labels.get(image.stem)
            if label is None:
                raise InvalidDataError(
                    f"{self.name}: {image} has no label {folder / 'label' / image.name}; "
                    f"extract {WHU_BUILDING_ARCHIVE!r} again")
            self.pairs.append((image, label))

    def _empty_reason(self) -> str:
        return (f"{self.folder / 'image'} holds no .tif tile; extract "
                f"{WHU_BUILDING_ARCHIVE!r} again")

    def __len__(self) -> int:
        return len(self.pairs)

    def __getitem__(self, index: int) -> Sample:
        image_path, label_path = self.pairs[index]
        image, geo = read_window(image_path, None, [i + 1 for i in self.band_indices])
        label, _ = read_window(label_path, None, [1])
        values = np.unique(label[0])
        if not set(values.tolist()) <= {0, 1, 255}:
            raise InvalidDataError(
                f"{self.name}: {label_path} holds values {values[:8].tolist()}; expected a "
                "0/255 (or 0/1) building mask")
        mask = (label[0] > 0).astype(np.int64)  # published as 0/255, converted copies 0/1
        return self._apply(seg_sample(image, mask, **geo))

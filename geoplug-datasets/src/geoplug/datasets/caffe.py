"""CaFFe: SAR images of glaciers with calving front and landscape zone labels.

The publisher (PANGAEA 940950) ships ``data_raw.zip``: ``data_raw/sar_images/{train,test}/
<stem>.png`` (8-bit grey SAR images of varying size; ``<stem>`` is
``<glacier>_<date>_<satellite>_<resolution m>_<quality>_<orbit>``, e.g.
``Mapple_2008-10-13_TSX_7_2_034``), beside them ``data_raw/zones/<split>/<stem>_zones.png``
(grey values 0 NA area, 64 rock, 127 glacier, 254 ocean and ice melange) and
``data_raw/fronts/<split>/<stem>_front.png`` (one-pixel-wide fronts, 255 on 0), plus
``bounding_boxes/`` used only by the authors' evaluation. The release has train (559 images)
and test (122: Mapple and Columbia glaciers); the paper's validation set is 10 % of the train
folder drawn by ``sklearn.model_selection.train_test_split(test_size=0.1, random_state=1)``
over the sorted files, reproduced here (numpy's legacy ``RandomState`` permutation), so
``train`` and ``val`` are disjoint and together are the train folder.

Samples are the whole images, not the authors' 256 px patches: ``image`` float32 ``[1,H,W]``
(grey values), ``mask`` int64 ``[H,W]`` with class indices (zones 0-3, or fronts 0/1 with
``mask="fronts"``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_caffe import (
    CAFFE_FRONT_CLASSES,
    CAFFE_FRONT_VALUES,
    CAFFE_VAL_FRACTION,
    CAFFE_VAL_SEED,
    CAFFE_ZONE_CLASSES,
    CAFFE_ZONE_VALUES,
)
from geoplug.datasets._chipio import read_image
from geoplug.datasets._layers import ordinal_lookup
from geoplug.datasets._seg_modern import locate, read_mask, seg_sample

__all__ = ["CaFFe", "val_positions"]

#: mask argument -> (label folder, file suffix, grey values in class order, class names)
_MASKS: dict[str, tuple[str, str, tuple[int, ...], tuple[str, ...]]] = {
    "zones": ("zones", "_zones.png", CAFFE_ZONE_VALUES, CAFFE_ZONE_CLASSES),
    "fronts": ("fronts", "_front.png", CAFFE_FRONT_VALUES, CAFFE_FRONT_CLASSES),
}


def val_positions(n: int) -> set[int]:
    """Positions (in sorted order) of the train folder's files the paper held out for
    validation: sklearn's ``ShuffleSplit`` with ``test_size=0.1, random_state=1`` takes the
    first ``ceil(0.1 n)`` of ``RandomState(1).permutation(n)``."""
    n_val = math.ceil(CAFFE_VAL_FRACTION * n)
    return {int(i) for i in np.random.RandomState(CAFFE_VAL_SEED).permutation(n)[:n_val]}


class CaFFe(NonGeoDataset, spec=spec("caffe")):
    """CaFFe SAR images of one split with their zone (or front) labels.

    Samples: ``image`` float32 ``[1,H,W]`` (the PNG's grey values), ``mask`` int64 ``[H,W]``:
    zones 0 NA area, 1 rock, 2 glacier, 3 ocean and ice melange; with ``mask="fronts"``
    0 background, 1 calving front. ``classes`` follows ``mask``.

    Citation: Gourmelon et al., "Calving fronts and where to find them: a benchmark dataset
    and methodology for automatic glacier calving front extraction from synthetic aperture
    radar imagery", Earth System Science Data 14, 2022.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        # PANGAEA publishes no checksum of the zip
        Resource(url="https://download.pangaea.de/dataset/940950/files/data_raw.zip",
                 filename="data_raw.zip"),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        *,
        mask: str = "zones",
    ) -> None:
        """
        Args:
            mask: ``"zones"`` (landscape classes) or ``"fronts"`` (calving front lines).

        Raises:
            ValueError: unknown split, band or ``mask``.
            DatasetNotFoundError: neither ``data_raw/`` nor ``data_raw.zip`` under ``root``
                and ``download`` is False.
            InvalidDataError: an image has no label file.
        """
        if mask not in _MASKS:
            raise ValueError(f"{self.name}: mask={mask!r} is not one of {', '.join(_MASKS)}")
        self.mask = mask
        folder, self._suffix, values, classes = _MASKS[mask]
        self._label_dir = folder
        self.classes = classes  # type: ignore[misc]  # zones or fronts
        self._values = values
        self._lookup = ordinal_lookup(values)
        super().__init__(root, split, bands, transforms, download, checksum)

    @property
    def base(self) -> Path:
        """The ``data_raw`` folder: under the root, the root itself, or one folder below."""
        outer = locate(self.root, "data_raw/sar_images")
        if (outer / "data_raw" / "sar_images").is_dir():
            return outer / "data_raw"
        return locate(self.root, "sar_images")

    @property
    def _folder(self) -> str:
        """The release folder of the split (``val`` is carved out of ``train``)."""
        return "test" if self.split == "test" else "train"

    def _exists(self) -> bool:
        base = self.base
        return all((base / d / self._folder).is_dir() for d in ("sar_images", self._label_dir))

    def _load(self) -> None:
        base = self.base
        images = sorted(p.name for p in (base / "sar_images" / self._folder).iterdir()
                        if p.suffix.lower() == ".png")
        if self.split != "test":
            held_out = val_positions(len(images))
            images = [n for i, n in enumerate(images) if (i in held_out) == (self.split == "val")]
        labels = base / self._label_dir / self._folder
        self.files: list[tuple[Path, Path]] = []
        for name in images:
            label = labels / (name[: -len(".png")] + self._suffix)
            if not label.is_file():
                raise InvalidDataError(
                    f"{self.name}: {base / 'sar_images' / self._folder / name} has no label "
                    f"{label}; extract data_raw.zip again")
            self.files.append((base / "sar_images" / self._folder / name, label))

    def _empty_reason(self) -> str:
        return (f"no PNG in {self.base / 'sar_images' / self._folder}; extract data_raw.zip "
                "again")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        image_path, label_path = self.files[index]
        image = read_image(image_path, "L")
        grey = read_mask(label_path)
        unknown = ~np.isin(grey, self._values)
        if unknown.any():
            row, col = (int(v[0]) for v in np.nonzero(unknown))
            raise InvalidDataError(
                f"{label_path}: pixel (row {row}, col {col}) is {int(grey[row, col])}, not one "
                f"of the {self.mask} grey values {list(self._values)}")
        return self._apply(seg_sample(image[None], self._lookup[grey]))

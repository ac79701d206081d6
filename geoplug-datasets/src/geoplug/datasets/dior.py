"""DIOR: object detection in optical remote sensing images (20 classes, VOC XML boxes).

The publisher (NWPU, links on https://gcheng-nwpu.github.io/#Datasets) shares the dataset
through cloud drives as ``JPEGImages-trainval.zip``, ``JPEGImages-test.zip``,
``Annotations.zip`` and ``ImageSets.zip``. Extracted::

    JPEGImages-trainval/00001.jpg ... 11725.jpg      (train + val images)
    JPEGImages-test/11726.jpg ... 23463.jpg
    Annotations/Horizontal Bounding Boxes/<id>.xml   (<bndbox>; older copies: Annotations/*.xml)
    Annotations/Oriented Bounding Boxes/<id>.xml     (DIOR-R: <robndbox> corners)
    ImageSets/Main/train.txt, val.txt, test.txt      (one image id per line)

Drive downloads often unpack into an extra folder (``JPEGImages-trainval-002/...``), so each
folder is looked up to two levels below ``root``. Every image, the test set included, has its
annotation file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._boxes import (
    BoxDataset,
    ClassIndex,
    find_dir,
    parse_voc,
    read_rgb,
    sample_boxes,
)
from geoplug.datasets._catalog import spec

__all__ = ["DIOR"]

_PAGE = "https://gcheng-nwpu.github.io/#Datasets"
_HBB = ("Horizontal Bounding Boxes", "Horizontal_Bounding_Boxes")
_OBB = ("Oriented Bounding Boxes", "Oriented_Bounding_Boxes")


class DIOR(BoxDataset, spec=spec("dior")):
    """DIOR: ``image`` uint8-valued float32 [3,800,800], ``bbox_xyxy`` [N,4], ``label`` [N].

    ``orientation="oriented"`` reads DIOR-R's oriented boxes instead and adds
    ``bbox_xyxyxyxy`` [N,8] (four corners; ``bbox_xyxy`` is then their enclosing box).
    Splits are the publisher's ``ImageSets/Main`` lists.
    """

    manual_hint: ClassVar[str] = (
        f"DIOR is shared through Google Drive / Baidu links on {_PAGE} (no direct download).")
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(_PAGE, "JPEGImages-trainval.zip", splits=("train", "val")),
        Resource(_PAGE, "JPEGImages-test.zip", splits=("test",)),
        Resource(_PAGE, "Annotations.zip"),
        Resource(_PAGE, "ImageSets.zip"),
    )
    orientations: ClassVar[tuple[str, ...]] = ("horizontal", "oriented")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        orientation: str = "horizontal",
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or orientation.
            DatasetNotFoundError: the images, annotations or split list are not under
                ``root`` (the message says where to get them).
            InvalidDataError: the split list names an image or annotation that is missing.
        """
        if orientation not in self.orientations:
            raise ValueError(f"{self.name}: orientation {orientation!r} is not one of "
                             f"{', '.join(self.orientations)}")
        self.orientation = orientation
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layout -------------------------------------------------------------------------------
    def _folders(self) -> tuple[Path | None, Path | None, Path | None]:
        """Images of this split, annotations of the chosen orientation, the split list."""
        images = find_dir(self.root, "JPEGImages-test" if self.split == "test"
                          else "JPEGImages-trainval")
        annotations = find_dir(self.root, *(_OBB if self.orientation == "oriented" else _HBB))
        if annotations is None and self.orientation == "horizontal":
            top = find_dir(self.root, "Annotations")  # the first release: XML files directly
            if top is not None and any(top.glob("*.xml")):
                annotations = top
        sets = find_dir(self.root, "ImageSets/Main")
        split_list = sets / f"{self.split}.txt" if sets is not None else None
        return images, annotations, split_list if split_list and split_list.is_file() else None

    def _exists(self) -> bool:
        return all(p is not None for p in self._folders())

    def _load(self) -> None:
        images, annotations, split_list = self._folders()
        assert images is not None and annotations is not None and split_list is not None
        ids = [line.strip() for line in split_list.read_text().splitlines() if line.strip()]
        self.images, self.annotations = images, annotations
        self.ids = ids
        missing = [i for i in ids if not (images / f"{i}.jpg").is_file()]
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} image(s) listed in {split_list} are not in "
                f"{images} (first: {missing[0]}.jpg); extract the image archive of this split "
                "again")
        self.class_index = ClassIndex(self.classes, self.name)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> Sample:
        import torch

        image_id = self.ids[index]
        image = read_rgb(self.images / f"{image_id}.jpg")[self.band_indices]
        xml = self.annotations / f"{image_id}.xml"
        if not xml.is_file():
            raise InvalidDataError(f"{self.name}: no annotation {xml} for image {image_id}; "
                                   "extract Annotations.zip again")
        boxes = parse_voc(xml, oriented=self.orientation == "oriented")
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        sample.update(sample_boxes(boxes.xyxy, self.class_index(boxes.names, xml),
                                   boxes.corners))
        return self._apply(sample)

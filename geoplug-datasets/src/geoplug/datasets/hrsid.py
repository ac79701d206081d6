"""HRSID: high-resolution SAR images dataset for ship detection and instance segmentation.

Wei et al., IEEE Access 8 (2020), https://doi.org/10.1109/ACCESS.2020.3005861: Sentinel-1B
and TerraSAR-X scenes (0.5, 1 and 3 m) cut into 5,604 chips of 800 x 800 px with 16,951
ships, labelled as COCO instance polygons. The publisher
(https://github.com/chaozhong2010/HRSID) shares the JPEG release ``HRSID_JPG`` through Google
Drive and Baidu (no direct download); extracted::

    HRSID_JPG/JPEGImages/P0001_0_800_10190_10990.jpg ...   (8-bit SAR amplitude chips)
    HRSID_JPG/annotations/train2017.json                   (3,642 chips, the train split)
    HRSID_JPG/annotations/test2017.json                    (1,962 chips, the test split)
    HRSID_JPG/annotations/train_test2017.json              (all 5,604; not read)

``root`` may hold ``HRSID_JPG/`` or be it; copies that name the image folder ``image`` or
``images`` are read too. Each JSON is COCO: ``images`` (``file_name``, ``width``, ``height``),
one category ``ship`` and ``annotations`` with ``bbox`` (``[x, y, w, h]``) and
``segmentation`` polygons; labels come from the category name (``ship`` = 0), not from its id.

Samples: ``image`` float32 [1,H,W] (the amplitude; chips stored as grey-as-RGB JPEGs are read
as one grey channel, which for equal channels is the stored value exactly), ``bbox_xyxy``
float32 [N,4] (the JSON boxes clipped to the chip), ``label`` int64 [N] and ``mask`` uint8
[N,H,W] (each object's polygons, rasterised with the COCO pixel-centre rule). Chips without
ships give empty boxes and masks.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._boxes import BoxDataset, find_dir, sample_boxes
from geoplug.datasets._catalog import spec
from geoplug.datasets._chipio import read_image
from geoplug.datasets._coco import (
    CocoImage,
    check_size,
    polygon_masks,
    present_images,
    read_coco,
)

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = ["HRSID"]

_PAGE = "https://github.com/chaozhong2010/HRSID"
#: names of the image folder beside ``annotations/``, the publisher's first
_IMAGE_DIRS = ("JPEGImages", "image", "images")


class HRSID(BoxDataset, spec=spec("hrsid")):
    """HRSID: ``image`` float32 [1,800,800] (SAR amplitude), ``bbox_xyxy`` float32 [N,4],
    ``label`` int64 [N] (0, ``ship``) and ``mask`` uint8 [N,H,W].

    ``masks=False`` leaves ``mask`` out (detection samples only, and faster).
    """

    manual_hint: ClassVar[str] = (
        "Looked for [HRSID_JPG/]annotations/<split>2017.json beside JPEGImages/. HRSID is "
        f"shared through Google Drive / Baidu links on {_PAGE} (no direct download): get "
        "the JPEG release HRSID_JPG and extract it so that HRSID_JPG/JPEGImages/ and "
        "HRSID_JPG/annotations/ appear.")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        masks: bool = True,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band.
            DatasetNotFoundError: no ``annotations/<split>2017.json`` beside an image folder
                under ``root`` (the message says where to get the files).
            InvalidDataError: the JSON is malformed or names a class other than ``ship``, or
                some chips it lists are missing.
        """
        self.masks = masks
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layout -------------------------------------------------------------------------------
    def _folders(self) -> tuple[Path, Path] | None:
        """The split's JSON and the image folder beside its ``annotations/``."""
        annotations = find_dir(self.root, "annotations")
        if annotations is None:
            return None
        path = annotations / f"{self.split}2017.json"
        images = next((annotations.parent / name for name in _IMAGE_DIRS
                       if (annotations.parent / name).is_dir()), None)
        return (path, images) if path.is_file() and images is not None else None

    def _exists(self) -> bool:
        return self._folders() is not None

    def _load(self) -> None:
        """Index the chips the split's JSON lists, in file-name order.

        Raises:
            InvalidDataError: some (not all) listed chips are missing from the image folder.
        """
        folders = self._folders()
        assert folders is not None
        self.annotations_path, self.image_folder = folders
        images = read_coco(self.annotations_path, self.classes, self.name,
                           polygons=self.masks)
        #: the JSON's chips found in the image folder, in file-name order
        self.images: list[CocoImage] = present_images(
            images, self.image_folder, self.annotations_path, self.name,
            "extract HRSID_JPG again", "chips")

    def _empty_reason(self) -> str:
        return (f"none of the chips listed in {self.annotations_path} is in "
                f"{self.image_folder}; are the images and annotations of the same release?")

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int) -> Sample:
        import torch

        entry = self.images[index]
        path = self.image_folder / entry.file_name
        image = read_image(path, "L")
        check_size(entry, image.shape, path, self.annotations_path, self.name)
        sample: Sample = {
            "image": torch.from_numpy(image[None][self.band_indices].astype(np.float32))}
        limits = [entry.width, entry.height, entry.width, entry.height]
        sample.update(sample_boxes(np.clip(entry.xyxy, 0, limits), entry.labels))
        if self.masks:
            shape = (entry.height, entry.width)
            sample["mask"] = torch.from_numpy(polygon_masks(entry.polygons, shape))
        return self._apply(sample)


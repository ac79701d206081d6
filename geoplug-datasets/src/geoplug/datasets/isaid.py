"""iSAID: instance segmentation of 15 object classes in the DOTA-v1.0 aerial scenes.

iSAID (Waqas Zamir et al., CVPR Workshops 2019, https://captain-whu.github.io/iSAID/) annotates
the train and val scenes of DOTA-v1.0 (1,411 and 458 PNGs, 800 to about 13,000 px a side)
with instance polygons (655,451 over train, val and the withheld test split). The publisher
shares the annotations through Google Drive / Baidu links and the images through DOTA's page
(no direct download). Extracted per split::

    <split>/images/P0000.png ...                                DOTA-v1.0 images
    <split>/Annotations/iSAID_<split>.json                      COCO polygons (read here)
    <split>/Instance_masks/images/P0000_instance_id_RGB.png     instance ids as RGB (not read)
    <split>/Semantic_masks/images/P0000_instance_color_RGB.png  class colours (not read)

The Drive folders may be copied as published, zips unextracted (``<split>/images/part*.zip``
with members ``images/P*.png``; ``<split>/Semantic_masks/images.zip``): the image zips are
then extracted in place (the mask zips are left as they are). Zips unzipped where they lie
(``<split>/images/images/P*.png``) and the devkit's layout, with the mask PNGs beside the
images in ``<split>/images``, are read too. Test annotations are withheld, so the splits are
train and val.

Labels are the publisher's class ids minus one (ship = 0 ... Harbor = 14, the order of the
``Semantic_masks`` palette), matched by category *name*: the JSON files number their
categories in the order the converter met them. ``bbox_xyxy`` is the JSON ``bbox`` (``[x, y,
w, h]`` to corners, ``w`` counting pixels as the devkit writes it), clipped to the scene. The
devkit traces each polygon through the object's boundary pixels, so ``mask`` holds those
pixels and the ones they enclose (the instance mask the polygon came from, box-tight).

Memory: a scene is decoded whole (PNG has no windows): a 4,000 x 13,000 scene is 156 MB as
uint8 and 624 MB as the float32 ``image``, and ``mask`` takes N x H x W bytes (300 objects on
a 4,000 x 4,000 scene: 4.8 GB). Pass ``masks=False`` for boxes only, and crop or tile large
scenes (the devkit cuts 800 x 800 patches) before batching. The JSON is read once at
construction; polygons are kept as small arrays and rasterised per sample, each within its
own box.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._boxes import BoxDataset, read_rgb, sample_boxes, unzip_into
from geoplug.datasets._catalog import spec
from geoplug.datasets._coco import (
    CocoImage,
    check_size,
    polygon_masks,
    present_images,
    read_coco,
)

__all__ = ["ISAID"]

_PAGE = "https://captain-whu.github.io/iSAID/dataset.html"
_DOTA = "https://captain-whu.github.io/DOTA/dataset.html"
_IMAGE_SUFFIXES = (".png", ".jpg", ".tif", ".tiff")


class ISAID(BoxDataset, spec=spec("isaid")):
    """iSAID: ``image`` float32 [3,H,W], ``bbox_xyxy`` float32 [N,4], ``label`` int64 [N]
    and ``mask`` uint8 [N,H,W] (one binary mask per object, rasterised from its polygons).

    ``masks=False`` leaves ``mask`` out (detection samples), for scenes whose N x H x W masks
    would not fit in memory.
    """

    manual_hint: ClassVar[str] = (
        f"iSAID's annotations are shared through Google Drive / Baidu links on {_PAGE} and its "
        f"images are the DOTA-v1.0 train/val images from {_DOTA} (no direct download); put "
        "the images in <split>/images (or their part*.zip there) and iSAID_<split>.json in "
        "<split>/Annotations.")

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
            DatasetNotFoundError: the images or ``iSAID_<split>.json`` are absent (the message
                says where to get them).
            InvalidDataError: the JSON is malformed or names a class iSAID does not have, or
                a zip is damaged.
        """
        self.masks = masks
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layout -------------------------------------------------------------------------------
    @property
    def image_dir(self) -> Path:
        """``<split>/images``, or ``<split>/images/images`` where the part zips were unzipped
        inside the folder they came in."""
        folder = self.root / self.split / "images"
        return folder / "images" if _images_in(folder / "images") and not _images_in(folder) \
            else folder

    def _annotations_path(self) -> Path | None:
        """``iSAID_<split>.json`` in ``<split>/Annotations`` (the Drive's place), the split
        folder or ``root``."""
        name = f"iSAID_{self.split}.json"
        split = self.root / self.split
        for path in (split / "Annotations" / name, split / name, self.root / name,
                     self.root / "Annotations" / name):
            if path.is_file():
                return path
        return None

    def _has_images(self) -> bool:
        return _images_in(self.image_dir)

    def _exists(self) -> bool:
        return self._has_images() and self._annotations_path() is not None

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the Drive's image zips where they lie, then find the files.

        Raises:
            DatasetNotFoundError: images or annotations still absent (says where to get them).
            InvalidDataError: a zip is damaged or not a zip.
        """
        folder = self.root / self.split / "images"
        for archive in sorted(folder.glob("*.zip")):  # each zip whose files are not all there
            unzip_into(archive, folder, top="images", dataset=self.name)
        super()._prepare(download, checksum)

    def _load(self) -> None:
        path = self._annotations_path()
        assert path is not None
        self.annotations_path = path
        #: where the scenes are (resolved once)
        self.image_folder = self.image_dir
        images = read_coco(path, self.classes, self.name, polygons=self.masks)
        #: the JSON's images found in ``<split>/images``, in file-name order
        self.images: list[CocoImage] = present_images(
            images, self.image_folder, path, self.name,
            "extract every part*.zip of the split's images", "scenes")

    def _empty_reason(self) -> str:
        return (f"none of the images listed in {self.annotations_path} is in {self.image_folder}; "
                "are the images those of DOTA-v1.0's same split?")

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int) -> Sample:
        import torch

        entry = self.images[index]
        path = self.image_folder / entry.file_name
        image = read_rgb(path, large=True)
        check_size(entry, image.shape[1:], path, self.annotations_path, self.name)
        sample: Sample = {"image": torch.from_numpy(image[self.band_indices].astype(np.float32))}
        # boxes clipped to the scene, as the masks are
        xyxy = np.clip(entry.xyxy, 0, [entry.width, entry.height, entry.width, entry.height])
        sample.update(sample_boxes(xyxy, entry.labels))
        if self.masks:
            shape = (image.shape[1], image.shape[2])
            sample["mask"] = torch.from_numpy(
                polygon_masks(entry.polygons, shape, vertices_are_pixels=True))
        return self._apply(sample)


def _images_in(folder: Path) -> bool:
    """Whether ``folder`` holds an image file."""
    return folder.is_dir() and any(p.suffix.lower() in _IMAGE_SUFFIXES for p in folder.iterdir())

"""CrowdAI Mapping Challenge: building instance segmentation on 300 x 300 satellite tiles.

Mohanty et al., 2020 (https://doi.org/10.3389/frai.2020.534696): RGB tiles cut from the
SpaceNet v2 scenes of Las Vegas, Paris, Shanghai and Khartoum (WorldView-3), some rotated by
90, -90 or 180 degrees, with every building as a COCO polygon. AIcrowd hands the files out
after login (https://www.aicrowd.com/challenges/mapping-challenge/dataset_files), so there is
no direct download; ``train.tar.gz`` and ``val.tar.gz`` placed in ``root`` are extracted.
Extracted::

    train/images/000000000000.jpg ...   280,741 tiles, file name = zero-padded image id
    train/annotation.json               MS-COCO: images, annotations, categories
    train/annotation-small.json         a random ~3 % subset of the same tiles (small=True)
    val/images/*.jpg, val/annotation.json, val/annotation-small.json   60,317 tiles

The test tiles (``test_images.tar.gz``) carry no labels and are not offered. The 2025
re-release (mapping-challenge-v2.0) keeps the files in ``<split>/annotations/``: read too.

The one category is ``{"id": 100, "name": "building"}`` (label 0, matched by name). Polygons
are the footprint vertices of SpaceNet's GeoJSON mapped to pixels (the converter truncates
each to an integer), not boundary pixels traced from a mask: they are read as continuous
pixel-corner coordinates, as pycocotools (the challenge's scorer) rasterises them, so a pixel
belongs to a building when its centre is inside. Vertices may lie outside the tile (rotated
tiles); masks and boxes are clipped to it. ``bbox_xyxy`` is the extent of the polygon, not the
JSON ``bbox``: the converter derived ``bbox`` from the same vertices, but one revision indexed
them wrongly (https://github.com/spMohanty/mapping-challenge-preprocessing, ``helpers.py``,
``compute_annotations``), and a box from the polygon always encloses its mask.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._boxes import BoxDataset, read_rgb, sample_boxes
from geoplug.datasets._catalog import spec
from geoplug.datasets._coco import (
    check_size,
    polygon_boxes,
    polygon_masks,
    present_images,
    read_coco,
)

__all__ = ["CrowdAIMapping"]

_PAGE = "https://www.aicrowd.com/challenges/mapping-challenge/dataset_files"


class CrowdAIMapping(BoxDataset, spec=spec("crowdai_mapping")):
    """CrowdAI Mapping: ``image`` float32 [3,300,300], ``bbox_xyxy`` float32 [N,4],
    ``label`` int64 [N] (all 0, building) and ``mask`` uint8 [N,H,W] (one per building).

    ``small=True`` reads ``annotation-small.json``, the publisher's subset of each split, for
    quick experiments (its tiles are in the same ``images`` folder).
    """

    manual_hint: ClassVar[str] = (
        f"The CrowdAI Mapping Challenge files are handed out by AIcrowd after login at {_PAGE} "
        "(no direct download): get train.tar.gz and/or val.tar.gz, which unpack into "
        "train/ and val/ (images/ and annotation.json).")
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(_PAGE, "train.tar.gz", splits=("train",)),
        Resource(_PAGE, "val.tar.gz", splits=("val",)),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        small: bool = False,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band.
            DatasetNotFoundError: the split's images or annotation file are absent and no
                archive is in ``root`` (the message says where to get them).
            InvalidDataError: the JSON is malformed or names another category, an archive is
                damaged, or tiles it lists are missing from ``<split>/images``.
        """
        self.small = small
        super().__init__(root, split, bands, transforms, download, checksum)

    @property
    def annotations_path(self) -> Path:
        """``<split>/annotation.json`` (``annotation-small.json`` with ``small``)."""
        name = "annotation-small.json" if self.small else "annotation.json"
        v2 = self.root / self.split / "annotations" / name  # the 2025 v2.0 re-release
        return v2 if v2.is_file() else self.root / self.split / name

    @property
    def image_folder(self) -> Path:
        return self.root / self.split / "images"

    def _exists(self) -> bool:
        folder = self.image_folder
        return (self.annotations_path.is_file() and folder.is_dir()
                and any(p.suffix.lower() == ".jpg" for p in folder.iterdir()))

    def _load(self) -> None:
        path = self.annotations_path
        #: the JSON's tiles found in ``<split>/images``, in file-name (= image id) order
        self.images = present_images(
            read_coco(path, self.classes, self.name), self.image_folder, path, self.name,
            f"the archive was not fully extracted — extract {self.split}.tar.gz again", "tiles")

    def _empty_reason(self) -> str:
        return (f"none of the tiles listed in {self.annotations_path} is in "
                f"{self.image_folder}; are the images those of the same split?")

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int) -> Sample:
        import torch

        entry = self.images[index]
        path = self.image_folder / entry.file_name
        image = read_rgb(path)
        check_size(entry, image.shape[1:], path, self.annotations_path, self.name)
        sample: Sample = {"image": torch.from_numpy(image[self.band_indices].astype(np.float32))}
        masks = polygon_masks(entry.polygons, (entry.height, entry.width))
        # the converter clamps and rotates vertices: a footprint may have no pixel in the
        # tile (a zero-area box, which detection models refuse): left out
        keep = masks.any(axis=(1, 2))
        sample.update(sample_boxes(polygon_boxes(entry)[keep], entry.labels[keep]))
        sample["mask"] = torch.from_numpy(np.ascontiguousarray(masks[keep]))
        return self._apply(sample)


# -- candidates for _coco.py: ISAID and HRSID repeat these steps (see the report) ---------------

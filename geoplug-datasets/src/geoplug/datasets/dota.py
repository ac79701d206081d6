"""DOTA v1.0 / v1.5 / v2.0: oriented object detection in large aerial and satellite scenes.

The publisher (https://captain-whu.github.io/DOTA/dataset.html) shares the images
(``part*.zip``) and the labels of each version through cloud drives. Extracted per split::

    <split>/images/P0000.png ...
    <split>/labelTxt-v1.0/labelTxt/P0000.txt          (v1.0 oriented labels)
    <split>/labelTxt-v1.5/<DOTA-v1.5_<split>>/P0000.txt
    <split>/labelTxt-v2.0/<DOTA-v2.0_<split>>/P0000.txt

Label files start with optional ``imagesource:...`` and ``gsd:...`` lines, then one object per
line: ``x1 y1 x2 y2 x3 y3 x4 y4 category difficult``. The horizontal-box variants
(``*_hbb``, ``trainset_reclabelTxt``) are not read: the enclosing box of the corners is
``bbox_xyxy``. v1.0 and v1.5 share images; v2.0 adds images. Test labels are withheld.

The Drive folders may also be copied as published, zips unextracted::

    <split>/images/part1.zip ... partN.zip            (members images/P*.png or bare P*.png)
    <split>/labelTxt-v1.0/labelTxt.zip                (+ Train_Task2_gt.zip: horizontal boxes)
    <split>/labelTxt-v1.5/DOTA-v1.5_<split>.zip       (+ DOTA-v1.5_<split>_hbb.zip)
    <split>/labelTxt-v2.0/DOTA-v2.0_<split>.zip       (+ DOTA-v2.0_<split>_hbb.zip)

they are then extracted in place (a label zip of bare files into a folder named after it).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._boxes import (
    BoxDataset,
    ClassIndex,
    parse_dota,
    read_rgb,
    sample_boxes,
    unzip_into,
)
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.detection_modern import DOTA_CLASSES, DOTA_VERSIONS

__all__ = ["DOTA"]

_PAGE = "https://captain-whu.github.io/DOTA/dataset.html"
_HBB_MARKERS = ("hbb", "reclabel", "task2")


class DOTA(BoxDataset, spec=spec("dota")):
    """DOTA: ``image`` float32 [3,H,W], ``bbox_xyxyxyxy`` [N,8] (four corners),
    ``bbox_xyxy`` [N,4] (their enclosing box), ``label`` [N].

    ``version`` ("1.0", "1.5", "2.0") picks the labels and the class list (the first 15, 16
    or 18 of the spec's classes); ``None`` takes the newest version whose labels are present.
    ``include_difficult=False`` drops objects flagged difficult.
    """

    manual_hint: ClassVar[str] = (
        f"DOTA is shared through Google Drive / Baidu links on {_PAGE} (no direct download); "
        "extract the images to <split>/images and the labels to <split>/labelTxt-v<version>/, "
        "or copy the Drive folders with their zips as they are (<split>/images/part*.zip, "
        "<split>/labelTxt-v<version>/*.zip).")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        version: str | None = None,
        include_difficult: bool = True,
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or version.
            DatasetNotFoundError: no image folder or no labels of ``version`` for the split
                (the message says where to get them).
            InvalidDataError: a label file does not parse or names a class that ``version``
                does not have.
        """
        if version is not None and version not in DOTA_VERSIONS:
            raise ValueError(f"{self.name}: version {version!r} is not one of "
                             f"{', '.join(DOTA_VERSIONS)}")
        self.requested_version = version
        self.include_difficult = include_difficult
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layout -------------------------------------------------------------------------------
    def _label_dir(self, version: str) -> Path | None:
        """The folder of oriented label files of ``version`` for this split."""
        base = self.root / self.split / f"labelTxt-v{version}"
        candidates = [base / "labelTxt", base / f"DOTA-v{version}_{self.split}", base]
        if base.is_dir():
            candidates += sorted(p for p in base.iterdir() if p.is_dir() and not any(
                m in p.name.lower() for m in _HBB_MARKERS))
        if version == "1.0":  # copies that keep only one label set name it labelTxt
            candidates.append(self.root / self.split / "labelTxt")
        for folder in candidates:
            if folder.is_dir() and any(folder.glob("*.txt")):
                return folder
        return None

    def _resolve(self) -> tuple[str, Path] | None:
        versions = ([self.requested_version] if self.requested_version
                    else sorted(DOTA_VERSIONS, reverse=True))
        for version in versions:
            folder = self._label_dir(version)
            if folder is not None:
                return version, folder
        return None

    def _exists(self) -> bool:
        return (self.root / self.split / "images").is_dir() and self._resolve() is not None

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the publisher's zips where they lie, then find the files as usual.

        Raises:
            DatasetNotFoundError: images or labels are still absent (the message says where
                to get them).
            InvalidDataError: a zip is damaged or not a zip.
        """
        if not self._exists():
            split = self.root / self.split
            for archive in sorted((split / "images").glob("*.zip")):
                unzip_into(archive, split / "images", top="images")
            for archive in sorted(split.glob("labelTxt-v*/*.zip")):
                if not any(m in archive.stem.lower() for m in _HBB_MARKERS):
                    unzip_into(archive, archive.parent)
        super()._prepare(download, checksum)

    def _load(self) -> None:
        found = self._resolve()
        assert found is not None
        self.version, self.label_dir = found
        self.version_classes = DOTA_CLASSES[:DOTA_VERSIONS[self.version]]
        self.class_index = ClassIndex(self.version_classes, f"{self.name} v{self.version}")
        images = self.root / self.split / "images"
        self.files = sorted(p for p in images.iterdir()
                            if p.suffix.lower() in (".png", ".jpg", ".tif", ".tiff")
                            and (self.label_dir / f"{p.stem}.txt").is_file())

    def _empty_reason(self) -> str:
        return (f"no image in {self.root / self.split / 'images'} has a label file in "
                f"{self._resolve()}; the images and labels may be of different versions")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path = self.files[index]
        image = read_rgb(path, large=True)[self.band_indices]
        label_file = self.label_dir / f"{path.stem}.txt"
        boxes, difficult = parse_dota(label_file)
        labels = self.class_index(boxes.names, label_file)
        keep = np.ones(len(labels), bool) if self.include_difficult else ~difficult
        assert boxes.corners is not None
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        sample.update(sample_boxes(boxes.xyxy[keep], labels[keep], boxes.corners[keep]))
        return self._apply(sample)



"""SSDD: the SAR Ship Detection Dataset, official release (horizontal boxes, BBox-SSDD).

Li et al. (BIGSARDATA 2017) published SSDD; Zhang et al., "SAR Ship Detection Dataset (SSDD):
Official Release and Comprehensive Data Analysis" (Remote Sensing 13(18), 3690, 2021,
https://doi.org/10.3390/rs13183690) relabelled it and fixed its use: 1,160 images (1-15 m;
RadarSat-2, TerraSAR-X, Sentinel-1) with 2,456 ships, 928 for training and 232 for testing
(the images whose file number ends in 1 or 9), the test images also split into 46 inshore
and 186 offshore ones. The publisher (https://github.com/TianwenZhang0825/Official-SSDD)
shares ``Official-SSDD-OPEN`` as a RAR archive through Google Drive / Baidu (no direct
download; geoplug cannot extract RAR). It holds one folder per label type (``BBox_SSDD``,
``RBox_SSDD``, ``PSeg_SSDD``, ``BBox_RBox_PSeg_SSDD``), each with a ``voc_style`` and a
``coco_style`` copy; this loader reads the horizontal boxes of ``BBox_SSDD/voc_style``::

    JPEGImages/000001.jpg ... 001160.jpg               (every image)
    JPEGImages_train/, JPEGImages_test/                (the same images by split)
    Annotations/<number>.xml                           (Pascal VOC, every image)
    Annotations_train/, Annotations_test/, Annotations_test_inshore/, Annotations_test_offshore/
    ImageSets/Main/train.txt, test.txt, ...            (image numbers, one per line)

A split's images are those of its ``Annotations_<split>`` folder, else of its
``ImageSets/Main/<split>.txt``; a copy of the first release with only ``JPEGImages/`` and
``Annotations/`` is split by the official rule (train and test only). ``root`` may hold
``Official-SSDD-OPEN`` or any folder down to ``voc_style``; ``BBox_RBox_PSeg_SSDD/voc_style``
(whose XML also holds ``<bndbox>``) is read when ``BBox_SSDD`` is absent.

Samples: ``image`` float32 [1,H,W] (8-bit SAR amplitude; JPEGs stored grey-as-RGB are read as
one grey channel), ``bbox_xyxy`` float32 [N,4] (``<bndbox>`` as published) and ``label``
int64 [N] (0, ``ship``). Image sizes vary from image to image.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample
from geoplug.datasets._boxes import BoxDataset, ClassIndex, find_dir, parse_voc, sample_boxes
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.detection_sar_ships import SSDD_TEST_DIGITS
from geoplug.datasets._chipio import read_image

__all__ = ["SSDD", "is_test_image"]

_PAGE = "https://github.com/TianwenZhang0825/Official-SSDD"
#: label-type folders holding ``<bndbox>`` horizontal boxes, the plain one first
_VARIANTS = ("BBox_SSDD", "BBox_RBox_PSeg_SSDD")
_SUFFIXES = (".jpg", ".jpeg", ".png")


def is_test_image(stem: str) -> bool:
    """Whether image ``stem`` (``000011``) is a test image by the official rule: its file
    number ends in 1 or 9."""
    return stem[-1:] in SSDD_TEST_DIGITS


class SSDD(BoxDataset, spec=spec("ssdd")):
    """SSDD (BBox-SSDD): ``image`` float32 [1,H,W] (SAR amplitude), ``bbox_xyxy`` float32
    [N,4] and ``label`` int64 [N] (0, ``ship``).

    ``split`` is ``train`` (928 images), ``test`` (232) or one of its halves
    ``test_inshore`` (46) and ``test_offshore`` (186).
    """

    manual_hint: ClassVar[str] = (
        "Looked for [Official-SSDD-OPEN/]BBox_SSDD/voc_style with JPEGImages*/ and "
        "Annotations_<split>/ (or ImageSets/Main/<split>.txt). SSDD is shared as a RAR "
        f"archive through Google Drive / Baidu links on {_PAGE} (no direct download): "
        "extract it with unrar or 7-Zip, which geoplug cannot do.")

    # -- layout -------------------------------------------------------------------------------
    def _bases(self) -> list[Path]:
        """Folders that may be ``voc_style``: the variants' first, then ``root`` itself and
        the parent of an ``Annotations`` folder (the first release's layout)."""
        found = [find_dir(self.root, f"{v}/voc_style") for v in _VARIANTS]
        found += [self.root, find_dir(self.root, "voc_style")]
        annotations = find_dir(self.root, "Annotations")
        found.append(annotations.parent if annotations is not None else None)
        return list(dict.fromkeys(p for p in found if p is not None))

    def _split_ids(self, base: Path) -> tuple[list[str], str] | None:
        """The split's image numbers in ``base`` and where they were read from."""
        folder = base / f"Annotations_{self.split}"
        if folder.is_dir():
            # the split's images count too: an XML lost in extraction is then found in
            # Annotations/ or reported by _load, never a sample silently dropped
            stems = {p.stem for p in folder.glob("*.xml")}
            images = base / f"JPEGImages_{self.split}"
            if images.is_dir():
                stems |= {p.stem for p in images.iterdir() if p.suffix.lower() in _SUFFIXES
                          and not p.name.startswith(".")}
            return sorted(stems), str(folder)
        listing = base / "ImageSets" / "Main" / f"{self.split}.txt"
        if listing.is_file():
            lines = listing.read_text(encoding="utf-8-sig").splitlines()
            return [Path(s.strip()).stem for s in lines if s.strip()], str(listing)
        every = base / "Annotations"
        if self.split in ("train", "test") and every.is_dir() and (base / "JPEGImages").is_dir():
            test = self.split == "test"
            stems = {p.stem for p in every.glob("*.xml")}
            stems |= {p.stem for p in (base / "JPEGImages").iterdir()
                      if p.suffix.lower() in _SUFFIXES and not p.name.startswith(".")}
            ids = sorted(s for s in stems if is_test_image(s) == test)
            return ids, f"{every} (split by the official rule)"
        return None

    def _base(self) -> Path | None:
        return next((b for b in self._bases() if self._split_ids(b) is not None), None)

    def _exists(self) -> bool:
        return self._base() is not None

    def _image_dirs(self, base: Path) -> list[Path]:
        """Where the split's images may be: its own folder, the test folder, all images."""
        names = [f"JPEGImages_{self.split}", "JPEGImages_test", "JPEGImages"]
        if not self.split.startswith("test"):
            names.remove("JPEGImages_test")
        return [base / n for n in dict.fromkeys(names) if (base / n).is_dir()]

    def _load(self) -> None:
        """Pair each image number of the split with its image and annotation.

        Raises:
            InvalidDataError: a number has no image or no annotation (names the first).
        """
        base = self._base()
        assert base is not None
        listed = self._split_ids(base)
        assert listed is not None
        ids, self.source = listed
        image_dirs = self._image_dirs(base)
        notes = [base / f"Annotations_{self.split}", base / "Annotations"]
        self.samples: list[tuple[Path, Path]] = []
        missing: list[str] = []
        for stem in ids:
            image = next((d / f"{stem}{s}" for d in image_dirs for s in _SUFFIXES
                          if (d / f"{stem}{s}").is_file()), None)
            xml = next((d / f"{stem}.xml" for d in notes if (d / f"{stem}.xml").is_file()), None)
            if image is None or xml is None:
                missing.append(f"{stem} ({'image' if image is None else 'annotation'})")
            else:
                self.samples.append((image, xml))
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} image(s) of the {self.split!r} split listed in "
                f"{self.source} lack their files in {base} (first: {missing[0]}); extract "
                "the archive again")
        self.class_index = ClassIndex(self.classes, self.name)

    def _empty_reason(self) -> str:
        return f"{self.source} lists no image"

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path, xml = self.samples[index]
        image = read_image(path, "L")[None][self.band_indices]
        boxes = parse_voc(xml)
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        sample.update(sample_boxes(boxes.xyxy, self.class_index(boxes.names, xml)))
        return self._apply(sample)

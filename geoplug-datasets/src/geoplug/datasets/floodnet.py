"""FloodNet (the fully labelled FloodNet-Supervised_v1.0 release): semantic segmentation of
UAV images taken after Hurricane Harvey.

The publisher hands out the folder ``FloodNet-Supervised_v1.0`` from a Google Drive folder
linked in its README (github.com/BinaLab/FloodNet-Supervised_v1.0)::

    FloodNet-Supervised_v1.0/train/train-org-img/<id>.jpg        RGB JPEG, 4000x3000 px
    FloodNet-Supervised_v1.0/train/train-label-img/<id>_lab.png  one band, class codes 0-9
    FloodNet-Supervised_v1.0/val/val-org-img/, val/val-label-img/
    FloodNet-Supervised_v1.0/test/test-org-img/, test/test-label-img/

Ids are numbers (``6717.jpg``); a label is named after its image with ``_lab`` added, so the
pair is matched by that rule, never by equal names. Codes are kept as published: class index =
code (0 background ... 9 grass).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_floodnet import (
    FLOODNET_ARCHIVE,
    FLOODNET_DRIVE,
    FLOODNET_FOLDER,
    FLOODNET_HOMEPAGE,
    FLOODNET_LABEL_SUFFIX,
)
from geoplug.datasets._chipio import read_image
from geoplug.datasets._seg_modern import check_codes, locate, prepare_manual, read_mask, seg_sample

__all__ = ["FloodNet"]


class FloodNet(NonGeoDataset, spec=spec("floodnet")):
    """FloodNet images of one split, in the order of their numeric ids.

    Samples: ``image`` float32 ``[C,H,W]`` (selected of R, G, B), ``mask`` int64 ``[H,W]``
    with the publisher's codes 0-9 (every split, test included, is labelled).
    :attr:`files` lists ``(image, label)`` of each sample.

    The publisher shares a Google Drive folder, which ``download=True`` cannot fetch: put
    the ``FloodNet-Supervised_v1.0`` folder (or a ``FloodNet-Supervised_v1.0.zip`` of it) in
    ``root``; ``root`` may also be that folder itself.

    Citation: Rahnemoonfar et al., "FloodNet: A High Resolution Aerial Imagery Dataset for
    Post Flood Scene Understanding", IEEE Access 9, 2021.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=FLOODNET_DRIVE, filename=FLOODNET_ARCHIVE),)

    @property
    def folder(self) -> Path:
        """The split's folder (``<root>/FloodNet-Supervised_v1.0/<split>``, the same one
        folder below the root, or ``<root>/<split>`` when root is the release's folder)."""
        images = f"{self.split}/{self.split}-org-img"
        if (self.root / images).is_dir():
            return self.root / self.split
        marker = f"{FLOODNET_FOLDER}/{images}"
        return locate(self.root, marker) / FLOODNET_FOLDER / self.split

    @property
    def image_folder(self) -> Path:
        return self.folder / f"{self.split}-org-img"

    @property
    def label_folder(self) -> Path:
        return self.folder / f"{self.split}-label-img"

    def _exists(self) -> bool:
        return self.image_folder.is_dir()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Never fetch the Drive folder (a web page, not the data): extract a local zip of
        it, or raise DatasetNotFoundError with the hint (see :func:`prepare_manual`)."""
        prepare_manual(self, checksum, hint=self._not_found_hint())

    def _not_found_hint(self) -> str:
        return (f"looked for {FLOODNET_FOLDER}/{self.split}/{self.split}-org-img in "
                f"{self.root} and one folder below (and {self.split}/{self.split}-org-img in "
                f"{self.root} itself); the publisher shares the data from the Google Drive "
                f"folder linked at {FLOODNET_HOMEPAGE} ({FLOODNET_DRIVE}): download the "
                f"{FLOODNET_FOLDER} folder and put it, or {FLOODNET_ARCHIVE}, in {self.root}. "
                "The EARTHVISION 2021 Track 1 folder (Train/Labeled/...) is another, mostly "
                "unlabelled release and is not read.")

    def _load(self) -> None:
        """Index ``(image, label)`` of the split, ids in numeric order.

        Raises:
            InvalidDataError: an image has no ``<id>_lab.png`` label, or a label no image
                (names both files).
        """
        self.files: list[tuple[Path, Path]] = []
        images = sorted((p for p in self.image_folder.glob("*.jpg") if not p.name.startswith(".")),
                        key=lambda p: (len(p.stem), p.stem))  # no macOS ``._<id>`` files
        for image in images:
            label = self.label_folder / f"{image.stem}{FLOODNET_LABEL_SUFFIX}.png"
            if not label.is_file():
                raise InvalidDataError(
                    f"{self.name}: {image} has no label {label}; get the {FLOODNET_FOLDER} "
                    "folder again")
            self.files.append((image, label))
        suffix = f"{FLOODNET_LABEL_SUFFIX}.png"
        stems = {image.stem for image, _ in self.files}
        orphans = sorted(p for p in self.label_folder.glob(f"*{suffix}")
                         if not p.name.startswith(".") and p.name[:-len(suffix)] not in stems)
        if orphans:  # an image lost in extraction: its sample would vanish silently
            raise InvalidDataError(
                f"{self.name}: {orphans[0]} has no image "
                f"{self.image_folder / (orphans[0].name[:-len(suffix)] + '.jpg')} "
                f"({len(orphans)} such labels); get the {FLOODNET_FOLDER} folder again")

    def _empty_reason(self) -> str:
        return (f"{self.image_folder} holds no <id>.jpg; get the {FLOODNET_FOLDER} folder "
                "again")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        """The image's selected bands and its label's class codes.

        Raises:
            InvalidDataError: a file is unreadable, the pair differs in size, or the label
                holds a code above 9 (e.g. a colour mask put in its place).
        """
        image_path, label_path = self.files[index]
        image = read_image(image_path, "RGB")[self.band_indices]
        mask = read_mask(label_path)
        check_codes(mask, len(self.classes), label_path, "a FloodNet label")
        return self._apply(seg_sample(image, mask))

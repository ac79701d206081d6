"""UAVid: semantic segmentation of oblique UAV video frames of urban scenes.

The publisher (https://uavid.nl/, Downloads) ships the image release as
``uavid_v1.5_official_release_image.zip``, which extracts to::

    uavid_v1.5_official_release_image/uavid_train/seq<k>/Images/<frame>.png   RGB, uint8
    uavid_v1.5_official_release_image/uavid_train/seq<k>/Labels/<frame>.png   RGB colours
    uavid_v1.5_official_release_image/uavid_val/...                          same layout
    uavid_v1.5_official_release_image/uavid_test/seq<k>/Images/<frame>.png   no labels

Frames are 3840x2160 or 4096x2160 px; frame names are the video frame numbers (``000000.png``,
``000100.png``, ...). Labels are colour-coded and mapped to the 8 class codes of the spec
(clutter 0 ... human 7); a colour that is none of the class colours counts as clutter, as the
authors' toolkit (UAVidToolKit ``colorTransformer.py``) treats it. The toolkit's README renames
the split folders ``train``, ``valid`` and ``test``; those names are read too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_uavid import (
    UAVID_ARCHIVE,
    UAVID_COLORS,
    UAVID_FOLDER,
    UAVID_HOMEPAGE,
    UAVID_SPLIT_FOLDERS,
)
from geoplug.datasets._chipio import read_image
from geoplug.datasets._isprs import rgb_to_index
from geoplug.datasets._seg_modern import locate, prepare_manual, seg_sample

__all__ = ["UAVid"]

_SEQUENCE = re.compile(r"seq(\d+)")


class UAVid(NonGeoDataset, spec=spec("uavid")):
    """UAVid frames of one split, in sequence order (``seq1``, ``seq2``, ... ``seq10``).

    Samples: ``image`` float32 ``[C,H,W]`` (selected of R, G, B), ``mask`` int64 ``[H,W]``
    with the class codes of the authors' toolkit (0 clutter, 1 building, 2 road, 3 static car,
    4 tree, 5 low vegetation, 6 human, 7 moving car: the train ids its ``evaluate.py`` scores;
    absent in ``test``, whose labels are not released).
    :attr:`files` lists ``(sequence, image, label)`` of each sample.

    The publisher hands the archive out from its web page, so ``download=True`` cannot fetch
    it: put ``uavid_v1.5_official_release_image.zip`` (or what it extracts to) in ``root``.

    Citation: Lyu et al., "UAVid: A semantic segmentation dataset for UAV imagery", ISPRS
    Journal of Photogrammetry and Remote Sensing 165, 2020.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=UAVID_HOMEPAGE, filename=UAVID_ARCHIVE),)

    @property
    def folder(self) -> Path:
        """The split's folder (``uavid_train``, or the toolkit's ``train``, ...) in the root
        or in its ``uavid_v1.5_official_release_image/``, or the same one folder below the
        root (e.g. the archive extracted into a folder of its own name)."""
        for name in UAVID_SPLIT_FOLDERS[self.split]:
            for marker in (name, f"{UAVID_FOLDER}/{name}"):
                path = locate(self.root, marker) / marker
                if self._is_split_folder(path):
                    return path
        return self.root / UAVID_FOLDER / UAVID_SPLIT_FOLDERS[self.split][0]

    @staticmethod
    def _is_split_folder(path: Path) -> bool:
        """True for a folder holding ``seq<k>/Images`` (a bare ``train/`` is not enough)."""
        return path.is_dir() and any(p.is_dir() for p in path.glob("seq*/Images"))

    def _exists(self) -> bool:
        return self._is_split_folder(self.folder)

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the archive when it is on disk; the publisher's page cannot be fetched.

        Raises:
            DatasetNotFoundError: neither the split's folder nor the archive is there.
            ChecksumError: ``checksum`` is True and the archive does not match.
            InvalidDataError: the archive does not hold the split's folder.
        """
        prepare_manual(self, checksum, hint=self._not_found_hint())

    def _not_found_hint(self) -> str:
        first, renamed = UAVID_SPLIT_FOLDERS[self.split]
        return (f"looked for {first}/seq<k>/Images (or {renamed}/seq<k>/Images) in "
                f"{self.root}, in {self.root / UAVID_FOLDER} and one folder below; the "
                "publisher hands the data out "
                f"from its web page: download {UAVID_ARCHIVE} from the Downloads section of "
                f"{UAVID_HOMEPAGE} and put it, or the folder it extracts to, in {self.root}.")

    def _load(self) -> None:
        """Index ``(sequence, image, label)`` of the split's frames.

        Raises:
            InvalidDataError: a train/val frame has no label (names both files).
        """
        folder = self.folder
        sequences = sorted(
            (p for p in folder.iterdir() if p.is_dir() and _SEQUENCE.fullmatch(p.name)),
            key=lambda p: int(p.name[3:]))
        labelled = self.split != "test"
        self.files: list[tuple[str, Path, Path | None]] = []
        for sequence in sequences:
            for image in sorted((sequence / "Images").glob("*.png")):
                label = sequence / "Labels" / image.name
                if labelled and not label.is_file():
                    raise InvalidDataError(
                        f"{self.name}: {image} has no label {label}; extract {UAVID_ARCHIVE} "
                        "again")
                self.files.append((sequence.name, image, label if label.is_file() else None))

    def _empty_reason(self) -> str:
        return (f"the seq<k>/Images folders under {self.folder} hold no PNG; extract "
                f"{UAVID_ARCHIVE} again")

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        _, image_path, label_path = self.files[index]
        image = read_image(image_path, "RGB")[self.band_indices]
        mask = None
        if label_path is not None:
            mask = rgb_to_index(read_image(label_path, "RGB"), UAVID_COLORS,
                                unknown=0)  # clutter, as the publisher's toolkit reads it
        return self._apply(seg_sample(image, mask))

"""AeroScapes: semantic segmentation of drone video frames (12 classes, 720p).

The publisher's ``download.sh`` (github.com/ishann/aeroscapes) fetches one archive, saved as
``aeroscapes.tar.gz``, which extracts to::

    aeroscapes/JPEGImages/<id>.jpg           RGB JPEG, 1280x720 px
    aeroscapes/SegmentationClass/<id>.png    one band, class codes 0-11
    aeroscapes/Visualizations/<id>.png       colour renderings of the labels (not read)
    aeroscapes/ImageSets/trn.txt, val.txt    the ids of each split, one per line

Ids are ``<sequence>_<frame>`` (``000001_001``). Image and label are paired by id; the codes
are kept as published (0 background ... 11 sky).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_aeroscapes import (
    AEROSCAPES_ARCHIVE,
    AEROSCAPES_FOLDER,
    AEROSCAPES_HOMEPAGE,
    AEROSCAPES_SPLIT_LISTS,
    AEROSCAPES_URL,
)
from geoplug.datasets._chipio import read_image
from geoplug.datasets._seg_modern import check_codes, locate, read_mask, seg_sample

__all__ = ["Aeroscapes"]


class Aeroscapes(NonGeoDataset, spec=spec("aeroscapes")):
    """AeroScapes frames of one split (``train`` = ``trn.txt``, ``val``), in list order.

    Samples: ``image`` float32 ``[C,H,W]`` (selected of R, G, B), ``mask`` int64 ``[H,W]``
    with the publisher's codes 0-11. :attr:`files` lists ``(image, label)`` of each sample.

    ``download=True`` fetches ``aeroscapes.tar.gz`` from the link of the publisher's
    ``download.sh`` and extracts it; no checksum is published. ``root`` may hold the
    ``aeroscapes`` folder (or one folder holding it), or be that folder itself.

    Citation: Nigam, Huang and Ramanan, "Ensemble Knowledge Transfer for Semantic
    Segmentation", WACV 2018.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=AEROSCAPES_URL, filename=AEROSCAPES_ARCHIVE),)

    @property
    def folder(self) -> Path:
        """The release's ``aeroscapes`` folder: in the root, one folder below it, or the root
        itself (found by its ``ImageSets`` list of the split)."""
        listing = f"ImageSets/{AEROSCAPES_SPLIT_LISTS[self.split]}"
        if (self.root / listing).is_file():
            return self.root
        marker = f"{AEROSCAPES_FOLDER}/{listing}"
        return locate(self.root, marker) / AEROSCAPES_FOLDER

    @property
    def split_list(self) -> Path:
        return self.folder / "ImageSets" / AEROSCAPES_SPLIT_LISTS[self.split]

    def _exists(self) -> bool:
        return self.split_list.is_file()

    def _not_found_hint(self) -> str:
        return (f"looked for {AEROSCAPES_FOLDER}/ImageSets/{AEROSCAPES_SPLIT_LISTS[self.split]}"
                f" in {self.root} and one folder below (and ImageSets/ in {self.root} "
                f"itself); pass download=True to fetch {AEROSCAPES_ARCHIVE} ({AEROSCAPES_URL},"
                f" the link of download.sh at {AEROSCAPES_HOMEPAGE}), or put it, or the "
                f"{AEROSCAPES_FOLDER} folder it extracts to, in {self.root}.")

    def _load(self) -> None:
        """Index ``(image, label)`` of the ids the split's list names, in its order.

        Raises:
            InvalidDataError: a listed id has no image or no label (names the file).
        """
        folder = self.folder
        ids = [line.strip() for line in self.split_list.read_text().splitlines()
               if line.strip()]
        self.files: list[tuple[Path, Path]] = []
        for ident in ids:
            image = folder / "JPEGImages" / f"{ident}.jpg"
            label = folder / "SegmentationClass" / f"{ident}.png"
            for path in (image, label):
                if not path.is_file():
                    raise InvalidDataError(
                        f"{self.name}: {self.split_list} lists {ident}, but {path} is missing;"
                        f" extract {AEROSCAPES_ARCHIVE} again")
            self.files.append((image, label))

    def _empty_reason(self) -> str:
        return f"{self.split_list} lists no id; extract {AEROSCAPES_ARCHIVE} again"

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        """The frame's selected bands and its label's class codes.

        Raises:
            InvalidDataError: a file is unreadable, the pair differs in size, or the label
                holds a code above 11 (e.g. a Visualizations colour PNG in its place).
        """
        image_path, label_path = self.files[index]
        image = read_image(image_path, "RGB")[self.band_indices]
        what = "an AeroScapes label (SegmentationClass)"
        mask = check_codes(read_mask(label_path, what), len(self.classes), label_path, what)
        return self._apply(seg_sample(image, mask))

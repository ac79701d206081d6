"""DLRSD (Shao et al., 2018) and the UC Merced multi-label table (Chaudhuri et al., 2018).

Both label the 2,100 UC Merced chips (``UCMerced_LandUse/Images/<scene class>/<name>.tif``,
RGB, 256x256 at 1 ft; a few are a little smaller, e.g. 256x247, and are returned at their size)
with the same 17 land-cover classes:

* **DLRSD** publishes one single-band PNG mask per chip, pixel value = class code 1-17
  (:data:`~geoplug.datasets._catalog.segmentation_dlrsd.DLRSD_CLASSES` order), under
  ``DLRSD/Images/<scene class>/<name>.png`` (some copies name the folder ``Labels``);
  ``DLRSD.zip`` is shared through the authors' page (cloud-drive links, no direct download).
* The **multi-label** table ``LandUse_Multilabeled.txt`` (in ``multilabels.zip``, published at
  http://bigearth.eu/datasets) is whitespace-separated: a header ``IMAGE\\LABEL airplane
  bare-soil ... water`` and one row per chip, ``<name> 0 1 0 ...``.

Neither publishes a split, so both use UC Merced's train/val/test lists of Neumann et al.
(``uc_merced-{split}.txt``); the UC Merced archive and lists are downloaded from the same
mirror as :class:`~geoplug.datasets.ucmerced.UCMerced`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.chipfiles import read_chip
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._boxes import ClassIndex, find_dir
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_dlrsd import DLRSD_IGNORE
from geoplug.datasets.ucmerced import UCMerced

__all__ = ["DLRSD", "DLRSDMultiLabel"]

_DLRSD_PAGE = "https://sites.google.com/view/zhouwx/dataset"
_TABLE = "LandUse_Multilabeled.txt"


class _UCMercedChips(NonGeoDataset):
    """The UC Merced chips of one split, plus one label source that subclasses name.

    ``resources`` are UC Merced's (archive and split lists) and the label archive; each is
    fetched only when what it unpacks to is missing, so a label archive that must be
    downloaded by hand is asked for only when its files are absent.
    """

    label_resource: ClassVar[Resource]
    manual_hint: ClassVar[str] = ""

    def _images_dir(self) -> Path | None:
        return find_dir(self.root, "UCMerced_LandUse/Images", depth=1)

    def _split_list(self) -> Path:
        return self.root / UCMerced.split_lists[self.split]

    def _labels(self) -> Path | None:
        """Where the labels are once extracted (the mask folder or the table)."""
        raise NotImplementedError

    def _exists(self) -> bool:
        return (self._images_dir() is not None and self._split_list().is_file()
                and self._labels() is not None)

    def _present(self, resource: Resource) -> bool:
        """Whether what ``resource`` provides is already under ``root``."""
        if resource.filename == self.label_resource.filename:
            return self._labels() is not None
        if resource.extract:
            return self._images_dir() is not None
        return (self.root / resource.filename).is_file()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Fetch (or extract, when on disk) what is missing of images, split list and labels.

        Raises:
            DatasetNotFoundError: files absent and ``download`` is False, or the labels must be
                fetched by hand (the message says where).
            ChecksumError: ``checksum`` is True and a file does not match.
            InvalidDataError: the files are still missing after extraction.
        """
        if self._exists():
            return
        needed = [r for r in self._needed() if not self._present(r)]
        absent = [r for r in needed if not (self.root / r.filename).is_file()]
        if self.manual_hint and self.label_resource.filename in (r.filename for r in absent):
            raise DatasetNotFoundError(self.name, self.root, hint=self.manual_hint.format(
                root=self.root))
        if absent and not download:
            raise DatasetNotFoundError(self.name, self.root)
        fetch(needed, self.root, checksum)
        if not self._exists():
            raise InvalidDataError(
                f"{self.name}: the files expected in {self.root} are missing even after "
                f"extracting {', '.join(r.filename for r in needed)}; an archive may be "
                "incomplete or of another release — delete it and get it again")

    def _load(self) -> None:
        """Index this split's chips (``<scene class>/<name>.tif``) in list order."""
        images = self._images_dir()
        assert images is not None
        with open(self._split_list(), encoding="utf-8") as f:
            names = [os.path.splitext(line.strip())[0] for line in f if line.strip()]
        self.chips: list[tuple[str, Path]] = []
        for name in names:
            scene = name.rstrip("0123456789")
            path = images / scene / f"{name}.tif"
            if not path.is_file():
                raise InvalidDataError(
                    f"{self.name}: {path}, listed in {self._split_list()}, is missing; extract "
                    "UCMerced_LandUse.zip again")
            self.chips.append((name, path))

    def __len__(self) -> int:
        return len(self.chips)

    def _image(self, index: int) -> np.ndarray:
        array, _ = read_chip(self.chips[index][1], self.band_indices)
        return array.astype(np.float32)


class DLRSD(_UCMercedChips, spec=spec("dlrsd")):
    """DLRSD: ``image`` float32 ``[3, H, W]``, ``mask`` int64 ``[H, W]`` (0-16 for the codes
    1-17; code 0, where present, becomes ``-1``, the spec's ``ignore_index``)."""

    label_resource = Resource(_DLRSD_PAGE, "DLRSD.zip")
    resources = (*UCMerced.resources, label_resource)
    manual_hint = (f"DLRSD is shared through the cloud-drive links on {_DLRSD_PAGE} (no "
                   "direct download): put DLRSD.zip, or its extracted DLRSD/ folder, in {root}; "
                   "the UC Merced images then download with download=True.")

    def _labels(self) -> Path | None:
        return find_dir(self.root, "DLRSD/Images", "DLRSD/Labels", depth=1)

    def __getitem__(self, index: int) -> Sample:
        """Raises: InvalidDataError: the mask is missing, not single-band class codes, or
        not the size of its image."""
        import torch
        from PIL import Image, UnidentifiedImageError

        name, path = self.chips[index]
        labels = self._labels()
        assert labels is not None
        mask_path = labels / path.parent.name / f"{name}.png"
        image = self._image(index)
        try:
            with Image.open(mask_path) as img:
                if img.mode not in ("L", "P"):
                    raise InvalidDataError(
                        f"{self.name}: {mask_path} is a {img.mode} image, not single-band "
                        "class codes 1-17; is it a colour rendering of the mask?")
                codes = np.asarray(img).astype(np.int64)
        except (OSError, UnidentifiedImageError) as exc:
            raise InvalidDataError(f"{self.name}: cannot read the mask of {name}: {exc}; "
                                   "extract DLRSD.zip again") from exc
        if codes.shape != image.shape[1:] or codes.max() > len(self.classes):
            raise InvalidDataError(
                f"{self.name}: {mask_path} is {codes.shape[0]}x{codes.shape[1]} with codes up "
                f"to {codes.max()}; its image is {image.shape[1]}x{image.shape[2]} and DLRSD "
                f"codes are 1-{len(self.classes)}")
        mask = np.where(codes > 0, codes - 1, DLRSD_IGNORE)
        sample: Sample = {"image": torch.from_numpy(image), "mask": torch.from_numpy(mask)}
        return self._apply(sample)


class DLRSDMultiLabel(_UCMercedChips, spec=spec("dlrsd_multilabel")):
    """UC Merced multi-label: ``image`` float32 ``[3, H, W]``, ``label`` int64 multi-hot
    ``[17]`` (the table's columns, matched to :attr:`classes` by name)."""

    label_resource = Resource("http://bigearth.eu/assets/docs/multilabels.zip",
                              "multilabels.zip")
    resources = (*UCMerced.resources, label_resource)

    def _labels(self) -> Path | None:
        for base in (self.root, self.root / "multilabels", self.root / "UCMerced_LandUse"):
            if (base / _TABLE).is_file():
                return base / _TABLE
        return None

    def _load(self) -> None:
        """Index the chips and read the table.

        Raises:
            InvalidDataError: the table's header is not the 17 classes, a row is malformed,
                or a chip of the split has no row.
        """
        super()._load()
        table = self._labels()
        assert table is not None
        with open(table, encoding="utf-8-sig") as f:
            lines = [line.split() for line in f if line.strip()]
        header = lines[0][1:] if lines else []
        if len(header) != len(self.classes):
            raise InvalidDataError(f"{self.name}: {table} names {len(header)} classes "
                                   f"({header}); the multi-label table has {len(self.classes)}")
        order = ClassIndex(self.classes, self.name)(header, table)
        self.labels: dict[str, np.ndarray] = {}
        for number, row in enumerate(lines[1:], start=2):
            if len(row) != len(header) + 1 or any(v not in ("0", "1") for v in row[1:]):
                raise InvalidDataError(f"{self.name}: {table} line {number} is not a chip name "
                                       f"and {len(header)} 0/1 values: {' '.join(row)}")
            hot = np.zeros(len(self.classes), np.int64)
            hot[order] = np.asarray(row[1:], np.int64)
            self.labels[row[0]] = hot
        missing = [name for name, _ in self.chips if name not in self.labels]
        if missing:
            raise InvalidDataError(f"{self.name}: {len(missing)} chip(s) of the {self.split} "
                                   f"split have no row in {table} (first: {missing[0]})")

    def __getitem__(self, index: int) -> Sample:
        import torch

        name, _ = self.chips[index]
        sample: Sample = {"image": torch.from_numpy(self._image(index)),
                          "label": torch.from_numpy(self.labels[name].copy())}
        return self._apply(sample)

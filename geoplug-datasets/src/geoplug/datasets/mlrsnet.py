"""MLRSNet: multi-label high-resolution remote sensing scenes (Qi et al., 2020).

109,161 RGB JPEG scenes of 256x256 px (about 10 m to 0.1 m GSD, from Google Earth) in 46
scene categories, each tagged with 1 to 13 of 60 labels. The publisher (GitHub
``cugbrs/MLRSNet`` and Mendeley Data ``7j9bv9vwsx``) lays the files out as::

    Images/<category>.rar              one RAR archive per category, holding <category>/
    Images/<category>/<category>_00001.jpg ...   once extracted
    labels/<category>.csv              (``Labels/`` in the Mendeley archive)
    Categories_names.xlsx              (not read)

Each CSV has a header ``image,airplane,airport,bare soil,...,wind turbine`` (the 60 labels of
:data:`~geoplug.datasets._catalog.multilabel_mlrsnet.MLRSNET_LABELS`) and one row per image,
``<category>_NNNNN.jpg,0,1,...``. Category names keep the publisher's spellings
(``harbor&port``, ``swimmimg_pool``). The images are found by file name anywhere under
``Images/`` (so a copy that renamed ``harbor&port``, extracted one folder deeper or
flattened the category folders still reads); the CSVs name the samples, and an image a CSV
lists but ``Images/`` lacks is an error.

``root`` may hold ``Images/`` and ``labels/`` or a folder (up to two levels) holding them,
e.g. the extracted Mendeley archive. geoplug does not read RAR, and the archives have no
direct download that yields images, so ``download=True`` cannot fetch the dataset: the
not-found error says what to extract. The Mendeley "Download All" zip, when in ``root``, is
extracted. The publisher defines no split: the single split ``"train"`` is the whole dataset
(split it with ``torch.utils.data.random_split`` for held-out evaluation).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._boxes import ClassIndex, find_dir, read_rgb
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.multilabel_mlrsnet import MLRSNET_PAGE, MLRSNET_ZIP

__all__ = ["MLRSNet"]

_IMAGE_DIRS = ("Images", "images")
_LABEL_DIRS = ("labels", "Labels")
_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif")


class MLRSNet(NonGeoDataset, spec=spec("mlrsnet")):
    """MLRSNet: ``image`` float32 ``[3, 256, 256]`` (0-255), ``label`` int64 multi-hot
    ``[60]`` (the CSV columns, matched to :attr:`classes` by name)."""

    #: Mendeley's whole-record archive, extracted when found in ``root`` (never downloaded:
    #: it holds the images as RAR archives, which geoplug cannot unpack)
    resources = (Resource(MLRSNET_PAGE, MLRSNET_ZIP),)

    # -- layout -------------------------------------------------------------------------------
    def _images_dir(self) -> Path | None:
        return find_dir(self.root, *_IMAGE_DIRS)

    def _labels_dir(self) -> Path | None:
        return find_dir(self.root, *_LABEL_DIRS)

    def _exists(self) -> bool:
        images, labels = self._images_dir(), self._labels_dir()
        return (images is not None and labels is not None and any(labels.glob("*.csv"))
                and any(p.is_dir() or p.name.lower().endswith(_SUFFIXES)
                        for p in images.iterdir()))

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract Mendeley's zip when it is in ``root`` and nothing is extracted yet.

        Raises:
            DatasetNotFoundError: the extracted images or the label CSVs are missing (the
                message says where it looked, what to extract and where to get the files).
            InvalidDataError: the zip is damaged (it is moved aside).
        """
        if self._exists():
            return
        archive = self.resources[0]
        if self._images_dir() is None and (self.root / archive.filename).is_file():
            fetch([archive], self.root, checksum)
        if not self._exists():
            raise DatasetNotFoundError(self.name, self.root, hint=self._not_found_hint())

    def _not_found_hint(self) -> str:
        images, labels = self._images_dir(), self._labels_dir()
        text = (f"Looked for Images/<category>/*.jpg and labels/<category>.csv in {self.root} "
                "and two folders down. download=True cannot fetch MLRSNet: the images are "
                "published only as one RAR archive per category, which geoplug cannot unpack. "
                f"Get the files from https://github.com/cugbrs/MLRSNet (git clone) or "
                f"{MLRSNET_PAGE} (Download All), put them in {self.root}")
        rars = sorted(p.name for p in images.glob("*.rar")) if images is not None else []
        if rars:
            text += (f"; found {len(rars)} RAR archive(s) in {images} ({', '.join(rars[:3])}"
                     f"{', ...' if len(rars) > 3 else ''}): extract each there (unrar x / 7z x) "
                     "so that Images/<category>/<category>_00001.jpg appear")
        else:
            text += ", and extract Images/<category>.rar (unrar x / 7z x)"
        if labels is None:
            text += "; the label CSVs (labels/ or Labels/) are missing"
        return text + "."

    # -- index --------------------------------------------------------------------------------
    def _image_paths(self, images: Path) -> dict[str, Path]:
        """Every image under ``images`` by file name (one walk, however deep the folders)."""
        found: dict[str, Path] = {}
        for folder, _, files in os.walk(images):
            for file in files:
                if file.lower().endswith(_SUFFIXES):
                    found.setdefault(file, Path(folder) / file)
        return found

    def _read_csv(self, path: Path, order: ClassIndex) -> tuple[list[str], np.ndarray]:
        """Image names and multi-hot rows ``[N, 60]`` (uint8, in :attr:`classes` order).

        Raises:
            InvalidDataError: the header is not ``image`` and the 60 labels, or a row is not an
                image name and 60 0/1 values.
        """
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = [row for row in csv.reader(f) if any(cell.strip() for cell in row)]
        header = [cell.strip() for cell in rows[0][1:]] if rows else []
        if len(header) != len(self.classes):
            raise InvalidDataError(
                f"{self.name}: {path} has {len(header)} label columns; MLRSNet's CSVs have the "
                f"image name then {len(self.classes)} labels — is it from another release?")
        columns = order(header, path)
        if len(set(np.asarray(columns).tolist())) != len(self.classes):
            raise InvalidDataError(
                f"{self.name}: {path} names a label twice in its header; MLRSNet's CSVs name "
                f"each of the {len(self.classes)} labels once")
        names: list[str] = []
        hot = np.zeros((len(rows) - 1, len(self.classes)), np.uint8)
        for i, row in enumerate(rows[1:]):
            values = [cell.strip() for cell in row[1:]]
            if len(values) != len(header) or any(v not in ("0", "1") for v in values):
                raise InvalidDataError(
                    f"{self.name}: {path} line {i + 2} is not an image name and "
                    f"{len(header)} 0/1 values: {','.join(row)}")
            names.append(row[0].strip())
            hot[i, columns] = np.asarray(values, np.uint8)
        return names, hot

    def _load(self) -> None:
        """Index every row of every category CSV (categories in name order, rows as listed).

        Raises:
            InvalidDataError: a CSV is malformed (see :meth:`_read_csv`), or images it lists
                are not under ``Images/`` (names the first and the count).
        """
        images, labels = self._images_dir(), self._labels_dir()
        assert images is not None and labels is not None
        paths = self._image_paths(images)
        order = ClassIndex(self.classes, self.name)
        self.paths: list[Path] = []
        blocks: list[np.ndarray] = []
        missing: list[tuple[str, Path]] = []
        for table in sorted(labels.glob("*.csv")):
            names, hot = self._read_csv(table, order)
            for name in names:
                path = paths.get(name)
                if path is None:
                    missing.append((name, table))
                else:
                    self.paths.append(path)
            blocks.append(hot)
        if missing:
            name, table = missing[0]
            raise InvalidDataError(
                f"{self.name}: {len(missing)} image(s) listed in the CSVs of {labels} are not "
                f"under {images} (first: {name}, listed in {table.name}); extract "
                f"Images/{table.stem}.rar there, or get the files again")
        self.labels = (np.concatenate(blocks) if blocks
                       else np.zeros((0, len(self.classes)), np.uint8))

    def _empty_reason(self) -> str:
        return (f"the CSVs in {self._labels_dir()} list no image; the download may be "
                "incomplete — get labels/ again")

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int) -> Sample:
        """Raises: InvalidDataError: the image cannot be decoded (names the file)."""
        import torch

        image = read_rgb(self.paths[index])[self.band_indices].astype(np.float32)
        sample: Sample = {"image": torch.from_numpy(image),
                          "label": torch.from_numpy(self.labels[index].astype(np.int64))}
        return self._apply(sample)

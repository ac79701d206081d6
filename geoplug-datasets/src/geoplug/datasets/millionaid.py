"""Million-AID: a million aerial scenes in a three-level category tree (Long et al., 2021).

The publisher distributes ``train.zip`` and ``test.zip`` (OneDrive / Baidu links on the DiRS
site, no direct URL), each unpacking to ``<split>/`` with one folder per node of the tree:
``<level 1>/<level 2>/<level 3>/<image>.jpg``, or ``<level 1>/<level 3>/<image>.jpg`` where a
first-level category has no second level. The leaf folder is the scene class (51 of them);
the multi-label task labels an image with every node on its path (73 nodes in all).

The test labels were withheld for the CodaLab challenge, so a ``test/`` holding its images
directly (no class folders) is read too: those images are unlabelled, ``label`` -1 (see
:class:`MillionAID`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.chipfiles import read_chip
from geoplug.core.download import Resource
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.scene_regression_modern import MILLIONAID_MULTILABEL_CLASSES

__all__ = ["MillionAID"]

_TASKS = ("multi-class", "multi-label")


class MillionAID(NonGeoDataset, spec=spec("millionaid")):
    """Million-AID RGB JPEG scenes; ``image`` float32 ``[3, H, W]`` (sizes vary).

    ``task="multi-class"``: ``label`` int64, the leaf class (index into :attr:`classes`);
    ``task="multi-label"``: ``label`` int64 multi-hot over the 73 tree nodes
    (:attr:`classes` becomes that list). Images of a class missing from the published lists
    raise :class:`InvalidDataError` at construction, never a silent wrong label.

    Unlabelled test images (directly in ``test/``, as the challenge release may ship them)
    keep the ``label`` key so batches collate: -1 (multi-class) or a ``[73]`` vector of -1
    (multi-label); mask them out of a loss (e.g. ``ignore_index=-1``). Images directly in
    ``train/`` are an error.
    """

    #: the publisher's archives (md5 as published by TorchGeo's copy of the release)
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="https://captain-whu.github.io/DiRS/", filename="train.zip",
                 md5="1b40503cafa9b0601653ca36cd788852", splits=("train",)),
        Resource(url="https://captain-whu.github.io/DiRS/", filename="test.zip",
                 md5="51a63ee3eeb1351889eacff349a983d8", splits=("test",)),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        task: str = "multi-class",
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or task.
            DatasetNotFoundError: neither ``<split>/`` nor ``<split>.zip`` is in ``root``
                (the archives must be fetched by hand from the DiRS site).
            ChecksumError: ``checksum`` is True and the archive does not match.
            InvalidDataError: an image sits in a class folder that Million-AID does not have.
        """
        if task not in _TASKS:
            raise ValueError(f"millionaid: task {task!r} is not one of {', '.join(_TASKS)}")
        self.mode = task
        if task == "multi-label":
            self.classes = MILLIONAID_MULTILABEL_CLASSES  # type: ignore[misc]
        super().__init__(root, split, bands, transforms, download, checksum)

    def _exists(self) -> bool:
        folder = self.root / self.split
        return folder.is_dir() and any(
            p.is_dir() or p.suffix.lower() in (".jpg", ".jpeg") for p in folder.iterdir())

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract ``<split>.zip`` when it is on disk; there is no direct download.

        Raises:
            DatasetNotFoundError: neither the folder nor the archive is there.
        """
        if self._exists():
            return
        archive = self.root / f"{self.split}.zip"
        if not archive.is_file():
            raise DatasetNotFoundError(self.name, self.root, hint=(
                f"Million-AID has no direct download: fetch {archive.name} from the links on "
                "https://captain-whu.github.io/DiRS/ and put it (or its extracted "
                f"{self.split}/ folder) in {self.root}."))
        super()._prepare(download=False, checksum=checksum)

    def _load(self) -> None:
        folder = self.root / self.split
        index = {c: i for i, c in enumerate(self.classes)}
        self.samples: list[tuple[Path, list[int]]] = []
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            images = sorted(f for f in filenames if f.lower().endswith((".jpg", ".jpeg")))
            if not images:
                continue
            path = Path(dirpath).relative_to(folder).parts
            if not path and self.split == "test":  # the withheld labels: unlabelled, -1
                self.samples.extend((Path(dirpath) / name, []) for name in images)
                continue
            nodes = path[-1:] if self.mode == "multi-class" else path
            unknown = [n for n in nodes if n not in index]
            if unknown or not nodes:
                raise InvalidDataError(
                    f"millionaid: images in {dirpath} belong to {unknown or 'no'} class "
                    f"folder(s) outside the Million-AID {self.mode} list; is {folder} the "
                    "publisher's release?")
            labels = [index[n] for n in nodes]
            self.samples.extend((Path(dirpath) / name, labels) for name in images)

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path, labels = self.samples[index]
        array, _ = read_chip(path, self.band_indices)
        if self.mode == "multi-class":
            label = torch.tensor(labels[0] if labels else -1, dtype=torch.int64)
        elif not labels:
            label = torch.full((len(self.classes),), -1, dtype=torch.int64)
        else:
            label = torch.zeros(len(self.classes), dtype=torch.int64)
            label[labels] = 1
        sample: Sample = {"image": torch.from_numpy(array.astype(np.float32)), "label": label}
        return self._apply(sample)


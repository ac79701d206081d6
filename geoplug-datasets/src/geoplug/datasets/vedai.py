"""VEDAI: Vehicle Detection in Aerial Imagery, oriented boxes of small vehicles.

Razakarivony and Jurie, "Vehicle Detection in Aerial Imagery: A small target detection
benchmark" (JVCI 34, 2016, https://doi.org/10.1016/j.jvci.2015.11.002): 1,246 tiles cut from
Utah AGRC orthophotos, each as a colour and an infrared PNG. The publisher
(https://downloads.greyc.fr/vedai/) ships ``Vehicules1024.tar.001`` ... ``.005`` (one tar
split in volumes), ``Annotations1024.tar`` and the same at 512 px; extracted::

    Vehicules1024/<id>_co.png        colour (R, G, B), ids of 8 digits (00000000 ...)
    Vehicules1024/<id>_ir.png        near infrared
    Annotations1024/<id>.txt         one line per vehicle
    Annotations1024/fold01.txt ... fold10.txt, fold01test.txt ... fold10test.txt  (ids)

An annotation line reads ``cx cy orientation class contained occluded x1 x2 x3 x4 y1 y2 y3
y4``: the four corners are given as the four x then the four y (not interleaved). ``class``
is a code of :data:`VEDAI_CODES` (1 car, 2 truck, 4 tractor, 5 camping car, 7 motorcycle,
8 bus, 9 van, 10 other, 11 pickup, 23 boat, 31 plane); ``label`` is its index there.

``download=True`` fetches the 1024 px copy (no checksums are published, so
``checksum=True`` checks nothing) and joins the volumes into ``Vehicules1024.tar`` before
extracting it; the 512 px copy must be placed by hand.

Splits: the publisher's ten folds (``fold``, 1-10): ``train`` is ``fold<NN>.txt``, ``test``
``fold<NN>test.txt`` (about 1,089 and 121 ids). ``size=512`` reads the 512 px copy
(``Vehicules512/``, ``Annotations512/``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.archives import join_volumes
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._boxes import BoxDataset, enclosing_xyxy, find_dir, read_rgb, sample_boxes
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.detection_vedai import VEDAI_CODES

__all__ = ["VEDAI", "VEDAI_CODES", "parse_vedai"]

_URL = "https://downloads.greyc.fr/vedai/"
#: the volumes of ``Vehicules1024.tar`` as the publisher splits it
_VOLUMES = tuple(f"Vehicules1024.tar.{i:03d}" for i in range(1, 6))


def parse_vedai(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Corners ``[N, 8]`` (float32, x, y interleaved) and labels ``[N]`` (int64, index in
    :data:`VEDAI_CODES`) of a VEDAI annotation file.

    Raises:
        InvalidDataError: unreadable file, a line without 14 numbers, or an unknown class
            code (names the file and line).
    """
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidDataError(f"cannot read {path}: {exc}; extract it again") from exc
    corners: list[list[float]] = []
    labels: list[int] = []
    for number, line in enumerate(lines, start=1):
        fields = line.split()
        if not fields:
            continue
        try:
            if len(fields) != 14:
                raise ValueError(f"{len(fields)} fields, not 14")
            values = [float(v) for v in fields]
        except ValueError as exc:
            raise InvalidDataError(
                f"cannot parse line {number} of {path}: {line.strip()!r} ({exc}); expected "
                "'cx cy orientation class contained occluded x1 x2 x3 x4 y1 y2 y3 y4'") from exc
        code = int(values[3])
        if code != values[3] or code not in VEDAI_CODES:
            raise InvalidDataError(f"line {number} of {path}: unknown class code {fields[3]}; "
                                   f"expected one of {VEDAI_CODES}")
        xs, ys = values[6:10], values[10:14]
        corners.append([c for xy in zip(xs, ys) for c in xy])
        labels.append(VEDAI_CODES.index(code))
    return np.asarray(corners, np.float32).reshape(-1, 8), np.asarray(labels, np.int64)


def _read_band(path: Path) -> np.ndarray:
    """The infrared PNG as ``[H, W]`` uint8 (a grey image, or the first channel of an RGB
    copy: its channels are equal)."""
    return read_rgb(path)[0]


class VEDAI(BoxDataset, spec=spec("vedai")):
    """VEDAI: ``image`` float32 [C,H,W] (uint8 values; R, G, B from ``_co.png`` and NIR from
    ``_ir.png``, as ``bands`` selects), ``bbox_xyxyxyxy`` float32 [N,8] (the published
    corners), ``bbox_xyxy`` float32 [N,4] (their envelope) and ``label`` int64 [N].

    ``split`` is ``train`` or ``test`` of fold ``fold`` (1-10); ``size`` 1024 or 512.
    """

    manual_hint: ClassVar[str] = (
        "Looked for Vehicules<size>/<id>_co.png and Annotations<size>/fold<NN>[test].txt. "
        "Pass download=True (1024 px copy), or download Vehicules1024.tar.001 ... .005 and "
        f"Annotations1024.tar (or the 512 px ones) from {_URL} into the root, join and "
        "extract the volumes (cat Vehicules1024.tar.0* | tar -x) and extract "
        "Annotations1024.tar, so that Vehicules1024/ and Annotations1024/ appear.")
    resources: ClassVar[tuple[Resource, ...]] = (
        *(Resource(url=f"{_URL}{name}", filename=name, extract=False) for name in _VOLUMES),
        Resource(url=f"{_URL}Annotations1024.tar", filename="Annotations1024.tar"),
    )
    #: the joined volumes (extracted to ``Vehicules1024/``)
    archive: ClassVar[Resource] = Resource(url="", filename="Vehicules1024.tar")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        fold: int = 1,
        size: int = 1024,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band, ``fold`` not in 1-10, ``size`` not 512/1024.
            DatasetNotFoundError: no fold list or image folder under ``root`` (the message
                says where it looked and how to get the files).
            InvalidDataError: the fold list names an image or annotation that is missing.
        """
        if fold not in range(1, 11):
            raise ValueError(f"VEDAI: fold {fold!r} is not one of 1-10")
        if size not in (512, 1024):
            raise ValueError(f"VEDAI: size {size!r} is not 512 or 1024")
        self.fold, self.size = fold, size
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layout -------------------------------------------------------------------------------
    def _list_name(self) -> str:
        return f"fold{self.fold:02d}{'test' if self.split == 'test' else ''}.txt"

    def _folders(self) -> tuple[Path, Path, Path] | None:
        """``(images, annotations, fold list)``, the folders found at most two levels down."""
        images = find_dir(self.root, f"Vehicules{self.size}")
        notes = find_dir(self.root, f"Annotations{self.size}")
        if images is None or notes is None:
            return None
        for folder in (notes, images.parent, notes.parent):
            if (folder / self._list_name()).is_file():
                return images, notes, folder / self._list_name()
        return None

    def _exists(self) -> bool:
        return self._folders() is not None

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the archives found in ``root`` (joining the image volumes), else download
        them (1024 px only) or explain.

        Raises:
            DatasetNotFoundError: files and archives absent and ``download`` False, or
                ``size=512`` (no download).
            ChecksumError: ``checksum`` is True and an archive does not match.
            InvalidDataError: the archives hold no fold list or images.
        """
        if self._exists():
            return
        joined = self.root / self.archive.filename
        volumes = [r for r in self.resources if not r.extract]
        present = joined.is_file() or all((self.root / r.filename).is_file() for r in volumes)
        if self.size != 1024 or not (download or (
                present and (self.root / "Annotations1024.tar").is_file())):
            raise DatasetNotFoundError(self.name, self.root, hint=(
                f"{self.manual_hint} Put them in {self.root} and run again."))
        fetch([r for r in self.resources if r.extract or not joined.is_file()], self.root,
              checksum)
        if not joined.is_file():
            join_volumes([self.root / r.filename for r in volumes], joined)
        fetch([self.archive], self.root, checksum)
        if not self._exists():
            raise InvalidDataError(
                f"{self.name}: {joined} and Annotations1024.tar in {self.root} hold no "
                f"Vehicules1024/ and Annotations1024/{self._list_name()}; delete them and "
                "download again")

    def _load(self) -> None:
        """Pair each id of the fold list with its two PNGs and its annotation.

        Raises:
            InvalidDataError: an id lacks a file (names the first and how many).
        """
        found = self._folders()
        assert found is not None
        images, notes, listed = found
        self.samples: list[tuple[Path, Path, Path]] = []
        missing: list[str] = []
        for line in listed.read_text(encoding="utf-8-sig").split():
            image_id = Path(line).stem.split("_")[0]  # bare ids; tolerate "<id>_co.png"
            files = (images / f"{image_id}_co.png", images / f"{image_id}_ir.png",
                     notes / f"{image_id}.txt")
            absent = [f.name for f in files if not f.is_file()]
            if absent:
                missing.append(", ".join(absent))
            else:
                self.samples.append(files)
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} id(s) listed in {listed} lack their files in "
                f"{images} or {notes} (first: {missing[0]}); extract the archives again")

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import torch

        colour, infrared, notes = self.samples[index]
        wanted = self.band_indices
        layers: list[np.ndarray] = []
        if any(i < 3 for i in wanted):
            rgb = read_rgb(colour)
            layers.extend(rgb[i] for i in wanted if i < 3)
        if 3 in wanted:
            layers.insert(wanted.index(3), _read_band(infrared))
        image = np.stack(layers).astype(np.float32)
        corners, labels = parse_vedai(notes)
        sample: Sample = {"image": torch.from_numpy(image)}
        sample.update(sample_boxes(enclosing_xyxy(corners), labels, corners))
        return self._apply(sample)

"""FAIR1M: fine-grained object recognition in high-resolution optical satellite images.

Sun et al., ISPRS J. 2022 (https://doi.org/10.1016/j.isprsjprs.2021.12.004): Gaofen and
Google Earth scenes of 0.3-0.8 m with oriented boxes of 37 fine-grained classes in 5
categories. The benchmark (https://www.gaofen-challenge.com/benchmark) shares the files through
a public Google Drive folder; extracted, they lie as::

    train/part1/images/<n>.tif       train/part1/labelXml/<n>.xml   (images.zip, labelXml.zip)
    train/part2/images/<n>.tif       train/part2/labelXml/<n>.xml   (images.zip, labelXmls.zip)
    validation/images/<n>.tif        validation/labelXml/<n>.xml    (images.zip, labelXmls.zip)
    test/images/<n>.tif                                             (images0.zip ... images2.zip)

Each zip holds its folder (``images/``, ``labelXml/`` even inside ``labelXmls.zip``) and is
extracted next to itself. A label file is PASCAL-VOC-like XML: ``<annotation><objects>`` holds
one ``<object>`` per target with ``<possibleresult><name>`` (the class) and ``<points>`` of
five ``<point>x,y</point>``, the corners of the oriented box with the first one repeated to
close the ring. Test labels are withheld, so test samples hold the image only.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import Sample
from geoplug.datasets._boxes import (
    BoxDataset,
    Boxes,
    ClassIndex,
    enclosing_xyxy,
    read_xml,
    sample_boxes,
)
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.detection_finegrained import FAIR1M_CATEGORIES

__all__ = ["FAIR1M", "parse_fair1m"]

#: the public Drive folder the benchmark links to (each archive also has its own file id)
_FOLDER = "https://drive.google.com/drive/folders/1lCZibAl3k9sI5d7ahRm_5GA3g7OCLXmY"
#: Drive's direct-download endpoint; ``confirm=t`` skips the page it shows for large files
_DRIVE = "https://drive.usercontent.google.com/download?export=download&confirm=t&id="
#: folders of each split's images (and labels) under ``root``; "train" has parts
_SPLIT_DIRS = {"train": "train", "val": "validation", "test": "test"}
#: label folder names: the archives hold ``labelXml``; some copies name it after the zip
_LABEL_DIRS = ("labelXml", "labelXmls")
_IMAGE_SUFFIXES = (".tif", ".tiff")


def _resource(filename: str, drive_id: str, md5: str | None, split: str) -> Resource:
    return Resource(url=_DRIVE + drive_id, filename=filename, md5=md5, splits=(split,))


class FAIR1M(BoxDataset, spec=spec("fair1m")):
    """FAIR1M: ``image`` float32 [3,H,W] (uint8 values), ``bbox_xyxyxyxy`` float32 [N,8] (four
    corners as published), ``bbox_xyxy`` float32 [N,4] (their enclosing box) and ``label``
    int64 [N] (index into ``classes``; ``categories`` groups them). Test samples hold only
    ``image``. The train split reads every ``train/part*`` folder present.
    """

    #: category -> its classes, in label order (Ship, Vehicle, Airplane, Court, Road)
    categories: ClassVar[dict[str, tuple[str, ...]]] = FAIR1M_CATEGORIES
    # archives, Drive file ids and MD5s as torchgeo publishes them; the MD5 it gives for
    # test/images2.zip repeats validation/labelXmls.zip's, so that archive goes unverified
    resources: ClassVar[tuple[Resource, ...]] = (
        _resource("train/part1/images.zip", "1LWT_ybL-s88Lzg9A9wHpj0h2rJHrqrVf",
                  "a460fe6b1b5b276bf856ce9ac72d6568", "train"),
        _resource("train/part1/labelXml.zip", "1CnOuS8oX6T9JMqQnfFsbmf7U38G6Vc8u",
                  "80f833ff355f91445c92a0c0c1fa7414", "train"),
        _resource("train/part2/images.zip", "1cx4MRfpmh68SnGAYetNlDy68w0NgKucJ",
                  "ad237e61dba304fcef23cd14aa6c4280", "train"),
        _resource("train/part2/labelXmls.zip", "1RFVjadTHA_bsB7BJwSZoQbiyM7KIDEUI",
                  "5c5948e68cd0f991a0d73f10956a3b05", "train"),
        _resource("validation/images.zip", "1lSSHOD02B6_sUmr2b-R1iqhgWRQRw-S9",
                  "dce782be65405aa381821b5f4d9eac94", "val"),
        _resource("validation/labelXmls.zip", "1sTTna1C5n3Senpfo-73PdiNilnja1AV4",
                  "700b516a21edc9eae66ca315b72a09a1", "val"),
        _resource("test/images0.zip", "1HtOOVfK9qetDBjE7MM0dK_u5u7n4gdw3",
                  "fb8ccb274f3075d50ac9f7803fbafd3d", "test"),
        _resource("test/images1.zip", "1iXKCPmmJtRYcyuWCQC35bk97NmyAsasq",
                  "dc9bbbdee000e97f02276aa61b03e585", "test"),
        _resource("test/images2.zip", "1oUc25FVf8Zcp4pzJ31A1j1sOLNHu63P0", None, "test"),
    )

    # -- layout -------------------------------------------------------------------------------
    @property
    def labelled(self) -> bool:
        """Whether this split's labels are published (the test labels are withheld)."""
        return self.split != "test"

    def _parts(self) -> list[Path]:
        """The folders holding this split's ``images`` (and label) folders."""
        base = self.root / _SPLIT_DIRS[self.split]
        if self.split != "train":
            return [base]
        return sorted(p for p in base.glob("part*") if p.is_dir()) if base.is_dir() else []

    @staticmethod
    def _images(part: Path) -> list[Path]:
        folder = part / "images"
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.suffix.lower() in _IMAGE_SUFFIXES)

    @staticmethod
    def _label_dir(part: Path) -> Path | None:
        for name in _LABEL_DIRS:
            if (part / name).is_dir():
                return part / name
        return None

    def _exists(self) -> bool:
        return any(self._images(p) and (not self.labelled or self._label_dir(p))
                   for p in self._parts())

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract each of the split's archives lying in ``root`` next to itself (verified
        with ``checksum``), download the missing ones when asked, then find the folders.

        Raises:
            DatasetNotFoundError: no images of the split after that, ``download`` False.
            ChecksumError: ``checksum`` is True and an archive does not match.
            InvalidDataError: the folders are still missing after extracting the downloads.
        """
        needed = self._needed()
        # folders filled before any extraction: the three test zips share test/images
        filled = {r.filename for r in needed if _has_files(self._target(r))}
        for resource in needed:
            archive = self.root / resource.filename
            if (archive.is_file() and not _unpacked(archive)) or (
                    download and not archive.is_file() and resource.filename not in filled):
                fetch([resource], self.root, checksum, extract_to=archive.parent)
        if self._exists():
            return
        if download:
            raise InvalidDataError(
                f"{self.name}: {self._looked_for()} are still missing after extracting "
                f"{', '.join(r.filename for r in self._needed())}; an archive may be "
                "incomplete — delete it and download again")
        raise DatasetNotFoundError(self.name, self.root, hint=(
            f"Looked for {self._looked_for()}. Pass download=True to download the archives "
            f"({', '.join(r.filename for r in self._needed())}) from the benchmark's Google "
            f"Drive folder {_FOLDER}, or put them (or their extracted folders) in {self.root}."))

    def _target(self, resource: Resource) -> Path:
        """The folder an archive extracts to (``images`` or ``labelXml``)."""
        archive = self.root / resource.filename
        return archive.parent / ("images" if archive.name.startswith("images")
                                 else _LABEL_DIRS[0])

    def _looked_for(self) -> str:
        base = self.root / _SPLIT_DIRS[self.split]
        parts = base / "part*" if self.split == "train" else base
        labels = f" and {parts / _LABEL_DIRS[0]}/*.xml" if self.labelled else ""
        return f"{parts / 'images'}/*.tif{labels}"

    def _load(self) -> None:
        """Pair each image with the XML file of the same name in its own folder.

        Raises:
            InvalidDataError: a folder of images has no label folder, or an image no XML.
        """
        self.class_index = ClassIndex(self.classes, self.name)
        self.samples: list[tuple[Path, Path | None]] = []
        for part in self._parts():
            images = self._images(part)
            if not images:
                continue
            if not self.labelled:
                self.samples.extend((path, None) for path in images)
                continue
            labels = self._label_dir(part)
            if labels is None:
                raise InvalidDataError(
                    f"{self.name}: {part / 'images'} has images but {part} has no labelXml "
                    "folder; extract (or download) that folder's label archive")
            missing = [p.name for p in images if not (labels / f"{p.stem}.xml").is_file()]
            if missing:
                raise InvalidDataError(
                    f"{self.name}: {len(missing)} image(s) in {part / 'images'} have no label "
                    f"file in {labels} (first: {missing[0]}); extract the label archive again")
            self.samples.extend((path, labels / f"{path.stem}.xml") for path in images)

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path, xml = self.samples[index]
        image = _read_rgb_tif(path)[self.band_indices]
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        if xml is not None:
            boxes = parse_fair1m(xml)
            sample.update(sample_boxes(boxes.xyxy, self.class_index(boxes.names, xml),
                                       boxes.corners))
        return self._apply(sample)


def _has_files(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir())


def _unpacked(archive: Path) -> bool:
    """Whether every file of the zip ``archive`` already lies next to it (a zip that cannot
    be read counts as not unpacked, so that extracting it reports the damage)."""
    try:
        with zipfile.ZipFile(archive) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
    except (OSError, zipfile.BadZipFile):
        return False
    return bool(names) and all((archive.parent / n).is_file() for n in names)


def _read_rgb_tif(path: Path) -> np.ndarray:
    """A FAIR1M TIFF as ``[3, H, W]``: grey scenes repeated to three bands, extra bands
    (alpha) dropped.

    Raises:
        InvalidDataError: the file cannot be decoded or has two bands.
    """
    from geoplug.core.chipfiles import read_chip

    array, _ = read_chip(path)
    if array.shape[0] == 1:
        array = np.repeat(array, 3, axis=0)
    if array.shape[0] < 3:
        raise InvalidDataError(f"fair1m: {path} has {array.shape[0]} bands, expected RGB; "
                               "extract the image archive again")
    return array[:3]


def _point(text: str | None, path: Path, number: int) -> tuple[float, float]:
    try:
        x, y = (float(v) for v in (text or "").split(","))
    except ValueError as exc:
        raise InvalidDataError(f"cannot parse {path}: object {number} has the point "
                               f"{text!r}; expected 'x,y'") from exc
    return x, y


def parse_fair1m(path: Path) -> Boxes:
    """Class names and oriented boxes of a FAIR1M XML label file.

    Each ``<object>`` gives its class in ``<possibleresult><name>`` and its corners in
    ``<points>``: four ``<point>x,y</point>``, or five with the first repeated at the end.

    Raises:
        InvalidDataError: the file is not well-formed XML, or an object lacks its name or
            has another number of points (names the file and the object).
    """
    root = read_xml(path)
    names: list[str] = []
    rows: list[list[float]] = []
    for number, obj in enumerate(root.iter("object"), start=1):
        name = (obj.findtext("possibleresult/name") or "").strip()
        if not name:
            raise InvalidDataError(f"cannot parse {path}: object {number} has no "
                                   "<possibleresult><name>")
        points = [_point(p.text, path, number) for p in obj.findall("points/point")]
        if len(points) not in (4, 5):
            raise InvalidDataError(
                f"cannot parse {path}: object {number} has {len(points)} points; expected "
                "the four corners of its box (five with the first repeated)")
        names.append(name)
        rows.append([v for point in points[:4] for v in point])
    corners = np.asarray(rows, np.float32).reshape(-1, 8)
    return Boxes(names, enclosing_xyxy(corners), corners)

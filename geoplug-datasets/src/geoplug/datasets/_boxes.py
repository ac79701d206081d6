"""Shared parts of the object-detection chip datasets: annotation readers and a base class.

Publishers of detection benchmarks use a handful of formats: Pascal VOC XML (horizontal
``bndbox`` and DIOR-R's oriented ``robndbox``), DOTA's ``x1 y1 ... x4 y4 class difficult`` text
lines and CSV tables with one row per box. The readers here return NumPy arrays in the geoplug
sample convention (pixel ``xyxy`` boxes, four-corner ``xyxyxyxy`` oriented boxes) and name the
file and line of anything they cannot parse, so each dataset module only states its layout.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from geoplug.core.archives import extract_archive
from geoplug.core.download import fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["BoxDataset", "Boxes", "ClassIndex", "clip_boxes", "enclosing_xyxy", "find_dir",
           "normalise_class", "parse_dota", "parse_voc", "read_csv_rows", "read_rgb",
           "read_xml", "sample_boxes", "unzip_into", "xywh_to_xyxy"]


@dataclass
class Boxes:
    """The objects of one image: class names, pixel boxes and (optionally) oriented corners."""

    names: list[str]
    xyxy: np.ndarray  # float32 [N, 4]
    corners: np.ndarray | None = None  # float32 [N, 8] (x, y of four corners) or None


def enclosing_xyxy(corners: np.ndarray) -> np.ndarray:
    """The axis-aligned boxes ``[N, 4]`` enclosing four-corner boxes ``[N, 8]``."""
    corners = np.asarray(corners, np.float32).reshape(-1, 8)
    xs, ys = corners[:, 0::2], corners[:, 1::2]
    return np.stack([xs.min(1), ys.min(1), xs.max(1), ys.max(1)], axis=1).astype(np.float32)


def clip_boxes(boxes: np.ndarray, labels: np.ndarray, width: int, height: int
               ) -> tuple[np.ndarray, np.ndarray]:
    """Boxes clipped to a ``width`` x ``height`` image, those left without area dropped
    (with their labels): xView's boxes reach past the image edge, IDTReeS' crowns past
    their plot's."""
    clipped = np.asarray(boxes, np.float32).reshape(-1, 4).copy()
    clipped[:, 0::2] = clipped[:, 0::2].clip(0, width)
    clipped[:, 1::2] = clipped[:, 1::2].clip(0, height)
    keep = (clipped[:, 2] > clipped[:, 0]) & (clipped[:, 3] > clipped[:, 1])
    return clipped[keep], np.asarray(labels, np.int64)[keep]


def xywh_to_xyxy(boxes: Any) -> np.ndarray:
    """``[left, top, width, height]`` pixel boxes (COCO, fMoW) as ``[x0, y0, x1, y1]``
    float32 ``[N, 4]``."""
    array = np.asarray(boxes, np.float32).reshape(-1, 4)
    return np.concatenate([array[:, :2], array[:, :2] + array[:, 2:]], axis=1)


def normalise_class(name: str) -> str:
    """Class names compared without case, spaces, hyphens or underscores."""
    return re.sub(r"[\s\-_]+", "", name).lower()


class ClassIndex:
    """Maps a publisher's class names (spelling variants included) to 0-based indices."""

    def __init__(self, classes: Sequence[str], dataset: str) -> None:
        self.classes = tuple(classes)
        self.dataset = dataset
        self._index = {normalise_class(c): i for i, c in enumerate(self.classes)}

    def __call__(self, names: Iterable[str], where: Path | str) -> np.ndarray:
        """0-based labels (int64) of ``names``.

        Raises:
            InvalidDataError: a name is not one of the classes (names the file).
        """
        labels = []
        for name in names:
            index = self._index.get(normalise_class(name))
            if index is None:
                raise InvalidDataError(
                    f"{self.dataset}: unknown class {name!r} in {where}; expected one of "
                    f"{', '.join(self.classes)} (is this file from another release or version?)"
                )
            labels.append(index)
        return np.asarray(labels, np.int64)


def _float(element: Any, tag: str, path: Path) -> float:
    child = element.find(tag)
    if child is None or child.text is None:
        raise InvalidDataError(f"cannot parse {path}: an object has no <{tag}>; the annotation "
                               "file may be truncated — extract it again")
    try:
        return float(child.text)
    except ValueError as exc:
        raise InvalidDataError(f"cannot parse {path}: <{tag}> is {child.text!r}, not a "
                               "number") from exc


#: DIOR-R's oriented-box corners, in the order that makes four corners ``x1 y1 ... x4 y4``
_VOC_CORNERS = ("x_left_top", "y_left_top", "x_right_top", "y_right_top", "x_right_bottom",
                "y_right_bottom", "x_left_bottom", "y_left_bottom")


def read_xml(path: Path) -> Any:
    """The root element of an annotation XML file.

    Raises:
        InvalidDataError: unreadable or not well-formed (names the file).
    """
    from xml.etree import ElementTree

    try:
        return ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as exc:
        raise InvalidDataError(f"cannot parse {path}: {exc}; the annotation file may be "
                               "truncated — extract it again") from exc


def parse_voc(path: Path, oriented: bool = False, label_tag: str = "name",
              missing_label: str | None = None) -> Boxes:
    """Objects of a Pascal VOC XML file: ``<object><name>`` with ``<bndbox>`` (xmin, ymin,
    xmax, ymax) or, with ``oriented``, DIOR-R's ``<robndbox>`` corners. ``label_tag`` names
    the element holding the class (Forest Damage's ``<damage>``), ``missing_label`` the class
    of an object without one (else that is an error).

    Raises:
        InvalidDataError: the file is not well-formed XML or an object lacks its box.
    """
    root = read_xml(path)
    names: list[str] = []
    rows: list[list[float]] = []
    for obj in root.iter("object"):
        name = (obj.findtext(label_tag) or "").strip() or missing_label
        box = obj.find("robndbox" if oriented else "bndbox")
        if name is None or box is None:
            what = f"<{label_tag}>" if name is None else (
                "<robndbox> (oriented boxes)" if oriented else "<bndbox>")
            raise InvalidDataError(f"cannot parse {path}: an object lacks {what}; is this the "
                                   "other annotation variant, or a truncated file?")
        tags = _VOC_CORNERS if oriented else ("xmin", "ymin", "xmax", "ymax")
        rows.append([_float(box, tag, path) for tag in tags])
        names.append(name)
    if oriented:
        corners = np.asarray(rows, np.float32).reshape(-1, 8)
        return Boxes(names, enclosing_xyxy(corners), corners)
    return Boxes(names, np.asarray(rows, np.float32).reshape(-1, 4))


def parse_dota(path: Path) -> tuple[Boxes, np.ndarray]:
    """Objects of a DOTA label file and their ``difficult`` flags.

    Lines read ``x1 y1 x2 y2 x3 y3 x4 y4 category difficult``; header lines of the form
    ``key:value`` (``imagesource:GoogleEarth``, ``gsd:0.146``) are skipped.

    Raises:
        InvalidDataError: the file cannot be read or a line does not parse (names the line).
    """
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidDataError(f"cannot read {path}: {exc}") from exc
    names: list[str] = []
    corners: list[list[float]] = []
    difficult: list[bool] = []
    for number, line in enumerate(lines, start=1):
        fields = line.split()
        if not fields or (len(fields) == 1 and ":" in fields[0]):
            continue
        try:
            if len(fields) < 9:
                raise ValueError("fewer than 9 fields")
            corners.append([float(v) for v in fields[:8]])
        except ValueError as exc:
            raise InvalidDataError(
                f"cannot parse line {number} of {path}: {line.strip()!r} ({exc}); expected "
                "'x1 y1 x2 y2 x3 y3 x4 y4 category difficult'") from exc
        names.append(fields[8])
        difficult.append(len(fields) > 9 and fields[9] == "1")
    array = np.asarray(corners, np.float32).reshape(-1, 8)
    return Boxes(names, enclosing_xyxy(array), array), np.asarray(difficult, bool)


def read_csv_rows(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a CSV table as dicts, after checking it has ``columns`` (case-insensitive;
    the returned keys use the spelling of ``columns``).

    Raises:
        InvalidDataError: the file cannot be read or lacks a column (lists the ones it has).
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            header = {h.strip().lower(): h for h in (reader.fieldnames or [])}
            missing = [c for c in columns if c.lower() not in header]
            if missing:
                raise InvalidDataError(
                    f"{path} lacks the column(s) {missing}; it has {list(header.values())}. "
                    "Is it the publisher's annotation table?")
            keys = {c: header[c.lower()] for c in columns}
            return [{c: (row.get(k) or "").strip() for c, k in keys.items()} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InvalidDataError(f"cannot read {path}: {exc}") from exc


def number(row: Mapping[str, str], column: str, path: Path) -> float:
    """A numeric CSV cell.

    Raises:
        InvalidDataError: the cell is not a number (names the file and column).
    """
    try:
        return float(row[column])
    except ValueError as exc:
        raise InvalidDataError(f"{path}: column {column!r} holds {row[column]!r}, not a "
                               "number") from exc


def find_dir(root: Path, *names: str, depth: int = 2) -> Path | None:
    """The first folder ``root/<name>`` or ``root/*/<name>`` (up to ``depth`` levels), for
    archives that unpack into an extra folder (``JPEGImages-trainval-002/JPEGImages-trainval``).
    """
    for level in range(depth + 1):
        for name in names:
            pattern = "/".join(["*"] * level + [name])
            found = sorted(p for p in root.glob(pattern) if p.is_dir())
            if found:
                return found[0]
    return None


def read_rgb(path: Path, large: bool = False) -> np.ndarray:
    """A PNG/JPEG as uint8 ``[3, H, W]`` (grey and palette images converted to RGB).

    ``large`` lifts Pillow's decompression-bomb guard for trusted scenes of many megapixels
    (DOTA's largest are 20,000 px a side).

    Raises:
        InvalidDataError: the file is missing or not a decodable image.
    """
    from PIL import Image, UnidentifiedImageError

    limit = Image.MAX_IMAGE_PIXELS
    try:
        if large:
            Image.MAX_IMAGE_PIXELS = None
        with Image.open(path) as img:
            array = np.asarray(img.convert("RGB"))
    except (OSError, UnidentifiedImageError) as exc:
        raise InvalidDataError(f"cannot read {path}: {exc}; the file may be truncated — "
                               "extract or download it again") from exc
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    return np.ascontiguousarray(array.transpose(2, 0, 1))


def sample_boxes(boxes: np.ndarray, labels: np.ndarray, corners: np.ndarray | None = None
                 ) -> Sample:
    """The detection keys of a sample: ``bbox_xyxy`` float32 [N,4], ``label`` int64 [N] and,
    for oriented boxes, ``bbox_xyxyxyxy`` float32 [N,8]."""
    import torch

    sample: Sample = {
        "bbox_xyxy": torch.from_numpy(np.asarray(boxes, np.float32).reshape(-1, 4).copy()),
        "label": torch.from_numpy(np.asarray(labels, np.int64).reshape(-1).copy()),
    }
    if corners is not None:
        sample["bbox_xyxyxyxy"] = torch.from_numpy(
            np.asarray(corners, np.float32).reshape(-1, 8).copy())
    return sample


class BoxDataset(NonGeoDataset):
    """Base of the detection chip datasets: where-to-get-it errors and a plot with boxes.

    A publisher that hands its files out only through a web page (cloud drives, registration)
    sets ``manual_hint``: when the files are absent the dataset raises
    :class:`DatasetNotFoundError` saying where to get them (``download=True`` cannot help);
    archives the user placed in ``root`` (the ``resources``) are still extracted.
    """

    manual_hint: ClassVar[str] = ""

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Find the files, extract archives found in ``root``, else download or explain.

        Raises:
            DatasetNotFoundError: files absent and ``download`` is False, or the publisher
                offers no direct download (the message says where to get the files).
            ChecksumError: ``checksum`` is True and an archive does not match.
            InvalidDataError: the files are still missing after extracting the archives.
        """
        if not self.manual_hint or self._exists():
            super()._prepare(download, checksum)
            return
        needed = self._needed()
        if needed and all((self.root / r.filename).is_file() for r in needed):
            fetch(needed, self.root, checksum)
            if self._exists():
                return
        names = ", ".join(r.filename for r in needed)
        raise DatasetNotFoundError(self.name, self.root, hint=(
            f"{self.manual_hint} Put the extracted folders (or the archives {names}) in "
            f"{self.root} and run again." if names else
            f"{self.manual_hint} Put the extracted files in {self.root} and run again."))

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """The image with its boxes (oriented ones as polygons) and their class names."""
        from matplotlib.patches import Polygon

        from geoplug.core.plot import plot_sample

        corners = sample.get("bbox_xyxyxyxy")
        shown = {k: v for k, v in sample.items() if k != "bbox_xyxy" or corners is None}
        fig = plot_sample(shown, rgb_indices=self.rgb_indices, classes=self.classes,
                          show_titles=show_titles, suptitle=suptitle)
        ax = fig.axes[0]
        if corners is not None:
            for row in np.asarray(corners, np.float32).reshape(-1, 8):
                ax.add_patch(Polygon(row.reshape(4, 2), closed=True, fill=False,
                                     edgecolor="yellow", linewidth=1))
        boxes = sample.get("bbox_xyxy")
        labels = sample.get("label")
        if show_titles and boxes is not None and labels is not None:
            for (x0, y0, _, _), label in zip(np.asarray(boxes), np.asarray(labels).reshape(-1)):
                if 0 <= int(label) < len(self.classes):
                    ax.text(float(x0), float(y0), self.classes[int(label)], color="yellow",
                            fontsize=6, va="bottom")
        return fig


def unzip_into(archive: Path, folder: Path, top: str | None = None,
               dataset: str = "dota") -> None:
    """Extract ``archive`` so that its files land in ``folder``: members under ``top/`` go to
    ``folder``'s parent; with no ``top``, members all in one sub-folder go to ``folder`` and
    bare ones to ``folder/<archive stem>``. A zip whose files are all there is skipped.

    Raises:
        InvalidDataError: the zip is damaged or not a zip.
    """
    try:
        with zipfile.ZipFile(archive) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
    except (OSError, zipfile.BadZipFile) as exc:
        raise InvalidDataError(f"{dataset}: cannot read {archive} as a zip ({exc}); "
                               "download it again") from exc
    if top is not None:
        dst = folder.parent if all(n.startswith(f"{top}/") for n in names) else folder
    else:
        nested = bool(names) and all("/" in n for n in names) and \
            len({n.split("/", 1)[0] for n in names}) == 1
        dst = folder if nested else folder / archive.stem
    if names and all((dst / n).is_file() for n in names):
        return
    extract_archive(archive, dst)

"""HRSC2016: high-resolution ship collection, horizontal and rotated ship boxes.

Liu et al., "A High Resolution Optical Satellite Image Dataset for Ship Recognition and Some
New Baselines" (ICPRAM 2017, https://doi.org/10.5220/0006120603240331): 1,061 Google Earth
images of six harbours at 0.4-2 m. The publisher shares ``HRSC2016_dataset.zip``, which holds
the dataset as multi-volume RAR archives (``HRSC2016.part01.rar`` ...) beside an annotation
tool and baseline code; extracted, the dataset lies as::

    HRSC2016/FullDataSet/AllImages/<id>.bmp        (24-bit RGB bitmaps, ids 100000001 ...)
    HRSC2016/FullDataSet/Annotations/<id>.xml      (one HRSC_Image document per image)
    HRSC2016/FullDataSet/Sysdata.xml               (the three-level ship class hierarchy)
    HRSC2016/FullDataSet/LandMask/, Segmentations/ (not read)
    HRSC2016/ImageSets/train.txt, val.txt, trainval.txt, test.txt   (one image id per line)

``root`` may be the folder holding ``HRSC2016/`` or that folder itself. Copies that keep the
images in ``Train/`` and ``Test/`` (each with ``AllImages/`` and ``Annotations/``) instead of
``FullDataSet/`` are read too.

An annotation lists ``HRSC_Objects/HRSC_Object`` elements, each with its ``Class_ID`` (e.g.
``100000013``), ``difficult`` flag, horizontal box ``box_xmin``, ``box_ymin``, ``box_xmax``,
``box_ymax`` and rotated box ``mbox_cx``, ``mbox_cy``, ``mbox_w``, ``mbox_h``, ``mbox_ang``.
This loader follows the benchmark's level-1 protocol: every object is a ``ship`` (label 0);
the fine classes of ``Class_ID`` (``Sysdata.xml``) are not used.

Rotated boxes (angle convention): ``mbox_ang`` is in radians, measured from the image's x
axis (columns, to the right) towards its y axis (rows, downwards), so a positive angle turns
clockwise as the image is displayed. ``mbox_w`` is the side along ``(cos a, sin a)`` and
``mbox_h`` the side along ``(-sin a, cos a)``; the four corners in ``bbox_xyxyxyxy`` are
``c - u - v, c + u - v, c + u + v, c - u + v`` with ``u = w/2 (cos a, sin a)`` and
``v = h/2 (-sin a, cos a)`` (for ``a = 0``: top-left, top-right, bottom-right, bottom-left).
The published ship heads (``header_x``, ``header_y``) lie at the ``c + u`` end, which fixes
the sign. ``bbox_xyxy`` is the published horizontal box, not the envelope of the corners
(the two were drawn separately and differ by a few pixels).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._boxes import BoxDataset, _float, find_dir, read_rgb, read_xml, sample_boxes
from geoplug.datasets._catalog import spec

__all__ = ["HRSC2016", "HRSC2016Objects", "parse_hrsc2016", "rotated_corners"]

#: where the mmrotate toolkit points for the files (the paper's escience.cn page is gone)
_PAGE = "https://aistudio.baidu.com/aistudio/datasetdetail/54106"
#: folders holding ``AllImages/`` and ``Annotations/``, the publisher's full set first
_IMAGE_SETS = ("FullDataSet", "Train", "Test")
#: image suffixes, the publisher's BMP first (some mirrors convert them)
_SUFFIXES = (".bmp", ".png", ".jpg", ".tif")
_HBB = ("box_xmin", "box_ymin", "box_xmax", "box_ymax")
_OBB = ("mbox_cx", "mbox_cy", "mbox_w", "mbox_h", "mbox_ang")


def rotated_corners(boxes: Any) -> np.ndarray:
    """Four corners ``[N, 8]`` (float32) of rotated boxes ``[N, 5]`` given as (cx, cy, w, h,
    angle in radians), in the convention of the module docstring (y axis pointing down)."""
    array = np.asarray(boxes, np.float64).reshape(-1, 5)
    cx, cy, w, h, angle = array.T
    cos, sin = np.cos(angle), np.sin(angle)
    ux, uy = w / 2 * cos, w / 2 * sin  # half the side along the box's own x axis
    vx, vy = -h / 2 * sin, h / 2 * cos  # half the side along its y axis
    corners = [(cx - ux - vx, cy - uy - vy), (cx + ux - vx, cy + uy - vy),
               (cx + ux + vx, cy + uy + vy), (cx - ux + vx, cy - uy + vy)]
    return np.stack([c for xy in corners for c in xy], axis=1).astype(np.float32)


class HRSC2016Objects:
    """The objects of one annotation file: published boxes, corners, flags and class ids."""

    def __init__(self, xyxy: np.ndarray, corners: np.ndarray, difficult: np.ndarray,
                 class_ids: list[str]) -> None:
        self.xyxy = xyxy  # float32 [N, 4]
        self.corners = corners  # float32 [N, 8]
        self.difficult = difficult  # bool [N]
        self.class_ids = class_ids  # the publisher's Class_ID of each object

    def __len__(self) -> int:
        return len(self.class_ids)


def parse_hrsc2016(path: Path) -> HRSC2016Objects:
    """The objects of an HRSC2016 annotation file (an ``HRSC_Image`` document).

    Raises:
        InvalidDataError: the file is not well-formed XML or not an HRSC_Image document, or an
            object lacks a box field or holds a non-number (names the file and the field).
    """
    root = read_xml(path)
    if root.tag != "HRSC_Image":
        raise InvalidDataError(f"cannot parse {path}: its root element is <{root.tag}>, not "
                               "<HRSC_Image>; is it an HRSC2016 annotation file?")
    hbb: list[list[float]] = []
    obb: list[list[float]] = []
    difficult: list[bool] = []
    class_ids: list[str] = []
    for obj in root.findall("HRSC_Objects/HRSC_Object"):
        hbb.append([_float(obj, tag, path) for tag in _HBB])
        obb.append([_float(obj, tag, path) for tag in _OBB])
        difficult.append((obj.findtext("difficult") or "0").strip() == "1")
        class_ids.append((obj.findtext("Class_ID") or "").strip())
    return HRSC2016Objects(np.asarray(hbb, np.float32).reshape(-1, 4), rotated_corners(obb),
                           np.asarray(difficult, bool), class_ids)


class HRSC2016(BoxDataset, spec=spec("hrsc2016")):
    """HRSC2016: ``image`` float32 [3,H,W] (uint8 values), ``bbox_xyxy`` float32 [N,4] (the
    published horizontal boxes), ``bbox_xyxyxyxy`` float32 [N,8] (corners of the rotated
    boxes) and ``label`` int64 [N] (0, ``ship``). Every split, test included, has labels;
    images without ships give empty boxes.

    ``split`` is one of the publisher's lists (``train``, ``val``, ``trainval``, ``test``);
    ``include_difficult=False`` drops objects flagged ``difficult``.
    """

    manual_hint: ClassVar[str] = (
        "Looked for [HRSC2016/]ImageSets/<split>.txt beside FullDataSet/AllImages and "
        "FullDataSet/Annotations. HRSC2016 has no direct download: get "
        f"HRSC2016_dataset.zip (e.g. from {_PAGE}; the paper's escience.cn page is gone), "
        "unzip it and extract its multi-volume RAR archives (HRSC2016.part01.rar ...) "
        "with unrar or 7-Zip, which geoplug cannot do, so "
        "that HRSC2016/FullDataSet/ and HRSC2016/ImageSets/ appear.")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        include_difficult: bool = True,
    ) -> None:
        """
        Raises:
            ValueError: unknown split or band.
            DatasetNotFoundError: no split list or no image folder under ``root`` (the
                message says where it looked and how to get the files).
            InvalidDataError: the split list names an image or annotation that is missing.
        """
        self.include_difficult = include_difficult
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layout -------------------------------------------------------------------------------
    @staticmethod
    def _sets(base: Path) -> list[tuple[Path, Path]]:
        """The ``(AllImages, Annotations)`` folder pairs under ``base``."""
        return [(base / name / "AllImages", base / name / "Annotations") for name in _IMAGE_SETS
                if (base / name / "AllImages").is_dir() and (base / name / "Annotations").is_dir()]

    def _base(self) -> Path | None:
        """The folder holding ``ImageSets/<split>.txt`` beside the image folders."""
        found = find_dir(self.root, "ImageSets")
        candidates = [self.root, self.root / "HRSC2016"] + ([found.parent] if found else [])
        for base in dict.fromkeys(candidates):
            if (base / "ImageSets" / f"{self.split}.txt").is_file() and self._sets(base):
                return base
        return None

    def _exists(self) -> bool:
        return self._base() is not None

    def _load(self) -> None:
        """Pair each id of the split list with its image and annotation.

        Raises:
            InvalidDataError: an id has no image or no annotation (names the first and the
                folders looked in).
        """
        base = self._base()
        assert base is not None
        split_list = base / "ImageSets" / f"{self.split}.txt"
        sets = self._sets(base)
        self.samples: list[tuple[Path, Path]] = []
        missing: list[str] = []
        for line in split_list.read_text(encoding="utf-8-sig").splitlines():
            image_id = Path(line.strip()).stem  # bare ids; tolerate "<id>.bmp"
            if not image_id:
                continue
            pair = next(((images / f"{image_id}{suffix}", notes / f"{image_id}.xml")
                         for images, notes in sets for suffix in _SUFFIXES
                         if (images / f"{image_id}{suffix}").is_file()), None)
            if pair is None or not pair[1].is_file():
                what = "image" if pair is None else f"annotation ({pair[1].name})"
                missing.append(f"{image_id} ({what})")
            else:
                self.samples.append(pair)
        if missing:
            folders = ", ".join(str(p) for pair in sets for p in pair)
            raise InvalidDataError(
                f"{self.name}: {len(missing)} id(s) listed in {split_list} lack their files in "
                f"{folders} (first: {missing[0]}); extract the RAR archives again")

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path, xml = self.samples[index]
        image = read_rgb(path)[self.band_indices]
        objects = parse_hrsc2016(xml)
        keep = np.ones(len(objects), bool) if self.include_difficult else ~objects.difficult
        labels = np.zeros(int(keep.sum()), np.int64)  # level 1: every object is a ship
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        sample.update(sample_boxes(objects.xyxy[keep], labels, objects.corners[keep]))
        return self._apply(sample)

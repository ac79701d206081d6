"""NWPU VHR-10: 10-class object detection in very-high-resolution optical images.

Layout of ``NWPU VHR-10 dataset.zip``: ``NWPU VHR-10 dataset/positive image set/<NNN>.jpg``
(650 images with objects), ``negative image set/<NNN>.jpg`` (150 without) and
``ground truth/<NNN>.txt`` with one ``(x1,y1),(x2,y2),class`` line per object (class 1..10).
The COCO-style ``annotations.json`` (0-based image ids, ``file_name`` "001.jpg", boxes
``[x, y, w, h]``, ``category_id`` 1..10 and instance polygons of the positive set) is published
separately and is found either next to the zip or inside ``NWPU VHR-10 dataset/``; when present,
positive samples also carry instance masks, and it supplies the boxes of images whose
``ground truth`` text file is absent (some redistributions ship only the COCO file). There is
no official train/test split: the splits are the publisher's positive and negative sets
("train" is the positive set).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.download import Resource, fetch
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._boxes import xywh_to_xyxy
from geoplug.datasets._catalog import spec
from geoplug.datasets._chipio import read_image
from geoplug.datasets._coco import polygon_masks, polygon_rings

__all__ = ["VHR10"]

_HF = "https://hf.co/datasets/torchgeo/vhr10/resolve/7e7968ad265dadc4494e0ca4a079e0b63dc6f3f8"
_LINE = re.compile(r"\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)\s*,\s*"
                   r"\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)\s*,\s*(\d+)")


class VHR10(NonGeoDataset, spec=spec("vhr10")):
    """NWPU VHR-10: ``image`` [3,H,W], ``bbox_xyxy`` [N,4], ``label`` [N] (0-based class).

    ``split`` is "positive" (alias "train") or "negative". Positive samples add instance
    ``mask`` uint8 [N,H,W] when ``annotations.json`` is there.
    """

    folder = "NWPU VHR-10 dataset"
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=f"{_HF}/NWPU%20VHR-10%20dataset.zip", filename="NWPU VHR-10 dataset.zip",
                 md5="6add6751469c12dd8c8d6223064c6c4d"),
    )
    annotations: ClassVar[Resource] = Resource(
        url=f"{_HF}/annotations.json", filename="annotations.json",
        md5="7c76ec50c17a61bb0514050d20f22c08", extract=False)

    @property
    def image_set(self) -> str:
        return "negative image set" if self.split == "negative" else "positive image set"

    def _exists(self) -> bool:
        return (self.root / self.folder / self.image_set).is_dir()

    def _prepare(self, download: bool, checksum: bool) -> None:
        """The base path for the zip; the optional COCO annotations only when downloading
        a positive split (the negative set has no objects to annotate).

        Raises:
            DatasetNotFoundError: files absent and ``download`` is False.
            ChecksumError: ``checksum`` is True and the zip does not match.
        """
        super()._prepare(download, checksum)
        ann = self.annotations
        if download and self.split != "negative" and self._annotations_path() is None:
            fetch([ann], self.root, checksum)

    def _load(self) -> None:
        folder = self.root / self.folder / self.image_set
        self.files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".jpeg"))
        #: COCO annotations per image file name; None when no annotations.json was found
        self.coco: dict[str, list[dict[str, Any]]] | None = None
        ann_path = self._annotations_path()
        if self.split != "negative" and ann_path is not None:
            try:
                coco = json.loads(ann_path.read_text())
                names = {img["id"]: Path(img["file_name"]).name for img in coco["images"]}
                self.coco = {name: [] for name in names.values()}
                for ann in coco["annotations"]:
                    if not ann.get("iscrowd", 0):
                        self.coco[names[ann["image_id"]]].append(ann)
            except (ValueError, KeyError, TypeError) as exc:
                raise InvalidDataError(f"{self.name}: cannot parse {ann_path}: {exc!r}; "
                                       "delete it and download again") from exc

    def _annotations_path(self) -> Path | None:
        """``annotations.json`` inside the dataset folder (TorchGeo's place) or beside the zip."""
        name = self.annotations.filename
        for path in (self.root / self.folder / name, self.root / name):
            if path.is_file():
                return path
        return None

    def __len__(self) -> int:
        return len(self.files)

    def _boxes(self, gt: Path) -> tuple[np.ndarray, np.ndarray]:
        """Boxes and 0-based labels of a ground-truth text file.

        Raises:
            InvalidDataError: the file cannot be read or a line does not parse.
        """
        boxes, labels = [], []
        try:
            lines = gt.read_text().splitlines()
        except OSError as exc:
            raise InvalidDataError(f"{self.name}: cannot read ground truth {gt}: {exc}") from exc
        for line in filter(str.strip, lines):
            match = _LINE.match(line.strip())
            if not match:
                raise InvalidDataError(f"{self.name}: cannot parse {gt}: {line!r}")
            x1, y1, x2, y2 = (float(v) for v in match.groups()[:4])
            boxes.append((x1, y1, x2, y2))
            labels.append(int(match.group(5)) - 1)
        return (np.asarray(boxes, np.float32).reshape(-1, 4), np.asarray(labels, np.int64))

    def _coco_boxes(self, anns: list[dict[str, Any]], path: Path
                    ) -> tuple[np.ndarray, np.ndarray]:
        """Boxes (COCO ``[x, y, w, h]`` to xyxy) and 0-based labels of COCO annotations.

        Raises:
            InvalidDataError: an annotation lacks a well-formed ``bbox`` or ``category_id``.
        """
        try:
            xyxy = xywh_to_xyxy([a["bbox"] for a in anns])
            labels = np.asarray([int(a["category_id"]) - 1 for a in anns], np.int64)
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidDataError(f"{self.name}: bad COCO annotation of {path.name} in "
                                   f"annotations.json: {exc!r}") from exc
        return xyxy, labels

    def _paired(self, anns: list[dict[str, Any]], boxes: np.ndarray, labels: np.ndarray,
                path: Path) -> list[dict[str, Any]] | None:
        """The COCO annotations in the order of the text file's boxes, each the one of the
        same class that overlaps its box most (IoU > 0.5): the two files were annotated apart
        and need not list the objects in one order. ``None`` when they do not pair up."""
        if len(anns) != len(labels):
            return None
        theirs, their_labels = self._coco_boxes(anns, path)
        lo = np.maximum(boxes[:, None, :2], theirs[None, :, :2])
        hi = np.minimum(boxes[:, None, 2:], theirs[None, :, 2:])
        inter = np.clip(hi - lo, 0, None).prod(axis=2)
        area = lambda b: (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])  # noqa: E731
        iou = inter / np.maximum(area(boxes)[:, None] + area(theirs)[None, :] - inter, 1e-9)
        iou[labels[:, None] != their_labels[None, :]] = 0
        order: list[int] = []
        for row in iou:
            row = row.copy()
            row[order] = 0
            best = int(row.argmax()) if len(row) else -1
            if best < 0 or row[best] <= 0.5:
                return None
            order.append(best)
        return [anns[k] for k in order]

    def _instance_masks(self, anns: list[dict[str, Any]], shape: tuple[int, int]) -> np.ndarray:
        return polygon_masks([polygon_rings(a.get("segmentation", [])) for a in anns], shape)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path = self.files[index]
        image = read_image(path)[self.band_indices]
        sample: dict[str, Any] = {"image": torch.from_numpy(image.astype(np.float32))}
        if self.split == "negative":
            boxes, labels = np.zeros((0, 4), np.float32), np.zeros(0, np.int64)
        else:
            gt = self.root / self.folder / "ground truth" / f"{path.stem}.txt"
            anns = self.coco.get(path.name) if self.coco is not None else None
            if gt.is_file():
                boxes, labels = self._boxes(gt)
            elif anns is not None:
                boxes, labels = self._coco_boxes(anns, path)
            else:
                raise InvalidDataError(
                    f"{self.name}: no ground truth for {path.name}: neither {gt} nor an entry "
                    "in annotations.json; extract the zip again or download annotations.json"
                )
            if anns is not None and gt.is_file():
                anns = self._paired(anns, boxes, labels, path)
            if anns is not None and len(anns) == len(labels):
                sample["mask"] = torch.from_numpy(
                    self._instance_masks(anns, (image.shape[1], image.shape[2])))
        sample["bbox_xyxy"] = torch.from_numpy(boxes)
        sample["label"] = torch.from_numpy(labels)
        return self._apply(sample)

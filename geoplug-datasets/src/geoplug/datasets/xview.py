"""xView: objects in context in overhead imagery (DIUx xView 2018 Detection Challenge).

Lam et al., 2018 (https://arxiv.org/abs/1802.07856): 0.3 m WorldView-3 RGB scenes with about a
million objects of 60 classes in horizontal boxes. The challenge site
(https://challenge.xviewdataset.org/data-download, registration required) hands out
``train_images.tgz``, ``train_labels.tgz`` and ``val_images.tgz``; extracted::

    train_images/<id>.tif      846 uint8 RGB GeoTIFFs (a few thousand pixels a side)
    xView_train.geojson        every training box (some copies keep it in train_labels/)
    val_images/<id>.tif        the validation scenes: no labels were released

Each GeoJSON feature is one box: ``properties.image_id`` names its image (``"2355.tif"``),
``bounds_imcoords`` is its pixel box as the string ``"xmin,ymin,xmax,ymax"`` and ``type_id``
its class code (11..94 with gaps, see
:data:`~geoplug.datasets._catalog.detection_xview.XVIEW_CLASS_CODES`); the geometry holds the
same box in longitude/latitude. The labels are read as published, with the known defects
handled the way the publisher and the usual converters do
(https://github.com/DIUx-xView/xView1_baseline/issues/3):

* features of ``type_id`` 75 and 82, no class (artefacts of the labelling), are left out;
* features with an empty ``bounds_imcoords`` are left out;
* boxes are clipped to their image, and those left without area are dropped;
* labels of images that are not in ``train_images/`` (``1395.tif``) are ignored, and so are
  hidden files such as the macOS ``._100.tif`` shipped in the archive.

Images without any box yield zero boxes. Only the training scenes are labelled, so ``"val"``
samples hold the image only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample
from geoplug.datasets._boxes import BoxDataset, clip_boxes, find_dir, sample_boxes
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.detection_xview import XVIEW_CLASS_CODES, XVIEW_NOISE_CODES

__all__ = ["XView", "clip_boxes", "read_xview_labels"]

_PAGE = "https://challenge.xviewdataset.org/data-download"
_LABELS = "xView_train.geojson"
#: each split's image folder (a mirror names the validation one after its validation_images.tgz)
_IMAGE_DIRS = {"train": ("train_images",), "val": ("val_images", "validation_images")}
_SUFFIXES = (".tif", ".tiff")
_EMPTY = (np.zeros((0, 4), np.float32), np.zeros(0, np.int64))

#: per image file name: its boxes (float32 [N, 4], pixel xyxy) and 0-based labels (int64 [N])
Labels = dict[str, tuple[np.ndarray, np.ndarray]]


def _order(path: Path) -> tuple[int, int | str]:
    """Scenes in the order of their numeric ids (``2.tif`` before ``10.tif``)."""
    return (0, int(path.stem)) if path.stem.isdigit() else (1, path.name)


def _bounds(value: Any) -> list[float] | None:
    """The four numbers of a ``bounds_imcoords`` (a comma string, or a list in re-exports);
    ``None`` when they do not parse, ``[]`` when the box is empty."""
    if isinstance(value, str):
        value = [v for v in re.split(r"[,\s]+", value.strip()) if v]
    try:
        numbers = [float(v) for v in value]
    except (TypeError, ValueError):
        return None
    return numbers if len(numbers) in (0, 4) else None


_KEPT = ("bounds_imcoords", "type_id", "image_id", "feature_id")


def _slim(obj: dict[str, Any]) -> dict[str, Any]:
    """Keep only what the loader reads of each object while parsing: the file holds about a
    million features whose other properties and lon/lat polygons would take gigabytes."""
    if "coordinates" in obj:
        return {}
    if "bounds_imcoords" in obj or "type_id" in obj:
        return {k: obj[k] for k in _KEPT if k in obj}
    return obj


def read_xview_labels(path: Path) -> Labels:
    """The boxes and labels of every image of the label GeoJSON ``path``, cleaned as the
    module docstring says (noise classes and empty boxes left out; clipping is left to the
    reader, which knows the image size).

    Raises:
        InvalidDataError: the file is not GeoJSON, or a feature lacks its image or has a box or
            class code that does not parse, or a code that is no xView class (names the
            feature).
    """
    try:
        with open(path, encoding="utf-8") as f:
            features = json.load(f, object_hook=_slim)["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidDataError(f"xview: cannot read {path} as GeoJSON features: {exc!r}; "
                               "extract train_labels.tgz again") from exc
    index = {code: i for i, code in enumerate(XVIEW_CLASS_CODES)}
    grouped: dict[str, tuple[list[list[float]], list[int]]] = {}
    for number, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        props = props if isinstance(props, dict) else {}
        where = f"{path}, feature {props.get('feature_id', f'#{number}')}"
        if "bounds_imcoords" not in props:
            raise InvalidDataError(f"xview: {where} has no bounds_imcoords property; is this "
                                   "the publisher's xView_train.geojson?")
        raw = props["bounds_imcoords"]
        box = _bounds(raw if raw is not None else "")
        if box is None:
            raise InvalidDataError(f"xview: {where} has bounds_imcoords {raw!r}; expected "
                                   "'xmin,ymin,xmax,ymax' in pixels")
        if not box:
            continue
        try:
            code = int(float(props["type_id"]))  # 73, "73" or 73.0 alike
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidDataError(f"xview: {where} has no integer type_id "
                                   f"({props.get('type_id')!r})") from exc
        if code in XVIEW_NOISE_CODES:
            continue
        if code not in index:
            raise InvalidDataError(
                f"xview: {where} has type_id {code}, which is none of the 60 xView class codes "
                f"({min(index)}..{max(index)}) nor a known noise code {XVIEW_NOISE_CODES}; is "
                "this file from another release?")
        image_id = props.get("image_id")
        if not isinstance(image_id, str) or not image_id:
            raise InvalidDataError(f"xview: {where} names no image_id ({image_id!r})")
        boxes, labels = grouped.setdefault(Path(image_id).name, ([], []))
        boxes.append(box)
        labels.append(index[code])
    return {name: (np.asarray(b, np.float32).reshape(-1, 4), np.asarray(c, np.int64))
            for name, (b, c) in grouped.items()}


class XView(BoxDataset, spec=spec("xview")):
    """xView: ``image`` float32 [3,H,W] (uint8 values), ``bbox_xyxy`` float32 [N,4] (pixels)
    and ``label`` int64 [N] (0..59, the position of the ``type_id`` in ``type_ids``).

    ``split="train"`` reads ``train_images/`` with ``xView_train.geojson``; ``"val"`` reads
    ``val_images/``, whose labels were never released, so its samples hold ``image`` only.
    Besides the base class's errors, construction raises ``InvalidDataError`` when the label
    file does not parse or names an unknown class code.
    """

    #: the publisher's class code of each label (``type_ids[label]``), same order as classes
    type_ids: ClassVar[tuple[int, ...]] = tuple(XVIEW_CLASS_CODES)
    manual_hint: ClassVar[str] = (
        f"xView is handed out after registration at {_PAGE} (no direct download): get "
        "train_images.tgz and train_labels.tgz (split 'train') or val_images.tgz ('val'), "
        "or their .zip copies, and put them in the root folder.")
    # MD5s as given by TorchGeo's xView draft; the publisher publishes none
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(_PAGE, "train_images.tgz", md5="494854d0b1bf5cd2df9f7398cf6099c0",
                 splits=("train",)),
        Resource(_PAGE, "train_labels.tgz", md5="87bf732785da60c80053c1948ed8b0cb",
                 splits=("train",)),
        Resource(_PAGE, "val_images.tgz", md5="1256d2ceaa517e411d85a90355ebbaf9",
                 splits=("val",)),
    )

    # -- layout -------------------------------------------------------------------------------
    @property
    def labelled(self) -> bool:
        """Whether this split's labels were released (only the training ones were)."""
        return self.split == "train"

    def _images_dir(self) -> Path | None:
        return find_dir(self.root, *_IMAGE_DIRS[self.split])

    def _labels_path(self) -> Path | None:
        """``xView_train.geojson`` in ``root`` or up to two folders below (``train_labels/``)."""
        found = [self.root / _LABELS, *sorted(self.root.glob(f"*/{_LABELS}")),
                 *sorted(self.root.glob(f"*/*/{_LABELS}"))]
        return next((p for p in found if p.is_file()), None)

    @staticmethod
    def _images(folder: Path) -> list[Path]:
        """The scenes of a folder, hidden files (macOS ``._<id>.tif``) left out."""
        return sorted((p for p in folder.iterdir() if p.suffix.lower() in _SUFFIXES
                       and not p.name.startswith(".") and p.is_file()), key=_order)

    def _needed(self) -> list[Resource]:
        """The split's ``.tgz`` archives, or the ``.zip`` copies the challenge CDN also serves
        (``train_images.zip``, ``train_labels.zip``, ``val_images.zip``; no published MD5)."""
        needed = super()._needed()
        if all((self.root / r.filename).is_file() for r in needed):
            return needed
        zips = [Resource(r.url, r.filename.removesuffix(".tgz") + ".zip", splits=r.splits)
                for r in needed]
        return zips if all((self.root / r.filename).is_file() for r in zips) else needed

    def _exists(self) -> bool:
        folder = self._images_dir()
        if folder is None or not self._images(folder):
            return False
        return not self.labelled or self._labels_path() is not None

    def _empty_reason(self) -> str:
        return f"{self._images_dir()} holds no .tif image; extract the image archive again"

    def _load(self) -> None:
        folder = self._images_dir()
        assert folder is not None
        self.files = self._images(folder)
        self.labels: Labels | None = None
        if self.labelled:
            labels_path = self._labels_path()
            assert labels_path is not None
            self.labels = read_xview_labels(labels_path)

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        import torch

        from geoplug.core.chipfiles import read_chip

        path = self.files[index]
        image, _ = read_chip(path, self.band_indices)
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        if self.labels is not None:
            boxes, labels = self.labels.get(path.name, _EMPTY)
            sample.update(sample_boxes(*clip_boxes(boxes, labels, image.shape[2],
                                                   image.shape[1])))
        return self._apply(sample)

"""SODA-A: small object detection in aerial scenes, with oriented boxes of 9 classes.

Cheng et al., "Towards Large-Scale Small Object Detection: Survey and Benchmarks" (IEEE TPAMI
2023, https://ieeexplore.ieee.org/document/10168277). The publisher
(https://shaunyuan22.github.io/SODA/) shares ``Images.zip`` and ``Annotations.zip`` through
cloud drives; TorchGeo mirrors the same two archives on Hugging Face, which is where
``download=True`` fetches them. Extracted::

    Images/00001.jpg ...                      (every split's scenes in one folder)
    Annotations/train/00001.json ...          (one JSON file per scene, named after it)
    Annotations/val/<n>.json
    Annotations/test/<n>.json

The split is the folder an image's JSON file lies in. Copies arranged as the publisher's
toolkit (https://github.com/shaunyuan22/SODA-mmrotate) expects are read too:
``Images/<split>/<n>.jpg`` beside ``Annotations/<split>/``, or
``rawData/<split>/{Images,Annotations}/``.

A JSON file holds ``images`` (the scene's ``file_name``, ``width``, ``height``),
``categories`` and ``annotations``: one object each, with ``poly`` (x, y of its corners: four
for an oriented box, other counts for a few polygons) and ``category_id`` (0-8, the spec's
classes; 9 marks an "ignore" region, which the benchmark leaves out of evaluation and so does
this loader). A polygon of other than four corners becomes its minimum-area rotated rectangle
in ``bbox_xyxyxyxy``; ``bbox_xyxy`` always encloses the published points. (The publisher's
evaluation loader skips polygons of more than four corners: a test split read here holds those
few objects too.) A JSON file of zero bytes (the toolkit skips those) is a scene
without objects.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample
from geoplug.datasets._boxes import BoxDataset, find_dir, read_rgb, sample_boxes
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.detection_soda_a import SODA_A_CLASSES, SODA_A_IGNORE_ID

__all__ = ["SODAA", "parse_soda_a"]

_PAGE = "https://shaunyuan22.github.io/SODA/"
#: TorchGeo's pinned Hugging Face copy of the publisher's two archives
_MIRROR = ("https://hf.co/datasets/torchgeo/soda-a/resolve/"
           "b082b9555ea9960d614b54a8cecde4cc63ec5481")


class SODAA(BoxDataset, spec=spec("soda_a")):
    """SODA-A: ``image`` float32 [3,H,W] (uint8 values), ``bbox_xyxyxyxy`` float32 [N,8]
    (four corners), ``bbox_xyxy`` float32 [N,4] (enclosing the published points) and
    ``label`` int64 [N] (the JSON ``category_id``). Every split, test included, has labels.

    The constructor raises :class:`DatasetNotFoundError` (saying where it looked) when the
    split's annotation folder or the image folder is missing and ``download`` is False, and
    :class:`InvalidDataError` when a JSON file of the split has no image.
    """

    # archives and MD5s as TorchGeo publishes them (torchgeo/datasets/soda.py)
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(f"{_MIRROR}/Images.zip", "Images.zip", md5="8ee4ad7a306b0a0a900fa78a4f6aae68"),
        Resource(f"{_MIRROR}/Annotations.zip", "Annotations.zip",
                 md5="45b0d21209fc332d89b0144b308e57fa"),
    )

    # -- layout -------------------------------------------------------------------------------
    def _annotation_dir(self) -> Path | None:
        """``Annotations/<split>`` (or ``rawData/<split>/Annotations``) holding JSON files;
        never the toolkit's ``divData/`` (its 800 x 800 patches of the scenes)."""
        for folder in (find_dir(self.root, f"Annotations/{self.split}"),
                       find_dir(self.root, f"rawData/{self.split}/Annotations"),
                       self.root / self.split / "Annotations"):  # root is rawData itself
            if (folder is not None and folder.is_dir()
                    and "divData" not in folder.relative_to(self.root).parts
                    and any(folder.glob("[!.]*.json"))):
                return folder
        return None

    def _image_dirs(self, annotations: Path) -> list[Path]:
        """Folders an image may lie in, the one beside its annotations first."""
        split_images = annotations.parent.parent / "Images" / self.split  # Images/<split>
        beside = annotations.parent / "Images"  # rawData/<split>/Images
        flat = annotations.parent.parent / "Images"  # Images/ (as the archive unpacks)
        found = [split_images, beside, flat, find_dir(self.root, "Images")]
        return list(dict.fromkeys(p for p in found if p is not None and p.is_dir()))

    def _exists(self) -> bool:
        annotations = self._annotation_dir()
        return annotations is not None and bool(self._image_dirs(annotations))

    def _looked_for(self) -> str:
        return (f"{self.root / 'Annotations' / self.split}/*.json with the images in "
                f"{self.root / 'Images'} (or rawData/{self.split}/{{Annotations,Images}})")

    def _not_found_hint(self) -> str:
        return (f"Looked for {self._looked_for()}. Pass download=True to download "
                f"Images.zip and Annotations.zip (from {_MIRROR}), or get them from {_PAGE} "
                f"and put them (or their extracted folders) in {self.root}.")

    def _load(self) -> None:
        """Pair each JSON file of the split with the image of its name.

        Raises:
            InvalidDataError: a JSON file has no image (names the first and the folders).
        """
        annotations = self._annotation_dir()
        assert annotations is not None
        folders = self._image_dirs(annotations)
        self.samples: list[tuple[Path, Path]] = []
        missing: list[str] = []
        for label in sorted(annotations.glob("[!.]*.json")):  # not macOS ._ files
            image = next((f / f"{label.stem}.jpg" for f in folders
                          if (f / f"{label.stem}.jpg").is_file()), None)
            if image is None:
                missing.append(label.name)
            else:
                self.samples.append((image, label))
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} annotation file(s) in {annotations} have no "
                f"image <name>.jpg in {', '.join(map(str, folders))} (first: {missing[0]}); "
                "extract Images.zip again")

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import torch

        path, label_file = self.samples[index]
        image = read_rgb(path, large=True)[self.band_indices]
        corners, xyxy, labels = parse_soda_a(label_file)
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        sample.update(sample_boxes(xyxy, labels, corners))
        return self._apply(sample)


def _rectangle(points: np.ndarray) -> np.ndarray:
    """The four corners ``[8]`` of the minimum-area rotated rectangle around ``points`` (of
    their axis-aligned box where they are collinear and have no such rectangle)."""
    from shapely import MultiPoint

    rectangle = MultiPoint(points).minimum_rotated_rectangle
    if rectangle.geom_type != "Polygon":
        (x0, y0), (x1, y1) = points.min(0), points.max(0)
        return np.array([x0, y0, x1, y0, x1, y1, x0, y1], np.float64)
    return np.asarray(rectangle.exterior.coords)[:4].reshape(8)


def _object(ann: Any, path: Path, number: int) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Corners, enclosing box and label of one annotation; ``None`` for an ignore region.

    Raises:
        InvalidDataError: no category or polygon of at least three x, y pairs (names the file
            and the object).
    """
    where = f"{path}: object {number}"
    if not isinstance(ann, dict):
        raise InvalidDataError(f"cannot parse {where}: {ann!r} is not a JSON object")
    category: Any = ann.get("category_id", ann.get("cat_id"))  # cat_id: the toolkit's patches
    poly: Any = ann.get("poly")
    try:
        label = int(category)
        values = [float(v) for v in poly]
    except (TypeError, ValueError) as exc:
        raise InvalidDataError(
            f"cannot parse {where}: category_id {category!r}, poly {poly!r}; expected an "
            "integer class and a list of x, y corner coordinates") from exc
    if label == SODA_A_IGNORE_ID:
        return None
    if not 0 <= label < len(SODA_A_CLASSES):
        raise InvalidDataError(f"{where} has category_id {label}; SODA-A's are 0-8 (and "
                               f"{SODA_A_IGNORE_ID} for ignore regions)")
    if len(values) < 6 or len(values) % 2:
        raise InvalidDataError(f"cannot parse {where}: its poly has {len(values)} numbers; "
                               "expected x, y of four corners (three or more)")
    points = np.asarray(values, np.float64).reshape(-1, 2)
    corners = points.reshape(8) if len(points) == 4 else _rectangle(points)
    box = np.concatenate([points.min(0), points.max(0)])
    return corners, box, label


def parse_soda_a(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Oriented corners ``[N,8]``, enclosing boxes ``[N,4]`` (float32) and labels ``[N]``
    (int64) of a SODA-A JSON file, ignore regions left out. A zero-byte file has no object.

    Raises:
        InvalidDataError: the file is not JSON, lacks ``annotations`` or holds an object
            that does not parse (names the file and the object).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text) if text.strip() else {"annotations": []}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidDataError(f"cannot parse {path}: {exc}; the annotation file may be "
                               "truncated — extract Annotations.zip again") from exc
    anns = data.get("annotations") if isinstance(data, dict) else None
    if not isinstance(anns, list):
        raise InvalidDataError(f"cannot parse {path}: no 'annotations' list; is it a SODA-A "
                               "annotation file?")
    found = [o for number, ann in enumerate(anns, start=1)
             if (o := _object(ann, path, number)) is not None]
    corners = np.asarray([o[0] for o in found], np.float32).reshape(-1, 8)
    boxes = np.asarray([o[1] for o in found], np.float32).reshape(-1, 4)
    return corners, boxes, np.asarray([o[2] for o in found], np.int64)

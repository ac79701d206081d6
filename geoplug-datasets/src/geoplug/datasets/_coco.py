"""COCO-format instance annotations: one reader and one polygon rasteriser for every loader.

Publishers of aerial instance-segmentation sets (iSAID, NWPU VHR-10, RarePlanes) ship one
COCO JSON per split: ``images`` (``id``, ``file_name``, ``width``, ``height``), ``categories``
(``id``, ``name``) and ``annotations`` (``image_id``, ``category_id``, ``bbox`` = ``[x, y,
w, h]`` in pixels, ``segmentation`` = polygons ``[[x1, y1, x2, y2, ...], ...]``, ``iscrowd``).
Category ids are not comparable between publishers (iSAID numbers them in the order its
converter met them), so labels come from the category *names*.

Polygons are rasterised one instance at a time inside the instance's own bounding window:
the cost is the objects' area, not N times the scene, which matters on scenes of 10^8 pixels
with thousands of objects.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.datasets._boxes import ClassIndex, xywh_to_xyxy

__all__ = ["CocoImage", "check_size", "polygon_boxes", "polygon_masks", "polygon_rings",
           "present_images", "read_coco"]


@dataclass
class CocoImage:
    """One image of a COCO file and its (non-crowd) objects, compact: polygons as arrays."""

    file_name: str
    width: int
    height: int
    xyxy: np.ndarray  # float32 [N, 4]
    labels: np.ndarray  # int64 [N], 0-based in the dataset's class order
    polygons: list[list[np.ndarray]] = field(default_factory=list)  # per object: [K, 2] rings


def polygon_rings(segmentation: Any) -> list[np.ndarray]:
    """Polygon rings ``[K, 2]`` of a COCO ``segmentation`` (a dangling odd value dropped, as
    some published polygons have one).

    Raises:
        ValueError: the segmentation is not a list of polygons (e.g. RLE).
    """
    if not isinstance(segmentation, list):
        raise ValueError(f"segmentation is {type(segmentation).__name__}, not polygons")
    rings = []
    for ring in segmentation:
        values = np.asarray(ring, np.float32).reshape(-1)
        values = values[: len(values) // 2 * 2]
        if len(values) >= 6:
            rings.append(values.reshape(-1, 2))
    return rings


def read_coco(path: Path, classes: Sequence[str], dataset: str,
              polygons: bool = True) -> dict[int, CocoImage]:
    """The images of a COCO file by id, their objects labelled by category name.

    Crowd annotations (``iscrowd`` = 1) are left out. ``polygons=False`` skips keeping the
    polygons (boxes only).

    Raises:
        InvalidDataError: the file is not JSON, lacks COCO keys, an annotation is malformed,
            refers to an unknown image, or a category name is not one of ``classes`` (names
            the file).
    """
    try:
        coco = json.loads(path.read_text(encoding="utf-8"))
        images = {
            int(img["id"]): CocoImage(Path(str(img["file_name"])).name, int(img["width"]),
                                      int(img["height"]), np.zeros((0, 4), np.float32),
                                      np.zeros(0, np.int64))
            for img in coco["images"]
        }
        names = {int(c["id"]): str(c["name"]) for c in coco["categories"]}
        annotations = coco["annotations"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise InvalidDataError(f"{dataset}: cannot read {path} as COCO annotations ({exc!r}); "
                               "the file may be truncated — extract it again") from exc
    index = ClassIndex(classes, dataset)
    ids = sorted(names)
    category_label = dict(zip(ids, index([names[i] for i in ids], path).tolist()))
    grouped: dict[int, list[tuple[list[float], int, list[np.ndarray]]]] = {i: [] for i in images}
    for number, ann in enumerate(annotations):
        try:
            if ann.get("iscrowd", 0):
                continue
            image_id = int(ann["image_id"])
            if image_id not in grouped:
                raise KeyError(f"image_id {image_id} is not among the file's images")
            label = category_label[int(ann["category_id"])]
            rings = polygon_rings(ann.get("segmentation", [])) if polygons else []
            grouped[image_id].append(([float(v) for v in ann["bbox"]], label, rings))
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidDataError(f"{dataset}: annotation {number} of {path} is malformed: "
                                   f"{exc!r}") from exc
    for image_id, objects in grouped.items():
        image = images[image_id]
        if objects:
            image.xyxy = xywh_to_xyxy([o[0] for o in objects])
            image.labels = np.asarray([o[1] for o in objects], np.int64)
            image.polygons = [o[2] for o in objects]
    return images


def polygon_masks(polygons: Sequence[Sequence[np.ndarray]], shape: tuple[int, int],
                  vertices_are_pixels: bool = False) -> np.ndarray:
    """uint8 instance masks ``[N, H, W]`` of N objects, each the union of its rings.

    Pixel (row r, column c) is inside when its centre (c + 0.5, r + 0.5) is (COCO pixel
    coordinates, as rasterio burns them). ``vertices_are_pixels``: the rings were traced
    through the object's boundary pixels (OpenCV ``findContours``, as iSAID's devkit writes
    them), so they are shifted onto those pixels' centres and the vertices' own pixels are
    inside too (else a 1-px-wide object had no pixel). Each object is burnt only in the
    window of its rings, clipped to the image.
    """
    from affine import Affine
    from rasterio.features import rasterize

    shift = 0.5 if vertices_are_pixels else 0.0
    height, width = shape
    masks = np.zeros((len(polygons), height, width), np.uint8)
    for i, rings in enumerate(polygons):
        if not rings:
            continue
        points = np.concatenate(rings) + shift
        x0, y0 = (max(int(np.floor(v)), 0) for v in points.min(axis=0))
        x1 = min(int(np.ceil(points[:, 0].max())), width)
        y1 = min(int(np.ceil(points[:, 1].max())), height)
        if x1 <= x0 or y1 <= y0:
            continue
        shapes = [({"type": "Polygon",
                    "coordinates": [[*(ring + shift).tolist(), (ring[0] + shift).tolist()]]}, 1)
                  for ring in rings]
        window = rasterize(shapes, out_shape=(y1 - y0, x1 - x0), fill=0,
                           transform=Affine.translation(x0, y0), dtype="uint8")
        if vertices_are_pixels:  # the traced boundary pixels are the object's own
            cols = np.floor(points[:, 0]).astype(int) - x0
            rows = np.floor(points[:, 1]).astype(int) - y0
            keep = (cols >= 0) & (cols < x1 - x0) & (rows >= 0) & (rows < y1 - y0)
            window[rows[keep], cols[keep]] = 1
        masks[i, y0:y1, x0:x1] = window
    return masks


def polygon_boxes(image: CocoImage) -> np.ndarray:
    """float32 ``[N, 4]`` xyxy extents of each object's rings, clipped to the image; an object
    without a usable ring keeps its JSON box (also clipped)."""
    boxes = np.array(image.xyxy, np.float32, copy=True).reshape(-1, 4)
    for i, rings in enumerate(image.polygons):
        if rings:
            points = np.concatenate(rings)
            boxes[i] = (*points.min(axis=0), *points.max(axis=0))
    limit = np.asarray([image.width, image.height] * 2, np.float32)
    return np.clip(boxes, 0, limit)


def present_images(images: Mapping[int, CocoImage], folder: Path, annotations: Path,
                   dataset: str, remedy: str, what: str = "images") -> list[CocoImage]:
    """The images of a COCO file (:func:`read_coco`) whose files are in ``folder``, in
    file-name order. None at all is left to the caller (an empty dataset says why).

    Raises:
        InvalidDataError: some, not all, listed files are absent from ``folder`` (names a few
            and ``remedy``): a split quietly smaller than the one published.
    """
    present = {p.name for p in folder.iterdir()}
    missing = sorted(i.file_name for i in images.values() if i.file_name not in present)
    if missing and len(missing) < len(images):
        raise InvalidDataError(
            f"{dataset}: {len(missing)} of the {len(images)} {what} listed in {annotations} "
            f"are not in {folder} (e.g. {', '.join(missing[:3])}); {remedy}")
    return sorted((i for i in images.values() if i.file_name in present),
                  key=lambda i: i.file_name)


def check_size(entry: CocoImage, shape: Sequence[int], path: Path, annotations: Path,
               dataset: str) -> None:
    """Check a decoded image's ``(height, width)`` against its COCO entry.

    Raises:
        InvalidDataError: they differ (image and annotations of different releases).
    """
    if tuple(shape) != (entry.height, entry.width):
        raise InvalidDataError(
            f"{dataset}: {path} is {shape[1]}x{shape[0]} px but {annotations.name} says "
            f"{entry.width}x{entry.height}; the image and the annotations are of different "
            "releases")

"""RarePlanes: aircraft in real WorldView-3 tiles and synthetic images (Shermeyer et al., 2021).

The public S3 bucket ``s3://rareplanes-public`` (see https://github.com/VisionSystemsInc/RarePlanes,
``datasets/download_data.py``) holds loose files, synced with the AWS CLI::

    real/<split>/PS-RGB_tiled/<location>_<id>_tile_<n>.png    512x512 RGB tiles
    real/<split>/geojson_aircraft_tiled/<same stem>.geojson   the tiles' aircraft, geographic
    real/metadata_annotations/instances_<split>_aircraft.json  COCO, pixel boxes
    synthetic/<split>/images/<name>.png
    synthetic/metadata_annotations/instances_<split>_aircraft.json

``<split>`` is ``train`` or ``test``. The loader reads the publisher's COCO files, whose boxes
(``bbox`` = ``[x, y, width, height]`` in pixels) are what the tiled GeoJSON polygons become
in image space, so real and synthetic images are read the same way. Images the COCO file
lists without any annotation yield zero boxes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import Sample, Transforms
from geoplug.datasets._boxes import BoxDataset, read_rgb, sample_boxes, xywh_to_xyxy
from geoplug.datasets._catalog import spec
from geoplug.datasets._spacenet import check_choices

__all__ = ["RarePlanes"]

_BUCKET = "s3://rareplanes-public"
_IMAGES = {"real": "PS-RGB_tiled", "synthetic": "images"}



def _image_name(file_name: str) -> str:
    """The image file a COCO ``file_name`` names: its base name, a ``.xml`` annotation's
    image being the ``.png`` beside it (the publisher's synthetic converter writes those)."""
    name = Path(file_name).name
    return name[:-4] + ".png" if name.lower().endswith(".xml") else name

class RarePlanes(BoxDataset, spec=spec("rareplanes")):
    """RarePlanes: ``image`` float32 ``[3, H, W]``, ``bbox_xyxy`` float32 ``[N, 4]``,
    ``label`` int64 ``[N]`` (0, ``aircraft``).

    ``source="real"`` (default) reads the WorldView-3 tiles, ``"synthetic"`` the AI.Reverie
    images. ``root`` holds the bucket's ``real/`` and/or ``synthetic/`` folders.
    """

    sources: ClassVar[tuple[str, ...]] = ("real", "synthetic")
    manual_hint: ClassVar[str] = (
        f"RarePlanes is distributed as loose files in the public bucket {_BUCKET} (the "
        "tarballs under real/tarballs/ unpack without the split folder: put their "
        "PS-RGB_tiled/ under <root>/real/<split>/): e.g. `aws s3 sync --no-sign-request "
        f"{_BUCKET}/real/train/PS-RGB_tiled/ <root>/real/train/PS-RGB_tiled/` and "
        f"`aws s3 sync --no-sign-request {_BUCKET}/real/metadata_annotations/ "
        "<root>/real/metadata_annotations/`, see "
        "https://github.com/VisionSystemsInc/RarePlanes/tree/master/datasets.")

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        source: str = "real",
    ) -> None:
        """
        Raises:
            ValueError: unknown split, band or source.
            DatasetNotFoundError: the image folder or COCO file of this split is not under
                ``root`` (the message gives the AWS CLI commands).
            InvalidDataError: the COCO file is unreadable, names an unknown category or an
                image that is missing.
        """
        check_choices(self.name, "source", [source], self.sources)
        self.source = source
        super().__init__(root, split, bands, transforms, download, checksum)

    # -- layout -------------------------------------------------------------------------------
    def _images_dir(self) -> Path:
        return self.root / self.source / self.split / _IMAGES[self.source]

    def _coco(self) -> Path | None:
        """``instances_<split>_aircraft.json`` in ``<source>/metadata_annotations`` (or one
        folder below it, as some syncs nest it)."""
        folder = self.root / self.source / "metadata_annotations"
        name = f"instances_{self.split}_aircraft.json"
        found = [folder / name, *sorted(folder.glob(f"*/{name}"))]
        return next((p for p in found if p.is_file()), None)

    def _exists(self) -> bool:
        return self._images_dir().is_dir() and self._coco() is not None

    def _load(self) -> None:
        """Group the COCO annotations by image.

        Raises:
            InvalidDataError: the file is not COCO, names a category other than aircraft,
                or an image that is not in the image folder.
        """
        coco_path = self._coco()
        assert coco_path is not None
        try:
            coco = json.loads(coco_path.read_text(encoding="utf-8"))
            images = {int(img["id"]): str(img["file_name"]) for img in coco["images"]}
            names = {int(c["id"]): str(c["name"]) for c in coco.get("categories", [])}
            annotations = coco["annotations"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InvalidDataError(f"{self.name}: cannot read {coco_path} as COCO annotations: "
                                   f"{exc!r}; sync the file again") from exc
        others = sorted({n for n in names.values() if n not in self.classes})
        if others:
            raise InvalidDataError(
                f"{self.name}: {coco_path} has the categories {others}; the loader reads the "
                "single-class instances_<split>_aircraft.json files")
        self.boxes: dict[int, list[list[float]]] = {i: [] for i in images}
        for ann in annotations:
            try:
                self.boxes[int(ann["image_id"])].append([float(v) for v in ann["bbox"]])
            except (KeyError, TypeError, ValueError) as exc:
                raise InvalidDataError(f"{self.name}: {coco_path} has a malformed annotation "
                                       f"{ann!r}") from exc
        folder = self._images_dir()
        # the synthetic COCO files may name an image by its annotation (<name>.xml)
        self.images = [(i, folder / _image_name(images[i])) for i in sorted(images)]
        missing = [p for _, p in self.images if not p.is_file()]
        if missing:
            raise InvalidDataError(
                f"{self.name}: {len(missing)} image(s) listed in {coco_path} are not in "
                f"{folder} (first: {missing[0].name}); sync the folder again")
        self.coco_path = coco_path

    def __len__(self) -> int:
        return len(self.images)

    def __getitem__(self, index: int) -> Sample:
        import torch

        image_id, path = self.images[index]
        image = read_rgb(path)[self.band_indices]
        xyxy = xywh_to_xyxy(self.boxes[image_id])
        sample: Sample = {"image": torch.from_numpy(image.astype(np.float32))}
        sample.update(sample_boxes(xyxy, np.zeros(len(xyxy), np.int64)))
        return self._apply(sample)


"""xView2 / xBD: pre- and post-disaster Maxar RGB chips with building damage polygons.

Layout of the challenge archives (``{train,hold,test}_images_labels_targets.tar.gz``):
``<split>/images/<disaster>_<id>_{pre,post}_disaster.png`` (1024x1024 RGB),
``<split>/labels/<same>.json`` and ``<split>/targets/<same>_target.png``. Each label JSON lists
``features.xy[]`` with a pixel-space ``wkt`` polygon and ``properties.subtype`` (the damage
grade, on post-disaster labels). The mask is the publisher's post-disaster target PNG (one
byte per pixel, 0 = background, 1..4 = damage grade) when present — that is all TorchGeo's
copy of the data holds — else it is rasterized from the label polygons. The official splits
are train, hold (our "val") and test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._chipio import rasterize_shapes, read_image

__all__ = ["XView2"]

_URL = "https://xview2.org/download-links"  # registration required: download by hand


class XView2(NonGeoDataset, spec=spec("xview2")):
    """xView2 building damage: ``image`` [2, 3, H, W] (pre, post), ``mask`` [H, W] in 0..4."""

    folders: ClassVar[dict[str, str]] = {"train": "train", "val": "hold", "test": "test"}
    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=_URL, filename="train_images_labels_targets.tar.gz",
                 md5="a20ebbfb7eb3452785b63ad02ffd1e16", splits=("train",)),
        Resource(url=_URL, filename="hold_images_labels_targets.tar.gz", splits=("val",)),
        Resource(url=_URL, filename="test_images_labels_targets.tar.gz",
                 md5="1b39c47e05d1319c17cc8763cee6fe0c", splits=("test",)),
    )

    def _split_dir(self) -> Path:
        return self.root / self.folders[self.split]

    def _exists(self) -> bool:
        return (self._split_dir() / "images").is_dir()

    def _load(self) -> None:
        folder = self._split_dir()
        self.files: list[dict[str, Path]] = []
        for pre in sorted((folder / "images").glob("*_pre_disaster.png")):
            stem = pre.name[: -len("_pre_disaster.png")]
            item = {"pre": pre, "post": folder / "images" / f"{stem}_post_disaster.png",
                    "target": folder / "targets" / f"{stem}_post_disaster_target.png",
                    "label": folder / "labels" / f"{stem}_post_disaster.json"}
            missing = [str(item[k]) for k in ("pre", "post") if not item[k].is_file()]
            if not (item["target"].is_file() or item["label"].is_file()):
                missing.append(f"{item['target']} (or {item['label']})")
            if missing:
                raise InvalidDataError(
                    f"{self.name}: {', '.join(missing)} missing for {pre.name}; the archive "
                    "looks incomplete — extract it again"
                )
            self.files.append(item)

    def __len__(self) -> int:
        return len(self.files)

    def _mask(self, path: Path, shape: tuple[int, int]) -> np.ndarray:
        """Rasterize the damage polygons of a post-disaster label file.

        Raises:
            InvalidDataError: the JSON or one of its WKT polygons cannot be parsed.
        """
        import shapely.wkt
        from shapely.errors import ShapelyError

        try:
            features = json.loads(path.read_text())["features"]["xy"]
            shapes = []
            for feature in features:
                props = feature.get("properties", {})
                if props.get("feature_type", "building") != "building":
                    continue
                value = DAMAGE.get(props.get("subtype", "no-damage"), 1)
                shapes.append((shapely.wkt.loads(feature["wkt"]), value))
        except (ValueError, KeyError, TypeError, ShapelyError) as exc:
            raise InvalidDataError(f"{self.name}: cannot parse {path}: {exc!r}") from exc
        # burn lower grades first so overlapping polygons show the worse damage
        shapes.sort(key=lambda s: s[1])
        return rasterize_shapes(shapes, shape)

    def __getitem__(self, index: int) -> Sample:
        import torch

        item = self.files[index]
        pre = read_image(item["pre"])[self.band_indices]
        post = read_image(item["post"])[self.band_indices]
        if item["target"].is_file():
            mask = read_image(item["target"], "L").astype(np.int64)
            mask[mask > 4] = 1  # an "un-classified" code, if any, counts as undamaged
        else:
            mask = self._mask(item["label"], post.shape[1:])
        pair = np.stack([pre, post]).astype(np.float32)
        return self._apply({"image": torch.from_numpy(pair), "mask": torch.from_numpy(mask)})


#: damage grade (mask value) of a post-disaster polygon, from the spec's class order;
#: "un-classified" buildings count as undamaged
DAMAGE = {name: value for value, name in enumerate(XView2.classes) if value} | {
    "un-classified": 1}

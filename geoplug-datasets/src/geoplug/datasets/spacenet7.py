"""SpaceNet 7: monthly Planet mosaics of >100 regions with building footprints (2017-2020).

``SN7_buildings_train.tar.gz`` unpacks to ``train/<region>/images/global_monthly_<YYYY>_<MM>_
mosaic_<region>.tif`` (4-band RGBA uint8, 4 m; ``images_masked/`` has clouds blanked) and
``train/<region>/labels/<same stem>_Buildings.geojson`` (``labels_match/`` keeps building ids
across months); ``SN7_buildings_test_public.tar.gz`` has ``test_public/<region>/images_masked/``
without labels. One sample is one month of one region.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource
from geoplug.core.nongeo import Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.detection_change import SPACENET7_PRODUCTS
from geoplug.datasets._spacenet import S3, SpaceNet, tarball_resources

__all__ = ["SpaceNet7"]

class SpaceNet7(SpaceNet, spec=spec("spacenet7")):
    """SpaceNet 7: ``image`` "images" (train default) or "images_masked" (test default)."""

    dataset_id = "SN7_buildings"
    products: ClassVar[dict[str, tuple[str, ...]]] = SPACENET7_PRODUCTS
    default_image: ClassVar[dict[str, str]] = {"train": "images", "test": "images_masked"}
    split_folders: ClassVar[dict[str, str]] = {"train": "train", "test": "test_public"}
    resources: ClassVar[tuple[Resource, ...]] = tarball_resources(
        f"{S3}/SN7_buildings/tarballs",
        {"train": [("SN7_buildings_train.tar.gz", "6eda13b9c28f6f5cdf00a7e8e218c1b1")],
         "test": [("SN7_buildings_test_public.tar.gz", "b3bde95a0f8f32f3bfeba49464b9bc97")]},
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        image: str | None = None,
        labels: str = "labels",
    ) -> None:
        """``labels``: "labels" (default) or "labels_match" (ids consistent over months).

        Raises:
            ValueError: unknown ``labels`` (and whatever :class:`SpaceNet` raises).
        """
        if labels not in ("labels", "labels_match"):
            raise ValueError(f"spacenet7: labels {labels!r} is not 'labels' or 'labels_match'")
        self.labels = labels
        super().__init__(root, split, bands, transforms, download, checksum, image)

    def _find(self, folder: Path) -> list[tuple[Path, Path | None]]:
        top = self.split_folders[self.split]
        found = []
        for path in find_below(folder, "global_monthly_*_mosaic_*.tif"):
            region = path.parent.parent
            if path.parent.name != self.image or region.parent.name != top:
                continue
            label = region / self.labels / f"{path.stem}_Buildings.geojson"
            found.append((path, label if label.is_file() else None))
        return sorted(found)

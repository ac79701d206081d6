"""SpaceNet 1: building footprints over Rio de Janeiro (WorldView-2).

Tarballs (``s3://spacenet-dataset/spacenet/SN1_buildings/tarballs/``) unpack to
``3band/3band_AOI_1_RIO_img<N>.tif`` (pan-sharpened RGB, 0.5 m),
``8band/8band_AOI_1_RIO_img<N>.tif`` (multispectral, 2 m) and, for train only,
``geojson/Geo_AOI_1_RIO_img<N>.geojson``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.detection_change import SPACENET1_PRODUCTS
from geoplug.datasets._spacenet import S3, SpaceNet, tarball_resources

__all__ = ["SpaceNet1"]

_KEY = re.compile(r"_img(\d+)\.(?:tif|geojson)$")


class SpaceNet1(SpaceNet, spec=spec("spacenet1")):
    """SpaceNet 1 (Rio): ``image='3band'`` (RGB, default) or ``'8band'``."""

    dataset_id = "SN1_buildings"
    products: ClassVar[dict[str, tuple[str, ...]]] = SPACENET1_PRODUCTS
    resources: ClassVar[tuple[Resource, ...]] = tarball_resources(
        f"{S3}/SN1_buildings/tarballs",
        {"train": [("SN1_buildings_train_AOI_1_Rio_3band.tar.gz",
                    "279e334a2120ecac70439ea246174516"),
                   ("SN1_buildings_train_AOI_1_Rio_8band.tar.gz",
                    "6440a9eedbd7c4fe9741875135362c8c"),
                   ("SN1_buildings_train_AOI_1_Rio_geojson_buildings.tar.gz",
                    "b6e02fbd727f252ea038abe4f77a77b3")],
         "test": [("SN1_buildings_test_AOI_1_Rio_3band.tar.gz",
                   "18283d78b21c239bc1831f3bf1d2c996"),
                  ("SN1_buildings_test_AOI_1_Rio_8band.tar.gz",
                   "732b3a40603b76e80aac84e002e2b3e8")]},
    )

    def _find(self, folder: Path) -> list[tuple[Path, Path | None]]:
        labels = {}
        for path in find_below(folder, "Geo_*_img*.geojson"):
            match = _KEY.search(path.name)
            if match:
                labels[int(match.group(1))] = path
        images = []
        for path in find_below(folder, f"{self.image}_*_img*.tif"):
            match = _KEY.search(path.name)
            if match and path.parent.name == self.image:
                images.append((int(match.group(1)), path))
        return [(path, labels.get(key)) for key, path in sorted(images)]

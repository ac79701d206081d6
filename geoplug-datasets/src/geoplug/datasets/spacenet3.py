"""SpaceNet 3: road networks over Las Vegas, Paris, Shanghai and Khartoum (WorldView-3).

``SN3_roads_train_AOI_<n>_<City>.tar.gz`` unpacks to ``AOI_<n>_<City>/`` with ``PS-RGB/``,
``PS-MS/``, ``MS/`` and ``PAN/`` chips named ``SN3_roads_train_AOI_<n>_<City>_<product>_img<N>.tif``
(16-bit, EPSG:4326) and road centrelines (GeoJSON LineStrings)
``geojson_roads/SN3_roads_train_AOI_<n>_<City>_geojson_roads_img<N>.geojson``;
``SN3_roads_train_AOI_<n>_<City>_geojson_roads_speed.tar.gz`` adds ``geojson_roads_speed/``
(the same lines with inferred speeds). The public test tarballs
``SN3_roads_test_public_AOI_<n>_<City>.tar.gz`` hold ``AOI_<n>_<City>_Roads_Test_Public/``
with the products under their SpaceNet 2 names (``RGB-PanSharpen``, ``MUL-PanSharpen``,
``MUL``, ``PAN``) and no labels; ``image`` takes the train names on both splits.

Roads are centrelines, so the mask is 1 where a pixel centre lies within ``buffer`` metres
(default 2 m, the SpaceNet road baseline's width, ``CosmiQ/apls`` ``create_spacenet_masks.py``)
of a line, measured in the UTM zone of the chip when the chip is in degrees. Train chips
without a label file are left out: nothing says whether they have no road or no annotation.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource
from geoplug.core.nongeo import Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_spacenet import (
    SPACENET3_BUFFER_M,
    SPACENET3_LABELS,
    SPACENET3_PRODUCTS,
    SPACENET3_TEST_FOLDERS,
)
from geoplug.datasets._spacenet import S3, SpaceNet, check_choices, tarball_resources
from geoplug.datasets.spacenet2 import AOIS

__all__ = ["SpaceNet3", "buffer_lines"]

#: the AOI and chip number of an image or label file name
_KEY = re.compile(r"(AOI_\d+_[A-Za-z]+)_(?:.*_)?img(\d+)\.(?:tif|geojson)$")
_TRAIN_MD5 = ("06317255b5e0c6df2643efd8a50f22ae", "c13baf88ee10fe47870c303223cabf82",
              "ef3de027c3da734411d4333bee9c273b", "46f327b550076f87babb5f7b43f27c68")
_SPEED_MD5 = ("4acf7846ed8121db1319345cfe9fdca9", "abc8199d4c522d3a14328f4f514702ad",
              "f1db36bd17b2be2281f5f7d369e9e25d", "d969693760d59401a84bd9215375a636")
_TEST_MD5 = ("e9eb2220888ba38cab175fc6db6799a2", "21098cfe471dba6208c92b37b8203ae9",
             "2e7438b870ffd33d4453366db1c5b317", "f367c79fa0fc1d38e63a0fdd065ed957")
_SPEED_SUFFIX = "_geojson_roads_speed.tar.gz"


def buffer_lines(geoms: Sequence[dict[str, Any]], crs: Any, metres: float
                 ) -> list[dict[str, Any]]:
    """Polygons ``metres`` either side of line geometries given in ``crs``, back in ``crs``.

    Distances are metres on the ground: in ``crs`` itself when it is projected in metres,
    else in the UTM zone of the geometries' centre (SpaceNet chips are in degrees).
    """
    import numpy as np
    import shapely
    from pyproj import CRS, Transformer
    from shapely.geometry import mapping, shape

    if not geoms:
        return []
    src = CRS.from_user_input(crs.to_wkt() if hasattr(crs, "to_wkt") else crs or 4326)
    shapes = [shape(g) for g in geoms]
    if src.is_projected and src.axis_info[0].unit_name in ("metre", "meter"):
        return [mapping(s.buffer(metres)) for s in shapes]
    west = min(s.bounds[0] for s in shapes)
    south = min(s.bounds[1] for s in shapes)
    east = max(s.bounds[2] for s in shapes)
    north = max(s.bounds[3] for s in shapes)
    lon, lat = Transformer.from_crs(src, 4326, always_xy=True).transform(
        (west + east) / 2, (south + north) / 2)
    zone = int((lon + 180) // 6) % 60 + 1
    utm = CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)
    def through(transformer: Transformer) -> Any:
        return lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))

    forward = through(Transformer.from_crs(src, utm, always_xy=True))
    back = through(Transformer.from_crs(utm, src, always_xy=True))
    return [mapping(shapely.transform(shapely.transform(s, forward).buffer(metres), back))
            for s in shapes]


class SpaceNet3(SpaceNet, spec=spec("spacenet3")):
    """SpaceNet 3 roads: ``image`` one of PS-RGB (default), PS-MS, MS, PAN; ``mask`` 1 = road.

    ``aois`` restricts to some cities, ``labels`` picks ``geojson_roads`` (default) or
    ``geojson_roads_speed`` (its own tarball), ``buffer`` the half-width of a road in metres.
    """

    dataset_id = "SN3_roads"
    products: ClassVar[dict[str, tuple[str, ...]]] = SPACENET3_PRODUCTS
    resources: ClassVar[tuple[Resource, ...]] = tarball_resources(
        f"{S3}/SN3_roads/tarballs",
        {"train": [(f"SN3_roads_train_{a}.tar.gz", m) for a, m in zip(AOIS, _TRAIN_MD5)]
         + [(f"SN3_roads_train_{a}{_SPEED_SUFFIX}", m) for a, m in zip(AOIS, _SPEED_MD5)],
         "test": [(f"SN3_roads_test_public_{a}.tar.gz", m) for a, m in zip(AOIS, _TEST_MD5)]},
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
        aois: Sequence[str] | None = None,
        labels: str = "geojson_roads",
        buffer: float = SPACENET3_BUFFER_M,
    ) -> None:
        """
        Raises:
            ValueError: an unknown AOI or label layer, a buffer that is not positive (and
                whatever :class:`SpaceNet` raises).
        """
        check_choices("spacenet3", "AOI", aois, AOIS)
        if labels not in SPACENET3_LABELS:
            raise ValueError(f"spacenet3: labels {labels!r} is not one of {SPACENET3_LABELS}")
        if not buffer > 0:
            raise ValueError(f"spacenet3: buffer must be a positive width in metres, not "
                             f"{buffer!r}")
        self.aois = tuple(aois or AOIS)
        self.labels = labels
        self.buffer = float(buffer)
        super().__init__(root, split, bands, transforms, download, checksum, image)

    def _needed(self) -> list[Resource]:
        """The chosen AOIs' tarballs; the speed labels' only when they are the labels."""
        speed = self.labels == "geojson_roads_speed"
        return [r for r in super()._needed() if any(a in r.filename for a in self.aois)
                and (speed or not r.filename.endswith(_SPEED_SUFFIX))]

    def _key(self, path: Path) -> tuple[str, int] | None:
        """(AOI, chip number) of a file of the chosen AOIs, else None."""
        match = _KEY.search(path.name)
        if match is None or match.group(1) not in self.aois:
            return None
        return match.group(1), int(match.group(2))

    def _find(self, folder: Path) -> list[tuple[Path, Path | None]]:
        test = self.split == "test"
        folders = {self.image, SPACENET3_TEST_FOLDERS[self.image]}
        labels: dict[tuple[str, int], Path] = {}
        if not test:
            for path in find_below(folder, f"*_{self.labels}_img*.geojson"):
                if (key := self._key(path)) is not None:
                    labels[key] = path
        found = []
        for path in find_below(folder, "*_img*.tif"):
            key = self._key(path)
            # test chips: "test" in the AOI folder (..._Roads_Test_Public) or the file name
            in_test = "test" in f"{path.parent.parent.name}/{path.name}".lower()
            if key is None or path.parent.name not in folders or in_test != test:
                continue
            label = labels.get(key)
            if test or label is not None:
                found.append((key, path, label))
        return [(path, label) for _, path, label in sorted(found)]

    def _footprints(self, path: Path, crs: Any) -> list[Any]:
        """The road centrelines of ``path`` buffered into polygons of ``self.buffer`` m."""
        return buffer_lines(super()._footprints(path, crs), crs, self.buffer)

"""SpaceNet 4: off-nadir building footprints over Atlanta (27 WorldView-2 collects).

Each collect tarball (``Atlanta_nadir<angle>_catid_<id>.tar.gz``) unpacks to a folder of that
name with ``PAN/``, ``MS/`` and ``Pan-Sharpen/`` chips named
``<product>_Atlanta_nadir<angle>_catid_<id>_<easting>_<northing>.tif``; ``geojson.tar.gz`` holds
the footprints shared by all collects, ``geojson/spacenet-buildings/
spacenet-buildings_<easting>_<northing>.geojson``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource
from geoplug.core.nongeo import Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.detection_change import SPACENET4_PRODUCTS
from geoplug.datasets._spacenet import S3, SpaceNet, check_choices, tarball_resources

__all__ = ["SpaceNet4"]

_TILE = re.compile(r"_(\d+_\d+)\.(?:tif|geojson)$")
COLLECTS: tuple[tuple[str, str], ...] = (
    ("Atlanta_nadir7_catid_1030010003D22F00", "d41ab6ec087b07e1e046c55d1fa5754b"),
    ("Atlanta_nadir8_catid_10300100023BC100", "72f04a7c0c34dd4595c181ee1ae6cb4c"),
    ("Atlanta_nadir10_catid_1030010003993E00", "89559f42ac11a8de570cef9802a577ad"),
    ("Atlanta_nadir10_catid_1030010003CAF100", "5489ac756249c336ea506ef0acb3c09d"),
    ("Atlanta_nadir13_catid_1030010002B7D800", "bd9ed231cedd8631683ea51ea0602de1"),
    ("Atlanta_nadir14_catid_10300100039AB000", "c497a8a448ed7ccdf63e7706507c0603"),
    ("Atlanta_nadir16_catid_1030010002649200", "45d54eeecefdc60aa38320be6f29a17c"),
    ("Atlanta_nadir19_catid_1030010003C92000", "611528c0188bbc7e9cdf98609c6b0c49"),
    ("Atlanta_nadir21_catid_1030010003127500", "532fbf1ca73d3d2e8b03c585f61b7316"),
    ("Atlanta_nadir23_catid_103001000352C200", "538f48429b0968b6cfad97eb61fa8de1"),
    ("Atlanta_nadir25_catid_103001000307D800", "3c48e94bc6d9e66e27c3a9bc8d35d65d"),
    ("Atlanta_nadir27_catid_1030010003472200", "b78cdf951e7bf4fedbe9259abd1e047a"),
    ("Atlanta_nadir29_catid_1030010003315300", "f307ce3c623d12d5a2fd5acb1e0607e0"),
    ("Atlanta_nadir30_catid_10300100036D5200", "9a17574332cd5513d68a0bcc9c607bdd"),
    ("Atlanta_nadir32_catid_103001000392F600", "fe905ca809f7bd2ceef75bde23c326f3"),
    ("Atlanta_nadir34_catid_1030010003697400", "d9f2e4a5c8462f6f9f7d5c573d9a1dc6"),
    ("Atlanta_nadir36_catid_1030010003895500", "f9425ff38dc82bf0e8f25a6287ff1ad1"),
    ("Atlanta_nadir39_catid_1030010003832800", "7a6005d6fd972d5ce04caf9b42b36897"),
    ("Atlanta_nadir42_catid_10300100035D1B00", "7c5aa16bb64cacf766cf88f89b3093bd"),
    ("Atlanta_nadir44_catid_1030010003CCD700", "8f7e959eb0156ad2dfb0b966a1de06a9"),
    ("Atlanta_nadir46_catid_1030010003713C00", "62c4babcbe70034b7deb7c14d5ff61c2"),
    ("Atlanta_nadir47_catid_10300100033C5200", "8001d75f67534edf6932242324b8c1a7"),
    ("Atlanta_nadir49_catid_1030010003492700", "bc299cb5de432b5f5a1ce65a3bdb0abc"),
    ("Atlanta_nadir50_catid_10300100039E6200", "d7640eda7c4efaf825665e853037bec9"),
    ("Atlanta_nadir52_catid_1030010003BDDC00", "d4e1931551e9d3c6fd9bf1d8adfd07a0"),
    ("Atlanta_nadir53_catid_1030010003193D00", "b313e23ead8fe6e2c8671a49f2c9de37"),
    ("Atlanta_nadir53_catid_1030010003CD4300", "3bd8f07ad57bff841d0cf91c91c6f5ed"),
)


class SpaceNet4(SpaceNet, spec=spec("spacenet4")):
    """SpaceNet 4: ``image`` one of Pan-Sharpen (default, B/G/R/NIR), MS, PAN.

    ``collections`` restricts to some collects (folder names such as
    ``"Atlanta_nadir7_catid_1030010003D22F00"``), e.g. to study the off-nadir angle.
    """

    dataset_id = "SN4_buildings"
    products: ClassVar[dict[str, tuple[str, ...]]] = SPACENET4_PRODUCTS
    resources: ClassVar[tuple[Resource, ...]] = tarball_resources(
        f"{S3}/SN4_buildings/train/tarballs",
        {"train": [(f"{c}.tar.gz", m) for c, m in COLLECTS]
         + [("geojson.tar.gz", "2556339e26a09e57559452eb240ef29c")]},
    ) + tarball_resources(
        f"{S3}/SN4_buildings/test_public/tarballs",
        {"test": [("SN4_buildings_AOI_6_Atlanta_test_public.tar.gz",
                   "0ec3874bfc19aed63b33ac47b039aace")]},
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
        collections: Sequence[str] | None = None,
    ) -> None:
        """
        Raises:
            ValueError: an unknown collect (and whatever :class:`SpaceNet` raises).
        """
        check_choices("spacenet4", "collect", collections, sorted({c for c, _ in COLLECTS}))
        self.collections = tuple(collections) if collections else None
        super().__init__(root, split, bands, transforms, download, checksum, image)

    def _needed(self) -> list[Resource]:
        """Only the tarballs of the chosen collects (and the shared footprints)."""
        keep = self.collections
        return [r for r in super()._needed()
                if keep is None or not r.filename.startswith("Atlanta_nadir")
                or r.filename[: -len(".tar.gz")] in keep]

    def _find(self, folder: Path) -> list[tuple[Path, Path | None]]:
        labels = {}
        for path in find_below(folder, "spacenet-buildings_*.geojson"):
            match = _TILE.search(path.name)
            if match:
                labels[match.group(1)] = path
        found = []
        test = self.split == "test"
        for path in find_below(folder, f"{self.image}_Atlanta_nadir*_catid_*.tif"):
            match = _TILE.search(path.name)
            collect = path.parent.parent.name
            # the test tarball's chips lie under ``SN4_buildings_AOI_6_Atlanta_test_public/``;
            # both splits unpacked in one folder by hand must not mix
            in_test = any(part.endswith("_test_public")
                          for part in path.relative_to(folder).parts[:-1])
            if (path.parent.name != self.image or not match or in_test != test
                    or (self.collections and collect not in self.collections)):
                continue
            found.append((collect, match.group(1), path, labels.get(match.group(1))))
        return [(path, label) for _, _, path, label in sorted(found)]

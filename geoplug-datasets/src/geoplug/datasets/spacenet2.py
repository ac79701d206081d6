"""SpaceNet 2: building footprints over Las Vegas, Paris, Shanghai and Khartoum (WorldView-3).

Each AOI tarball unpacks to ``AOI_<n>_<City>_Train/`` (test: ``AOI_<n>_<City>_Test_public/``)
holding ``PAN/``, ``MUL/``, ``MUL-PanSharpen/`` and ``RGB-PanSharpen/`` folders of
``<product>_AOI_<n>_<City>_img<N>.tif`` chips and, for train,
``geojson/buildings/buildings_AOI_<n>_<City>_img<N>.geojson``.
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
from geoplug.datasets._catalog.detection_change import SPACENET2_PRODUCTS
from geoplug.datasets._spacenet import S3, SpaceNet, check_choices, tarball_resources

__all__ = ["SpaceNet2"]

_KEY = re.compile(r"_img(\d+)\.tif$")
AOIS = ("AOI_2_Vegas", "AOI_3_Paris", "AOI_4_Shanghai", "AOI_5_Khartoum")
_TRAIN_MD5 = ("307da318bc43aaf9481828f92eda9126", "4db469e3e4e7bf025368ad730aec0888",
              "986129eecd3e842ebc2063d43b407adb", "462b4bf0466c945d708befabd4d9115b")
_TEST_MD5 = ("d45405afd6629e693e2f9168b1291ea3", "2eaee95303e88479246e4ee2f2279b7f",
             "f51dc51fa484dc7fb89b3697bd15a950", "037d7be10530f0dd1c43d4ef79f3236e")


class SpaceNet2(SpaceNet, spec=spec("spacenet2")):
    """SpaceNet 2: ``image`` one of PAN, MUL, MUL-PanSharpen (default), RGB-PanSharpen."""

    dataset_id = "SN2_buildings"
    products: ClassVar[dict[str, tuple[str, ...]]] = SPACENET2_PRODUCTS
    resources: ClassVar[tuple[Resource, ...]] = tarball_resources(
        f"{S3}/SN2_buildings/tarballs",
        {"train": [(f"SN2_buildings_train_{a}.tar.gz", m) for a, m in zip(AOIS, _TRAIN_MD5)],
         "test": [(f"{a}_Test_public.tar.gz", m) for a, m in zip(AOIS, _TEST_MD5)]},
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
    ) -> None:
        """``aois``: restrict to these AOIs (e.g. ``["AOI_2_Vegas"]``); default all.

        Raises:
            ValueError: an unknown AOI (and whatever :class:`SpaceNet` raises).
        """
        check_choices("spacenet2", "AOI", aois, AOIS)
        self.aois = tuple(aois or AOIS)
        super().__init__(root, split, bands, transforms, download, checksum, image)

    def _needed(self) -> list[Resource]:
        """Only the tarballs of the chosen AOIs."""
        return [r for r in super()._needed() if any(a in r.filename for a in self.aois)]

    def _find(self, folder: Path) -> list[tuple[Path, Path | None]]:
        suffix = "_train" if self.split == "train" else "_test_public"
        found = []
        for path in find_below(folder, f"{self.image}_AOI_*_img*.tif"):
            aoi_dir = path.parent.parent
            match = _KEY.search(path.name)
            if (path.parent.name != self.image or not match
                    or not aoi_dir.name.lower().endswith(suffix)
                    or not any(aoi_dir.name.startswith(a) for a in self.aois)):
                continue
            stem = path.name[len(self.image) + 1 : -len(".tif")]
            label = aoi_dir / "geojson" / "buildings" / f"buildings_{stem}.geojson"
            found.append(((aoi_dir.name, int(match.group(1))), path,
                          label if label.is_file() else None))
        return [(path, label) for _, path, label in sorted(found)]

"""SpaceNet 6: multi-sensor all-weather mapping — building footprints over Rotterdam.

``SN6_buildings_AOI_11_Rotterdam_train.tar.gz`` unpacks to ``train/AOI_11_Rotterdam/`` with one
folder per product, ``SAR-Intensity/`` (aerial X-band SAR, 4 polarisations HH, HV, VH, VV,
float32), ``PS-RGB/``, ``PS-RGBNIR/``, ``RGBNIR/`` and ``PAN/`` (WorldView-2), of tiles named
``SN6_Train_AOI_11_Rotterdam_<product>_<start>_<end>_tile_<N>.tif`` (``<start>_<end>``: the SAR
strip's acquisition times), and ``geojson_buildings/SN6_Train_AOI_11_Rotterdam_Buildings_
<start>_<end>_tile_<N>.geojson``. Every product of a tile covers the same ground, so the label
pairs with any of them on (strip, tile). ``SN6_buildings_AOI_11_Rotterdam_test_public.tar.gz``
has ``test_public/AOI_11_Rotterdam/SAR-Intensity/SN6_Test_Public_AOI_11_Rotterdam_SAR-
Intensity_<start>_<end>_tile_<N>.tif`` only (the challenge scored SAR alone), without labels.
``SummaryData/SAR_orientations.txt`` (strip imaged from north or south) is not read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_spacenet import SPACENET6_PRODUCTS
from geoplug.datasets._spacenet import S3, SpaceNet, tarball_resources

__all__ = ["SpaceNet6"]

#: SAR strip (start and end time) and tile number of a file name
_KEY = re.compile(r"_(\d{14}_\d{14})_tile_(\d+)\.(?:tif|geojson)$")
_AOI = "AOI_11_Rotterdam"


class SpaceNet6(SpaceNet, spec=spec("spacenet6")):
    """SpaceNet 6: ``image`` one of SAR-Intensity (default), PS-RGB, PS-RGBNIR, RGBNIR, PAN.

    The test split has SAR-Intensity only, and no ``mask``.
    """

    dataset_id = "SN6_buildings"
    products: ClassVar[dict[str, tuple[str, ...]]] = SPACENET6_PRODUCTS
    #: split -> prefix of its file names (and its top folder, ``train`` / ``test_public``)
    prefixes: ClassVar[dict[str, str]] = {"train": "SN6_Train", "test": "SN6_Test_Public"}
    resources: ClassVar[tuple[Resource, ...]] = tarball_resources(
        f"{S3}/SN6_buildings/tarballs",
        {"train": [(f"SN6_buildings_{_AOI}_train.tar.gz", "10ca26d2287716e3b6ef0cf0ad9f946e")],
         "test": [(f"SN6_buildings_{_AOI}_test_public.tar.gz",
                   "a07823a5e536feeb8bb6b6f0cb43cf05")]},
    )

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Refuse an optical product on the test split before looking for files.

        Raises:
            ValueError: ``split="test"`` with another product than SAR-Intensity (the public
                test tarball has no other), and whatever :meth:`SpaceNet._prepare` raises.
        """
        if self.split == "test" and self.image != "SAR-Intensity":
            raise ValueError(f"spacenet6: the test split has SAR-Intensity tiles only, not "
                             f"{self.image!r}")
        super()._prepare(download, checksum)

    def _find(self, folder: Path) -> list[tuple[Path, Path | None]]:
        prefix = f"{self.prefixes[self.split]}_{_AOI}"
        labels = {}
        for path in find_below(folder, f"{prefix}_Buildings_*_tile_*.geojson"):
            match = _KEY.search(path.name)
            if match:
                labels[match.group(1), int(match.group(2))] = path
        found = []
        for path in find_below(folder, f"{prefix}_{self.image}_*_tile_*.tif"):
            match = _KEY.search(path.name)
            if match:
                key = (match.group(1), int(match.group(2)))
                found.append((key, path, labels.get(key)))
        return [(path, label) for _, path, label in sorted(found)]

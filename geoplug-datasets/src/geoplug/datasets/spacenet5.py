"""SpaceNet 5: road networks with travel speeds over Moscow and Mumbai (WorldView-3).

``SN5_roads_train_<AOI>.tar.gz`` (``AOI_7_Moscow``, ``AOI_8_Mumbai``) holds
``<AOI>/{PS-RGB,PS-MS,MS,PAN}/SN5_roads_train_<AOI>_<product>_chip<N>.tif`` (EPSG:4326 chips;
PS-RGB is 8-bit after Maxar's dynamic range adjustment, the others 16-bit) and
``<AOI>/geojson_roads_speed/SN5_roads_train_<AOI>_geojson_roads_speed_chip<N>.geojson``: road
centrelines whose ``inferred_speed_mph``/``inferred_speed_mps`` give the travel speed. The
public test tarballs ``SN5_roads_test_public_<AOI>.tar.gz`` (Moscow, Mumbai and San Juan,
which has no train data) hold ``<AOI>/<product>/SN5_roads_test_public_<AOI>_<product>_chip<N>
.tif`` without labels. The S3 bucket keeps the same trees under ``SN5_roads/train/`` and
``SN5_roads/test_public/``; chips are found at any depth below the root.

The mask is SpaceNet 3's: 1 where a pixel centre is within ``buffer`` metres of a centreline.
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
from geoplug.datasets._catalog.segmentation_spacenet import SPACENET3_BUFFER_M
from geoplug.datasets._catalog.segmentation_spacenet5 import (
    SPACENET5_LABELS,
    SPACENET5_TEST_AOIS,
    SPACENET5_TRAIN_AOIS,
)
from geoplug.datasets._spacenet import S3, SpaceNet, check_choices, tarball_resources
from geoplug.datasets.spacenet3 import SpaceNet3

__all__ = ["SpaceNet5"]

#: split -> file-name prefix of its chips (after ``SN5_roads_``)
_PREFIX = {"train": "train", "test": "test_public"}
_CHIP = re.compile(r"_chip(\d+)\.(?:tif|geojson)$")
#: published md5s (TorchGeo's SpaceNet5); the Moscow and Mumbai public test tarballs have none
_MD5 = {"SN5_roads_train_AOI_7_Moscow.tar.gz": "03082d01081a6d8df2bc5a9645148d2a",
        "SN5_roads_train_AOI_8_Mumbai.tar.gz": "1ee20ba781da6cb7696eef9a95a5bdcc",
        "SN5_roads_test_public_AOI_9_San_Juan.tar.gz": "fc45afef219dfd3a20f2d4fc597f6882"}
_AOIS = {"train": SPACENET5_TRAIN_AOIS, "test": SPACENET5_TEST_AOIS}


def _tarballs(split: str) -> list[tuple[str, str | None]]:
    names = [f"SN5_roads_{_PREFIX[split]}_{aoi}.tar.gz" for aoi in _AOIS[split]]
    return [(name, _MD5.get(name)) for name in names]


class SpaceNet5(SpaceNet3, spec=spec("spacenet5")):
    """SpaceNet 5 roads: ``image`` one of PS-RGB (default), PS-MS, MS, PAN; ``mask`` 1 = road.

    ``aois`` restricts to some cities (train: Moscow, Mumbai; test: also San Juan),
    ``buffer`` is the half-width of a road in metres. Test samples have no ``mask``.
    """

    dataset_id = "SN5_roads"
    resources: ClassVar[tuple[Resource, ...]] = tarball_resources(
        f"{S3}/SN5_roads/tarballs", {split: _tarballs(split) for split in _PREFIX})

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
        buffer: float = SPACENET3_BUFFER_M,
    ) -> None:
        """
        Raises:
            ValueError: an AOI the split does not have, a buffer that is not positive (and
                whatever :class:`SpaceNet` raises).
        """
        # SpaceNet3.__init__ checks SpaceNet 3's cities and label layers: check ours, set
        # what SpaceNet3's methods read, and go on to the shared SpaceNet path
        check_choices(self.name, "AOI", aois, _AOIS.get(split, SPACENET5_TEST_AOIS))
        if not buffer > 0:
            raise ValueError(f"{self.name}: buffer must be a positive width in metres, not "
                             f"{buffer!r}")
        self.aois = tuple(aois or _AOIS.get(split, ()))
        self.labels = SPACENET5_LABELS
        self.buffer = float(buffer)
        SpaceNet.__init__(self, root, split, bands, transforms, download, checksum, image)

    def _aoi(self, path: Path) -> str | None:
        """The chosen AOI a file name belongs to (``San_Juan`` holds an underscore)."""
        return next((a for a in self.aois if f"_{a}_" in path.name), None)

    def _find(self, folder: Path) -> list[tuple[Path, Path | None]]:
        prefix = f"SN5_roads_{_PREFIX[self.split]}_"
        labels: dict[tuple[str, int], Path] = {}
        if self.split == "train":
            for path in find_below(folder, f"{prefix}*_{self.labels}_chip*.geojson"):
                aoi, chip = self._aoi(path), _CHIP.search(path.name)
                if aoi and chip:
                    labels[aoi, int(chip.group(1))] = path
        found = []
        for path in find_below(folder, f"{prefix}*_{self.image}_chip*.tif"):
            aoi, chip = self._aoi(path), _CHIP.search(path.name)
            # the product folder must match too (the file name alone is the AOI and chip)
            if aoi is None or chip is None or path.parent.name != self.image:
                continue
            key = (aoi, int(chip.group(1)))
            label = labels.get(key)
            # a train chip without a label file is left out (as SpaceNet 3)
            if self.split == "test" or label is not None:
                found.append((key, path, label))
        return [(path, label) for _, path, label in sorted(found)]

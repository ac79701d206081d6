"""Inria Aerial Image Labeling: building footprints on 0.3 m orthophotos of ten places.

The publisher hands out (after a request form) ``aerialimagelabeling.7z.001``-``.005``; 7-Zip
turns them into ``NEW2-AerialImageDataset.zip``, which extracts to ``AerialImageDataset/``
with ``train/images/<city><n>.tif`` and ``train/gt/<city><n>.tif`` (Austin, Chicago, Kitsap,
West Tyrol, Vienna; n = 1..36) and ``test/images/<place><n>.tif`` (no ground truth). Tiles are
RGB GeoTIFFs of 5000x5000 px; masks hold 0 and 255 (building), read here as 0/1. The split
used throughout the literature keeps tiles 1-5 of every training city for validation.

``patch_size`` cuts every tile into windowed chips (``None``: whole tiles, as published).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._seg_modern import locate, prepare_manual, seg_sample
from geoplug.datasets._tiling import (
    Chip,
    check_chip_args,
    chip_footprints,
    chip_windows,
    raster_size,
    read_window,
)

__all__ = ["InriaAerialImageLabeling"]

#: where the publisher hands the archives out (a request form, no direct link)
REQUEST_PAGE = "https://project.inria.fr/aerialimagelabeling/download/"
#: tiles 1..VAL_TILES of every training city form the validation split
VAL_TILES = 5
#: the publisher's 7-Zip volumes (geoplug has no 7-Zip reader: 7-Zip itself joins them)
VOLUMES = tuple(f"aerialimagelabeling.7z.{n:03d}" for n in range(1, 6))
_TILE = re.compile(r"^(?P<city>.+?)(?P<number>\d+)\.tif$", re.IGNORECASE)


class InriaAerialImageLabeling(NonGeoDataset, spec=spec("inria")):
    """Inria tiles (or chips of them) of the train (tiles 6+), val (tiles 1-5) or test split.

    Samples: ``image`` float32 ``[3,H,W]`` (R, G, B), ``mask`` int64 ``[H,W]`` (1 = building;
    absent in the test split), ``crs`` and ``bounds`` of the window.

    Citation: Maggiori et al., "Can Semantic Labeling Methods Generalize to Any City? The Inria
    Aerial Image Labeling Benchmark", IGARSS 2017.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=REQUEST_PAGE, filename="NEW2-AerialImageDataset.zip",
                 md5="4b1acfe84ae9961edc1a6049f940380f"),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        patch_size: int | None = None,
        stride: int | None = None,
    ) -> None:
        """
        Args:
            patch_size: chip side in pixels (``None``: whole tiles).
            stride: step between chips (default ``patch_size``).

        Raises:
            ValueError: unknown split or band, or a non-positive ``patch_size``/``stride``.
            DatasetNotFoundError: the tiles are absent (the archive cannot be downloaded
                without the publisher's request form; the message says where to ask).
            InvalidDataError: a tile cannot be read, or the split holds no tile.
        """
        check_chip_args(self.name, patch_size, stride)
        self.patch_size = patch_size
        self.stride = stride
        super().__init__(root, split, bands, transforms, download, checksum)

    @property
    def folder(self) -> Path:
        """``AerialImageDataset/<train|test>`` under the root (or one folder below it)."""
        part = "test" if self.split == "test" else "train"
        return locate(self.root, "AerialImageDataset") / "AerialImageDataset" / part

    def _exists(self) -> bool:
        folder = self.folder
        return (folder / "images").is_dir() and (self.split == "test" or (folder / "gt").is_dir())

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the archive on disk; never "download" the request page.

        Raises:
            DatasetNotFoundError: neither the tiles nor NEW2-AerialImageDataset.zip are there
                (if the 7-Zip volumes are, the message says how to unpack them).
        """
        if not self._exists() and not (self.root / self.resources[0].filename).is_file():
            self._explain_volumes()
        prepare_manual(self, checksum, hint=(
            f"Inria hands the data out on request ({REQUEST_PAGE}): download "
            "aerialimagelabeling.7z.001-.005, run `7z x aerialimagelabeling.7z.001`, and put "
            "NEW2-AerialImageDataset.zip (or its extracted AerialImageDataset/ folder) in "
            f"{self.root}."))

    def _explain_volumes(self) -> None:
        """Say how to unpack the publisher's 7-Zip volumes when they are in the root.

        Raises:
            DatasetNotFoundError: some of ``aerialimagelabeling.7z.001``-``.005`` are there.
        """
        present = [v for v in VOLUMES if (self.root / v).is_file()]
        if not present:
            return
        missing = [v for v in VOLUMES if v not in present]
        if missing:
            todo = (f"the volume(s) {', '.join(missing)} are missing: download them from "
                    f"{REQUEST_PAGE} beside the others, then run `7z x {VOLUMES[0]}`")
        else:
            todo = f"run `cd {self.root} && 7z x {VOLUMES[0]}`"
        raise DatasetNotFoundError(self.name, self.root, hint=(
            f"Found the publisher's 7-Zip volumes ({', '.join(present)}), which geoplug cannot "
            f"unpack; {todo} (7-Zip joins the volumes; on Debian/Ubuntu `apt install "
            "p7zip-full`, on macOS `brew install p7zip`). That writes "
            f"{self.resources[0].filename} in {self.root}; run again and geoplug extracts it."))

    def _tiles(self) -> list[tuple[str, int, Path]]:
        found = []
        for path in (self.folder / "images").glob("*.tif"):
            match = _TILE.match(path.name)
            if match:
                found.append((match["city"], int(match["number"]), path))
        if self.split == "val":
            found = [t for t in found if t[1] <= VAL_TILES]
        elif self.split == "train":
            found = [t for t in found if t[1] > VAL_TILES]
        return sorted(found)

    def _load(self) -> None:
        self.tiles = [path for _, _, path in self._tiles()]
        self.chips: list[Chip] = []
        for i, path in enumerate(self.tiles):
            width, height = raster_size(path)
            self.chips.extend(Chip(i, w) for w in chip_windows(width, height, self.patch_size,
                                                               self.stride))

    def _empty_reason(self) -> str:
        which = {"train": f"numbered above {VAL_TILES}", "val": f"numbered 1-{VAL_TILES}",
                 "test": "at all"}[self.split]
        return (f"{self.folder / 'images'} holds no <city><n>.tif tile {which}; extract "
                "NEW2-AerialImageDataset.zip again")

    def __len__(self) -> int:
        return len(self.chips)

    def footprints(self) -> list[tuple[int, int, int, int, int]]:
        return chip_footprints(self.chips)

    def __getitem__(self, index: int) -> Sample:
        chip = self.chips[index]
        path = self.tiles[chip.tile]
        image, geo = read_window(path, chip.window, [i + 1 for i in self.band_indices])
        mask = None
        if self.split != "test":
            gt, _ = read_window(path.parent.parent / "gt" / path.name, chip.window, [1])
            mask = (gt[0] > 0).astype(np.int64)  # published as 0/255
        return self._apply(seg_sample(image, mask, **geo))

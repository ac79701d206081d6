"""LandCover.ai v1: aerial orthophotos of Poland with building, woodland, water and road masks.

The publisher ships ``landcover.ai.v1.zip`` holding ``images/*.tif`` (RGB GeoTIFF orthophotos,
25 or 50 cm, EPSG:2180), ``masks/*.tif`` (one band, 0 background, 1 building, 2 woodland,
3 water, 4 road), the cutting script ``split.py`` and the official chip lists ``train.txt``,
``val.txt`` and ``test.txt``. ``split.py`` cuts every orthophoto row by row into 512x512 tiles,
numbering every grid position ``k`` (partial edge tiles get a number but are not written), and
saves ``output/<name>_<k>.jpg`` and ``output/<name>_<k>_m.png``; the lists name those chips.

Instead of running the script (it needs OpenCV and re-encodes the images as JPEG), this loader
reads chip ``<name>_<k>`` as the matching 512x512 window of the lossless GeoTIFFs, so samples
also carry ``crs`` and ``bounds``. If only a pre-cut ``output/`` folder is present, its
JPEG/PNG chips are read instead (also for chips the orthophoto window cannot give, e.g. a
copy whose orthophotos are smaller than a chip). The files may sit in the root or in one
folder below it (an archive extracted into a folder of its own).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import ClassVar

import numpy as np
import torch
from rasterio.windows import Window

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._tiling import raster_size, read_window

__all__ = ["LandCoverAI"]

CHIP = 512  # TARGET_SIZE of the publisher's split.py


def target_size(split_script: Path) -> int:
    """The chip size the publisher's ``split.py`` cuts (its ``TARGET_SIZE``; 512 if absent)."""
    if split_script.is_file():
        found = re.search(r"^TARGET_SIZE\s*=\s*(\d+)", split_script.read_text(errors="replace"),
                          re.MULTILINE)
        if found:
            return int(found.group(1))
    return CHIP


class LandCoverAI(NonGeoDataset, spec=spec("landcoverai")):
    """LandCover.ai v1 chips (512x512) of the official train/val/test lists.

    Samples: ``image`` float32 ``[C,H,W]`` (R, G, B), ``mask`` int64 ``[H,W]`` with 0
    background, 1 building, 2 woodland, 3 water, 4 road; ``crs``/``bounds`` when read from the
    orthophotos.

    Citation: Boguszewski et al., "LandCover.ai: Dataset for Automatic Mapping of Buildings,
    Woodlands, Water and Roads from Aerial Imagery", CVPR Workshops 2021.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="https://landcover.ai.linuxpolska.com/download/landcover.ai.v1.zip",
                 filename="landcover.ai.v1.zip", md5="3268c89070e8734b4e91d531c0617e03"),
    )

    @property
    def base(self) -> Path:
        """The folder holding the lists: the root, or one folder below when the archive was
        extracted into a folder of its own (e.g. ``landcover.ai.v1/``)."""
        if not (self.root / f"{self.split}.txt").is_file() and self.root.is_dir():
            nested = sorted(p.parent for p in self.root.glob(f"*/{self.split}.txt"))
            if len(nested) == 1:
                return nested[0]
        return self.root

    def _list(self) -> Path:
        return self.base / f"{self.split}.txt"

    def _exists(self) -> bool:
        base = self.base
        return self._list().is_file() and (
            ((base / "images").is_dir() and (base / "masks").is_dir())
            or (base / "output").is_dir()
        )

    def _load(self) -> None:
        self.ids = [line.strip() for line in self._list().read_text().splitlines()
                    if line.strip()]
        base = self.base
        self.chip = target_size(base / "split.py")
        # chip id -> window of the orthophoto, or None to read the pre-cut output/ files
        self._windows: dict[str, tuple[str, Window] | None] = {}
        sizes: dict[str, tuple[int, int]] = {}
        for chip_id in self.ids:
            stem, _, k = chip_id.rpartition("_")
            if not k.isdigit():
                raise InvalidDataError(f"{self.name}: chip id {chip_id!r} in {self._list()} is "
                                       "not '<orthophoto>_<k>'")
            tif = base / "images" / f"{stem}.tif"
            if tif.is_file() and (base / "masks" / f"{stem}.tif").is_file():
                if stem not in sizes:
                    sizes[stem] = raster_size(tif)
                width, height = sizes[stem]
                row, col = divmod(int(k), math.ceil(width / self.chip))
                window = Window(col * self.chip, row * self.chip, self.chip, self.chip)
                if (row + 1) * self.chip <= height and (col + 1) * self.chip <= width:
                    self._windows[chip_id] = (stem, window)
                    continue
            if (base / "output" / f"{chip_id}.jpg").is_file():
                self._windows[chip_id] = None
                continue
            raise InvalidDataError(
                f"{self.name}: chip {chip_id} of {self._list()} is neither a full "
                f"{self.chip}x{self.chip} window of images/{stem}.tif nor a file in output/; "
                "extract landcover.ai.v1.zip again"
            )

    def _empty_reason(self) -> str:
        return (f"{self._list()} lists no chip id; restore it from landcover.ai.v1.zip (or run "
                "the publisher's split.py)")

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int) -> Sample:
        chip_id = self.ids[index]
        bands = [i + 1 for i in self.band_indices]
        where = self._windows[chip_id]
        base = self.base
        if where is not None:
            stem, window = where
            image, geo = read_window(base / "images" / f"{stem}.tif", window, bands)
            mask, _ = read_window(base / "masks" / f"{stem}.tif", window, [1])
        else:
            image, geo = read_window(base / "output" / f"{chip_id}.jpg", None, bands)
            mask, _ = read_window(base / "output" / f"{chip_id}_m.png", None, [1])
            geo = {}
        sample: Sample = {
            "image": torch.from_numpy(image.astype(np.float32)),
            "mask": torch.from_numpy(mask[0].astype(np.int64)),
            **geo,
        }
        return self._apply(sample)

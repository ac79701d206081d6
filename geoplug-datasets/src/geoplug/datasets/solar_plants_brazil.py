"""Solar Plants Brazil: Sentinel-2 chips of photovoltaic power plants with panel masks.

``solarplantsbrazil.zip`` unpacks into ``{train,val,test}/input/img(<n>).tif`` (4 bands:
red, green, blue, near infrared; float32; 256x256) and ``{train,val,test}/labels/
target(<n>).tif`` (one band; 1 is panel, and 0, the soil annotations some masks carry (2)
and nodata are background, as the authors' loader reads them). An image and its mask share the
number ``n`` (not a position in a listing: a missing file must not shift every later pair),
and samples follow ``n`` numerically, so ``img(10)`` comes after ``img(9)``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._chipio import geo_fields, read_raster
from geoplug.datasets._seg_modern import locate, seg_sample

__all__ = ["SolarPlantsBrazil"]

_URL = ("https://huggingface.co/datasets/FederCO23/solar-plants-brazil/resolve/"
        "1dc13a453ef6acabf08a1781c523fd1db3d9bcc5/solarplantsbrazil.zip")
_IMAGE = re.compile(r"img\((\d+)\)\.tif$")


class SolarPlantsBrazil(NonGeoDataset, spec=spec("solar_plants_brazil")):
    """Solar Plants Brazil chips: ``image`` float32 ``[C,H,W]`` (B04, B03, B02, B08),
    ``mask`` int64 ``[H,W]`` (1 = solar panel) and the chip's ``crs``/``bounds``."""

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url=_URL, filename="solarplantsbrazil.zip",
                 md5="dfa0d3efdef4143a33b0e7ba834eaafa"),
    )

    @property
    def split_dir(self) -> Path:
        """``<root>/<split>`` (or one folder below the root, where the zip was unpacked)."""
        return locate(self.root, f"{self.split}/input") / self.split

    def _exists(self) -> bool:
        return (self.split_dir / "input").is_dir()

    def _load(self) -> None:
        """Pair each ``input/img(n).tif`` with ``labels/target(n).tif``, by ``n``.

        Raises:
            InvalidDataError: an image has no mask of its number.
        """
        numbered = []
        for path in (self.split_dir / "input").iterdir():
            match = _IMAGE.fullmatch(path.name)
            if match:
                numbered.append((int(match.group(1)), path))
        self.files: list[tuple[Path, Path]] = []
        for n, image in sorted(numbered):
            label = self.split_dir / "labels" / f"target({n}).tif"
            if not label.is_file():
                raise InvalidDataError(f"{self.name}: {image} has no mask {label}; extract "
                                       "solarplantsbrazil.zip again")
            self.files.append((image, label))

    def _empty_reason(self) -> str:
        return f"no img(<n>).tif in {self.split_dir / 'input'}"

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        image_path, label_path = self.files[index]
        image, transform, crs = read_raster(image_path, self.band_indices)
        panels = read_raster(label_path, [0])[0][0] == 1  # > 1: soil, background
        return self._apply(seg_sample(image, panels.astype(np.int64),
                                      **geo_fields(transform, crs, image.shape[-2:])))

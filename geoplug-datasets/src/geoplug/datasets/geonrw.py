"""GeoNRW: 1 m orthophotos, lidar DEMs and land cover of North Rhine-Westphalia.

The archive ``nrw_dataset.tar.gz`` (published on IEEE DataPort, mirrored on Hugging Face) holds
one folder per city (``aachen/``, ``bochum/``, ...) with 1000x1000 px tiles named by their UTM
kilometre coordinates: ``<E>_<N>_rgb.jp2`` (RGB), ``<E>_<N>_dem.tif`` (elevation) and
``<E>_<N>_seg.tif`` (classes 0-10, 0 background). The publisher's split tests on Duesseldorf,
Herne and Neuss; every other city folder found is training data. The city folders may sit in
the root or in the one folder below it that the archive was extracted into.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.nongeo import NonGeoDataset, Sample
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.segmentation_modern import GEONRW_TEST_CITIES
from geoplug.datasets._seg_modern import read_mask, rgb_dem_stack, seg_sample

__all__ = ["GeoNRW"]


def _has_tiles(folder: Path) -> bool:
    return folder.is_dir() and any(folder.glob("*_rgb.jp2"))


class GeoNRW(NonGeoDataset, spec=spec("geonrw")):
    """GeoNRW tiles of the train or test cities.

    Samples: ``image`` float32 ``[C,H,W]`` (R, G, B, DEM in metres, as selected), ``mask``
    int64 ``[H,W]`` (classes 0-10), ``crs``/``bounds`` when the orthophoto is georeferenced.

    Citation: Baier et al., "Synthesizing Optical and SAR Imagery From Land Cover Maps and
    Auxiliary Raster Data", IEEE TGRS 2022.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        Resource(url="https://hf.co/datasets/torchgeo/geonrw/resolve/main/nrw_dataset.tar.gz",
                 filename="nrw_dataset.tar.gz", md5="d56ab50098d5452c33d08ff4e99ce281"),
    )

    @property
    def base(self) -> Path:
        """The folder holding the city folders: the root or the one folder below it."""
        if self.root.is_dir() and not any(_has_tiles(p) for p in self.root.iterdir()):
            nested = [p for p in sorted(self.root.iterdir())
                      if p.is_dir() and any(_has_tiles(c) for c in p.iterdir())]
            if len(nested) == 1:
                return nested[0]
        return self.root

    def _all_cities(self) -> list[Path]:
        base = self.base
        return [p for p in sorted(base.iterdir()) if _has_tiles(p)] if base.is_dir() else []

    def _exists(self) -> bool:
        return bool(self._all_cities())

    def _load(self) -> None:
        test = self.split == "test"
        self.cities = [p for p in self._all_cities()
                       if (p.name.lower() in GEONRW_TEST_CITIES) == test]
        self.files = [image for city in self.cities for image in sorted(city.glob("*_rgb.jp2"))]

    def _empty_reason(self) -> str:
        which = (f"the test cities ({', '.join(GEONRW_TEST_CITIES)})" if self.split == "test"
                 else f"a training city (any but {', '.join(GEONRW_TEST_CITIES)})")
        return f"{self.base} has no folder of {which} holding <E>_<N>_rgb.jp2 tiles"

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> Sample:
        image_path = self.files[index]
        stem = image_path.name.removesuffix("_rgb.jp2")
        image, geo = rgb_dem_stack(image_path, image_path.with_name(f"{stem}_dem.tif"),
                                   self.band_indices)
        mask = read_mask(image_path.with_name(f"{stem}_seg.tif"))
        return self._apply(seg_sample(image, mask, **geo))

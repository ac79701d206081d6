"""SSL4EO-L benchmark: Landsat patches over the US with CDL or NLCD land-cover masks.

Layout as released on Hugging Face (Stewart et al., ``torchgeo/ssl4eo-l-benchmark``): per
sensor product an image tarball ``ssl4eo_l_<sensor>_benchmark.tar.gz`` holding
``ssl4eo_l_<sensor>_benchmark/<location>/<scene>/all_bands.tif`` (uint8, 264 x 264 px at 30 m),
and per sensor family (``tm``, ``etm``, ``oli``) and mask product a tarball
``ssl4eo_l_<family>_<cdl|nlcd>.tar.gz`` holding
``ssl4eo_l_<family>_<product>/<location>/<scene>/<product>_<year>.tif`` on the same grid (the
year is the one matching the imagery: 2011 for TM, 2019 otherwise; it is read from the file
name). Masks hold the product's codes (CDL 0-254, NLCD 11-95); they are mapped to the class
index of the code, unknown codes to 0 (background). The publisher's split is a seeded random
70/15/15 partition of the sorted image paths (NumPy ``RandomState(0)``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np

from geoplug.core.archives import find_below
from geoplug.core.download import Resource
from geoplug.core.errors import InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic import CDL_CLASSES
from geoplug.datasets._catalog.generic_layers import NLCD_CLASSES
from geoplug.datasets._chipio import read_raster
from geoplug.datasets.ssl4eo_l import find_locations

__all__ = ["SSL4EOLBenchmark"]

_HF = ("https://hf.co/datasets/torchgeo/ssl4eo-l-benchmark/resolve/"
       "da96ae2b04cb509710b72fce9131c2a3d5c211c2")
#: sensor product -> md5 of its image tarball
IMAGE_MD5: dict[str, str] = {
    "tm_toa": "8e3c5bcd56d3780a442f1332013b8d15",
    "etm_toa": "1b051c7fe4d61c581b341370c9e76f1f",
    "etm_sr": "34a24fa89a801654f8d01e054662c8cd",
    "oli_tirs_toa": "6e9d7cf0392e1de2cbdb39962ba591aa",
    "oli_sr": "0700cd15cc2366fe68c2f8c02fa09a15",
}
#: (sensor family, mask product) -> md5 of its mask tarball
MASK_MD5: dict[tuple[str, str], str] = {
    ("tm", "cdl"): "3d676770ffb56c7e222a7192a652a846",
    ("tm", "nlcd"): "261149d7614fcfdcb3be368eefa825c7",
    ("etm", "cdl"): "008098c968544049eaf7b307e14241de",
    ("etm", "nlcd"): "9c031049d665202ba42ac1d89b687999",
    ("oli", "cdl"): "1cb057de6eafeca975deb35cb9fb036f",
    ("oli", "nlcd"): "9de0d6d4d0b94313b80450f650813922",
}
PRODUCTS: dict[str, dict[int, str]] = {"cdl": CDL_CLASSES, "nlcd": NLCD_CLASSES}
SPLIT_FRACTIONS = (0.7, 0.15, 0.15)


def _resource(name: str, md5: str) -> Resource:
    return Resource(url=f"{_HF}/{name}.tar.gz", filename=f"{name}.tar.gz", md5=md5)


class SSL4EOLBenchmark(NonGeoDataset, spec=spec("ssl4eo_l_benchmark")):
    """``image`` float32 [C,H,W] (the sensor's bands), ``mask`` int64 [H,W] class indices.

    ``sensor`` picks the imagery (default ``"oli_sr"``), ``product`` the mask (``"cdl"``, 134
    classes, or ``"nlcd"``, 17); ``classes`` follows the product.
    """

    resources: ClassVar[tuple[Resource, ...]] = (
        *(_resource(f"ssl4eo_l_{s}_benchmark", md5) for s, md5 in IMAGE_MD5.items()),
        *(_resource(f"ssl4eo_l_{f}_{p}", md5) for (f, p), md5 in MASK_MD5.items()),
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        sensor: str = "oli_sr",
        product: str = "cdl",
    ) -> None:
        """
        Args:
            sensor: one of tm_toa, etm_toa, etm_sr, oli_tirs_toa, oli_sr.
            product: the mask, "cdl" or "nlcd".

        Raises:
            ValueError: unknown sensor, product, split or band.
            DatasetNotFoundError: the folders and their tarballs are absent and ``download``
                is False.
            ChecksumError: ``checksum`` is True and a tarball does not match.
            InvalidDataError: an image has no mask, or the split is empty.
        """
        if sensor not in IMAGE_MD5:
            raise ValueError(f"ssl4eo_l_benchmark: sensor {sensor!r} is not one of "
                             f"{', '.join(IMAGE_MD5)}")
        if product not in PRODUCTS:
            raise ValueError(f"ssl4eo_l_benchmark: product {product!r} is not one of cdl, nlcd")
        self.sensor = sensor
        self.product = product
        chosen = spec("ssl4eo_l_benchmark").bands_for({"sensor": sensor})
        self.all_bands = chosen.bands  # type: ignore[misc]  # varies with the product
        self.rgb_bands = chosen.rgb_bands  # type: ignore[misc]  # varies with the product
        codes = PRODUCTS[product]
        self.classes = tuple(codes.values())  # type: ignore[misc]  # varies with the product
        self.lookup = np.zeros(256, dtype=np.int64)  # unknown codes -> 0 (background)
        for index, code in enumerate(codes):
            self.lookup[code] = index
        super().__init__(root, split, bands, transforms, download, checksum)

    @property
    def image_dir(self) -> Path:
        return find_locations(self.root / f"ssl4eo_l_{self.sensor}_benchmark")

    @property
    def mask_dir(self) -> Path:
        family = self.sensor.split("_")[0]
        return find_locations(self.root / f"ssl4eo_l_{family}_{self.product}")

    def _needed(self) -> list[Resource]:
        family = self.sensor.split("_")[0]
        names = {f"ssl4eo_l_{self.sensor}_benchmark.tar.gz",
                 f"ssl4eo_l_{family}_{self.product}.tar.gz"}
        return [r for r in self.resources if r.filename in names]

    def _exists(self) -> bool:
        return self.image_dir.is_dir() and self.mask_dir.is_dir()

    def _load(self) -> None:
        images = sorted(find_below(self.image_dir, "all_bands.tif"),
                        key=lambda p: p.relative_to(self.image_dir).as_posix())
        sizes = (np.array(SPLIT_FRACTIONS) * len(images)).astype(int)
        order = np.arange(len(images))
        np.random.RandomState(0).shuffle(order)
        groups = np.split(order, np.cumsum(sizes)[:-1])
        chosen = groups[self.splits.index(self.split)]
        self.samples: list[tuple[Path, Path]] = []
        for i in chosen:
            image = images[i]
            folder = self.mask_dir / image.parent.relative_to(self.image_dir)
            masks = sorted(folder.glob(f"{self.product}_*.tif"))
            if not masks:
                raise InvalidDataError(
                    f"ssl4eo_l_benchmark: {image} has no {self.product}_<year>.tif in {folder}; "
                    f"extract ssl4eo_l_<family>_{self.product}.tar.gz again")
            self.samples.append((image, masks[0]))

    def __len__(self) -> int:
        return len(self.samples)

    def __getitem__(self, index: int) -> Sample:
        import torch

        image_path, mask_path = self.samples[index]
        image = read_raster(image_path, self.band_indices)[0].astype(np.float32)
        codes = read_raster(mask_path, [0])[0][0]
        mask = self.lookup[np.clip(codes.astype(np.int64), 0, 255)]
        return self._apply({"image": torch.from_numpy(image), "mask": torch.from_numpy(mask)})

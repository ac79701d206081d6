"""SSL4EO-L: unlabeled Landsat patches of 250,000 locations at four seasons, five products.

Layout as released on Hugging Face (Stewart et al., ``torchgeo/ssl4eo_l``): per product
(``tm_toa``, ``etm_toa``, ``etm_sr``, ``oli_tirs_toa``, ``oli_sr``) one tarball split in parts,
``<product>/ssl4eo_l_<product>.tar.gzaa``, ``…gzab``, … (read in ``root/<product>/`` or in
``root``), that joined extract to
``ssl4eo_l_<product>/<location>/<scene>/all_bands.tif``: seven-digit location folders, four
scene folders per location named ``<sensor>_<path><row>_<YYYYMMDD>`` (``LC08_172034_20210306``),
one uint8 multi-band GeoTIFF of 264 x 264 px at 30 m per scene (bands in the GEE product's
order). A tree with an extra ``imgs/`` level (the downloader's own output) is read as well.
A read-only ``root`` has its tarball joined and extracted into the cache folder instead.
There is no official split: ``"train"`` is every location.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from geoplug.core.archives import extract_archive
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._chipio import read_raster
from geoplug.datasets._corpus import acquisitions, choose, join_parts, stack_plot
from geoplug.datasets._geodownload import cache_folder, writable

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["SSL4EOL"]

_HF = "https://hf.co/datasets/torchgeo/ssl4eo_l/resolve/main"
#: product -> md5 of each part of its tarball, in joining order (as published)
PARTS: dict[str, dict[str, str]] = {
    "tm_toa": {"aa": "553795b8d73aa253445b1e67c5b81f11", "ab": "e9e0739b5171b37d16086cb89ab370e8",
               "ac": "6cb27189f6abe500c67343bfcab2432c", "ad": "15a885d4f544d0c1849523f689e27402",
               "ae": "35523336bf9f8132f38ff86413dcd6dc", "af": "fa1108436034e6222d153586861f663b",
               "ag": "d5c91301c115c00acaf01ceb3b78c0fe"},
    "etm_toa": {"aa": "587c3efc7d0a0c493dfb36139d91ccdf", "ab": "ec34f33face893d2d8fd152496e1df05",
                "ac": "947acc2c6bc3c1d1415ac92bab695380", "ad": "e31273dec921e187f5c0dc73af5b6102",
                "ae": "43390a47d138593095e9a6775ae7dc75", "af": "082881464ca6dcbaa585f72de1ac14fd",
                "ag": "de2511aaebd640bd5e5404c40d7494cb", "ah": "124c5fbcda6871f27524ae59480dabc5",
                "ai": "12b5f94824b7f102df30a63b1139fc57"},
    "etm_sr": {"aa": "baa36a9b8e42e234bb44ab4046f8f2ac", "ab": "9fb0f948c76154caabe086d2d0008fdf",
               "ac": "99a55367178373805d357a096d68e418", "ad": "59d53a643b9e28911246d4609744ef25",
               "ae": "7abfcfc57528cb9c619c66ee307a2cc9", "af": "bb23cf26cc9fe156e7a68589ec69f43e",
               "ag": "97347e5a81d24c93cf33d99bb46a5b91"},
    "oli_tirs_toa": {"aa": "4711369b861c856ebfadbc861e928d3a",
                     "ab": "660a96cda1caf54df837c4b3c6c703f6",
                     "ac": "c9b6a1117916ba318ac3e310447c60dc",
                     "ad": "b8502e9e92d4a7765a287d21d7c9146c",
                     "ae": "5c11c14cfe45f78de4f6d6faf03f3146",
                     "af": "5b0ed3901be1000137ddd3a6d58d5109",
                     "ag": "a3b6734f8fe6763dcf311c9464a05d5b",
                     "ah": "5e55f92e3238a8ab3e471be041f8111b",
                     "ai": "e20617f73d0232a0c0472ce336d4c92f"},
    "oli_sr": {"aa": "ca338511c9da4dcbfddda28b38ca9e0a", "ab": "7f4100aa9791156958dccf1bb2a88ae0",
               "ac": "6b0f18be2b63ba9da194cc7886dbbc01", "ad": "57efbcc894d8da8c4975c29437d8b775",
               "ae": "2594a0a856897f3f5a902c830186872d", "af": "a03839311a2b3dc17dfb9fb9bc4f9751",
               "ag": "6a329d8fd9fdd591e400ab20f9d11dea"},
}
SEASONS = 4


def find_locations(folder: Path) -> Path:
    """The folder holding the location folders: ``folder`` or its ``imgs/`` level."""
    return folder / "imgs" if (folder / "imgs").is_dir() else folder


class SSL4EOL(NonGeoDataset, spec=spec("ssl4eo_l")):
    """``image`` float32 [T,C,H,W]: ``seasons`` scenes of one location, oldest first.

    ``product`` picks the Landsat product (default ``"oli_sr"``); its bands and true-colour
    bands follow. ``random_seasons=True`` draws the scenes at random on every access (kept in
    time order). Locations with fewer than ``seasons`` scenes are left out.
    """

    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=f"{_HF}/{product}/ssl4eo_l_{product}.tar.gz{suffix}",
                 filename=f"ssl4eo_l_{product}.tar.gz{suffix}", md5=md5, extract=False)
        for product, parts in PARTS.items() for suffix, md5 in parts.items()
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        product: str = "oli_sr",
        seasons: int = SEASONS,
        random_seasons: bool = False,
    ) -> None:
        """
        Args:
            product: one of tm_toa, etm_toa, etm_sr, oli_tirs_toa, oli_sr.
            seasons: scenes per sample, 1..4.
            random_seasons: draw them at random per access instead of the first ones.

        Raises:
            ValueError: unknown product, seasons out of 1..4, unknown split or band.
            DatasetNotFoundError: neither the folder, the joined tarball nor all its parts
                are there and ``download`` is False.
            ChecksumError: ``checksum`` is True and a part does not match.
            InvalidDataError: the tarball holds no ``ssl4eo_l_<product>/`` folder, or no
                location has ``seasons`` scenes.
        """
        if product not in PARTS:
            raise ValueError(f"ssl4eo_l: product {product!r} is not one of {', '.join(PARTS)}")
        if not 1 <= seasons <= SEASONS:
            raise ValueError(f"ssl4eo_l: seasons must be in 1..{SEASONS}, got {seasons}")
        self.product = product
        self.seasons = seasons
        self.random_seasons = random_seasons
        chosen = spec("ssl4eo_l").bands_for({"product": product})
        self.all_bands = chosen.bands  # type: ignore[misc]  # varies with the product
        self.rgb_bands = chosen.rgb_bands  # type: ignore[misc]  # varies with the product
        #: where the tarball was extracted when ``root`` is read-only (a cache folder)
        self._base: Path | None = None
        super().__init__(root, split, bands, transforms, download, checksum)

    @property
    def folder(self) -> Path:
        return find_locations((self._base or self.root) / f"ssl4eo_l_{self.product}")

    def _exists(self) -> bool:
        return self.folder.is_dir()

    def _needed(self) -> list[Resource]:
        prefix = f"ssl4eo_l_{self.product}.tar.gz"
        return sorted((r for r in self.resources if r.filename.startswith(prefix)),
                      key=lambda r: r.filename)

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Extract the product's tarball, joining (and if asked downloading) its parts first.

        Raises:
            DatasetNotFoundError: nothing is there and ``download`` is False.
            ChecksumError: a part does not match its published checksum.
            InvalidDataError: the joined tarball is truncated (a part is missing) or does not
                hold the product's folder.
        """
        if self._exists():
            return
        name = f"ssl4eo_l_{self.product}.tar.gz"
        # the tarball or its parts lie in root, or in root/<product>/ as on Hugging Face
        where = next((d for d in (self.root, self.root / self.product)
                      if (d / name).is_file() or any(d.glob(f"{name}[a-z][a-z]"))), self.root)
        whole = where / name
        target = self.root
        if not download and not (writable(where) and writable(self.root)):
            # a read-only copy: join and extract into the cache, once
            source = whole if whole.is_file() else min(where.glob(f"{name}[a-z][a-z]"),
                                                       default=None)
            if source is None:
                raise DatasetNotFoundError(self.name, self.root)
            target = self._base = cache_folder(source)
            target.mkdir(parents=True, exist_ok=True)
            if self._exists():
                return
            whole = whole if whole.is_file() else target / name
        if not whole.is_file():
            # the parts on disk when not downloading (a copy may be split differently)
            on_disk = sorted(where.glob(f"{whole.name}[a-z][a-z]"))
            if download:
                on_disk = fetch(self._needed(), where, checksum)
            elif not on_disk:
                raise DatasetNotFoundError(self.name, self.root)
            elif checksum:
                fetch([r for r in self._needed() if (where / r.filename).is_file()],
                      where, checksum)
            join_parts(on_disk, whole)
        extract_archive(whole, target)
        if not self._exists():
            raise InvalidDataError(f"ssl4eo_l: {whole} holds no ssl4eo_l_{self.product}/ "
                                   "folder; delete it and its parts and download again")

    def _load(self) -> None:
        self.locations: list[list[Path]] = []
        for location in sorted(p for p in self.folder.iterdir() if p.is_dir()):
            scenes = acquisitions(location)
            if len(scenes) >= self.seasons:
                self.locations.append(scenes)

    def _empty_reason(self) -> str:
        return (f"no location folder in {self.folder} holds {self.seasons} scene folders; "
                "extract the tarball again")

    def __len__(self) -> int:
        return len(self.locations)

    def __getitem__(self, index: int) -> Sample:
        import torch

        scenes = choose(self.locations[index], self.seasons, self.random_seasons)
        stack = np.stack([read_raster(s / "all_bands.tif", self.band_indices)[0] for s in scenes])
        return self._apply({"image": torch.from_numpy(stack.astype(np.float32))})

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """One true-colour panel per season."""
        image = sample["image"].detach().cpu().numpy()
        titles = [f"{self.product}, season {t + 1}" for t in range(image.shape[0])]
        return stack_plot(image, self.rgb_indices, titles, suptitle, show_titles)  # type: ignore[return-value]

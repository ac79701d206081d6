"""SSL4EO-S12: unlabeled Sentinel-1/2 patches of 251,079 locations at four seasons.

Layout as released on mediaTUM (Wang et al., https://mediatum.ub.tum.de/1660427): three
archives, ``s1.tar.gz`` (Sentinel-1 GRD), ``s2_l1c.tar.gz`` and ``s2_l2a.tar.gz``, which
extract to ``s1/``, ``s2c/`` and ``s2a/``. Each holds ``<location>/<acquisition>/<band>.tif``:
seven-digit location folders (with gaps, the publisher's void IDs), four acquisition folders
per location named by the product (``S1B_IW_GRDH_1SDV_20200627T001449_..._2A09`` for
Sentinel-1, ``20200621T162901_20200621T164746_T15QXA`` for Sentinel-2), one GeoTIFF per band
(``VV.tif``/``VH.tif`` float32 dB; ``B1.tif`` … ``B12.tif`` uint16, each at its native GSD:
264 px at 10 m, 132 px at 20 m, 44 px at 60 m). Coarser bands are resampled bilinearly on
read to the 10 m grid. There is no official split: ``"train"`` is every location. Archives
split into ``<archive>.partaa``, ``.partab``, ... are joined first, and the newer name
``s1_grd.tar.gz`` (also split) is taken for ``s1.tar.gz``. A read-only ``root`` has its
archive joined and extracted into the cache folder instead.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from geoplug.core.download import Resource, extract_archive
from geoplug.core.nongeo import NonGeoDataset, Sample, Transforms
from geoplug.datasets._catalog import spec
from geoplug.datasets._corpus import (
    acquisitions,
    choose,
    join_parts,
    read_band_files,
    stack_plot,
)
from geoplug.datasets._geodownload import cache_folder, writable

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["SSL4EOS12"]

# public anonymous access the publisher documents (user and password are both the id)
_FTP = "ftp://m1660427.001:m1660427.001@dataserv.ub.tum.de/ssl4eo-s12"
#: product -> (archive, md5 published with the release)
ARCHIVES: dict[str, tuple[str, str]] = {
    "s1": ("s1.tar.gz", "51ee23b33eb0a2f920bda25225072f3a"),
    "s2c": ("s2_l1c.tar.gz", "b4f8b03c365e4a85780ded600b7497ab"),
    "s2a": ("s2_l2a.tar.gz", "85496cd9d6742aee03b6a1c99cee0ac1"),
}
#: product -> other archive names it is published under (no checksum known for them)
ALIASES: dict[str, tuple[str, ...]] = {"s1": ("s1_grd.tar.gz",)}
_REFERENCE = {"s1": "VV", "s2c": "B2", "s2a": "B2"}  # the band whose grid the others take
SEASONS = 4


class SSL4EOS12(NonGeoDataset, spec=spec("ssl4eo_s12")):
    """``image`` float32 [T,C,H,W]: ``seasons`` acquisitions of one location, oldest first.

    ``product`` picks the folder: ``"s2c"`` (Sentinel-2 L1C, 13 bands; default), ``"s2a"``
    (L2A, 12 bands, no B10) or ``"s1"`` (GRD, VV and VH). ``random_seasons=True`` draws the
    ``seasons`` acquisitions at random on every access (e.g. ``seasons=1`` for one random
    season per location, as in seasonal-contrast pretraining); they stay in time order.
    Locations with fewer than ``seasons`` acquisitions are left out.
    """

    resources: ClassVar[tuple[Resource, ...]] = tuple(
        Resource(url=f"{_FTP}/{name}", filename=name, md5=md5) for name, md5 in ARCHIVES.values()
    )

    def __init__(
        self,
        root: str | os.PathLike[str] = "data",
        split: str = "train",
        bands: Sequence[str] | None = None,
        transforms: Transforms | None = None,
        download: bool = False,
        checksum: bool = False,
        product: str = "s2c",
        seasons: int = SEASONS,
        random_seasons: bool = False,
    ) -> None:
        """
        Args:
            product: "s2c", "s2a" or "s1".
            seasons: acquisitions per sample, 1..4.
            random_seasons: draw them at random per access instead of the first ones.

        Raises:
            ValueError: unknown product, seasons out of 1..4, unknown split or band.
            DatasetNotFoundError: the product folder and its archive are absent and
                ``download`` is False.
            ChecksumError: ``checksum`` is True and the archive does not match.
            InvalidDataError: no location has ``seasons`` acquisitions.
        """
        if product not in ARCHIVES:
            raise ValueError(f"ssl4eo_s12: product {product!r} is not one of "
                             f"{', '.join(ARCHIVES)}")
        if not 1 <= seasons <= SEASONS:
            raise ValueError(f"ssl4eo_s12: seasons must be in 1..{SEASONS}, got {seasons}")
        self.product = product
        self.seasons = seasons
        self.random_seasons = random_seasons
        chosen = spec("ssl4eo_s12").bands_for({"product": product})
        self.all_bands = chosen.bands  # type: ignore[misc]  # varies with the product
        #: where the archive was extracted when ``root`` is read-only (a cache folder)
        self._base: Path | None = None
        super().__init__(root, split, bands, transforms, download, checksum)

    def _needed(self) -> list[Resource]:
        return [r for r in self.resources if r.filename == ARCHIVES[self.product][0]]

    def _prepare(self, download: bool, checksum: bool) -> None:
        """Join a split archive (``<name>.partaa`` ...) and extract an alias archive
        (``s1_grd.tar.gz``) before the usual find-or-fetch.

        Raises:
            DatasetNotFoundError, ChecksumError, InvalidDataError: see
                :meth:`NonGeoDataset._prepare`.
        """
        if not self._exists() and self.root.is_dir():
            name = ARCHIVES[self.product][0]
            read_only = not download and not writable(self.root)
            for candidate in (name, *ALIASES.get(self.product, ())):
                whole = self.root / candidate
                parts = sorted(self.root.glob(f"{candidate}.part[a-z][a-z]"))
                if not whole.is_file() and not parts:
                    continue
                if read_only:  # join and extract into the cache, once
                    self._base = cache_folder(whole if whole.is_file() else parts[0])
                    if not self._exists():
                        if not whole.is_file():
                            self._base.mkdir(parents=True, exist_ok=True)
                            whole = self._base / candidate
                            join_parts(parts, whole)
                        extract_archive(whole, self._base)
                    return
                if not whole.is_file():
                    join_parts(parts, whole)
                if candidate != name and not (self.root / name).is_file():
                    extract_archive(whole, self.root)
                    break
        super()._prepare(download, checksum)

    @property
    def folder(self) -> Path:
        """The extracted product folder (also found under a ``ssl4eo-s12/`` mirror folder)."""
        base = self._base or self.root
        nested = base / "ssl4eo-s12" / self.product
        return nested if nested.is_dir() else base / self.product

    def _exists(self) -> bool:
        return self.folder.is_dir()

    def _load(self) -> None:
        self.locations: list[list[Path]] = []
        for location in sorted(p for p in self.folder.iterdir() if p.is_dir()):
            dates = acquisitions(location)
            if len(dates) >= self.seasons:
                self.locations.append(dates)

    def _empty_reason(self) -> str:
        return (f"no location folder in {self.folder} holds {self.seasons} acquisition "
                "folders; extract the archive again")

    def __len__(self) -> int:
        return len(self.locations)

    def __getitem__(self, index: int) -> Sample:
        import torch

        dates = choose(self.locations[index], self.seasons, self.random_seasons)
        stack = np.stack([read_band_files(d, self.bands, _REFERENCE[self.product])
                          for d in dates])
        return self._apply({"image": torch.from_numpy(stack.astype(np.float32))})

    def plot(self, sample: Sample, show_titles: bool = True, suptitle: str | None = None
             ) -> Figure:
        """One panel per season: true colour for Sentinel-2, VV for Sentinel-1."""
        image = sample["image"].detach().cpu().numpy()
        titles = [f"season {t + 1}" for t in range(image.shape[0])]
        return stack_plot(image, self.rgb_indices, titles, suptitle, show_titles)  # type: ignore[return-value]

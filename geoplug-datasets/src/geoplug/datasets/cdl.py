"""CDL: the USDA NASS Cropland Data Layer, an annual crop-type map of the conterminous US.

NASS distributes one national raster per year, ``<year>_30m_cdls.zip`` holding
``<year>_30m_cdls.tif`` (older releases: ``.img``; at the top or in a ``<year>_30m_cdls/``
folder; zips found unextracted under ``paths`` are extracted in place): uint8 class codes,
CONUS Albers Equal Area (EPSG:5070), 30 m, 0 = background / no data, with the official
colour table embedded. The codes are sparse (1 corn, 5 soybeans, 111 open water, ... up to
254); ``ordinal=True`` maps them to contiguous indices ``0..len(classes)-1`` for training,
and ``classes=`` keeps only some of them (the rest become 0, background).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.raster import RasterDataset, find_files
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic import CDL_CLASSES
from geoplug.datasets._geodownload import download_folder, extract_found

__all__ = ["CDL", "CDL_CLASSES"]

_URL = "https://www.nass.usda.gov/Research_and_Science/Cropland/Release/datasets/{}_30m_cdls.zip"
#: MD5 of the national zips as published (years whose archive has been checked).
_MD5: dict[int, str] = {
    2020: "97b3b5fd62177c9ed857010bca146f36", 2019: "49d8052168c15c18f8b81ee21397b0bb",
    2018: "c7a3061585131ef049bec8d06c6d521e", 2017: "dc8c1d7b255c9258d332dd8b23546c93",
    2016: "bb4df1b2ee6cedcc12a7e5a4527fcf1b", 2015: "d17b4bb6ee7940af2c45d6854dafec09",
    2014: "6e0fcc800bd9f090f543104db93bead8", 2013: "38df780d8b504659d837b4c53a51b3f7",
    2012: "2f3b46e6e4d91c3b7e2a049ba1531abc", 2011: "dac7fe435c3c5a65f05846c715315460",
    2010: "18c9a00f5981d5d07ace69e3e33ea105",
}


def _extracted(archive: Path) -> bool:
    """Whether the raster of a national zip (``<year>_30m_cdls.tif``/``.img``) is there."""
    return any(p.suffix.lower() in (".tif", ".img")
               for p in find_below(archive.parent, archive.stem + ".*"))


class CDL(RasterDataset, spec=spec("cdl")):
    """Cropland Data Layer masks (``mask`` int64 ``[H, W]``), one raster per year.

    Args:
        paths: the folder holding ``<year>_30m_cdls.tif`` (searched recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default
            EPSG:5070, 30 m). Masks are always resampled with ``nearest``.
        bands: unused (a CDL raster has one band); must be ``None``.
        years: with ``download``, the years to fetch (default: the latest with a checksum).
        classes: raw codes to keep (others become 0); default every code of
            :data:`CDL_CLASSES`.
        ordinal: map kept codes to contiguous indices in the order of ``classes``.
        download: fetch the national zips of ``years`` into ``paths`` when missing.
        checksum: verify an already downloaded zip's MD5.
        **kwargs: ``merge``, ``keep_dtype``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no CDL raster under ``paths`` (and ``download`` is false).
        ValueError: ``classes`` holds a code that is not a CDL class, or lacks 0.
    """

    filename_glob: ClassVar[str] = "*_30m_cdls.*"
    filename_regex: ClassVar[str] = r"^(?P<date>\d{4})_30m_cdls\.(?:tif|TIF|img|IMG)$"
    date_format: ClassVar[str] = "%Y"
    is_image: ClassVar[bool] = False
    resampling: ClassVar[str | None] = "nearest"

    def __init__(
        self,
        paths: Any = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        bands: Sequence[str] | None = None,
        transforms: Any = None,
        *,
        years: Sequence[int] = (2020,),
        classes: Sequence[int] | None = None,
        ordinal: bool = False,
        download: bool = False,
        checksum: bool = False,
        **kwargs: Any,
    ) -> None:
        kept = list(CDL_CLASSES) if classes is None else list(classes)
        unknown = [c for c in kept if c not in CDL_CLASSES]
        if unknown:
            raise ValueError(f"{unknown} are not CDL class codes; see geoplug.datasets.cdl."
                             "CDL_CLASSES")
        if 0 not in kept:
            raise ValueError("classes must include 0 (background), where unkept codes go")
        kept.remove(0)
        #: the kept raw codes, in the order of the (ordinal) mask values
        self.codes = [0, *kept]
        self.ordinal = ordinal
        lut = np.zeros(256, dtype=np.uint8)  # every code and index fits in a byte
        for index, code in enumerate(self.codes):
            lut[code] = index if ordinal else code
        self._lookup = lut  # samples map raw codes through it (RasterDataset applies it)
        if download:
            folder = download_folder(paths, type(self).__name__)
            have = {p.rsplit(os.sep, 1)[-1][:4] for p in find_files(folder, self.filename_glob)}
            todo = [y for y in years if str(y) not in have]
            fetch([Resource(_URL.format(y), f"{y}_30m_cdls.zip", md5=_MD5.get(y))
                   for y in todo], folder, checksum)
        # national zips downloaded by hand: extract those whose raster is not there yet
        extract_found(paths, r"^\d{4}_30m_cdls\.zip$", _extracted)
        try:
            super().__init__(paths, crs, res, bands, transforms, **kwargs)
        except DatasetNotFoundError as err:
            raise DatasetNotFoundError(
                type(self).__name__, err.root,
                hint="Expected <year>_30m_cdls.tif from the NASS national zips. Pass "
                     "download=True (and years=[...]) or run `geoplug datasets download cdl "
                     "--root DIR`.") from None

    @property
    def class_names(self) -> list[str]:
        """Names of the classes in the order of the (ordinal) mask values."""
        return [CDL_CLASSES[c] for c in self.codes]

    def colormap(self) -> dict[int, tuple[int, int, int, int]]:
        """The official colour table embedded in the first raster (raw code -> RGBA)."""
        from geoplug.core import handles

        with handles.open_raster(self.files[0]) as src:
            try:
                return dict(src.colormap(1))
            except ValueError:  # no colour table in this copy
                return {}

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The mask in the official CDL colours, with a legend of the classes present."""
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch

        mask = np.asarray(sample["mask"])
        codes = np.asarray(self.codes)[mask] if self.ordinal else mask
        table = self.colormap()
        rgba = np.zeros((*codes.shape, 4), dtype=np.uint8)
        for code in np.unique(codes):
            rgba[codes == code] = table.get(int(code), (0, 0, 0, 255))
        fig, ax = plt.subplots(figsize=(5, 5))
        ax.imshow(rgba, interpolation="nearest")
        ax.set_axis_off()
        present = [int(c) for c in np.unique(codes) if int(c) in CDL_CLASSES]
        handles_ = []
        for c in present:
            r, g, b, a = table.get(c, (0, 0, 0, 255))
            handles_.append(Patch(color=(r / 255, g / 255, b / 255, a / 255),
                                  label=CDL_CLASSES[c]))
        if show_titles:
            ax.set_title("CDL")
            ax.legend(handles=handles_, loc="upper left", bbox_to_anchor=(1, 1), fontsize=7)
        if suptitle:
            fig.suptitle(suptitle)
        return fig

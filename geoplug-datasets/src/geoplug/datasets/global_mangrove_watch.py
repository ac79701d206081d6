"""Global Mangrove Watch v3.0: annual mangrove extent, 1996-2020, from L-band SAR.

The Zenodo record (10.5281/zenodo.6894273) ships one ``gmw_v3_<year>_gtiff.zip`` per epoch
(1996, 2007, 2008, 2009, 2010, 2015 ... 2020), holding ``gmw_v3_<year>/GMW_<tile>_<year>_v3.tif``:
1 x 1 degree GeoTIFF tiles named by their **upper-left** corner (``GMW_N26W082_2020_v3.tif``
covers 25-26 N, 82-81 W), uint8, 1 mangrove and 0 everything else (also the no-data value),
WGS 84 at 1/4500 degree (4500 x 4500 pixels, about 25 m). The change tiles
``GMW_<tile>_chng_f<from>_t<to>_v3.tif`` are not read.

Every epoch found is indexed by its year, so a query's time range picks the epoch (a query over
several years gets the first epoch that covers a pixel); ``years=`` reads only some epochs.
Zips under ``paths`` are extracted in place; ``download=True`` fetches the zips of ``years``
(default 2020) with their published MD5.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_global_mangrove_watch import (
    GMW_CLASSES,
    GMW_COLORS,
    GMW_MD5,
)
from geoplug.datasets._geodownload import download_folder, extract_found
from geoplug.datasets._layers import ClassLayer, check_found_zips, class_figure, init_raster

__all__ = ["GMW_YEARS", "GlobalMangroveWatch"]

#: the epochs of GMW v3.0
GMW_YEARS = tuple(GMW_MD5)
_URL = "https://zenodo.org/records/6894273/files"
_HOMEPAGE = "https://zenodo.org/records/6894273"
_ZIP = r"^gmw_v3_(?P<year>\d{4})_gtiff\.zip$"
_GLOB = "GMW_*_v3.tif"


def _regex(years: Sequence[int] | None = None) -> str:
    """Extent tile names of ``years`` (default any year; change tiles never match)."""
    year = "|".join(str(y) for y in years) if years else r"\d{4}"
    return rf"^GMW_(?P<tile>[NS]\d{{2}}[EW]\d{{3}})_(?P<date>{year})_v3\.tif$"


def _zip_name(year: int) -> str:
    return f"gmw_v3_{year}_gtiff.zip"


def _extracted(archive: Path) -> bool:
    """Whether a tile of the zip's epoch lies beside (or below) the zip."""
    match = re.match(_ZIP, archive.name)
    return match is not None and any(find_below(archive.parent,
                                                f"GMW_*_{match.group('year')}_v3.tif"))


class GlobalMangroveWatch(ClassLayer, spec=spec("global_mangrove_watch")):
    """Mangrove extent masks (``mask`` int64 ``[H, W]``: 1 mangrove, 0 not).

    Args:
        paths: the folder holding the tiles or the ``gmw_v3_<year>_gtiff.zip`` archives
            (searched recursively), or files or URLs of tiles.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default WGS 84,
            1/4500 degree); masks are resampled with ``nearest``.
        bands: unused (one band); must be ``None``.
        years: the epochs to read (default: every epoch found), and with ``download`` the
            epochs to fetch (default 2020).
        download: fetch the zips of ``years`` whose tiles are not under ``paths``.
        checksum: verify the MD5 of zips found under ``paths`` (fresh downloads always are).
        **kwargs: ``merge``, ``keep_dtype``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no extent tile (of ``years``) under ``paths``.
        ChecksumError: a zip does not match its published MD5.
        ValueError: a year that is not a GMW v3 epoch.
    """

    filename_glob: ClassVar[str] = _GLOB
    filename_regex: ClassVar[str] = _regex()
    files_wanted: ClassVar[str] = "GMW v3 extent tiles (e.g. GMW_N26W082_2020_v3.tif)"
    date_format: ClassVar[str] = "%Y"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 years: Sequence[int] | None = None, download: bool = False,
                 checksum: bool = False, **kwargs: Any) -> None:
        unknown = [y for y in years or () if y not in GMW_MD5]
        if unknown:
            raise ValueError(f"{unknown} are not GMW v3 epochs; choose from {list(GMW_YEARS)}")
        #: the epochs read (None: every epoch found)
        self.years = None if years is None else sorted(years)
        if checksum:
            check_found_zips(paths, "gmw_v3_*_gtiff.zip",
                             {_zip_name(y): md5 for y, md5 in GMW_MD5.items()}, _extracted,
                             _HOMEPAGE)
        if download:
            self._download(paths, self.years or [2020], checksum)
        paths = extract_found(paths, _ZIP, _extracted)
        if self.years is not None:
            self.filename_regex = _regex(self.years)  # type: ignore[misc]  # epochs read
        init_raster(
            self, paths, crs, res, bands, transforms, **kwargs,
            hint=f"Expected gmw_v3_<year>/GMW_<tile>_<year>_v3.tif from the "
                 f"gmw_v3_<year>_gtiff.zip archives of {_HOMEPAGE}. Pass download=True "
                 "(with years=[...]) or run `geoplug datasets download global_mangrove_watch "
                 "--root DIR`.")
        # 0 is the files' nodata and "not mangrove" alike: as nodata, a query over several
        # epochs would fill one epoch's 0s from the next and answer their union
        self._sources = [dataclasses.replace(s, nodata=None) for s in self._sources]

    def _download(self, paths: Any, years: Sequence[int], checksum: bool) -> None:
        folder = download_folder(paths, type(self).__name__)
        missing = [y for y in years if not _extracted(folder / _zip_name(y))]
        fetch([Resource(f"{_URL}/{_zip_name(y)}", _zip_name(y), md5=GMW_MD5[y])
               for y in missing], folder, checksum)

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The mask with mangrove in green; returns the Figure."""
        return class_figure(sample["mask"], GMW_COLORS, GMW_CLASSES, "Global Mangrove Watch",
                            show_titles, suptitle)

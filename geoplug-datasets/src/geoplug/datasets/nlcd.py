"""NLCD: the USGS/MRLC National Land Cover Database of the conterminous US.

Two families of releases are read, both CONUS Albers (EPSG:5070), 30 m, uint8 codes 11-95
(Anderson Level II):

* the classic releases, one zip per year ``nlcd_<year>_land_cover_l48_<published>.zip``
  holding ``nlcd_<year>_land_cover_l48_<published>.img`` (ERDAS Imagine with its ``.ige``;
  GeoTIFF copies ``.tif`` too): 2001, 2004, 2006, 2008, 2011, 2013, 2016, 2019 (published
  20210604) and 2021 (20230630);
* Annual NLCD (Collection 1), one GeoTIFF per year 1985-
  ``Annual_NLCD_LndCov_<year>_CU_C1V<version>.tif`` (250 = no data).

Zips found under ``paths`` are extracted in place; ``download=True`` fetches the classic
zips of ``years``. The sparse codes are mapped to contiguous indices ``0..16`` (0 background,
then 11, 12, 21, ... 95 in order); ``classes=`` keeps some codes (others become 0) and
``ordinal=False`` keeps the raw codes. ``plot`` uses the official NLCD colours.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.core.raster import find_files
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_layers import NLCD_CLASSES, NLCD_COLORS
from geoplug.datasets._geodownload import download_folder, extract_found
from geoplug.datasets._layers import ClassLayer, class_figure, init_raster

__all__ = ["NLCD", "NLCD_CLASSES", "RELEASES"]

#: year -> publication date of the classic CONUS (l48) release
RELEASES: dict[int, str] = {y: "20210604" for y in (2001, 2004, 2006, 2008, 2011, 2013, 2016,
                                                     2019)} | {2021: "20230630"}
_URL = "https://s3-us-west-2.amazonaws.com/mrlc/nlcd_{year}_land_cover_l48_{published}.zip"
#: MD5 of the classic zips whose archive has been checked
_MD5: dict[int, str] = {
    2001: "538166a4d783204764e3df3b221fc4cd", 2006: "67454e7874a00294adb9442374d0c309",
    2011: "ea524c835d173658eeb6fa3c8e6b917b", 2016: "452726f6e3bd3f70d8ca2476723d238a",
    2019: "82851c3f8105763b01c83b4a9e6f3961",
}
_ZIP = r"^(?:nlcd_\d{4}_land_cover_l48_\d{8}|Annual_NLCD_LndCov_\d{4}_CU_C1V\d+)\.zip$"


def _extracted(archive: Path) -> bool:
    stem = archive.name[: -len(".zip")]
    return any(p.suffix.lower() in (".img", ".tif")
               for p in find_below(archive.parent, stem + ".*"))


class NLCD(ClassLayer, spec=spec("nlcd")):
    """NLCD land cover masks (``mask`` int64 ``[H, W]``: indices 0..16, or raw codes).

    Args:
        paths: the folder holding the rasters or their zips (searched recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default
            EPSG:5070, 30 m); masks are resampled with ``nearest``.
        bands: unused (one band); must be ``None``.
        years: with ``download``, the classic release years to fetch (default 2021).
        classes: raw codes to keep (others become 0); default every code of
            :data:`NLCD_CLASSES`; must include 0.
        ordinal: map kept codes to contiguous indices in the order of ``classes``.
        download: fetch the classic zips of ``years`` into ``paths`` when missing.
        checksum: verify an already downloaded zip's MD5.
        **kwargs: ``merge``, ``keep_dtype``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no NLCD raster under ``paths`` (and ``download`` is false).
        ValueError: unknown class codes, no 0 among ``classes``, or a year with no release.
    """

    filename_glob: ClassVar[str] = "*[Nn][Ll][Cc][Dd]_*"
    filename_regex: ClassVar[str] = r"""
        ^(?:nlcd_|Annual_NLCD_LndCov_)(?P<date>\d{4})
        (?:_land_cover_l48_(?P<published>\d{8})|_CU_C1V(?P<version>\d+))
        \.(?:img|IMG|tif|TIF)$
    """
    files_wanted: ClassVar[str] = ("NLCD land cover rasters (nlcd_<year>_land_cover_l48_<date>"
                                   ".img or Annual_NLCD_LndCov_<year>_CU_C1V<n>.tif)")
    date_format: ClassVar[str] = "%Y"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 years: Sequence[int] = (2021,), classes: Sequence[int] | None = None,
                 ordinal: bool = True, download: bool = False, checksum: bool = False,
                 **kwargs: Any) -> None:
        kept = list(NLCD_CLASSES) if classes is None else list(classes)
        unknown = [c for c in kept if c not in NLCD_CLASSES]
        if unknown:
            raise ValueError(f"{unknown} are not NLCD class codes; choose from "
                             f"{list(NLCD_CLASSES)}")
        if 0 not in kept:
            raise ValueError("classes must include 0 (background), where unkept codes go")
        kept.remove(0)
        #: the kept raw codes, in the order of the (ordinal) mask values
        self.codes = [0, *kept]
        self.ordinal = ordinal
        lut = np.zeros(256, dtype=np.uint8)  # other codes (250: no data) become 0
        for index, code in enumerate(self.codes):
            lut[code] = index if ordinal else code
        self._lookup = lut
        if download:
            missing = [y for y in years if y not in RELEASES]
            if missing:
                raise ValueError(f"no classic NLCD release for {missing}; releases: "
                                 f"{sorted(RELEASES)}")
            folder = download_folder(paths, type(self).__name__)
            have = {os.path.basename(p)[5:9] for p in find_files(folder, "nlcd_*")}
            fetch([Resource(_URL.format(year=y, published=RELEASES[y]),
                            f"nlcd_{y}_land_cover_l48_{RELEASES[y]}.zip", md5=_MD5.get(y))
                   for y in years if str(y) not in have], folder, checksum)
        paths = extract_found(paths, _ZIP, _extracted)
        init_raster(
            self, paths, crs, res, bands, transforms, **kwargs,
            hint="Expected nlcd_<year>_land_cover_l48_<date>.img (or .tif) or "
                 "Annual_NLCD_LndCov_<year>_CU_C1V<n>.tif, or their zips from "
                 "https://www.mrlc.gov/data. Pass download=True (and years=[...]) or run "
                 "`geoplug datasets download nlcd --root DIR`.")

    @property
    def class_names(self) -> list[str]:
        """Names of the classes in the order of the (ordinal) mask values."""
        return [NLCD_CLASSES[c] for c in self.codes]

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The mask in the official NLCD colours, with a legend; returns the Figure."""
        mask = np.asarray(sample["mask"])
        codes = np.asarray(self.codes)[mask] if self.ordinal else mask
        names = [NLCD_CLASSES.get(c, "") for c in range(256)]
        return class_figure(codes, NLCD_COLORS, names, "NLCD", show_titles, suptitle)

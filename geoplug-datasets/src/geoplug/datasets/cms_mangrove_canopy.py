"""CMS Global Mangrove Canopy: mangrove biomass and canopy height per country, year 2000.

ORNL DAAC dataset 1665 (Simard et al. 2019) is ``CMS_Global_Map_Mangrove_Canopy_1665.zip``
(Earthdata login), whose ``data/`` folder holds one GeoTIFF per product and country,
``Mangrove_<product>_<Country>.tif`` (``Mangrove_agb_Angola.tif``): ``agb`` (above-ground
biomass, Mg/ha), ``hba95`` (basal-area weighted height, m) and ``hmax95`` (maximum canopy
height, m); float32, WGS 84, 1 arc-second (about 30 m), 116 countries. The zip, lying under
``paths``, is extracted in place; the countries are those found.

Samples are pixelwise-regression targets: ``mask`` float32 ``[H, W]`` holds the first
product asked for, each further product comes under its name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.raster import find_files
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import extract_found
from geoplug.datasets._layers import ContinuousLayer, init_raster

__all__ = ["CMSGlobalMangroveCanopy"]

_HOMEPAGE = "https://daac.ornl.gov/cgi-bin/dsviewer.pl?ds_id=1665"
_ZIP = "CMS_Global_Map_Mangrove_Canopy_1665.zip"
#: country names as the DAAC spells them: letters, digits for a second tile of a country
#: (``Fiji2``, ``Somalia2``), run together (``CotedIvoire``); ``_``/``-`` are accepted too
_COUNTRY = re.compile(r"^Mangrove_(?:agb|hba95|hmax95)_(?P<country>[A-Za-z0-9][^.]*)\.tif$")


def _extracted(archive: Path) -> bool:
    return any(find_below(archive.parent, "Mangrove_*_*.tif"))


class CMSGlobalMangroveCanopy(ContinuousLayer, spec=spec("cms_mangrove_canopy")):
    """Mangrove biomass / height (``mask`` float32 ``[H, W]``) of the countries found.

    Args:
        paths: the folder holding the rasters or the zip (searched recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default WGS 84,
            1 arc-second; nearest when reprojected).
        bands: products read per country, the first as ``mask`` (default ``["agb"]``); from
            ``agb``, ``hba95``, ``hmax95``.
        countries: country names as in the file names (``"Angola"``, ``"UnitedStates"``);
            default every country found.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no raster of the products (and countries) under ``paths``.
        InvalidDataError: a country lacks the file of a product asked for.
        ValueError: unknown products, or countries with no raster (lists those found).
    """

    filename_glob: ClassVar[str] = "Mangrove_*.tif"
    filename_regex: ClassVar[str] = (
        r"^Mangrove_(?P<band>agb|hba95|hmax95)_(?P<country>[A-Za-z0-9][^.]*)\.tif$")
    files_wanted: ClassVar[str] = "CMS mangrove rasters (e.g. Mangrove_agb_Angola.tif)"
    separate_files: ClassVar[bool] = True
    units: ClassVar[dict[str, str]] = {"agb": "Mg/ha", "hba95": "m", "hmax95": "m"}
    title: ClassVar[str] = "Mangrove"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 countries: Sequence[str] | None = None, **kwargs: Any) -> None:
        paths = extract_found(paths, "^" + re.escape(_ZIP) + "$", _extracted)
        files = paths
        if countries is not None:
            found: dict[str, list[str]] = {}
            for path in find_files(paths, self.filename_glob):
                match = _COUNTRY.match(os.path.basename(path))
                if match:
                    found.setdefault(match.group("country"), []).append(path)
            unknown = [c for c in countries if c not in found]
            if unknown:
                raise ValueError(f"no mangrove raster for {unknown} under {paths!r}; countries "
                                 f"found: {sorted(found)}")
            files = [p for c in countries for p in found[c]]
        self.countries = countries
        init_raster(
            self, files, crs, res, bands or ("agb",), transforms, **kwargs,
            hint=f"Expected Mangrove_<product>_<Country>.tif from {_ZIP}. It needs an "
                 f"Earthdata login: download it from {_HOMEPAGE} and put it there.")

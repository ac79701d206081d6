"""Landsat Collection 2 Level-1 and Level-2 products as USGS distributes them.

A product is a folder (or the extracted ``.tar``) of one GeoTIFF per band named
``<sensor><mission>_<level>_<PPPRRR>_<acquired>_<processed>_<collection>_<tier>_<band>.TIF``,
e.g. ``LC08_L2SP_023032_20230621_20230630_02_T1_SR_B4.TIF`` (Level-2 surface reflectance,
``SR_B*``, and surface temperature, ``ST_B*``) or
``LC08_L1TP_023032_20230621_20230630_02_T1_B4.TIF`` (Level-1 digital numbers, ``B*``).
Scenes are in WGS 84 / UTM (polar stereographic in Antarctica), 30 m; the panchromatic
band ``B8`` of Level-1 ETM+/OLI is 15 m and is resampled onto the dataset grid with the
others. The fill value is 0 in every band.

EarthExplorer delivers a product as ``<product id>.tar`` with the files at its top; such
archives found under ``paths`` are extracted into a ``<product id>/`` folder beside them.
Copies with a lower-case ``.tif`` extension are read too.

With ``bands=None`` a dataset reads the Level-2 bands when any Level-2 file is present under
``paths``, else the Level-1 bands (``B8`` excluded: ask for it explicitly).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.raster import find_files
from geoplug.datasets._bandfiles import MultiResolutionBandFiles
from geoplug.datasets._geodownload import extract_found

__all__ = ["Landsat", "Landsat4", "Landsat5", "Landsat7", "Landsat8", "Landsat9"]

_REGEX = r"""
    ^(?P<sensor>L[COTE])(?P<mission>0[4-9])
    _(?P<level>L1TP|L1GT|L1GS|L2SP|L2SR)
    _(?P<wrs_path>\d{3})(?P<wrs_row>\d{3})
    _(?P<date>\d{8})
    _(?P<processed>\d{8})
    _(?P<collection>\d{2})
    _(?P<tier>T1|T2|RT)
    _(?P<band>(?:SR_|ST_)?B\d+(?:_VCID_\d)?)
    \.(?:TIF|tif)$
"""
#: a product archive as EarthExplorer delivers it (``<product id>.tar``, files at its top)
_TAR = r"^L[COTE]0[4-9]_(?:L1TP|L1GT|L1GS|L2SP|L2SR)_\d{6}_\d{8}_\d{8}_\d{2}_(?:T1|T2|RT)\.tar$"


def _extracted(archive: Path) -> bool:
    """Whether a product's band files are already somewhere under the archive's folder."""
    return any(archive.parent.rglob(archive.name[: -len(".tar")] + "_*B*.[Tt][Ii][Ff]"))

_TM_L1 = ("B1", "B2", "B3", "B4", "B5", "B6", "B7")
_TM_L2 = ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B7", "ST_B6")
_ETM_L1 = ("B1", "B2", "B3", "B4", "B5", "B6_VCID_1", "B6_VCID_2", "B7", "B8")
_OLI_L1 = ("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9", "B10", "B11")
_OLI_L2 = ("SR_B1", "SR_B2", "SR_B3", "SR_B4", "SR_B5", "SR_B6", "SR_B7", "ST_B10")


class Landsat(MultiResolutionBandFiles):
    """Base of the Landsat Collection 2 datasets (one GeoTIFF per band, uint16, fill 0).

    Args:
        paths: folders holding product folders (searched recursively), files, or URLs.
        crs, res, bands, transforms: see :class:`~geoplug.core.raster.RasterDataset`; band
            names are the file suffixes (``"SR_B4"``, ``"ST_B10"``, ``"B4"``, ``"B8"``).
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no product of this mission under ``paths``.
        InvalidDataError: a scene lacks one of the requested band files.
        ValueError: a band name that this sensor does not have.
    """

    filename_regex: ClassVar[str] = _REGEX
    date_format: ClassVar[str] = "%Y%m%d"
    nodata: ClassVar[float | None] = 0
    level1_bands: ClassVar[tuple[str, ...]] = ()
    level2_bands: ClassVar[tuple[str, ...]] = ()
    level1_rgb: ClassVar[tuple[str, ...]] = ()
    level2_rgb: ClassVar[tuple[str, ...]] = ()
    pan_band: ClassVar[str | None] = None

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        extract_found(paths, _TAR, _extracted, lambda tar: tar.with_suffix(""))
        super().__init__(paths, crs, res, bands, transforms, **kwargs)

    def _check_bands(self, bands: Sequence[str] | None) -> tuple[str, ...]:
        if bands is None:
            if self._has_level2():
                return self.level2_bands
            return tuple(b for b in self.level1_bands if b != self.pan_band)
        return super()._check_bands(bands)

    def _has_level2(self) -> bool:
        regex = re.compile(self.filename_regex, re.VERBOSE)
        for path in find_files(self.paths, self.filename_glob):
            match = regex.match(path.replace("\\", "/").rsplit("/", 1)[-1])
            if match and match.group("level").startswith("L2"):
                return True
        return False

    @property
    def rgb(self) -> tuple[str, ...]:
        """The true-colour bands of the level being read."""
        return self.level2_rgb if self.bands[0].startswith(("SR_", "ST_")) else self.level1_rgb

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """True-colour image (percentile stretch) of ``sample``; returns the Figure."""
        from geoplug.core.plot import plot_sample

        rgb = [self.bands.index(b) for b in self.rgb if b in self.bands]
        return plot_sample(sample, rgb_indices=rgb if len(rgb) == 3 else (),
                           show_titles=show_titles, suptitle=suptitle)


class _TM(Landsat):
    level1_bands = _TM_L1
    level2_bands = _TM_L2
    all_bands = _TM_L2 + _TM_L1
    level1_rgb = ("B3", "B2", "B1")
    level2_rgb = ("SR_B3", "SR_B2", "SR_B1")
    rgb_bands = level2_rgb


class Landsat4(_TM):
    """Landsat 4 Thematic Mapper (1982-1993): products ``LT04_*``."""

    filename_glob = "LT04_*.[Tt][Ii][Ff]"


class Landsat5(_TM):
    """Landsat 5 Thematic Mapper (1984-2013): products ``LT05_*``."""

    filename_glob = "LT05_*.[Tt][Ii][Ff]"


class Landsat7(Landsat):
    """Landsat 7 ETM+ (1999-2024): products ``LE07_*``; ``B8`` is the 15 m pan band."""

    filename_glob = "LE07_*.[Tt][Ii][Ff]"
    level1_bands = _ETM_L1
    level2_bands = _TM_L2
    all_bands = _TM_L2 + _ETM_L1
    level1_rgb = ("B3", "B2", "B1")
    level2_rgb = ("SR_B3", "SR_B2", "SR_B1")
    rgb_bands = level2_rgb
    pan_band = "B8"
    band_resolution = {b: 30.0 for b in _TM_L2 + _ETM_L1} | {"B8": 15.0}


class Landsat8(Landsat):
    """Landsat 8 OLI/TIRS (2013-): products ``LC08_*`` (``LO08``/``LT08`` single-sensor)."""

    filename_glob = "L[COT]08_*.[Tt][Ii][Ff]"
    level1_bands = _OLI_L1
    level2_bands = _OLI_L2
    all_bands = _OLI_L2 + _OLI_L1
    level1_rgb = ("B4", "B3", "B2")
    level2_rgb = ("SR_B4", "SR_B3", "SR_B2")
    rgb_bands = level2_rgb
    pan_band = "B8"
    band_resolution = {b: 30.0 for b in _OLI_L2 + _OLI_L1} | {"B8": 15.0}


class Landsat9(Landsat8):
    """Landsat 9 OLI-2/TIRS-2 (2021-): products ``LC09_*``, same bands as Landsat 8."""

    filename_glob = "L[COT]09_*.[Tt][Ii][Ff]"

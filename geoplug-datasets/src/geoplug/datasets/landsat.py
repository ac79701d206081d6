"""Landsat Collection 2 Level-1 and Level-2 products as USGS distributes them.

A product is a folder (or the extracted ``.tar``) of one GeoTIFF per band named
``<sensor><mission>_<level>_<PPPRRR>_<acquired>_<processed>_<collection>_<tier>_<band>.TIF``,
e.g. ``LC08_L2SP_023032_20230621_20230630_02_T1_SR_B4.TIF`` (Level-2 surface reflectance,
``SR_B*``, and surface temperature, ``ST_B*``) or
``LC08_L1TP_023032_20230621_20230630_02_T1_B4.TIF`` (Level-1 digital numbers, ``B*``).
Scenes are in WGS 84 / UTM (polar stereographic in Antarctica), 30 m; the panchromatic
band ``B8`` of Level-1 ETM+/OLI is 15 m and is resampled onto the dataset grid with the
others. The fill value is 0 in every band.

The Multispectral Scanner of Landsats 1-5 (``LM01`` ... ``LM05``) has Level-1 products only
(``L1TP``, ``L1GT`` or ``L1GS``): four uint8 bands at 60 m, numbered ``B4``-``B7`` on Landsats
1-3 and ``B1``-``B4`` on Landsats 4-5 (green, red and two near-infrared bands; no blue, so
``rgb`` is the false-colour near infrared, red, green).

EarthExplorer delivers a product as ``<product id>.tar`` with the files at its top; such
archives found under ``paths`` are extracted into a ``<product id>/`` folder beside them.
Copies with a lower-case ``.tif`` extension are read too.

With ``bands=None`` a dataset reads the Level-2 surface-reflectance bands (``SR_B*``) of a
folder of Level-2 products (a folder of reflectance bands alone, a common download, loads; ask
for the thermal ``ST_B*`` band explicitly), the Level-1 bands of a folder of Level-1 products
(``B8`` excluded: ask for it explicitly); a folder holding both levels needs ``bands=``. The
band lists are the catalog's (:mod:`geoplug.datasets._catalog.generic`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.raster import find_files, path_list
from geoplug.datasets._bandfiles import MultiResolutionBandFiles
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic import (
    LANDSAT_ETM_L1,
    LANDSAT_MSS13,
    LANDSAT_MSS45,
    LANDSAT_MSS_RGB,
    LANDSAT_OLI_L1,
    LANDSAT_OLI_RGB,
    LANDSAT_OLI_SR,
    LANDSAT_OLI_ST,
    LANDSAT_PAN,
    LANDSAT_TM_L1,
    LANDSAT_TM_RGB,
    LANDSAT_TM_SR,
    LANDSAT_TM_ST,
)
from geoplug.datasets._geodownload import extract_found

__all__ = ["Landsat", "Landsat1", "Landsat2", "Landsat3", "Landsat4", "Landsat4MSS", "Landsat5",
           "Landsat5MSS", "Landsat7", "Landsat8", "Landsat9"]

_REGEX = r"""
    ^(?P<sensor>L[COTEM])(?P<mission>0[1-9])
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
_TAR = r"^L[COTEM]0[1-9]_(?:L1TP|L1GT|L1GS|L2SP|L2SR)_\d{6}_\d{8}_\d{8}_\d{2}_(?:T1|T2|RT)\.tar$"


def _extracted(archive: Path) -> bool:
    """Whether a product's band files are already somewhere under the archive's folder."""
    return any(find_below(archive.parent, archive.name[: -len(".tar")] + "_*B*.[Tt][Ii][Ff]"))



class Landsat(MultiResolutionBandFiles):
    """Base of the Landsat Collection 2 datasets (one GeoTIFF per band, uint16, fill 0).

    Args:
        paths: folders holding product folders (searched recursively), files, or URLs.
        crs, res, bands, transforms: see :class:`~geoplug.core.raster.RasterDataset`; band
            names are the file suffixes (``"SR_B4"``, ``"ST_B10"``, ``"B4"``, ``"B8"``); default:
            the reflectance bands (``reflectance_bands``) of Level-2 products, so a folder
            without the thermal file loads, else the Level-1 bands without pan.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no product of this mission under ``paths``.
        InvalidDataError: a scene lacks one of the requested band files.
        ValueError: a band name that this sensor does not have.
    """

    filename_regex: ClassVar[str] = _REGEX
    date_format: ClassVar[str] = "%Y%m%d"
    nodata: ClassVar[float | None] = 0
    #: Level-1 bands, and the Level-2 reflectance bands (read by default; thermal on request)
    level1_bands: ClassVar[tuple[str, ...]] = ()
    reflectance_bands: ClassVar[tuple[str, ...]] = ()
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
        """The bands asked for; by default those of the level found.

        Raises:
            ValueError: unknown bands, or no ``bands`` for a folder holding Level-1 and
                Level-2 products (the default bands read one level: the other's scenes would
                be left out unseen).
        """
        if bands is None:
            levels = self._levels()
            if len(levels) > 1:
                raise ValueError(
                    f"{path_list(self.paths)} hold Level-1 and Level-2 products, which are "
                    "different quantities (digital numbers, surface reflectance): pass bands= "
                    f"of the level to read (Level-2: {list(self.reflectance_bands)}; Level-1: "
                    f"{[b for b in self.level1_bands if b != self.pan_band]})")
            if levels == {"L2"}:
                return self.reflectance_bands
            return tuple(b for b in self.level1_bands if b != self.pan_band)
        return super()._check_bands(bands)

    def _levels(self) -> set[str]:
        """The processing levels (``"L1"``, ``"L2"``) of the products under ``paths``."""
        regex = re.compile(self.filename_regex, re.VERBOSE)
        found = set()
        for path in find_files(self.paths, self.filename_glob):
            match = regex.match(path.replace("\\", "/").rsplit("/", 1)[-1])
            if match:
                found.add(match.group("level")[:2])
        return found

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


class _MSS(Landsat):
    """Multispectral Scanner products: Level-1 only, four bands, uint8, 60 m."""

    level1_rgb = LANDSAT_MSS_RGB["13"]


class Landsat1(_MSS, spec=spec("landsat1")):
    """Landsat 1 MSS (1972-1978): products ``LM01_*``, bands ``B4``-``B7``."""

    filename_glob = "LM01_*.[Tt][Ii][Ff]"
    files_wanted = "Landsat 1 MSS Collection 2 band files (e.g. LM01_L1TP_..._B4.TIF)"
    level1_bands = LANDSAT_MSS13


class Landsat2(_MSS, spec=spec("landsat2")):
    """Landsat 2 MSS (1975-1982): products ``LM02_*``, bands ``B4``-``B7``."""

    filename_glob = "LM02_*.[Tt][Ii][Ff]"
    files_wanted = "Landsat 2 MSS Collection 2 band files (e.g. LM02_L1TP_..._B4.TIF)"
    level1_bands = LANDSAT_MSS13


class Landsat3(_MSS, spec=spec("landsat3")):
    """Landsat 3 MSS (1978-1983): products ``LM03_*``, bands ``B4``-``B7``."""

    filename_glob = "LM03_*.[Tt][Ii][Ff]"
    files_wanted = "Landsat 3 MSS Collection 2 band files (e.g. LM03_L1TP_..._B4.TIF)"
    level1_bands = LANDSAT_MSS13


class Landsat4MSS(_MSS, spec=spec("landsat4_mss")):
    """Landsat 4 MSS (1982-1993): products ``LM04_*``, bands ``B1``-``B4``."""

    filename_glob = "LM04_*.[Tt][Ii][Ff]"
    files_wanted = "Landsat 4 MSS Collection 2 band files (e.g. LM04_L1TP_..._B1.TIF)"
    level1_bands = LANDSAT_MSS45
    level1_rgb = LANDSAT_MSS_RGB["45"]


class Landsat5MSS(_MSS, spec=spec("landsat5_mss")):
    """Landsat 5 MSS (1984-2013): products ``LM05_*``, bands ``B1``-``B4``."""

    filename_glob = "LM05_*.[Tt][Ii][Ff]"
    files_wanted = "Landsat 5 MSS Collection 2 band files (e.g. LM05_L1TP_..._B1.TIF)"
    level1_bands = LANDSAT_MSS45
    level1_rgb = LANDSAT_MSS_RGB["45"]


class _TM(Landsat):
    level1_bands = LANDSAT_TM_L1
    reflectance_bands = LANDSAT_TM_SR
    level1_rgb = LANDSAT_TM_RGB["L1"]
    level2_rgb = LANDSAT_TM_RGB["L2"]


class Landsat4(_TM, spec=spec("landsat4")):
    """Landsat 4 Thematic Mapper (1982-1993): products ``LT04_*``."""

    filename_glob = "LT04_*.[Tt][Ii][Ff]"
    files_wanted = "Landsat 4 TM Collection 2 band files (e.g. LT04_L2SP_..._SR_B1.TIF)"


class Landsat5(_TM, spec=spec("landsat5")):
    """Landsat 5 Thematic Mapper (1984-2013): products ``LT05_*``."""

    filename_glob = "LT05_*.[Tt][Ii][Ff]"
    files_wanted = "Landsat 5 TM Collection 2 band files (e.g. LT05_L2SP_..._SR_B1.TIF)"


class Landsat7(Landsat, spec=spec("landsat7")):
    """Landsat 7 ETM+ (1999-2024): products ``LE07_*``; ``B8`` is the 15 m pan band."""

    filename_glob = "LE07_*.[Tt][Ii][Ff]"
    files_wanted = "Landsat 7 ETM+ Collection 2 band files (e.g. LE07_L2SP_..._SR_B1.TIF)"
    level1_bands = LANDSAT_ETM_L1
    reflectance_bands = LANDSAT_TM_SR
    level1_rgb = LANDSAT_TM_RGB["L1"]
    level2_rgb = LANDSAT_TM_RGB["L2"]
    pan_band = LANDSAT_PAN
    band_resolution = {b: 30.0 for b in LANDSAT_TM_SR + LANDSAT_TM_ST + LANDSAT_ETM_L1} | {
        LANDSAT_PAN: 15.0}


class Landsat8(Landsat, spec=spec("landsat8")):
    """Landsat 8 OLI/TIRS (2013-): products ``LC08_*`` (``LO08``/``LT08`` single-sensor)."""

    filename_glob = "L[COT]08_*.[Tt][Ii][Ff]"
    files_wanted = "Landsat 8 Collection 2 band files (e.g. LC08_L2SP_..._SR_B1.TIF)"
    level1_bands = LANDSAT_OLI_L1
    reflectance_bands = LANDSAT_OLI_SR
    level1_rgb = LANDSAT_OLI_RGB["L1"]
    level2_rgb = LANDSAT_OLI_RGB["L2"]
    pan_band = LANDSAT_PAN
    band_resolution = {b: 30.0 for b in LANDSAT_OLI_SR + LANDSAT_OLI_ST + LANDSAT_OLI_L1} | {
        LANDSAT_PAN: 15.0}


class Landsat9(Landsat8, spec=spec("landsat9")):
    """Landsat 9 OLI-2/TIRS-2 (2021-): products ``LC09_*``, same bands as Landsat 8."""

    filename_glob = "L[COT]09_*.[Tt][Ii][Ff]"
    files_wanted = "Landsat 9 Collection 2 band files (e.g. LC09_L2SP_..._SR_B1.TIF)"

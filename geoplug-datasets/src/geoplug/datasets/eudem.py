"""EU-DEM v1.1: the Copernicus digital surface model of Europe (EEA39), 25 m.

The Copernicus Land Monitoring Service distributes 27 tiles of 1000 x 1000 km in
ETRS89-LAEA (EPSG:3035), each as ``eu_dem_v11_E<xx>N<yy>.zip`` (``E40N20``: easting and
northing of the lower-left corner in 100 km) holding ``eu_dem_v11_E<xx>N<yy>.TIF``: one float32
band of heights in metres, 25 m, nodata -3.4028235e38. Access needs a (free) EU Login, so the
zips are downloaded by hand; zips found under ``paths`` are extracted in place (their MD5 is
checked first with ``checksum=True``). Elevation is an input layer: samples hold ``image``
``[1, H, W]`` float32 (bilinear when reprojected), to stack onto imagery with ``&``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.raster import RasterDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import extract_found
from geoplug.datasets._layers import check_found_zips, init_raster, value_figure

__all__ = ["EUDEM"]

_HOMEPAGE = "https://land.copernicus.eu/imagery-in-situ/eu-dem/eu-dem-v1.1"
_ZIP = r"^eu_dem_v11_E\d{2}N\d{2}\.zip$"
#: MD5 of the published tile zips
_MD5: dict[str, str] = {
    "eu_dem_v11_E00N20.zip": "96edc7e11bc299b994e848050d6be591",
    "eu_dem_v11_E10N00.zip": "e14be147ac83eddf655f4833d55c1571",
    "eu_dem_v11_E10N10.zip": "2eb5187e4d827245b33768404529c709",
    "eu_dem_v11_E10N20.zip": "1afc162eb131841aed0d00b692b870a8",
    "eu_dem_v11_E20N10.zip": "77b040791b9fb7de271b3f47130b4e0c",
    "eu_dem_v11_E20N20.zip": "89b965abdcb1dbd479c61117f55230c8",
    "eu_dem_v11_E20N30.zip": "f5cb1b05813ae8ffc9e70f0ad56cc372",
    "eu_dem_v11_E20N40.zip": "81be551ff646802d7d820385de7476e9",
    "eu_dem_v11_E20N50.zip": "bbc351713ea3eb7e9eb6794acb9e4bc8",
    "eu_dem_v11_E30N10.zip": "68fb95aac33a025c4f35571f32f237ff",
    "eu_dem_v11_E30N20.zip": "da8ad029f9cc1ec9234ea3e7629fe18d",
    "eu_dem_v11_E30N30.zip": "de27c78d0176e45aec5c9e462a95749c",
    "eu_dem_v11_E30N40.zip": "4c00e58b624adfc4a5748c922e77ee40",
    "eu_dem_v11_E30N50.zip": "4a21a88f4d2047b8995d1101df0b3a77",
    "eu_dem_v11_E40N10.zip": "32fdf4572581eddc305a21c5d2f4bc81",
    "eu_dem_v11_E40N20.zip": "71b027f29258493dd751cfd63f08578f",
    "eu_dem_v11_E40N30.zip": "c6c21289882c1f74fc4649d255302c64",
    "eu_dem_v11_E40N40.zip": "9f26e6e47f4160ef8ea5200e8cf90a45",
    "eu_dem_v11_E40N50.zip": "a8c3c1c026cdd1537b8a3822c15834d9",
    "eu_dem_v11_E50N10.zip": "9584273c7708b8e935f2bac3e30c19c6",
    "eu_dem_v11_E50N20.zip": "8efdea43e7b6819861935d5a768a55f2",
    "eu_dem_v11_E50N30.zip": "e39e58df1c13ac35eb0b29fb651f313c",
    "eu_dem_v11_E50N40.zip": "d84395ab52ad254d930db17398fffc50",
    "eu_dem_v11_E50N50.zip": "6abe852f4a20962db0e355ffc0d695a4",
    "eu_dem_v11_E60N10.zip": "b6a3b8a39a4efc01c7e2cd8418672559",
    "eu_dem_v11_E60N20.zip": "71dc3c55ab5c90628ce2149dbd60f090",
    "eu_dem_v11_E70N20.zip": "5342465ad60cf7d28a586c9585179c35",
}


def _extracted(archive: Path) -> bool:
    stem = archive.name[: -len(".zip")]
    return any(find_below(archive.parent, stem + ".[Tt][Ii][Ff]"))


class EUDEM(RasterDataset, spec=spec("eudem")):
    """EU-DEM v1.1 heights (``image`` float32 ``[1, H, W]``, metres).

    Args:
        paths: the folder holding the tiles or their zips (searched recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default
            EPSG:3035, 25 m; bilinear when reprojected).
        bands: ``None`` or ``["elevation"]``.
        checksum: verify the MD5 of tile zips found unextracted under ``paths``.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no tile or tile zip under ``paths``.
        ChecksumError: with ``checksum``, a tile zip does not match its MD5.
    """

    filename_glob: ClassVar[str] = "eu_dem_v11_*.[Tt][Ii][Ff]"
    filename_regex: ClassVar[str] = r"^eu_dem_v11_(?P<tile>E\d{2}N\d{2})\.(?:TIF|tif)$"
    files_wanted: ClassVar[str] = "EU-DEM v1.1 tiles (e.g. eu_dem_v11_E40N20.TIF)"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 checksum: bool = False, **kwargs: Any) -> None:
        if checksum:
            check_found_zips(paths, "eu_dem_v11_*.zip", _MD5, _extracted, _HOMEPAGE)
        paths = extract_found(paths, _ZIP, _extracted)
        init_raster(
            self, paths, crs, res, bands, transforms, **kwargs,
            hint=f"Expected eu_dem_v11_E<xx>N<yy>.TIF or its zip. EU-DEM needs an EU Login: "
                 f"download the tiles from {_HOMEPAGE} and put them there.")

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The heights with a colour bar in metres; returns the Figure."""
        return value_figure(sample["image"], "EU-DEM", "elevation (m)", show_titles, suptitle)

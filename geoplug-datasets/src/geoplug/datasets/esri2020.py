"""Esri 2020 land cover: Impact Observatory's global 10 m land use/land cover map for 2020.

The release is one zip, ``io-lulc-model-001-v01-composite-v03-supercell-v02-clip-v01.zip``,
holding one GeoTIFF per UTM zone and latitude band (military grid zone), named
``<zone><band>_20200101-20210101.tif`` (e.g. ``47P_20200101-20210101.tif``): uint8 class codes
(0 no data, 1 water, 2 trees, 3 grass, 4 flooded vegetation, 5 crops, 6 scrub/shrub, 7 built
area, 8 bare ground, 9 snow/ice, 10 clouds), in that zone's WGS 84 / UTM CRS, 10 m. The zip,
downloaded or lying under ``paths``, is extracted in place. Tiles in several UTM zones are
reprojected onto the dataset's grid (nearest) and cover the whole of 2020.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_layers import ESRI2020_COLORS
from geoplug.datasets._geodownload import download_folder, extract_found
from geoplug.datasets._layers import ClassLayer, class_figure, init_raster

__all__ = ["Esri2020"]

_ZIP = "io-lulc-model-001-v01-composite-v03-supercell-v02-clip-v01.zip"
_URL = f"https://ai4edataeuwest.blob.core.windows.net/io-lulc/{_ZIP}"
_MD5 = "4932855fcd00735a34b74b1f87db3df0"


def _extracted(archive: Path) -> bool:
    return any(find_below(archive.parent, "*_20200101-20210101.tif"))


class Esri2020(ClassLayer, spec=spec("esri2020")):
    """Esri 2020 land cover masks (``mask`` int64 ``[H, W]``, codes 0-10).

    Args:
        paths: the folder holding the tiles or the release zip (searched recursively), files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default: the
            first tile's UTM zone, 10 m); masks are resampled with ``nearest``.
        bands: unused (one band); must be ``None``.
        download: fetch the release zip into ``paths`` when no tile is there.
        checksum: verify an already downloaded zip's MD5.
        **kwargs: ``merge``, ``keep_dtype``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no tile under ``paths`` (and ``download`` is false).
        ChecksumError: the downloaded zip does not match its MD5.
    """

    filename_glob: ClassVar[str] = "*_20200101-20210101.*"
    filename_regex: ClassVar[str] = (
        r"^(?P<zone>\d{2}[A-Z])_(?P<date>\d{4})0101-(?P<end>\d{8})\.(?:tif|TIF)$")
    files_wanted: ClassVar[str] = "Esri 2020 land cover tiles (e.g. 47P_20200101-20210101.tif)"
    date_format: ClassVar[str] = "%Y"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 download: bool = False, checksum: bool = False, **kwargs: Any) -> None:
        paths = extract_found(paths, "^" + _ZIP.replace(".", r"\.") + "$", _extracted)
        if download:
            folder = download_folder(paths, type(self).__name__)
            if not _extracted(folder / _ZIP):
                fetch([Resource(_URL, _ZIP, md5=_MD5)], folder, checksum)
        init_raster(
            self, paths, crs, res, bands, transforms, **kwargs,
            hint=f"Expected <zone>_20200101-20210101.tif tiles from {_ZIP}. Pass "
                 "download=True or run `geoplug datasets download esri2020 --root DIR`.")

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The mask in Esri's legend colours; returns the Figure."""
        return class_figure(sample["mask"], ESRI2020_COLORS, self.classes, "Esri 2020 land cover",
                            show_titles, suptitle)

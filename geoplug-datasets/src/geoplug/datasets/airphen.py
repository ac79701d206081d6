"""Airphen: georeferenced images of Hiphen's six-band multispectral camera.

The Airphen (Hiphen) carries six synchronised global-shutter sensors of 1280 x 960 px, each
behind a filter chosen at purchase, and records 12-bit TIFFs; field campaigns (UAV flights over
crops) are usually stitched into orthomosaics. This layer reads any such georeferenced GeoTIFF
(``.tif`` / ``.tiff`` in either case, e.g. TorchGeo's ``zoneA_B_R_NIR.tif``: six uint16 bands in
EPSG:4326) with the six channels in file order, named ``B1``-``B6``; the usual filters are 450,
570, 675, 710, 730 and 850 nm (:data:`AIRPHEN_WAVELENGTHS`), so true colour is B3, B2, B1. There
is no public download: ``paths`` points at the user's own files.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from geoplug.core.raster import RasterDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_airphen import AIRPHEN_WAVELENGTHS
from geoplug.datasets._layers import init_raster

__all__ = ["AIRPHEN_WAVELENGTHS", "Airphen"]


class Airphen(RasterDataset, spec=spec("airphen")):
    """Airphen multispectral images (``image`` float32 ``[C, H, W]``, 12-bit counts).

    Args:
        paths: folders holding the GeoTIFFs (searched recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default: the
            first file's CRS and resolution).
        bands: subset of ``B1``-``B6`` (the file's channels) in the order wanted.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no GeoTIFF under ``paths``.
        InvalidDataError: a file has fewer than six bands (select the ones it has).
    """

    filename_glob: ClassVar[str] = "*"  # any case of .tif / .tiff: the regex decides
    filename_regex: ClassVar[str] = r"^.+\.(?:tif|tiff|TIF|TIFF)$"
    files_wanted: ClassVar[str] = "Airphen GeoTIFFs (*.tif)"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        init_raster(self, paths, crs, res, bands, transforms, **kwargs,
                    hint="Airphen has no public download: point paths at your georeferenced "
                         "Airphen GeoTIFFs (six bands, e.g. an orthomosaic of a flight).")

"""NAIP: USDA National Agriculture Imagery Program aerial orthoimagery.

Digital Ortho Quarter Quads (DOQQs) as distributed by USDA FSA / USGS EarthExplorer and the
Azure/AWS open data copies: ``m_<QQQQQqq>_<quarter>_<utm zone>_<res cm>_<date>[_<processed>].tif``,
e.g. ``m_3807511_ne_18_060_20181104.tif`` (quadrangle 38075, cell 11, north-east quarter, UTM
zone 18, 0.6 m, flown 2018-11-04); 1 m years before 2013 write the resolution as ``1``
(``m_3807511_ne_18_1_20120611.tif``), and some 2016 states (VT, MI, MO, NH, IN) write
``h`` (``m_4207201_ne_18_h_20160809.tif``, 0.6 m). JPEG 2000 copies (``.jp2``, as EarthExplorer can
deliver them) and upper-case extensions are read too. Files are 4-band uint8 GeoTIFFs (red,
green, blue, near infrared; older years may have only RGB), NAD83 / UTM, 0.6 m or 1 m.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from geoplug.core.raster import RasterDataset
from geoplug.datasets._catalog import spec

__all__ = ["NAIP"]


class NAIP(RasterDataset, spec=spec("naip")):
    """NAIP DOQQ tiles (R, G, B, NIR uint8), composited across tiles and UTM zones.

    Args:
        paths: folders holding the tiles (searched recursively), files or URLs (COGs).
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default: the
            first tile's UTM zone and resolution).
        bands: subset of ``["R", "G", "B", "NIR"]`` in the order wanted.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no NAIP tile under ``paths``.
        InvalidDataError: a tile has fewer bands than requested (3-band years need
            ``bands=["R", "G", "B"]``).
    """

    filename_glob: ClassVar[str] = "m_*"  # .tif, .TIF or .jp2 (EarthExplorer); regex decides
    filename_regex: ClassVar[str] = r"""
        ^m
        _(?P<quadrangle>\d{7})
        _(?P<quarter_quad>ne|nw|se|sw)
        _(?P<utm_zone>\d{2})
        _(?P<resolution>\d{1,3}|h)
        _(?P<date>\d{8})
        (?:_(?P<processing_date>\d{8}))?
        \.(?:tif|TIF|jp2|JP2)$
    """
    date_format: ClassVar[str] = "%Y%m%d"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(paths, crs, res, bands, transforms, **kwargs)

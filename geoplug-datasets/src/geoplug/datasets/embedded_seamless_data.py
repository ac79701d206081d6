"""Embedded Seamless Data (ESD): ESDNet's monthly 30 m embeddings of the land, 2000-2024.

ESDNet compresses a year of Landsat 5/7/8/9, MODIS Terra and NASADEM observations of a pixel
into 12 monthly codes of a factorised scalar quantiser (FSQ) with levels 8, 8, 8, 5, 5, 5:
one uint16 index in 0..63999 per month. The publisher ships one GeoTIFF per MGRS tile and
year, ``SDC30_EBD_V001_<tile>_<year>.tif`` (``SDC30_EBD_V001_36RUU_2024.tif``, in
``SDC30_EBD_V001/<year>/`` folders): 3600 x 3600 px at 30 m in the tile's WGS 84 / UTM zone, 13
uint16 bands, the 12 months and a QA band (not read).

ESDNet's published decoder turns an index ``i`` into 6 values: digit ``d`` of ``i`` in the
mixed radix of the levels (``(i // prod(levels[:d])) % levels[d]``), centred and scaled to
[-1, 1] by half its level. Samples hold ``image`` float32 ``[C, H, W]``: channel
``M<month>_C<d>`` is value ``d`` of that month (default all 72, month by month); pixels that no
file covers are NaN. ``keep_dtype=True`` keeps the uint16 indices of the months read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.core.headers import RasterHeader
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_earth_embeddings import ESD_LEVELS, ESD_MONTHS
from geoplug.datasets._earth_embeddings import EmbeddingLayer
from geoplug.datasets._layers import init_raster

__all__ = ["EmbeddedSeamlessData", "decode_indices"]

_HOMEPAGE = "https://data-starcloud.pcl.ac.cn/iearthdata/64"
#: no FSQ index reaches it (the largest is 63999): the fill of places no file covers
_FILL = 65535


def decode_indices(indices: np.ndarray, levels: Sequence[int] = ESD_LEVELS) -> np.ndarray:
    """The FSQ codes ``[..., len(levels), H, W]`` (float32 in [-1, 1]) of the indices
    ``[..., H, W]``; NaN where an index is out of the quantiser's range."""
    steps = np.asarray(levels, dtype=np.int64)
    basis = np.cumprod(np.concatenate([[1], steps[:-1]]))
    shape = (len(steps),) + (1,) * 2
    wide = indices.astype(np.int64)[..., None, :, :]
    digits = (wide // basis.reshape(shape)) % steps.reshape(shape)
    half = (steps // 2).reshape(shape)
    codes = ((digits - half) / half).astype(np.float32)
    valid = (wide >= 0) & (wide < int(np.prod(steps)))
    return np.where(valid, codes, np.float32(np.nan)).astype(np.float32, copy=False)


class EmbeddedSeamlessData(EmbeddingLayer, spec=spec("embedded_seamless_data")):
    """ESD monthly embeddings (``image`` float32 ``[C, H, W]``, decoded FSQ codes).

    Args:
        paths: the folder holding the ``SDC30_EBD_V001_<tile>_<year>.tif`` files (searched
            recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default: the
            first tile's UTM zone, 30 m); ``nearest`` resampling keeps published codes.
        bands: channels ``M01_C1`` ... ``M12_C6`` to return, in that order (default all 72);
            only the months named are read.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no ESD tile under ``paths``.
        InvalidDataError: a file has fewer than the 12 monthly bands.
        ValueError: unknown band names, or ``defer_resampling`` without ``keep_dtype``.
    """

    coded: ClassVar[bool] = True

    filename_glob: ClassVar[str] = "SDC30_EBD_V001_*.tif"
    filename_regex: ClassVar[str] = (
        r"^SDC30_EBD_V001_(?P<tile>\d{2}[A-Z]{3})_(?P<date>\d{4})\.(?:tif|TIF)$")
    files_wanted: ClassVar[str] = "ESD tiles (e.g. SDC30_EBD_V001_36RUU_2024.tif)"
    date_format: ClassVar[str] = "%Y"
    nodata: ClassVar[float | None] = _FILL
    title: ClassVar[str] = "Embedded Seamless Data"
    #: the months read (1-12), in file order: the bands of the samples before decoding
    months: tuple[int, ...] = ()

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        init_raster(self, paths, crs, res, bands, transforms, **kwargs,
                    hint="Expected SDC30_EBD_V001_<tile>_<year>.tif. Download the tiles of "
                         f"your area from {_HOMEPAGE} and put them there.")

    def _check_band_counts(self, headers: Sequence[RasterHeader]) -> tuple[tuple[int, ...], ...]:
        """Read the months the channels asked for need, once each.

        Raises:
            InvalidDataError: a file has fewer than 12 bands.
        """
        for header in headers:
            if header.count < ESD_MONTHS:
                raise InvalidDataError(
                    f"{header.path!r} has {header.count} band(s); an ESD tile has the "
                    f"{ESD_MONTHS} monthly bands and a QA band: is it the right product?")
        self.months = tuple(sorted({int(band[1:3]) for band in self.bands}))
        return (self.months,)

    def decode(self, array: np.ndarray) -> np.ndarray:
        """The channels asked for, of the months read decoded (see :func:`decode_indices`)."""
        codes = decode_indices(array)  # [months, 6, H, W]
        picks = [(self.months.index(int(b[1:3])), int(b[5:]) - 1) for b in self.bands]
        return np.stack([codes[m, d] for m, d in picks])

"""Google Satellite Embedding: AlphaEarth Foundations' annual 64-D embeddings at 10 m.

Google publishes one Cloud Optimized GeoTIFF per 8192 x 8192 px block of a UTM zone, in
``<year>/<zone>/`` folders (``2024/10N/``; zone number and hemisphere, 120 per year), named
``<id>-<row offset>-<col offset>.tiff`` (``x086q72fv2f9q1x4a-0000000000-0000000000.tiff``), in
``gs://alphaearth_foundations/satellite_embedding/v1/annual/`` (requester pays, 2017-) and the
public copy ``https://data.source.coop/tge-labs/aef/v1/annual/`` (2018-2024, with a ``.vrt``
beside each file, which is not read). A file holds 64 int8 bands, the axes ``A00``-``A63`` in
order, in its zone's WGS 84 / UTM CRS at 10 m; -128 (the files' nodata) masks a pixel in every
band. The files are "bottom-up" (positive y resolution), which the warp engine reads as any
other georeferencing.

The published de-quantisation, ``sign(v) * (|v| / 127.5) ** 2``, gives the unit-length
embedding; samples hold it as ``image`` float32 ``[64, H, W]`` (NaN where masked, unless
``masked=``), dated by the ``<year>`` folder. ``keep_dtype=True`` keeps the int8 codes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.datasets._catalog import spec
from geoplug.datasets._earth_embeddings import EmbeddingLayer
from geoplug.datasets._geodownload import download_folder
from geoplug.datasets._layers import not_found

__all__ = ["GoogleSatelliteEmbedding", "dequantize"]

_URL = "https://data.source.coop/tge-labs/aef/v1/annual"
_GLOB = "*-[0-9]*-[0-9]*.tiff"
_KEY = re.compile(r"^\d{4}/\d{1,2}[NS]/[0-9a-z]+-\d{10}-\d{10}\.tiff$")
#: the int8 code of a masked pixel (the files' nodata)
MASKED = -128
_HINT = (f"Get the files from {_URL}/<year>/<zone>/ (see https://source.coop/tge-labs/aef; "
         "aef_index.parquet there lists them with their footprints) or gs://alphaearth_"
         "foundations/satellite_embedding/v1/annual/, keeping the <year>/<zone>/ folders, or "
         "pass download=True with files=['<year>/<zone>/<name>.tiff', ...].")


def _table(masked: float) -> np.ndarray:
    """The embedding value of each int8 code (index ``code + 128``), worked out in float64."""
    codes = np.arange(-128, 128, dtype=np.float64)
    values = np.sign(codes) * (np.abs(codes) / 127.5) ** 2
    values[0] = masked
    return values.astype(np.float32)


def dequantize(codes: np.ndarray, masked: float = math.nan) -> np.ndarray:
    """The embeddings (float32) of AlphaEarth int8 ``codes``: ``sign(v) * (|v| / 127.5)**2``,
    ``masked`` where the code is -128 (a lookup of the 256 codes)."""
    return np.take(_table(masked), codes.astype(np.int16) + 128)


class GoogleSatelliteEmbedding(EmbeddingLayer, spec=spec("google_satellite_embedding")):
    """AlphaEarth annual embeddings (``image`` float32 ``[C, H, W]``, de-quantised).

    Args:
        paths: the folder holding the ``<year>/<zone>/*.tiff`` files (searched recursively),
            or files or URLs of them (dated by a ``<year>`` folder in their path).
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default: the
            first file's UTM zone, 10 m); ``nearest`` resampling keeps published vectors.
        bands: axes to read, of ``A00``-``A63`` (default all 64, in order).
        year: keep only the files of this year's folder (default: every year, each dated by
            its folder, so a time range in the query picks the year).
        masked: the value of masked pixels (code -128) and of places no file covers.
        files: with ``download``, the files to fetch, as ``"<year>/<zone>/<name>.tiff"``
            (e.g. ``"2024/10N/x086q72fv2f9q1x4a-0000000000-0000000000.tiff"``).
        download: fetch the ``files`` missing under ``paths`` from Source Cooperative.
        checksum: unused: the publisher gives no checksums of the files.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no file (of ``year``) under ``paths``.
        ValueError: unknown band names, ``download`` without ``files`` or with a malformed
            one, or ``defer_resampling`` without ``keep_dtype``.
    """

    coded: ClassVar[bool] = True

    filename_glob: ClassVar[str] = _GLOB
    filename_regex: ClassVar[str] = r"^(?P<id>[0-9a-z]+)-(?P<row>\d{10})-(?P<col>\d{10})\.tiff$"
    files_wanted: ClassVar[str] = ("Satellite Embedding COGs (e.g. 2024/10N/"
                                   "x086q72fv2f9q1x4a-0000000000-0000000000.tiff)")
    title: ClassVar[str] = "Google Satellite Embedding"
    yearly: ClassVar[bool] = True

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 year: int | None = None, masked: float = math.nan,
                 files: Sequence[str] | None = None, download: bool = False,
                 checksum: bool = False, **kwargs: Any) -> None:
        if download:
            self._download(paths, files)
        self.year = year
        self.masked = masked
        not_found(type(self).__name__,
                  lambda: EmbeddingLayer.__init__(self, paths, crs, res, bands, transforms,
                                                  **kwargs),
                  ("" if year is None else f"No file in a {year}/ folder (year={year}). ")
                  + f"Expected <year>/<zone>/<id>-<row>-<col>.tiff. {_HINT}")

    def _download(self, paths: Any, files: Sequence[str] | None) -> None:
        name = type(self).__name__
        if not files:
            raise ValueError(f"{name}: download=True needs files=['<year>/<zone>/<name>.tiff', "
                             "...]: the files to fetch (aef_index.parquet at "
                             f"{_URL}/aef_index.parquet lists them with their footprints)")
        bad = [f for f in files if not _KEY.match(f)]
        if bad:
            raise ValueError(f"{name}: {bad[0]!r} is not a file key like "
                             "'2024/10N/x086q72fv2f9q1x4a-0000000000-0000000000.tiff'")
        folder = download_folder(paths, name)
        have = {p.relative_to(folder).as_posix() for p in find_below(folder, _GLOB)}
        fetch([Resource(f"{_URL}/{key}", key, extract=False) for key in files
               if key not in have], folder)

    def decode(self, array: np.ndarray) -> np.ndarray:
        """The published de-quantisation of the int8 codes (see :func:`dequantize`)."""
        return dequantize(array, self.masked)

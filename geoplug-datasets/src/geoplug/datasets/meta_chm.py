"""Meta / WRI global canopy height map: canopy height in metres at about 1 m (Tolan et al.).

The tiles lie in the public AWS bucket ``dataforgood-fb-data`` (no credentials needed),
``forests/v1/alsgedi_global_v6_float/chm/<quadkey>.tif``: Cloud Optimized GeoTIFFs named by
their zoom-9 Bing quadkey (``120230330.tif``), uint8 canopy height in metres, in Web Mercator
(EPSG:3857), 65536 x 65536 pixels of 40075016.686 / 2**25 = 1.194 m, i.e. exactly one zoom-9
web-mercator tile each. An index ``tiles.geojson`` sits beside ``chm/``;
:func:`quadkeys_covering` computes the tiles of an area without it.

Samples are pixelwise-regression targets: ``mask`` float32 ``[H, W]`` in metres (nearest
resampling keeps the published heights). ``download=True`` fetches the ``quadkeys`` asked for
into ``paths/chm/``. The bucket's validity masks (``msk/<quadkey>.tif.msk``) are not read:
masked pixels come back with the heights the tile stores there. Quadkeys over open water
have no tile, and asking for one fails the download naming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import download_folder
from geoplug.datasets._layers import ContinuousLayer, init_raster
from geoplug.datasets._webmercator import tile_bounds, tiles_in_box

__all__ = ["MetaCHM", "quadkey_bounds", "quadkeys_covering"]

_URL = "https://dataforgood-fb-data.s3.amazonaws.com/forests/v1/alsgedi_global_v6_float/chm"
_HOMEPAGE = "https://registry.opendata.aws/dataforgood-fb-forests/"
#: the zoom level of the tiles (nine-digit quadkeys)
ZOOM = 9


def _check_quadkey(key: str) -> str:
    if not key or any(c not in "0123" for c in key):
        raise ValueError(f"{key!r} is not a quadkey (digits 0-3, one per zoom level, e.g. "
                         "'120230330')")
    return key


def quadkey_bounds(key: str) -> tuple[float, float, float, float]:
    """The tile's (minx, miny, maxx, maxy) in EPSG:3857 metres.

    Raises:
        ValueError: ``key`` is not a quadkey.
    """
    x = y = 0
    for digit in _check_quadkey(key):
        x, y = 2 * x + (int(digit) & 1), 2 * y + (int(digit) >> 1)
    return tile_bounds(x, y, len(key))


def _quadkey(x: int, y: int, zoom: int) -> str:
    return "".join(str(((x >> i) & 1) + 2 * ((y >> i) & 1)) for i in range(zoom - 1, -1, -1))


def quadkeys_covering(west: float, south: float, east: float, north: float,
                      zoom: int = ZOOM) -> list[str]:
    """Quadkeys of the zoom-``zoom`` tiles meeting a WGS 84 box (degrees), north-west first.

    Raises:
        ValueError: the box is not (west, south, east, north) within -180..180 / -90..90.
    """
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise ValueError(f"the box ({west}, {south}, {east}, {north}) is not (west, south, "
                         "east, north) in degrees")
    return [_quadkey(x, y, zoom) for x, y in tiles_in_box(west, south, east, north, zoom)]


class MetaCHM(ContinuousLayer, spec=spec("meta_chm")):
    """Canopy height (``mask`` float32 ``[H, W]``, metres) from the Meta / WRI tiles.

    Args:
        paths: the folder holding ``<quadkey>.tif`` tiles (searched recursively, e.g. a copy
            of the bucket's ``chm/``), or files or URLs (``https://`` or ``s3://`` tiles are
            read remotely).
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default
            EPSG:3857 at 1.194 m).
        bands: ``["height"]`` (the only band) or ``None``.
        quadkeys: with ``download``, the tiles to fetch (:func:`quadkeys_covering` names
            those of an area).
        download: fetch the missing ``quadkeys`` into ``paths/chm/``.
        checksum: unused: Meta publishes no checksums of the tiles.
        **kwargs: ``merge``, ``keep_dtype``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no ``<quadkey>.tif`` under ``paths``.
        ValueError: ``download`` without ``quadkeys``, or a malformed quadkey.
    """

    filename_glob: ClassVar[str] = "[0-3]*.tif"
    filename_regex: ClassVar[str] = r"^(?P<quadkey>[0-3]{1,23})\.tif$"
    files_wanted: ClassVar[str] = "Meta canopy height tiles (e.g. 120230330.tif)"
    units: ClassVar[dict[str, str]] = {"height": "m"}
    title: ClassVar[str] = "Canopy"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 quadkeys: Sequence[str] | None = None, download: bool = False,
                 checksum: bool = False, **kwargs: Any) -> None:
        if download:
            self._download(paths, quadkeys)
        init_raster(
            self, paths, crs, res, bands, transforms, **kwargs,
            hint=f"Expected <quadkey>.tif tiles from {_URL}/ (see {_HOMEPAGE}), or pass "
                 "download=True with quadkeys=[...] (meta_chm.quadkeys_covering(west, south, "
                 "east, north) names those of an area).")

    def _download(self, paths: Any, quadkeys: Sequence[str] | None) -> None:
        if not quadkeys:
            raise ValueError("download=True needs quadkeys=[...]: the zoom-9 tiles to fetch "
                             "(meta_chm.quadkeys_covering(west, south, east, north) names "
                             "those of an area)")
        folder = download_folder(paths, type(self).__name__)
        have = {p.name for p in find_below(folder, "[0-3]*.tif")}
        wanted = [f"{_check_quadkey(k)}.tif" for k in quadkeys]
        fetch([Resource(f"{_URL}/{n}", f"chm/{n}", extract=False) for n in wanted
               if n not in have], folder)

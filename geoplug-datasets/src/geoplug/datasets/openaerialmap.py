"""OpenAerialMap: openly licensed aerial, UAV and satellite RGB imagery, cached as GeoTIFF tiles.

OpenAerialMap's catalog API (``https://api.openaerialmap.org/meta``, hotosm/oam-catalog)
answers ``?bbox=west,south,east,north`` with ``{"meta": {...}, "results": [...]}``; each
result is one image of the Open Imagery Network with ``_id``, ``title``, ``bbox``, ``gsd``
(m), ``acquisition_start``/``acquisition_end``, ``uuid`` (the URL of its RGB GeoTIFF) and
``properties.tms``, a web-mercator XYZ tile template (``.../{z}/{x}/{y}`` or
``.../{z}/{x}/{y}.png``; newer images use the TiTiler form ``.../cog/tiles/WebMercatorQuad/
{z}/{x}/{y}@1x?url=...``). With ``download=True`` the loader asks ``catalog_url`` for the
images over ``bbox``, newest first (``order_by=acquisition_end&sort=desc``), takes the first
with a tile service (or the ``tms`` template given), fetches the zoom-``zoom`` tiles covering
``bbox`` (PNG or JPEG, usually 256 x 256) and caches each as a georeferenced GeoTIFF
``OAM-<x>-<y>-<z>.tif`` (the tile naming TorchGeo uses) in EPSG:3857 with the tile's exact
bounds, so that it is read like any raster. Tiles outside the image (HTTP 404) are skipped
with a warning. The Open Imagery Network's own GeoTIFFs (``<image id>.tif``, as ``uuid``
links them) under ``paths`` are read too; bands are R, G, B (an alpha band is not read).

0 is no data: a tile's pixels outside the image (transparent, alpha 0, or outside its mask) are
cached as 0 and the tiles carry nodata 0, while its image pixels that are 0 become 1; so where
images overlap, the first one's transparent border does not hide the next one's pixels. In an
Open Imagery Network GeoTIFF, pixels 0 in all of R, G, B (its transparent border) are no data.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import rasterio
from affine import Affine
from rasterio.crs import CRS

from geoplug.core.download import download_answer
from geoplug.core.errors import InvalidDataError
from geoplug.core.raster import RasterDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_openaerialmap import OAM_CATALOG_URL
from geoplug.datasets._geodownload import download_folder
from geoplug.datasets._layers import init_raster
from geoplug.datasets._webmercator import check_lonlat_box, tile_bounds, tiles_in_box

__all__ = ["OAM_CATALOG_URL", "OpenAerialMap", "tile_bounds", "tiles_covering"]

_HOMEPAGE = "https://openaerialmap.org/"
_HINT = ("Pass download=True with bbox=(west, south, east, north) and zoom to fetch tiles "
         f"through the OpenAerialMap catalog ({OAM_CATALOG_URL}), or put the images' "
         f"GeoTIFFs (<image id>.tif, see {_HOMEPAGE}) under paths.")


def tiles_covering(bbox: Sequence[float], zoom: int) -> list[tuple[int, int, int]]:
    """``(x, y, z)`` of the web-mercator XYZ tiles meeting ``bbox`` (west, south, east, north
    in degrees), north-west first.

    Raises:
        ValueError: ``bbox`` is not a box of degrees, or ``zoom`` is outside 0..24.
    """
    west, south, east, north = check_lonlat_box(bbox)
    if not 0 <= zoom <= 24:
        raise ValueError(f"zoom is a tile zoom level in 0..24, got {zoom!r}")
    return [(x, y, zoom) for x, y in tiles_in_box(west, south, east, north, zoom)]


def _get_json(url: str, folder: Path, name: str) -> Any:
    """``url``'s JSON answer, fetched through the shared download path (and not kept).

    Raises:
        OSError: the server cannot be reached or answers with an error.
        InvalidDataError: the answer is not JSON.
    """
    path = download_answer(url, folder, name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise InvalidDataError(f"{url} did not answer with JSON: {err}") from err
    finally:
        path.unlink(missing_ok=True)


def _georeference(raw: Path, target: Path, x: int, y: int, z: int) -> None:
    """Write the tile image ``raw`` (PNG, JPEG, ...) as the GeoTIFF ``target`` (EPSG:3857,
    the tile's bounds; R, G, B; nodata 0), atomically: pixels outside the image (alpha or mask
    0) are 0, image pixels at least 1.

    Raises:
        InvalidDataError: ``raw`` is not an image, or has fewer than three bands.
    """
    try:
        with warnings.catch_warnings():  # a tile image has no georeferencing: it is added here
            warnings.simplefilter("ignore", rasterio.errors.NotGeoreferencedWarning)
            src = rasterio.open(raw)
        with src:
            if src.count < 3:
                raise InvalidDataError(f"tile {z}/{x}/{y} has {src.count} band(s), not RGB")
            pixels = src.read([1, 2, 3])
            valid = src.dataset_mask() > 0  # the alpha band (or mask): 0 outside the image
    except rasterio.errors.RasterioIOError as err:
        raise InvalidDataError(f"tile {z}/{x}/{y} is not an image: {err}") from err
    pixels = np.where(valid, np.maximum(pixels, 1), 0).astype(pixels.dtype)  # 0: no data
    height, width = pixels.shape[1:]
    left, bottom, right, top = tile_bounds(x, y, z)
    profile = {"driver": "GTiff", "width": width, "height": height, "count": 3,
               "dtype": pixels.dtype, "crs": CRS.from_epsg(3857), "compress": "deflate",
               "transform": Affine((right - left) / width, 0.0, left,
                                   0.0, (bottom - top) / height, top),
               "photometric": "RGB", "nodata": 0}
    part = target.with_name(f".{target.name}.part")
    with rasterio.open(part, "w", **profile) as dst:
        dst.write(pixels)
    os.replace(part, target)


class OpenAerialMap(RasterDataset, spec=spec("openaerialmap")):
    """OpenAerialMap RGB imagery (``image`` float32 ``[3, H, W]``) from cached tiles; 0 is no
    data (outside the images; image pixels are at least 1).

    Args:
        paths: the folder of the ``OAM-<x>-<y>-<z>.tif`` tiles (and Open Imagery Network
            GeoTIFFs), searched recursively, or such files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default: the
            first file's, EPSG:3857 at the zoom's pixel size for tiles).
        bands: subset of ``["R", "G", "B"]``.
        bbox: (west, south, east, north) in degrees: the area to download.
        zoom: the tile zoom level to download (19: about 0.3 m at the equator; pick one near
            the image's ``gsd``).
        tms: an XYZ tile template (``.../{z}/{x}/{y}``) of one image, skipping the catalog.
        catalog_url: the catalog API's image search (default :data:`OAM_CATALOG_URL`).
        download: fetch the tiles of ``bbox`` missing under ``paths``.
        checksum: unused (OpenAerialMap publishes no checksums); accepted for the common
            signature.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no tile or image GeoTIFF under ``paths``.
        ValueError: ``download`` without ``bbox``, a bad ``bbox`` or ``zoom``.
        OSError: the catalog cannot be reached, no image with tiles covers ``bbox``, or no
            tile could be fetched.
        InvalidDataError: the catalog's answer is not JSON, or a tile is not an RGB image.
    """

    filename_glob: ClassVar[str] = "*.[tT][iI][fF]*"
    filename_regex: ClassVar[str] = (
        r"^(?:OAM-(?P<x>\d+)-(?P<y>\d+)-(?P<z>\d+)|[0-9a-f]{24}"
        r"|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(?:tif|tiff|TIF)$")
    #: transparent pixels (cached as 0) are no data, and overlapping images fill them
    nodata: ClassVar[float | None] = 0

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 bbox: Sequence[float] | None = None, zoom: int = 19, tms: str | None = None,
                 catalog_url: str | None = None, download: bool = False,
                 checksum: bool = False, **kwargs: Any) -> None:
        #: the catalog image (``_id``, ``title``, ``uuid``, ``gsd``...) and ``tms`` template
        #: the tiles were fetched from by this call (None when nothing was fetched)
        self.source: dict[str, Any] | None = None
        if download:
            if bbox is None:
                raise ValueError("download=True needs bbox=(west, south, east, north) in "
                                 "degrees: the area to fetch")
            self._download(paths, tiles_covering(bbox, zoom), tms,
                           catalog_url or OAM_CATALOG_URL, bbox)
        init_raster(self, paths, crs, res, bands, transforms, **kwargs,
                    hint=f"Expected OAM-<x>-<y>-<z>.tif tiles or <image id>.tif. {_HINT}")

    def _image(self, catalog_url: str, bbox: Sequence[float], folder: Path) -> dict[str, Any]:
        """The newest catalog image over ``bbox`` that has a tile service.

        Raises:
            OSError: the catalog is unreachable, or no image with tiles covers ``bbox``.
            InvalidDataError: the answer is not the catalog's JSON.
        """
        query = urllib.parse.urlencode({"bbox": ",".join(f"{float(v):.7f}" for v in bbox),
                                        "order_by": "acquisition_end", "sort": "desc",
                                        "limit": 100})
        sep = "&" if "?" in catalog_url else "?"
        doc = _get_json(f"{catalog_url}{sep}{query}", folder, ".oam-catalog.json")
        results = doc.get("results") if isinstance(doc, dict) else None
        if not isinstance(results, list):
            raise InvalidDataError(f"{catalog_url} did not answer with the OpenAerialMap "
                                   "catalog's {'meta', 'results'} JSON")
        for result in results:
            tms = ((result or {}).get("properties") or {}).get("tms")
            if isinstance(tms, str) and "{z}" in tms:
                return {"tms": tms, **{k: result.get(k) for k in (
                    "_id", "title", "uuid", "gsd", "acquisition_end", "provider")}}
        raise OSError(f"no OpenAerialMap image with tiles covers bbox {list(bbox)} "
                      f"({catalog_url}); try another area, or pass tms=")

    def _download(self, paths: Any, tiles: list[tuple[int, int, int]], tms: str | None,
                  catalog_url: str, bbox: Sequence[float]) -> None:
        """Fetch and georeference the missing ``tiles`` into ``paths``."""
        folder = download_folder(paths, type(self).__name__)
        missing = [t for t in tiles if not (folder / "OAM-{}-{}-{}.tif".format(*t)).is_file()]
        if not missing:
            return
        folder.mkdir(parents=True, exist_ok=True)
        self.source = {"tms": tms} if tms else self._image(catalog_url, bbox, folder)
        template = self.source["tms"]
        skipped: list[str] = []
        for x, y, z in missing:
            url = template.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y))
            name = f"OAM-{x}-{y}-{z}.tif"
            try:
                raw = download_answer(url, folder, f".{name}.download")
            except OSError as err:
                cause = err.__cause__
                if not (isinstance(cause, urllib.error.HTTPError) and cause.code == 404):
                    raise
                skipped.append(url)
                continue
            try:
                _georeference(raw, folder / name, x, y, z)
            finally:
                raw.unlink(missing_ok=True)
        if len(skipped) == len(missing):
            raise OSError(f"no tile of bbox {list(bbox)} at zoom {missing[0][2]} could be "
                          f"fetched from {template} (HTTP 404, e.g. {skipped[0]}); is the "
                          "image over this area at this zoom?")
        if skipped:
            warnings.warn(f"{len(skipped)} of {len(missing)} tiles are not served (HTTP 404, "
                          f"outside the image), e.g. {skipped[0]}", UserWarning, stacklevel=3)

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The RGB image (0-255 scaled to 0-1); returns the Figure."""
        from geoplug.core.plot import plot_sample

        rgb = [self.bands.index(b) for b in self.rgb_bands if b in self.bands]
        scaled = dict(sample)
        scaled["image"] = np.clip(np.asarray(sample["image"], dtype=np.float32) / 255.0, 0, 1)
        return plot_sample(scaled, rgb_indices=rgb, show_titles=show_titles, suptitle=suptitle)

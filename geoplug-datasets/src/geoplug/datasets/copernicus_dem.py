"""Copernicus DEM GLO-30 and GLO-90: the global TanDEM-X digital surface model.

The public copies are Cloud Optimized GeoTIFFs of 1 x 1 degree tiles named by their
lower-left corner, ``Copernicus_DSM_COG_<arcsec>_<N45>_00_<E006>_00_DEM.tif`` (``10``:
GLO-30, 1 arc-second; ``30``: GLO-90, 3 arc-seconds), each in a folder of its name in the
buckets ``https://copernicus-dem-30m.s3.amazonaws.com`` and ``...-90m``: one float32 band of
heights in metres (EGM2008), WGS 84. The shared east and south rows of the DGED originals are
dropped, so a GLO-30 tile is 3600 rows of pixels centred on whole arc-seconds from the
tile's north edge; above 50 degrees of latitude its columns are wider (1.5 to 10 times).
Ocean cells have no tile (the publisher: heights there are 0, this dataset's fill value);
each bucket lists its tiles in ``tileList.txt``.

``download=True`` fetches that list and the listed ``tiles`` (``"N45E006"``;
:func:`tiles_covering` names those of an area) into the bucket's layout; cells the list lacks
(ocean, or GLO-30 tiles not released to the public) are skipped. Elevation is an input
layer: samples hold ``image`` float32 ``[1, H, W]``, resampled bilinearly, to stack onto
imagery with ``&``. A folder holding both products needs ``resolution=``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.core.raster import RasterDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_copernicus_dem import COPERNICUS_DEM_ARCSEC
from geoplug.datasets._layers import init_raster, value_figure
from geoplug.datasets._lonlat import cells_to_download, choose_release, releases_found
from geoplug.datasets._lonlat import tiles_covering as _covering

__all__ = ["CopernicusDEM", "tile_name", "tiles_covering"]

#: product resolution (m) -> its public bucket
_URLS: dict[int, str] = {30: "https://copernicus-dem-30m.s3.amazonaws.com",
                         90: "https://copernicus-dem-90m.s3.amazonaws.com"}
_GLOB = "Copernicus_DSM_COG_*_DEM.[Tt][Ii][Ff]"
_LISTED = re.compile(r"Copernicus_DSM_COG_(?:10|30)_[NS]\d{2}_00_[EW]\d{3}_00_DEM")
_HINT = ("Get the tiles from https://copernicus-dem-30m.s3.amazonaws.com (GLO-30) or "
         "https://copernicus-dem-90m.s3.amazonaws.com (GLO-90), <name>/<name>.tif (see "
         "https://registry.opendata.aws/copernicus-dem/), or pass download=True with "
         "tiles=[...] (copernicus_dem.tiles_covering(west, south, east, north) names those of "
         "an area).")


def _regex(arcsec: str = "10|30") -> str:
    """Tile names of the product(s) ``arcsec`` (a regular expression; default both)."""
    return (rf"^Copernicus_DSM_COG_(?P<arcsec>{arcsec})_(?P<tile>[NS]\d{{2}}_00_[EW]\d{{3}}_00)"
            r"_DEM\.(?:tif|TIF)$")


def tiles_covering(west: float, south: float, east: float, north: float) -> list[str]:
    """Names of the 1 degree tiles meeting a WGS 84 box (degrees), to download.

    Raises:
        ValueError: the box is not (west, south, east, north) in degrees.
    """
    return _covering(west, south, east, north, step=1)


def tile_name(tile: str, resolution: int = 30) -> str:
    """The product's name of cell ``tile``: ``N45E006`` -> ``Copernicus_DSM_COG_10_N45_00_
    E006_00_DEM`` (GLO-30)."""
    return (f"Copernicus_DSM_COG_{COPERNICUS_DEM_ARCSEC[resolution]}_{tile[:3]}_00_"
            f"{tile[3:]}_00_DEM")


class CopernicusDEM(RasterDataset, spec=spec("copernicus_dem")):
    """Copernicus DEM heights (``image`` float32 ``[1, H, W]``, metres).

    Args:
        paths: the folder holding the tiles (searched recursively), or files or URLs of tiles.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default WGS 84
            at the first tile's spacing; bilinear when reprojected).
        bands: ``None`` or ``["elevation"]``.
        resolution: 30 (GLO-30) or 90 (GLO-90): the product to read, needed when ``paths``
            holds both, and the one to download (default 30). Not the output grid (``res``).
        tiles: with ``download``, the cells to fetch by lower-left corner (``"N45E006"``).
        download: fetch the bucket's ``tileList.txt`` and the listed ``tiles`` missing under
            ``paths``.
        checksum: unused: the buckets publish no checksums of the tiles.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no tile (of ``resolution``) under ``paths``.
        ValueError: both products under ``paths`` and no ``resolution``, an unknown
            ``resolution``, ``download`` without ``tiles``, or a malformed tile name.
    """

    filename_glob: ClassVar[str] = _GLOB
    filename_regex: ClassVar[str] = _regex()
    files_wanted: ClassVar[str] = ("Copernicus DEM tiles (e.g. "
                                   "Copernicus_DSM_COG_10_N45_00_E006_00_DEM.tif)")
    resampling: ClassVar[str | None] = "bilinear"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 resolution: int | None = None, tiles: Sequence[str] | None = None,
                 download: bool = False, checksum: bool = False, **kwargs: Any) -> None:
        if resolution is not None and resolution not in COPERNICUS_DEM_ARCSEC:
            raise ValueError(f"resolution is 30 (GLO-30) or 90 (GLO-90), got {resolution!r}")
        if download:
            self._download(paths, resolution or 30, tiles)
        by_arcsec = {v: k for k, v in COPERNICUS_DEM_ARCSEC.items()}
        found = [f"{by_arcsec[a]}" for a in releases_found(paths, _GLOB, _regex(), "arcsec")]
        chosen = choose_release(type(self).__name__, paths, found,
                                None if resolution is None else str(resolution),
                                "resolution", _HINT)
        if chosen is not None:
            arcsec = COPERNICUS_DEM_ARCSEC[int(chosen)]
            self.filename_regex = _regex(arcsec)  # type: ignore[misc]  # one product read
        #: the product read, 30 or 90 (None until a tile is found)
        self.resolution = None if chosen is None else int(chosen)
        init_raster(self, paths, crs, res, bands, transforms, **kwargs,
                    hint=f"Expected Copernicus_DSM_COG_<10|30>_<N45>_00_<E006>_00_DEM.tif. "
                         f"{_HINT}")

    def _download(self, paths: Any, resolution: int, tiles: Sequence[str] | None) -> None:
        folder, cells = cells_to_download(type(self).__name__, paths, tiles, 1, "copernicus_dem")
        base = _URLS[resolution]
        listing = fetch([Resource(f"{base}/tileList.txt",
                                  f"copernicus-dem-{resolution}m_tileList.txt", extract=False)],
                        folder)[0]
        listed = set(_LISTED.findall(listing.read_text(encoding="utf-8", errors="replace")))
        have = {p.name[: -len(".tif")] for p in find_below(folder, _GLOB)}
        names = [tile_name(t, resolution) for t in cells]
        fetch([Resource(f"{base}/{n}/{n}.tif", f"{n}/{n}.tif", extract=False)
               for n in names if n in listed and n not in have], folder)

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The heights with a colour bar in metres (the files' nodata blank); returns the
        Figure."""
        product = {30: "GLO-30", 90: "GLO-90"}.get(self.resolution or 0, "")
        return value_figure(sample["image"], f"Copernicus DEM {product}".strip(),
                            "elevation (m)", show_titles, suptitle,
                            nodata=self._sources[0].nodata)

"""Aboveground Live Woody Biomass Density (Global Forest Watch / Woods Hole, year 2000).

Global Forest Watch publishes 280 tiles of 10 x 10 degrees, each named by its upper-left
corner (``10N_020E``: 10 N, 20 E), as float32 GeoTIFFs of biomass density (Mg/ha), WGS 84,
0.00025 degree (about 30 m), 0 = no data. Their download URLs are listed in an ArcGIS Hub
GeoJSON index (one polygon per tile, properties ``tile_id`` and ``Mg_ha_1_download``, the
density; ``Mg_px_1_download`` links biomass per pixel, in Mg, which is not read; older exports
``download``): ``download=True`` fetches the index as
``Aboveground_Live_Woody_Biomass_Density.geojson``, then each tile as ``<tile_id>.tif``
(``tiles=`` limits it to some). Tiles keeping the publisher's longer names
(``10N_020E_t_aboveground_biomass_ha_2000.tif``) are read too.

Samples are pixelwise-regression targets: ``mask`` float32 ``[H, W]``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.core.errors import InvalidDataError
from geoplug.core.raster import RasterDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import download_folder
from geoplug.datasets._layers import init_raster, value_figure

__all__ = ["AbovegroundLiveWoodyBiomassDensity"]

_INDEX = "Aboveground_Live_Woody_Biomass_Density.geojson"
_URL = ("https://opendata.arcgis.com/api/v3/datasets/3e8736c8866b458687e00d40c9f00bce_0/"
        "downloads/data?format=geojson&spatialRefId=4326")


def _tile_urls(index: Any) -> dict[str, str]:
    """``tile_id -> URL`` from the GeoJSON index.

    Raises:
        InvalidDataError: the index is not the GeoJSON of tiles it should be.
    """
    try:
        with open(index, encoding="utf-8") as f:
            features = json.load(f)["features"]
        urls = {}
        for feature in features:
            props = feature["properties"]
            # the density (Mg/ha); the index also links biomass per pixel (Mg_px_1: Mg)
            urls[props["tile_id"]] = props.get("Mg_ha_1_download") or props["download"]
        return urls
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InvalidDataError(f"{index} is not the tile index GeoJSON (features with "
                               f"tile_id and Mg_ha_1_download): {err}; delete it and pass "
                               "download=True again") from err


class AbovegroundLiveWoodyBiomassDensity(RasterDataset, spec=spec("agb_live_woody_density")):
    """Biomass density tiles (``mask`` float32 ``[H, W]``, Mg/ha; 0 = no data).

    Args:
        paths: the folder holding the tiles (searched recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default WGS 84,
            0.00025 degree; nearest when reprojected).
        bands: unused (one band); must be ``None``.
        tiles: with ``download``, the tile ids to fetch (e.g. ``["10N_020E"]``; default all).
        download: fetch the index and the missing tiles into ``paths``.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no tile under ``paths`` (and ``download`` is false).
        InvalidDataError: the downloaded index is not the tile GeoJSON.
        ValueError: ``tiles`` names ids that the index lacks.
    """

    filename_glob: ClassVar[str] = "*_*.tif"
    filename_regex: ClassVar[str] = r"^(?P<tile>\d{2}[NS]_\d{3}[EW])(?:_[^.]*)?\.tif$"
    files_wanted: ClassVar[str] = "biomass density tiles (e.g. 10N_020E.tif)"
    is_image: ClassVar[bool] = False
    resampling: ClassVar[str | None] = "nearest"
    mask_dtype: ClassVar[str] = "float32"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 tiles: Sequence[str] | None = None, download: bool = False,
                 **kwargs: Any) -> None:
        if download:
            folder = download_folder(paths, type(self).__name__)
            index = fetch([Resource(_URL, _INDEX, extract=False)], folder)[0]
            urls = _tile_urls(index)
            unknown = [t for t in tiles or () if t not in urls]
            if unknown:
                raise ValueError(f"tiles {unknown} are not in the index; it lists "
                                 f"{sorted(urls)}")
            wanted = list(tiles) if tiles is not None else sorted(urls)
            have = {p.name[:8] for p in find_below(folder, "*_*.tif")}
            fetch([Resource(urls[t], f"{t}.tif", extract=False)
                   for t in wanted if t not in have], folder)
        init_raster(
            self, paths, crs, res, bands, transforms, **kwargs,
            hint="Expected <tile_id>.tif tiles (e.g. 10N_020E.tif). Pass download=True (and "
                 "tiles=[...]) or run `geoplug datasets download agb_live_woody_density "
                 "--root DIR`.")

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The biomass density with a colour bar (no data blank); returns the Figure."""
        return value_figure(sample["mask"], "Aboveground live woody biomass density",
                            "Mg/ha", show_titles, suptitle, nodata=0)

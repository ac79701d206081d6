"""Fake STAC catalogs over fake Cloud-Optimised GeoTIFFs, for testing STAC datasets.

:func:`write_stac_scenes` writes scenes as one COG per band (as Sentinel-2 and Landsat are
published) with pixel values that say where they come from (:mod:`geoplug.core.testing.rasters`),
and returns one STAC item dict per scene: ``datetime``, lon/lat ``bbox`` and ``geometry``, the
projection extension (``proj:code``, ``proj:transform``, ``proj:shape``, ``proj:bbox``), and per
asset ``eo:bands`` and ``raster:bands`` (dtype, nodata). Asset hrefs are the local files, or
``base_url + file name`` to serve them over HTTP. Needs pystac (``geoplug-core[stac]``) only to
validate nothing: the items are plain dicts, so this module imports no optional package.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from geoplug.core.testing.rasters import SceneSet, write_geotiff_scenes

__all__ = ["stac_items", "write_stac_scenes"]

STAC_EXTENSIONS = [
    "https://stac-extensions.github.io/projection/v2.0.0/schema.json",
    "https://stac-extensions.github.io/eo/v1.1.0/schema.json",
    "https://stac-extensions.github.io/raster/v1.1.0/schema.json",
]


def _to_cog(path: Path, blocksize: int, overviews: bool = False) -> None:
    """Rewrite the GeoTIFF ``path`` in place as a COG (tiled, header first; ``overviews``:
    halved until they fit a block, averaged)."""
    import rasterio.shutil

    tmp = path.with_name(path.stem + ".cog.tif")
    rasterio.shutil.copy(path, tmp, driver="COG", BLOCKSIZE=blocksize, COMPRESS="NONE",
                         OVERVIEWS="AUTO" if overviews else "NONE", RESAMPLING="AVERAGE")
    os.replace(tmp, path)


def write_stac_scenes(
    root: str | os.PathLike[str],
    *,
    crs: str = "EPSG:32631",
    bands: Sequence[str] = ("B02", "B03", "B04"),
    dtype: str = "uint16",
    res: float = 10.0,
    size: int = 64,
    count: int = 3,
    dates: Sequence[date] | None = None,
    blocksize: int = 128,
    overviews: bool = False,
    nodata: float | None = None,
    origin: tuple[float, float] | None = None,
) -> SceneSet:
    """Write ``count`` scenes of one COG per band, ``scene_{index:02d}_{band}.tif``
    (``overviews``: with averaged overviews, 2x, 4x, ... down to one block).

    Returns:
        The :class:`~geoplug.core.testing.rasters.SceneSet` (expected values anywhere).

    Raises:
        ValueError: bad sizes or dates (see ``write_geotiff_scenes``).
    """
    scenes = write_geotiff_scenes(
        root, crs=crs, bands=bands, dtype=dtype, res=res, size=size, count=count, dates=dates,
        separate_files=True, filename="scene_{index:02d}_{band}.tif", nodata=nodata,
        origin=origin)
    for scene in scenes.scenes:
        for path in scene.paths:
            _to_cog(path, blocksize, overviews)
    return scenes


def stac_items(
    scenes: SceneSet,
    *,
    base_url: str | None = None,
    collection: str = "fake-s2",
    cloud_cover: Sequence[float] | None = None,
    projection: bool = True,
    dates: Sequence[date | datetime] | None = None,
) -> list[dict[str, Any]]:
    """One STAC item dict per scene of ``scenes`` (one asset per band, keyed by band name).

    ``base_url``: asset hrefs are ``base_url/<file name>`` (else the local paths).
    ``projection=False`` leaves out the projection fields (readers must open the files).
    ``cloud_cover``: ``eo:cloud_cover`` per scene (default ``10 * index``).
    ``dates``: item datetimes (default: the scenes' dates, else 2024-01-(index+1)).
    """
    from pyproj import CRS, Transformer

    to_lonlat = Transformer.from_crs(CRS.from_user_input(scenes.crs), "EPSG:4326",
                                     always_xy=True)
    items = []
    for scene in scenes.scenes:
        a, _, c, _, e, f = scene.transform
        left, top = c, f
        right, bottom = c + a * scene.width, f + e * scene.height
        xs, ys = to_lonlat.transform([left, right, right, left], [top, top, bottom, bottom])
        ring = [[float(x), float(y)] for x, y in zip(xs, ys)]
        when = (dates[scene.index] if dates is not None else scene.date
                or date(2024, 1, scene.index + 1))
        if not isinstance(when, datetime):
            when = datetime(when.year, when.month, when.day, 10, 30, tzinfo=timezone.utc)
        props: dict[str, Any] = {
            "datetime": when.isoformat().replace("+00:00", "Z"),
            "eo:cloud_cover": float(cloud_cover[scene.index] if cloud_cover is not None
                                    else 10 * scene.index),
        }
        if projection:
            props.update({"proj:code": scenes.crs, "proj:shape": [scene.height, scene.width],
                          "proj:transform": [*scene.transform, 0.0, 0.0, 1.0],
                          "proj:bbox": [left, bottom, right, top]})
        assets = {}
        for band, path in zip(scenes.bands, scene.paths):
            href = f"{base_url.rstrip('/')}/{path.name}" if base_url else str(path)
            raster: dict[str, Any] = {"data_type": scenes.dtype}
            if scenes.nodata is not None:
                raster["nodata"] = scenes.nodata
            assets[band] = {"href": href, "type": "image/tiff; application=geotiff; "
                            "profile=cloud-optimized", "roles": ["data"],
                            "eo:bands": [{"name": band}], "raster:bands": [raster]}
        items.append({
            "type": "Feature", "stac_version": "1.1.0", "stac_extensions": STAC_EXTENSIONS,
            "id": f"{collection}-{scene.index:02d}", "collection": collection,
            "bbox": [min(xs), min(ys), max(xs), max(ys)],
            "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            "properties": props, "assets": assets, "links": [],
        })
    return items

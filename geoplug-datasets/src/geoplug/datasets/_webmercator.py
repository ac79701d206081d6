"""Web-mercator (EPSG:3857) XYZ tiles, shared by the loaders of tiled web maps (Meta's canopy
height quadkeys, OpenAerialMap's tiles) and the lon/lat boxes their downloads take."""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["HALF_WIDTH", "check_lonlat_box", "tile_bounds", "tiles_in_box"]

#: half the web-mercator world's width, metres
HALF_WIDTH = 20037508.342789244
#: the latitude of the square world's edges
_MAX_LAT = 85.0511287798066


def _fraction(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    """(``lon``, ``lat``) in tile units of zoom ``zoom`` (column, row from the north-west),
    latitudes beyond the square world's edges put on them."""
    n = 2 ** zoom
    lat = max(-_MAX_LAT, min(_MAX_LAT, lat))
    s = math.sin(math.radians(lat))
    return (lon + 180.0) / 360.0 * n, (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * n


def tiles_in_box(west: float, south: float, east: float, north: float, zoom: int
                 ) -> list[tuple[int, int]]:
    """Column and row of each zoom-``zoom`` tile meeting the box (degrees), north-west first;
    a box ending on a tile's east or south edge does not take the tile past that edge."""
    last = 2 ** zoom - 1
    fx0, fy0 = _fraction(west, north, zoom)
    fx1, fy1 = _fraction(east, south, zoom)
    x0, y0 = min(max(math.floor(fx0), 0), last), min(max(math.floor(fy0), 0), last)
    x1 = max(x0, min(math.ceil(fx1 - 1e-9) - 1, last))
    y1 = max(y0, min(math.ceil(fy1 - 1e-9) - 1, last))
    return [(x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]


def tile_bounds(x: int, y: int, z: int) -> tuple[float, float, float, float]:
    """The XYZ tile's (minx, miny, maxx, maxy) in EPSG:3857 metres (rows count from the
    north)."""
    size = 2 * HALF_WIDTH / 2**z
    return (-HALF_WIDTH + x * size, HALF_WIDTH - (y + 1) * size, -HALF_WIDTH + (x + 1) * size,
            HALF_WIDTH - y * size)


def check_lonlat_box(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    """``bbox`` as four floats (west, south, east, north), checked.

    Raises:
        ValueError: not four numbers, or not a box of degrees with west < east, south < north.
    """
    try:
        west, south, east, north = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise ValueError(f"bbox is (west, south, east, north) in degrees, got {bbox!r}"
                         ) from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError(f"bbox is (west, south, east, north) in degrees with west < east and "
                         f"south < north, got {bbox!r}")
    return west, south, east, north

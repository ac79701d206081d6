"""Web-mercator XYZ tiles of a lon/lat box (Meta CHM quadkeys, OpenAerialMap tiles)."""

from __future__ import annotations

import pytest
from pyproj import Transformer

from geoplug.datasets._webmercator import check_lonlat_box, tile_bounds, tiles_in_box


def test_a_box_ending_on_a_tile_edge_takes_no_tile_past_it() -> None:
    # zoom 1: four tiles; the west half of the northern hemisphere is tile (0, 0) alone
    assert tiles_in_box(-180.0, 0.0, 0.0, 85.0, 1) == [(0, 0)]
    assert tiles_in_box(-180.0, -85.0, 180.0, 85.0, 1) == [(0, 0), (1, 0), (0, 1), (1, 1)]
    # a box just over the edge takes the neighbours
    assert tiles_in_box(-180.0, -0.001, 0.001, 85.0, 1) == [(0, 0), (1, 0), (0, 1), (1, 1)]
    # a point on an edge is in the tile east / south of it; a point inside, in its tile
    assert tiles_in_box(0.0, 0.0, 0.0, 0.0, 1) == [(1, 1)]
    assert tiles_in_box(10.0, 50.0, 10.0, 50.0, 3) == [(4, 2)]


def test_tiles_hold_the_box_by_their_own_bounds() -> None:
    box = (7.25, 46.1, 7.9, 46.6)
    to_merc = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    (x0, x1), (y0, y1) = to_merc.transform([box[0], box[2]], [box[1], box[3]])
    tiles = tiles_in_box(*box, 9)
    bounds = [tile_bounds(x, y, 9) for x, y in tiles]
    assert min(b[0] for b in bounds) <= x0 and max(b[2] for b in bounds) >= x1
    assert min(b[1] for b in bounds) <= y0 and max(b[3] for b in bounds) >= y1
    for x, y in tiles:  # each tile meets the box
        minx, miny, maxx, maxy = tile_bounds(x, y, 9)
        assert minx < x1 and maxx > x0 and miny < y1 and maxy > y0


def test_lonlat_box_is_checked() -> None:
    assert check_lonlat_box([1, 2, 3, 4]) == (1.0, 2.0, 3.0, 4.0)
    for bad in ([3, 2, 1, 4], [1, 2, 3], ["a", 2, 3, 4], [0, -91, 1, 0]):
        with pytest.raises(ValueError, match="west, south, east, north"):
            check_lonlat_box(bad)

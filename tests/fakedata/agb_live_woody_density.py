"""Fake Aboveground Live Woody Biomass Density: ``<tile_id>.tif`` tiles (float32 Mg/ha,
WGS 84, 0.00025 degree, 0 = no data, named by the upper-left corner) and the ArcGIS GeoJSON
index listing each tile's download URL.

Tile ``k`` holds ``agb_value(k, row, col)`` from its upper-left corner, 0 in the corner.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from affine import Affine

from fakedata._layers import grid, write_tif

__all__ = ["INDEX", "RES", "agb_index", "agb_tile", "agb_value", "corner"]

RES = 0.00025
INDEX = "Aboveground_Live_Woody_Biomass_Density.geojson"


def agb_value(k: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Biomass of tile ``k``: 200 per tile, 1.5 per row, 0.5 per column; 0 in the corner."""
    value = (200.0 * k + 5.0 + 1.5 * rows + 0.5 * cols).astype(np.float32)
    return np.where(rows + cols < 2, np.float32(0), value).astype(np.float32)


def corner(tile: str) -> tuple[float, float]:
    """Upper-left corner (lon, lat) of ``10N_020E``-style tiles."""
    lat = float(tile[:2]) * (1 if tile[2] == "N" else -1)
    lon = float(tile[4:7]) * (1 if tile[7] == "E" else -1)
    return lon, lat


def agb_tile(root: str | Path, tile: str = "10N_020E", k: int = 0, size: int = 40,
             name: str | None = None) -> Path:
    """Write ``size`` px of ``tile`` (its upper-left corner) as ``root/<name or tile>.tif``."""
    lon, lat = corner(tile)
    rows, cols = grid(size, size)
    return write_tif(Path(root) / (name or f"{tile}.tif"), agb_value(k, rows, cols),
                     "EPSG:4326", Affine(RES, 0.0, lon, 0.0, -RES, lat), nodata=0)


def agb_index(path: str | Path, urls: dict[str, str], key: str = "Mg_ha_1_download",
              per_pixel: dict[str, str] | None = None) -> Path:
    """Write the GeoJSON index (one 10 degree polygon per tile with its URL under ``key``)
    to ``path``. As Global Forest Watch's index, each tile may also link its biomass per
    pixel (Mg) under ``Mg_px_1_download``: ``per_pixel`` gives those URLs."""
    features = []
    for i, (tile, url) in enumerate(sorted(urls.items()), start=1):
        lon, lat = corner(tile)
        ring = [[lon, lat], [lon + 10, lat], [lon + 10, lat - 10], [lon, lat - 10], [lon, lat]]
        props: dict[str, object] = {"tile_id": tile, key: url, "ObjectId": i,
                                    "Shape__Area": 1.2e12, "Shape__Length": 4.4e6}
        if per_pixel and tile in per_pixel:
            props["Mg_px_1_download"] = per_pixel[tile]
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    path = Path(path)
    path.write_text(json.dumps({"type": "FeatureCollection", "name": INDEX[:-8],
                                "features": features}))
    return path

"""Fake Google Open Buildings v3: ``<token>_buildings.csv.gz`` per S2 cell (latitude,
longitude, area_in_meters, confidence, geometry as WKT, full_plus_code) and ``tiles.geojson``
(the cells with tile_id, tile_url, size_mb)."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

from pyproj import Geod

__all__ = ["BUILDINGS", "CELLS", "cell_csv", "tiles_geojson", "write_release"]

#: cell token -> (lon0, lat0, lon1, lat1) of the cell (a box enclosing its buildings)
CELLS = {
    "0fd": (-0.2100, 5.5500, -0.1900, 5.5700),
    "0ff": (-0.1900, 5.5500, -0.1700, 5.5700),
}
#: cell -> buildings (lon0, lat0, lon1, lat1, confidence) near Accra
BUILDINGS = {
    "0fd": [(-0.2000, 5.5600, -0.1990, 5.5606, 0.91),
            (-0.1980, 5.5600, -0.1972, 5.5604, 0.66),
            (-0.2000, 5.5590, -0.1960, 5.5594, 0.78)],
    "0ff": [(-0.1850, 5.5650, -0.1840, 5.5660, 0.70)],
}
_GEOD = Geod(ellps="WGS84")


def _wkt(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


def cell_csv(root: str | Path, token: str, header: bool = True, gz: bool = True,
             buildings: list[tuple[float, float, float, float, float]] | None = None) -> Path:
    """Write ``root/<token>_buildings.csv.gz`` (or ``.csv``) of ``buildings`` (default: the
    cell's in :data:`BUILDINGS`); return its path."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(["latitude", "longitude", "area_in_meters", "confidence", "geometry",
                         "full_plus_code"])
    for i, (x0, y0, x1, y1, conf) in enumerate(
            BUILDINGS[token] if buildings is None else buildings):
        area = abs(_GEOD.polygon_area_perimeter([x0, x1, x1, x0], [y0, y0, y1, y1])[0])
        writer.writerow([f"{(y0 + y1) / 2:.7f}", f"{(x0 + x1) / 2:.7f}", f"{area:.4f}",
                         f"{conf:.4f}", _wkt(x0, y0, x1, y1), f"6CQXG{i}J2+3R"])
    path = Path(root) / f"{token}_buildings.csv{'.gz' if gz else ''}"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = out.getvalue().encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def tiles_geojson(root: str | Path) -> Path:
    """Write ``root/tiles.geojson`` listing every cell; return its path."""
    url = "https://storage.googleapis.com/open-buildings-data/v3/polygons_s2_level_4_gzip/"
    features = []
    for token, (x0, y0, x1, y1) in CELLS.items():
        features.append({"type": "Feature",
                         "properties": {"tile_id": token,
                                        "tile_url": f"{url}{token}_buildings.csv.gz",
                                        "size_mb": 0.001},
                         "geometry": {"type": "Polygon", "coordinates": [
                             [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}})
    path = Path(root) / "tiles.geojson"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def write_release(root: str | Path) -> Path:
    """Both cells' files and the tile index, as downloaded; return ``root``."""
    for token in CELLS:
        cell_csv(root, token)
    tiles_geojson(root)
    return Path(root)

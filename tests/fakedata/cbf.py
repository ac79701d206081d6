"""Fake Canadian Building Footprints: ``<Province>.geojson`` (WGS 84 polygons with no
properties, as Microsoft ships them) and the ``<Province>.zip`` that holds it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

__all__ = ["BUILDINGS", "province_geojson", "province_zip"]

#: (lon0, lat0, lon1, lat1) rectangles: three buildings near Calgary.
BUILDINGS = [
    (-114.0700, 51.0500, -114.0690, 51.0506),
    (-114.0680, 51.0500, -114.0672, 51.0504),
    (-114.0700, 51.0490, -114.0660, 51.0494),
]


def _polygon(box: tuple[float, float, float, float]) -> dict[str, object]:
    x0, y0, x1, y1 = box
    return {"type": "Polygon",
            "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def province_geojson(root: str | Path, province: str = "Alberta",
                     boxes: list[tuple[float, float, float, float]] = BUILDINGS) -> Path:
    """Write ``root/<province>.geojson``; return its path."""
    path = Path(root) / f"{province}.geojson"
    path.parent.mkdir(parents=True, exist_ok=True)
    features = [{"type": "Feature", "properties": {}, "geometry": _polygon(b)} for b in boxes]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def province_zip(root: str | Path, province: str = "Alberta") -> Path:
    """Write ``root/<province>.zip`` holding ``<province>.geojson``; return the zip."""
    root = Path(root)
    staging = root / ".staging"
    src = province_geojson(staging, province)
    path = root / f"{province}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(src, src.name)
    src.unlink()
    staging.rmdir()
    return path

"""Fake patch-embedding GeoParquet files as Clay, Earth Genome and Major TOM publish them.

- Clay v0: ``{MGRS}_{MINDATE}_{MAXDATE}_v001.gpq``; columns ``index`` (int64), ``source_url``,
  ``date`` (date32), ``embeddings`` (list<float32>, 768), ``geometry`` (WKB polygon);
  GeoParquet 1.0.0 ``geo`` metadata with the OGC:CRS84 PROJJSON.
- Earth Index: ``2024/<MGRS>_2024-01-01_2025-01-01.parquet``; ``id``, ``embedding``
  (list<float32>, 384), ``geometry`` (WKB point, the chip centre), ``geo`` and ``emb``
  metadata.
- Major TOM: ``embeddings/part_00001-00050.parquet``; ``unique_id``, ``embedding``,
  ``timestamp``, ``product_id``, ``grid_cell``, ``grid_row_u``, ``grid_col_r``, ``geometry``
  (WKB polygon), ``centre_lat``, ``centre_lon``, ``utm_footprint``, ``utm_crs``,
  ``pixel_bbox``.

Chips lie on a grid (row ``r``, column ``c`` of ``SIDE``-degree squares from a file's origin)
and a chip's vector encodes its file, row and dimension: ``value(f, k, d) = f * 100000 +
k * 1000 + d`` (exact in float32), so a test proves which chips a box returns and that each
vector is its footprint's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

__all__ = ["CLAY", "EARTH_INDEX", "MAJOR_TOM", "SIDE", "FakeFile", "value", "write_all",
           "write_file"]

#: chip side in degrees
SIDE = 0.05
_CRS84 = {"$schema": "https://proj.org/schemas/v0.7/projjson.schema.json",
          "type": "GeographicCRS", "name": "WGS 84 (CRS84)",
          "datum_ensemble": {"name": "World Geodetic System 1984 ensemble",
                             "members": [{"name": f"World Geodetic System 1984 ({m})"} for m in (
                                 "Transit", "G730", "G873", "G1150", "G1674", "G1762", "G2139")],
                             "ellipsoid": {"name": "WGS 84", "semi_major_axis": 6378137,
                                           "inverse_flattening": 298.257223563},
                             "accuracy": "2.0", "id": {"authority": "EPSG", "code": 6326}},
          "coordinate_system": {"subtype": "ellipsoidal", "axis": [
              {"name": "Geodetic longitude", "abbreviation": "Lon", "direction": "east",
               "unit": "degree"},
              {"name": "Geodetic latitude", "abbreviation": "Lat", "direction": "north",
               "unit": "degree"}]},
          "id": {"authority": "OGC", "code": "CRS84"}}


@dataclass(frozen=True)
class FakeFile:
    """One file: its path under the root, index ``f`` (encoded in the vectors), the upper-left
    corner of its grid, its chips' (row, column) cells and their dates."""

    name: str
    f: int
    origin: tuple[float, float]
    cells: tuple[tuple[int, int], ...]
    dates: tuple[str, ...] = ()

    def box(self, k: int) -> tuple[float, float, float, float]:
        """``(minx, miny, maxx, maxy)`` of chip ``k``."""
        r, c = self.cells[k]
        x0, y0 = self.origin[0] + c * SIDE, self.origin[1] - (r + 1) * SIDE
        return x0, y0, x0 + SIDE, y0 + SIDE

    def centre(self, k: int) -> tuple[float, float]:
        x0, y0, x1, y1 = self.box(k)
        return (x0 + x1) / 2, (y0 + y1) / 2


def value(f: int, k: int, d: int) -> float:
    """The fake embedding value of file ``f``, chip ``k``, dimension ``d``."""
    return float(f * 100000 + k * 1000 + d)


def _vectors(file: FakeFile, dim: int) -> pa.Array:
    rows = [[value(file.f, k, d) for d in range(dim)] for k in range(len(file.cells))]
    return pa.array(rows, type=pa.list_(pa.float32()))


def _geo_metadata(types: Sequence[str], boxes: np.ndarray) -> bytes:
    return json.dumps({
        "version": "1.0.0", "primary_column": "geometry",
        "columns": {"geometry": {"encoding": "WKB", "geometry_types": list(types),
                                 "crs": _CRS84,
                                 "bbox": [float(boxes[:, 0].min()), float(boxes[:, 1].min()),
                                          float(boxes[:, 2].max()), float(boxes[:, 3].max())]}},
        "creator": {"library": "geopandas", "version": "0.14.1"}}).encode()


#: Clay v0: a tile of one date and a tile whose chips have three dates
CLAY = (
    FakeFile("03WVN_20220610_20220610_v001.gpq", 0, (-167.0, 65.2),
             ((0, 0), (0, 1), (1, 0), (1, 1), (2, 2)), ("2022-06-10",) * 5),
    FakeFile("27WXN_20200101_20231231_v001.gpq", 1, (-166.8, 65.2),
             ((0, 0), (0, 0), (1, 1)), ("2020-03-01", "2021-07-15", "2023-12-31")),
)
#: Earth Index: two MGRS tiles of the 2024 mosaics (point geometries, the chip centres)
EARTH_INDEX = (
    FakeFile("2024/21MNT_2024-01-01_2025-01-01.parquet", 0, (-56.0, -4.0),
             ((0, 0), (0, 1), (1, 0), (1, 1))),
    FakeFile("2024/21MNU_2024-01-01_2025-01-01.parquet", 1, (-56.0, -3.8),
             ((0, 0), (2, 3))),
)
#: Major TOM: two parts; the timestamps' text form is not confirmed: the first part writes the
#: sensing time as Sentinel product names do, the second as ISO 8601 with a space
MAJOR_TOM = (
    FakeFile("embeddings/part_00001-00050.parquet", 0, (12.0, 42.0),
             ((0, 0), (0, 1), (1, 0)),
             ("20200704T100031", "20200704T100031", "20210302T095029")),
    FakeFile("embeddings/part_00051-00100.parquet", 1, (12.2, 42.0),
             ((0, 0), (1, 1)), ("2019-08-15 10:10:31", "2022-01-01 00:00:00")),
)
def _compact(when: str) -> str:
    """A time as Sentinel product names write it (``20190815T101031``)."""
    return when.replace("-", "").replace(" ", "T").replace(":", "")


DIMS = {"clay": 768, "earth_index": 384, "major_tom": 16}


def write_file(root: str | Path, product: str, file: FakeFile) -> Path:
    """Write ``root/<file.name>`` in ``product``'s layout; return its path."""
    path = Path(root) / file.name
    path.parent.mkdir(parents=True, exist_ok=True)
    n = len(file.cells)
    boxes = np.asarray([file.box(k) for k in range(n)])
    polygons = shapely.box(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3])
    vectors = _vectors(file, DIMS[product])
    if product == "clay":
        geometry = pa.array(shapely.to_wkb(polygons).tolist(), type=pa.binary())
        table = pa.table({
            "index": pa.array(range(n), type=pa.int64()),
            "source_url": [f"s3://clay-tiles-02/02/{file.name[:5]}/claytile_{k:04d}.tif"
                           for k in range(n)],
            "date": pa.array([date.fromisoformat(d) for d in file.dates], type=pa.date32()),
            "embeddings": vectors, "geometry": geometry})
        types = ["Polygon"]
    elif product == "earth_index":
        points = shapely.points([file.centre(k) for k in range(n)])
        table = pa.table({"id": [f"{file.name[5:10]}-{k}" for k in range(n)],
                          "embedding": vectors,
                          "geometry": pa.array(shapely.to_wkb(points).tolist(), pa.binary())})
        types = ["Point"]
        boxes = np.asarray([file.centre(k) * 2 for k in range(n)])
    else:
        centres = [file.centre(k) for k in range(n)]
        table = pa.table({
            "unique_id": [f"{file.f:02d}{k:030d}" for k in range(n)],
            "embedding": vectors,
            "timestamp": list(file.dates),
            "product_id": [f"S2A_MSIL2A_{_compact(d)}_N0212_R022_T33TUG_{_compact(d)}"
                           for d in file.dates],
            "grid_cell": [f"{470 + r}U_{90 + c}R" for r, c in file.cells],
            "grid_row_u": pa.array([470 + r for r, _ in file.cells], pa.int16()),
            "grid_col_r": pa.array([90 + c for _, c in file.cells], pa.int16()),
            "geometry": pa.array(shapely.to_wkb(polygons).tolist(), type=pa.binary()),
            "centre_lat": pa.array([y for _, y in centres], pa.float32()),
            "centre_lon": pa.array([x for x, _ in centres], pa.float32()),
            "utm_footprint": [f"POLYGON (({k} 0, ...))" for k in range(n)],
            "utm_crs": ["EPSG:32633"] * n,
            "pixel_bbox": pa.array([[0, 0, 224, 224]] * n, pa.list_(pa.int64()))})
        types = ["Polygon"]
    metadata = {b"geo": _geo_metadata(types, boxes)}
    if product == "earth_index":
        metadata[b"emb"] = json.dumps({"version": "0.0.1", "embedding_dim": DIMS[product],
                                       "model": {"id": "dinov2_vits14_softcon",
                                                 "source": "https://github.com/zhu-xlab/softcon"},
                                       "start_datetime": "2024-01-01T00:00:00Z",
                                       "end_datetime": "2025-01-01T00:00:00Z"}).encode()
    pq.write_table(table.replace_schema_metadata(metadata), path)
    return path


def write_all(root: str | Path, product: str) -> list[Path]:
    """Write every fake file of ``product`` (``clay``, ``earth_index``, ``major_tom``)."""
    files = {"clay": CLAY, "earth_index": EARTH_INDEX, "major_tom": MAJOR_TOM}[product]
    return [write_file(root, product, f) for f in files]

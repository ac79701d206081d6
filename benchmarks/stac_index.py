"""STAC index scale: a 1,000,000-item STAC-GeoParquet catalog opened and queried.

Generates (once, under ``bench-data/``) a STAC-GeoParquet table of Sentinel-2-like items (one
asset, UTM zone 31N tiles of 10,980 m on a grid, twelve months of dates, the projection
extension filled in), then, each in a fresh process so that memory is measured alone:

* ``open``: ``StacDataset(table, assets=["B04"])`` (first open: the index cache empty) and a
  bbox + time query;
* ``re-open``: the same again, from the index cache the first open wrote;

and prints seconds and the peak resident memory. Targets (issue 21): under 5 s to open and
query, under 1 s re-opened, under 2 GB. Nothing is read from the network or opened as a
raster. Run ``python benchmarks/stac_index.py [--items N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent.parent / "bench-data"
TILE = 10980.0  # metres: a Sentinel-2 tile, 1098 x 1098 pixels of 10 m


def generate(n: int, path: Path) -> None:
    """Write ``n`` items as STAC-GeoParquet with the schema stac-geoparquet writes."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely
    from pyproj import Transformer

    from geoplug.core.stac_index import save_items

    # the schema and metadata of stac-geoparquet itself, from two real items
    sample = path.with_suffix(".sample.parquet")
    items = []
    for i in range(2):
        items.append({
            "type": "Feature", "stac_version": "1.1.0", "stac_extensions": [], "id": f"s{i}",
            "collection": "sentinel-2-l2a", "bbox": [0.0, 0.0, 1.0, 1.0],
            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1],
                                                             [0, 0]]]},
            "properties": {"datetime": "2024-01-01T10:30:00Z", "proj:code": "EPSG:32631",
                           "proj:shape": [1098, 1098],
                           "proj:transform": [10.0, 0.0, 0.0, 0.0, -10.0, 0.0]},
            "assets": {"B04": {"href": "s3://b/x.tif", "raster:bands": [
                {"data_type": "uint16", "nodata": 0.0}]}},
            "links": []})
    save_items(items, sample)
    schema = pq.read_schema(sample)
    rng = np.random.default_rng(0)
    side = int(np.ceil(np.sqrt(n / 12)))  # twelve dates per tile
    tile = np.arange(n) % (side * side)
    x0 = 200000.0 + (tile % side) * TILE
    y1 = 4000000.0 + (tile // side + 1) * TILE
    day = (np.arange(n) // (side * side)) * 30 + rng.integers(0, 30, n)
    when = np.datetime64("2024-01-01T10:30:00", "us") + day.astype("timedelta64[D]")
    lon, lat = Transformer.from_crs("EPSG:32631", "EPSG:4326", always_xy=True).transform(
        np.concatenate([x0, x0 + TILE]), np.concatenate([y1 - TILE, y1]))
    lon0, lon1, lat0, lat1 = lon[:n], lon[n:], lat[:n], lat[n:]
    columns = {
        "type": pa.array(["Feature"] * n),
        "stac_version": pa.array(["1.1.0"] * n),
        "stac_extensions": pa.array([[]] * n, type=schema.field("stac_extensions").type),
        "id": pa.array([f"S2_{i:07d}" for i in range(n)]),
        "geometry": pa.array(shapely.to_wkb(shapely.box(lon0, lat0, lon1, lat1)),
                             type=pa.binary()),
        "bbox": pa.StructArray.from_arrays(
            [pa.array(lon0), pa.array(lat0), pa.array(lon1), pa.array(lat1)],
            names=["xmin", "ymin", "xmax", "ymax"]),
        "links": pa.array([[]] * n, type=schema.field("links").type),
        "assets": pa.array([{"B04": {"href": f"s3://bucket/{i}/B04.tif", "raster:bands": [
            {"data_type": "uint16", "nodata": 0.0}]}} for i in range(n)],
            type=schema.field("assets").type),
        "collection": pa.array(["sentinel-2-l2a"] * n),
        "datetime": pa.array(when, type=pa.timestamp("us", tz="UTC")),
        "proj:code": pa.array(["EPSG:32631"] * n),
        "proj:shape": pa.array([[1098, 1098]] * n, type=schema.field("proj:shape").type),
        "proj:transform": pa.ListArray.from_arrays(
            pa.array(np.arange(n + 1, dtype=np.int32) * 6),
            pa.array(np.column_stack([np.full(n, 10.0), np.zeros(n), x0, np.zeros(n),
                                      np.full(n, -10.0), y1]).ravel())),
    }
    arrays = [columns[f.name].cast(f.type) for f in schema]
    table = pa.Table.from_arrays(arrays, schema=schema)
    pq.write_table(table, path, row_group_size=100_000)
    sample.unlink()


def _measure(path: Path) -> dict[str, float]:
    """Open and query in this process (run by ``main`` in a child)."""
    from geoplug.core.bbox import BoundingBox
    from geoplug.core.stac import StacDataset

    start = time.perf_counter()
    ds = StacDataset(path, assets=["B04"])
    opened = time.perf_counter() - start
    t0 = time.perf_counter()
    q = BoundingBox(400000, 460000, 4050000, 4110000,
                    float(np.datetime64("2024-03-01", "s").astype(int)),
                    float(np.datetime64("2024-05-01", "s").astype(int)))
    hits = ds._hits(q)
    query = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"items": len(ds), "open_s": opened, "query_s": query, "total_s": opened + query,
            "hits": len(hits), "peak_MB": rss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure)))
        return
    path = DATA / f"stac_{args.items}.parquet"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        t = time.perf_counter()
        generate(args.items, path)
        print(f"generated {path} in {time.perf_counter() - t:.1f} s")
    print(f"{'run':10} {'items':>9} {'open s':>8} {'query s':>8} {'hits':>6} {'peak MB':>8}")
    cache = tempfile.mkdtemp(prefix="geoplug-stac-bench-")
    env = {**os.environ, "GEOPLUG_CACHE_DIR": cache}
    for run in ("open", "re-open"):
        out = subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True,
                             capture_output=True, text=True, env=env).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{run:10} {r['items']:>9} {r['open_s']:>8.2f} {r['query_s']:>8.4f} "
              f"{r['hits']:>6} {r['peak_MB']:>8.0f}")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Downsampled warped reads: geoplug's eager read against GDAL's own warp of the same patches.

The zone-16 Landsat scenes of the sampling workload (7 band files, uint16, 30 m) are read on
the zone-15 grid at 60 m and 120 m, bilinear: GDAL widens its kernel to the downsampling (and
the grids' rotation), which geoplug's engine mirrors (``kernels.widened``). geoplug reads the
patches with ``dataset[query]`` from full-resolution pixels (``use_overviews=False``, what GDAL
reads); GDAL's side is ``rasterio.warp.reproject`` of each band file onto the patch's grid
(bilinear, default tolerance), handles opened once. Both run in this process, one thread,
same patches (inside the scenes), timed in turns; the pixels are checked to agree (within
1 DN, as the tests require) before timing. Rates are patches/s; the ratio is geoplug / GDAL.

Run ``python benchmarks/downsampling.py [--patches 48] [--repeats 3]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _workload import ROOT, ensure
from sampling import BANDS, PATCH, SEED, geoplug_classes

RESOLUTIONS = (60.0, 120.0)


def gdal_reader(paths: list[str]) -> Callable[[Any, float], np.ndarray]:
    """Warp the band files onto a query's grid with GDAL (``rasterio.warp.reproject``)."""
    import rasterio
    from rasterio.enums import Resampling
    from rasterio.transform import from_origin
    from rasterio.warp import reproject

    handles = [rasterio.open(p) for p in paths]

    def read(query: Any, res: float) -> np.ndarray:
        out = np.zeros((len(handles), PATCH, PATCH), dtype=np.uint16)
        dst = from_origin(query.minx, query.maxy, res, res)
        for k, src in enumerate(handles):
            reproject(rasterio.band(src, 1), out[k], dst_transform=dst, dst_crs="EPSG:32615",
                      resampling=Resampling.bilinear, src_nodata=0, dst_nodata=0)
        return out

    return read


def band_files(folder: Path) -> list[list[str]]:
    """Per scene, its band files in ``BANDS`` order."""
    scenes = []
    for scene in sorted(p for p in folder.rglob("LC08_*") if p.is_dir()):
        files = {b: next(iter(scene.glob(f"*_{b}.TIF")), None) for b in BANDS}
        if all(files.values()):
            scenes.append([str(files[b]) for b in BANDS])
    return scenes


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=int, default=2000, help="scene size in pixels (2000)")
    p.add_argument("--patches", type=int, default=48, help="patches per resolution")
    p.add_argument("--repeats", type=int, default=3, help="timed turns; the median is kept")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    from rasterio.coords import BoundingBox as Box

    from geoplug.core import RandomGeoSampler

    work = ensure(ROOT / "bench-data", args.size)
    landsat_cls, _ = geoplug_classes()
    scene = band_files(work.z16)[0]
    gdal = gdal_reader(scene)
    print(f"{Path(scene[0]).parent.name}: {len(scene)} bands, zone 16 -> zone 15 grid, "
          f"{PATCH} x {PATCH} patches, bilinear, full-resolution pixels, 1 thread")
    print("| resolution | downsampling | geoplug | GDAL | geoplug / GDAL | max diff (DN) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for res in RESOLUTIONS:
        ds = landsat_cls([str(Path(scene[0]).parent)], crs="EPSG:32615", res=res,
                         bands=BANDS, keep_dtype=True, use_overviews=False)
        # patches inside the scene (no edge): both sides then warp every pixel
        box = ds.bounds
        inner = Box(box.minx + 4000, box.miny + 4000, box.maxx - 4000, box.maxy - 4000)
        queries = [q for q in RandomGeoSampler(ds, PATCH, length=args.patches * 4, seed=SEED)
                   if q.minx >= inner.left and q.maxx <= inner.right
                   and q.miny >= inner.bottom and q.maxy <= inner.top][:args.patches]
        diff = 0
        for q in queries:  # agreement first (and warm handles, caches)
            ours = ds[q]["image"].numpy().astype(np.int64)
            theirs = gdal(q, res).astype(np.int64)
            both = (ours > 0) & (theirs > 0)
            diff = max(diff, int(np.abs(ours - theirs)[both].max(initial=0)))
        rates: dict[str, list[float]] = {"geoplug": [], "gdal": []}
        for _ in range(args.repeats):
            start = time.perf_counter()
            for q in queries:
                ds[q]
            rates["geoplug"].append(len(queries) / (time.perf_counter() - start))
            start = time.perf_counter()
            for q in queries:
                gdal(q, res)
            rates["gdal"].append(len(queries) / (time.perf_counter() - start))
        ours_rate, gdal_rate = (statistics.median(rates[k]) for k in ("geoplug", "gdal"))
        print(f"| {res:.0f} m | {res / 30:.0f}x | {ours_rate:.1f}/s | {gdal_rate:.1f}/s | "
              f"{ours_rate / gdal_rate:.2f} | {diff} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

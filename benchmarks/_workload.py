"""The benchmark workload: Landsat 8 C2 L2 scenes in two UTM zones and a CDL mask.

Written once under ``bench-data/`` and reused while its parameters are unchanged (a
``workload.json`` marker records them). The files come from the test-data generators of
``tests/fakedata/geo.py`` (imported by path, so the benchmark needs no test package), at
benchmark size: uncompressed, 512-pixel tiled COGs with overviews, one uint16 file per band.

Layout (``<root>/<tag>/``)::

    landsat/z15/LC08_L2SP_023032_<date>_<date>_02_T1/..._SR_B<n>.TIF   (EPSG:32615)
    landsat/z16/LC08_L2SP_022032_<date>_<date>_02_T1/..._SR_B<n>.TIF   (EPSG:32616)
    cdl/2023_30m_cdls.tif          CDL-like uint8 mask, EPSG:5070, covering every scene
    cdl_aligned/2023_30m_cdls.tif  the same mask warped (nearest) onto the zone-15 30 m grid

The content is deterministic (pixel values are functions of map position), so a rerun with the
same parameters produces the same files.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType

import numpy as np
import rasterio
from affine import Affine
from rasterio.enums import Resampling
from rasterio.warp import reproject

ROOT = Path(__file__).resolve().parent.parent
FAKEDATA = ROOT / "tests" / "fakedata" / "geo.py"
_FORMAT = 1  # bump when the layout below changes


@dataclass(frozen=True)
class Workload:
    """Where the workload lives and what it holds."""

    root: Path
    size: int
    z15: Path
    z16: Path
    cdl: Path
    cdl_aligned: Path
    zone15_scenes: tuple[tuple[str, tuple[float, float, float, float]], ...]
    # (first band file, (left, bottom, right, top)) of each zone-15 scene, date order


def _fakedata() -> ModuleType:
    """``tests/fakedata/geo.py`` loaded by path (the benchmark does not install tests)."""
    spec = importlib.util.spec_from_file_location("_bench_fakedata_geo", FAKEDATA)
    if spec is None or spec.loader is None:  # pragma: no cover - the repository is broken
        raise FileNotFoundError(f"cannot load the workload generator {FAKEDATA}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _aligned_mask(src: Path, dst: Path, like: list[Path], geo: ModuleType) -> None:
    """Warp the Albers mask (nearest) onto the zone-15 scenes' 30 m grid, as a COG."""
    with rasterio.open(like[0]) as first:
        crs, res = first.crs, first.transform.a
    lefts, bottoms, rights, tops = [], [], [], []
    for path in like:
        with rasterio.open(path) as ds:
            b = ds.bounds
            lefts.append(b.left)
            bottoms.append(b.bottom)
            rights.append(b.right)
            tops.append(b.top)
    left, top = min(lefts), max(tops)
    width = round((max(rights) - left) / res)
    height = round((top - min(bottoms)) / res)
    transform = Affine(res, 0.0, left, 0.0, -res, top)
    out = np.zeros((height, width), dtype=np.uint8)
    with rasterio.open(src) as ds:
        reproject(rasterio.band(ds, 1), out, dst_transform=transform, dst_crs=crs,
                  dst_nodata=0, resampling=Resampling.nearest)
        cmap = ds.colormap(1)
    profile = {"driver": "GTiff", "width": width, "height": height, "count": 1,
               "dtype": "uint8", "crs": crs, "transform": transform, "nodata": 0,
               "tiled": True, "blockxsize": 512, "blockysize": 512}
    dst.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(dst, "w", **profile) as ds:
        ds.write(out, 1)
        ds.write_colormap(1, cmap)
    geo.to_cog(dst, 512)


def ensure(root: Path, size: int = 2000) -> Workload:
    """The workload of ``size``-pixel scenes under ``root``, generated if missing or stale."""
    tag = root / f"landsat-cdl-{size}"
    params = {"format": _FORMAT, "size": size}
    marker = tag / "workload.json"
    fresh = True
    if marker.exists():
        try:
            fresh = json.loads(marker.read_text()).get("params") != params
        except ValueError:
            fresh = True
    z15, z16 = tag / "landsat" / "z15", tag / "landsat" / "z16"
    cdl_dir, aligned_dir = tag / "cdl", tag / "cdl_aligned"
    if fresh:
        print(f"generating the workload under {tag} (once) ...", flush=True)
        shutil.rmtree(tag, ignore_errors=True)
        geo = _fakedata()
        scenes15 = geo.landsat8_scenes(z15, size=size, cog=True, blocksize=512, zones=(15,))
        scenes16 = geo.landsat8_scenes(z16, size=size, cog=True, blocksize=512, zones=(16,))
        mask = geo.cdl(cdl_dir, cover=[*scenes15, *scenes16], blocksize=512)
        geo.to_cog(mask, 512)
        _aligned_mask(mask, aligned_dir / mask.name, [s.files[0] for s in scenes15], geo)
        marker.write_text(json.dumps({"params": params}))
    for path in tag.rglob("*.[Tt][Ii][Ff]"):  # read-only, as training data should be:
        path.chmod(0o444)  # geoplug memory-maps only files that cannot be truncated under it
    scenes = []
    for path in sorted(z15.glob("*/*_SR_B1.TIF")):
        with rasterio.open(path) as ds:
            scenes.append((str(path), tuple(ds.bounds)))
    return Workload(tag, size, z15, z16, cdl_dir / "2023_30m_cdls.tif",
                    aligned_dir / "2023_30m_cdls.tif", tuple(scenes))  # type: ignore[arg-type]


def ensure_tiles(root: Path, n: int) -> Path:
    """A folder of ``n`` tiny single-band GeoTIFF tiles (8 x 8, 30 m, EPSG:32615) side by side,
    like a large tiled product: for timing index building, where the file count is the cost."""
    folder = root / f"tiles-{n}"
    marker = folder / "tiles.json"
    if marker.exists():
        return folder
    print(f"generating {n} tiles under {folder} (once) ...", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    side = int(np.ceil(np.sqrt(n)))
    profile = {"driver": "GTiff", "width": 8, "height": 8, "count": 1, "dtype": "uint8",
               "crs": "EPSG:32615"}
    for i in range(n):
        transform = Affine(30.0, 0.0, 300_000 + (i % side) * 240.0, 0.0, -30.0,
                           4_400_000 - (i // side) * 240.0)
        with rasterio.open(folder / f"tile_{i:05d}.tif", "w", transform=transform,
                           **profile) as ds:
            ds.write(np.full((1, 8, 8), i % 251, dtype=np.uint8))
    marker.write_text(json.dumps({"n": n}))
    return folder


if __name__ == "__main__":  # pragma: no cover - manual use
    print(asdict(ensure(ROOT / "bench-data")))

"""A seeded sweep of warps against GDAL: random source and destination CRSs, dtypes, nodata,
methods and scales; eager, deferred (CPU ``Resample``) and the batched kernel alike equal
``rasterio.warp.reproject`` of the whole scene: nearest exactly and bilinear within 1 DN (the
engine's own kernels), GDAL's other methods (run by GDAL on a window of the scene) exactly for
the order statistics and within 1 DN for the others; and mosaics of two overlapping scenes
in two CRSs, the first file's pixels first (GDAL's alpha says which pixels each gives); and
downsampled reads of Cloud Optimized GeoTIFFs against GDAL's warp of the overview read.
Patches reach 159 pixels: over 100 and mostly off a scene, GDAL warps them in chunks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
import rasterio.warp
from affine import Affine
from rasterio.enums import Resampling

from fakedata import geo
from geoplug.core.bbox import BoundingBox
from geoplug.core.collate import stack_samples
from geoplug.core.errors import QueryOutsideDataError
from geoplug.core.raster import RasterDataset
from geoplug.core.resample import Resample
from geoplug.core.warp import plan_read

#: CRS and pixel size of each kind of grid (metres; degrees for geographic)
GRIDS = {"utm15": ("EPSG:32615", 30.0), "utm16": ("EPSG:32616", 30.0),
         "albers": ("EPSG:5070", 30.0), "mercator": ("EPSG:3857", 40.0),
         "geographic": ("EPSG:4326", 0.0003)}


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))


def _reference(path: Path, crs: str, query: BoundingBox, res: float, method: str,
               fill: float, shape: tuple[int, int, int], dtype: str,
               alpha: bool = False) -> np.ndarray:
    """GDAL's warp of the whole scene onto the patch (``alpha``: its alpha as the last band)."""
    out = np.full(shape, fill, dtype=dtype)
    if alpha:
        out[-1] = 0
    with rasterio.open(path) as src:
        rasterio.warp.reproject(src.read(), out, src_transform=src.transform, src_crs=src.crs,
                                src_nodata=src.nodata, dst_transform=Affine(
                                    res, 0, query.minx, 0, -res, query.maxy),
                                dst_crs=crs, dst_nodata=fill, resampling=Resampling[method],
                                **({"dst_alpha": shape[0]} if alpha else {}))
    return out


def _samples(rng: np.random.Generator, eager: RasterDataset, res: float, n: int,
             size_max: int, margin: float, origin: tuple[float, float] | None = None
             ) -> Iterator[tuple[BoundingBox, int, int, dict[str, Any]]]:
    """``(query, height, width, eager sample)`` of ``n`` random patches of up to ``size_max``
    pixels, from ``margin`` times the data's size west/south of it to its east/north edge
    (``origin``: snapped to whole pixels of a grid through it); those missing the data are
    skipped."""
    b = eager.bounds
    for _ in range(n):
        h, w = (int(v) for v in rng.integers(8, size_max, size=2))
        x = rng.uniform(b.minx - margin * b.width, b.maxx)
        y = rng.uniform(b.miny - margin * b.height, b.maxy)
        if origin is not None:
            x = origin[0] + round((x - origin[0]) / res) * res
            y = origin[1] + round((y - origin[1]) / res) * res
        q = BoundingBox(x, x + w * res, y, y + h * res)
        try:
            yield q, h, w, eager[q]
        except QueryOutsideDataError:
            continue


def _assert_paths_equal(sample: dict[str, Any], deferred: dict[str, Any], key: str,
                        ref: np.ndarray, tol: float, label: str) -> None:
    """The eager sample, the deferred one resampled on the CPU and by the batched kernel all
    equal GDAL's ``ref`` within ``tol``."""
    batch = stack_samples([deferred])
    outs = {"eager": sample[key], "deferred": Resample()(dict(batch))[key][0],
            "batched": Resample(batched=True)(dict(batch))[key][0]}
    for name, got in outs.items():
        diff = np.abs(got.numpy().astype(np.float64) - ref.astype(np.float64))
        assert diff.max() <= tol, (
            f"{name}, {label}: {int((diff > tol).sum())} of {diff.size} pixels differ")


#: GDAL's methods that pick a source value (compared exactly)
EXACT = ("nearest", "mode", "min", "max", "med", "q1", "q3")


@pytest.mark.parametrize("case", range(30))
def test_engine_kernels_equal_gdal(tmp_path: Path, case: int) -> None:
    _sweep(tmp_path, np.random.default_rng(1000 + case), ["nearest", "bilinear"],
           [0.5, 0.8, 1.0, 1.3, 2.0, 2.7])


@pytest.mark.parametrize("case", range(24))
def test_gdal_methods_equal_gdal_on_the_whole_scene(tmp_path: Path, case: int) -> None:
    # GDAL resamples a window of the scene: its area methods fill pixels whose centre is off
    # the raster (GDAL's own alpha, not a nearest mask, says which), and its kernel's scale,
    # which GDAL caps at what the raster holds, must come out as from the whole scene
    _sweep(tmp_path, np.random.default_rng(2000 + case),
           ["cubic", "cubic_spline", "lanczos", "average", "mode", "min", "max", "med"],
           [0.5, 0.8, 1.0, 1.3, 2.0, 2.7, 4.5, 6.0])


def _sweep(tmp_path: Path, rng: np.random.Generator, methods: list[str],
           scales: list[float]) -> None:
    src_crs, src_res = GRIDS[str(rng.choice(list(GRIDS)))]
    dst_crs, _ = GRIDS[str(rng.choice(list(GRIDS)))]
    dtype = str(rng.choice(["uint8", "uint16", "int16", "float32"]))
    nodata = None if rng.integers(0, 2) else 0
    method = str(rng.choice(methods))
    scale = float(rng.choice(scales))
    # the destination pixel: ``scale`` source pixels (30 m taken for a degree-sized one)
    metres = scale * (src_res if src_crs != "EPSG:4326" else 30.0)
    res = metres if dst_crs != "EPSG:4326" else metres / 30.0 * 0.0003
    path = geo.warp_scene(tmp_path / "scene" / "img.tif", src_crs, src_res,
                          int(rng.integers(60, 200)), dtype, nodata,
                          seed=int(rng.integers(1 << 30)))
    is_image = method == "bilinear" or bool(rng.integers(0, 2))
    cls = type("Scene", (RasterDataset,), {"filename_glob": "img.tif", "is_image": is_image})
    kw = {"crs": dst_crs, "res": res, "resampling": method, "keep_dtype": True}
    eager, deferred = cls(path.parent, **kw), cls(path.parent, defer_resampling=True, **kw)
    key = "image" if is_image else "mask"
    checked = 0
    for q, h, w, sample in _samples(rng, eager, res, 8, 160, 0.2):
        ref = _reference(path, dst_crs, q, res, method, nodata or 0, (2, h, w), dtype)
        _assert_paths_equal(sample, deferred[q], key, ref if is_image else ref[0],
                            0 if method in EXACT else 1,
                            f"{src_crs} -> {dst_crs} {dtype} nodata={nodata} {method} "
                            f"x{scale}, {q}")
        checked += 1
    assert checked >= 3  # most queries hit the scene


@pytest.mark.parametrize("case", range(16))
def test_mosaics_equal_gdal_first_file_first(tmp_path: Path, case: int) -> None:
    # the second scene fills what the first leaves empty (its nodata corner and holes, or
    # outside it): the deferred layers then carry it as a second part
    rng = np.random.default_rng(3000 + case)
    (crs_a, res_a), (crs_b, res_b), (dst_crs, _) = (GRIDS[str(rng.choice(list(GRIDS)))]
                                                     for _ in range(3))
    dtype = str(rng.choice(["uint8", "uint16", "int16"]))
    method = str(rng.choice(["nearest", "bilinear"]))
    scale = float(rng.choice([0.7, 1.0, 1.5, 2.0]))
    res = scale * 30.0 if dst_crs != "EPSG:4326" else scale * 0.0003
    folder = tmp_path / "mosaic"
    paths = [geo.warp_scene(folder / "a.tif", crs_a, res_a, int(rng.integers(60, 140)), dtype,
                            0, seed=int(rng.integers(1 << 30))),
             geo.warp_scene(folder / "b.tif", crs_b, res_b, int(rng.integers(60, 140)), dtype,
                            0, seed=int(rng.integers(1 << 30)), shift=(0.4, 0.3))]
    # half the cases on the first scene's grid (whole pixels of it): its part is read, not
    # warped
    origin: tuple[float, float] | None = None
    if case % 2 == 0:
        dst_crs, res = crs_a, res_a
        with rasterio.open(paths[0]) as src:
            origin = (src.transform.c, src.transform.f)
    cls = type("Mosaic", (RasterDataset,), {"filename_glob": "*.tif"})
    kw = {"crs": dst_crs, "res": res, "resampling": method, "keep_dtype": True}
    eager, deferred = cls(folder, **kw), cls(folder, defer_resampling=True, **kw)
    checked = 0
    for q, h, w, sample in _samples(rng, eager, res, 8, 160, 0.1, origin):
        parts = [_reference(p, dst_crs, q, res, method, 0, (3, h, w), dtype, alpha=True)
                 for p in paths]
        ref = np.where(parts[0][2] > 0, parts[0][:2], np.where(parts[1][2] > 0, parts[1][:2], 0))
        _assert_paths_equal(sample, deferred[q], "image", ref, 0 if method == "nearest" else 1,
                            f"{crs_a} + {crs_b} -> {dst_crs} {dtype} {method} x{scale}, {q}")
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("case", range(16))
def test_overview_reads_equal_gdal_on_that_overview(tmp_path: Path, case: int) -> None:
    # downsampling reads the coarsest overview not coarser than the patch; the reference is
    # GDAL's warp of that overview (its own geotransform), which measures the approximate
    # transformer's error in the overview's pixels: rows GDAL transforms exactly at full
    # resolution are lines there
    rng = np.random.default_rng(4000 + case)
    (src_crs, src_res), (dst_crs, _) = (GRIDS[str(rng.choice(list(GRIDS)))] for _ in range(2))
    dtype = str(rng.choice(["uint8", "uint16", "float32"]))
    nodata = None if rng.integers(0, 2) else 0
    method = str(rng.choice(["nearest", "bilinear"]))
    scale = float(rng.choice([3.0, 4.5, 8.0, 8.0]))
    res = scale * 30.0 if dst_crs != "EPSG:4326" else scale * 0.0003
    path = geo.to_cog(geo.warp_scene(tmp_path / "cog" / "img.tif", src_crs, src_res,
                                     int(rng.integers(300, 700)), dtype, nodata,
                                     seed=int(rng.integers(1 << 30))), blocksize=128)
    cls = type("Cog", (RasterDataset,), {"filename_glob": "img.tif"})
    kw = {"crs": dst_crs, "res": res, "resampling": method, "keep_dtype": True}
    eager, deferred = cls(path.parent, **kw), cls(path.parent, defer_resampling=True, **kw)
    levels = set()
    for q, h, w, sample in _samples(rng, eager, res, 10, 90, 0.1):
        plan = plan_read(eager._sources[0], eager._grid(q), eager._resampling,
                         eager._same_crs[0])
        overview = None if plan is None else plan.level.overview
        levels.add(overview)
        opened = (rasterio.open(path) if overview is None
                  else rasterio.open(path, overview_level=overview))
        with opened as src:
            ref = np.full((2, h, w), nodata or 0, dtype=dtype)
            rasterio.warp.reproject(src.read(), ref, src_transform=src.transform,
                                    src_crs=src.crs, src_nodata=src.nodata,
                                    dst_transform=Affine(res, 0, q.minx, 0, -res, q.maxy),
                                    dst_crs=dst_crs, dst_nodata=nodata or 0,
                                    resampling=Resampling[method])
        _assert_paths_equal(sample, deferred[q], "image", ref, 0 if method == "nearest" else 1,
                            f"{src_crs} -> {dst_crs} {dtype} {method} x{scale} overview "
                            f"{overview}, {q}")
    assert levels - {None}  # an overview was read

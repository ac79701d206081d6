"""The warp engine against GDAL: patches equal ``rasterio.warp.reproject`` of whole scenes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
import rasterio.warp
from affine import Affine
from rasterio.crs import CRS
from rasterio.enums import Resampling

from fakedata import geo
from geoplug.core import handles
from geoplug.core.bbox import BoundingBox
from geoplug.core.errors import QueryOutsideDataError
from geoplug.core.headers import transformer
from geoplug.core.raster import RasterDataset
from geoplug.core.warp import Grid, kernel_scales, pixelmap, read_source
from geoplug.core.warp.pixelmap import (
    AFFINE,
    MapRule,
    _anchor_columns,
    _anchored_rule,
    expand_rule,
    footprint,
    inside_bounds,
)


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))


class Red(RasterDataset):
    filename_glob = "*_SR_B4.TIF"


class Cdl(RasterDataset):
    filename_glob = "*_30m_cdls.tif"
    is_image = False


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[geo.Scene, Path]:
    root = tmp_path_factory.mktemp("warp")
    scene = geo.landsat8_scene(root / "landsat", epsg=32615, size=160, bands=("SR_B4",))
    cdl = geo.cdl(root / "cdl", cover=[scene])
    return scene, cdl


def reference(path: Path, crs: object, query: BoundingBox, res: float,
              method: Resampling) -> np.ndarray:
    """GDAL: reproject the whole scene onto the patch grid."""
    width = round(query.width / res)
    height = round(query.height / res)
    with rasterio.open(path) as src:
        whole = src.read(1)
        out = np.zeros((height, width), dtype=whole.dtype)
        nodata = src.nodata if src.nodata is not None else 0
        rasterio.warp.reproject(whole, out, src_transform=src.transform, src_crs=src.crs,
                                src_nodata=src.nodata, dst_transform=Affine(
                                    res, 0, query.minx, 0, -res, query.maxy),
                                dst_crs=crs, dst_nodata=nodata, resampling=method)
    return out


def queries(ds: RasterDataset, n: int, seed: int, margin: float = 600.0,
            max_px: int = 90) -> list[BoundingBox]:
    """Random patches of random sizes (under ``max_px``), including ones across scene edges."""
    rng = np.random.default_rng(seed)
    b = ds.bounds
    out = []
    for _ in range(n):
        size = int(rng.integers(3, max_px)) * ds.res[0]
        x = rng.uniform(b.minx - margin, b.maxx - size + margin)
        y = rng.uniform(b.miny - margin, b.maxy - size + margin)
        box = BoundingBox(x, x + size, y, y + size)
        if box.intersects(b):
            out.append(box)
    return out


def compare(ds: RasterDataset, path: Path, method: Resampling, tol: int, n: int = 25,
            max_px: int = 90) -> int:
    checked = 0
    for q in queries(ds, n, seed=int(method), max_px=max_px):
        ours = ds.read(q)[0].astype(np.int64)
        ref = reference(path, ds.crs, q, ds.res[0], method).astype(np.int64)
        assert ours.shape == ref.shape
        diff = np.abs(ours - ref)
        assert diff.max() <= tol, f"{q}: {int((diff > tol).sum())} pixels differ"
        checked += ours.size
    return checked


def test_nearest_across_utm_zones_is_exact(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    ds = Red(scene.folder, crs="EPSG:32616", res=30, resampling="nearest", keep_dtype=True)
    assert compare(ds, scene.files[0], Resampling.nearest, tol=0) > 20_000


def test_albers_mask_to_utm_nearest_is_exact(data: tuple[geo.Scene, Path]) -> None:
    _, cdl = data
    ds = Cdl(cdl.parent, crs="EPSG:32615", res=30, keep_dtype=True)
    assert compare(ds, cdl, Resampling.nearest, tol=0) > 20_000


def test_bilinear_utm_to_albers_within_one_dn(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    ds = Red(scene.folder, crs="EPSG:5070", res=30, resampling="bilinear", keep_dtype=True)
    assert compare(ds, scene.files[0], Resampling.bilinear, tol=1) > 20_000


def _scales(ds: RasterDataset, q: BoundingBox) -> tuple[float, float]:
    grid = Grid.from_bounds(ds.crs, ds.res, q.minx, q.maxy, round(q.width / ds.res[0]),
                            round(q.height / ds.res[1]))
    return kernel_scales(ds._sources[0].header, grid, ds._same_crs[0])


def test_bilinear_across_utm_zones_within_one_dn(data: tuple[geo.Scene, Path]) -> None:
    # zone 15 onto zone 16 here is a ~4 degree rotation: GDAL widens its bilinear kernel
    scene, _ = data
    ds = Red(scene.folder, crs="EPSG:32616", res=30, resampling="bilinear", keep_dtype=True)
    b = ds.bounds
    inner = BoundingBox(b.minx + 900, b.minx + 900 + 60 * 30, b.miny + 900, b.miny + 900 + 1800)
    assert max(_scales(ds, inner)) < 0.95  # the widened kernel is exercised
    assert compare(ds, scene.files[0], Resampling.bilinear, tol=1) > 20_000


def test_bilinear_downsampling_within_one_dn(data: tuple[geo.Scene, Path]) -> None:
    # 30 m -> 45 m in the same CRS (no overviews): GDAL widens the kernel to 1.5 pixels
    scene, _ = data
    ds = Red(scene.folder, res=45, resampling="bilinear", keep_dtype=True)
    b = ds.bounds
    inner = BoundingBox(b.minx + 900, b.minx + 900 + 40 * 45, b.miny + 900, b.miny + 900 + 1800)
    assert _scales(ds, inner) == pytest.approx((2 / 3, 2 / 3))
    assert compare(ds, scene.files[0], Resampling.bilinear, tol=1) > 8_000


@pytest.mark.parametrize("res", [75.0, 135.0])
def test_bilinear_downsampling_across_zones_within_one_dn(data: tuple[geo.Scene, Path],
                                                          res: float) -> None:
    # 2.5x and 4.5x coarser onto zone 16 (no overviews): GDAL's kernel reaches 3 to 5 taps on
    # each side, taken two by two, and the last pair reaches only some pixels
    scene, _ = data
    ds = Red(scene.folder, crs="EPSG:32616", res=res, resampling="bilinear", keep_dtype=True)
    b = ds.bounds
    inner = BoundingBox(b.minx + 900, b.minx + 900 + 20 * res, b.miny + 900,
                        b.miny + 900 + 20 * res)
    assert 1 / max(_scales(ds, inner)) > 2.5
    # patches under 30 px: the scene is 36 to 64 px wide on these grids
    assert compare(ds, scene.files[0], Resampling.bilinear, tol=1, max_px=30) > 5_000


def test_bilinear_same_crs_subpixel_shift(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    ds = Red(scene.folder, res=30, resampling="bilinear", keep_dtype=True)
    b = ds.bounds
    q = BoundingBox(b.minx + 1000.3, b.minx + 1000.3 + 1500, b.miny + 700.8, b.miny + 2200.8)
    ref = reference(scene.files[0], ds.crs, q, 30, Resampling.bilinear)
    assert np.abs(ds.read(q)[0].astype(int) - ref.astype(int)).max() <= 1


def test_upsampling_nearest_same_crs(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    ds = Red(scene.folder, res=10, resampling="nearest", keep_dtype=True)
    b = ds.bounds
    q = BoundingBox(b.minx + 95, b.minx + 95 + 600, b.miny + 305, b.miny + 905)
    ref = reference(scene.files[0], ds.crs, q, 10, Resampling.nearest)
    np.testing.assert_array_equal(ds.read(q)[0], ref)


def test_other_methods_go_through_gdal(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    ds = Red(scene.folder, res=30, resampling="cubic", keep_dtype=True)
    b = ds.bounds
    q = BoundingBox(b.minx + 1010, b.minx + 1010 + 900, b.miny + 1520, b.miny + 2420)
    ref = reference(scene.files[0], ds.crs, q, 30, Resampling.cubic)
    assert np.abs(ds.read(q)[0].astype(int) - ref.astype(int)).max() <= 1


def test_aligned_fast_path_equals_raw_windowed_read(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    ds = Red(scene.folder, keep_dtype=True)
    t = scene.transform
    q = BoundingBox(t.c + 37 * 30, t.c + 37 * 30 + 50 * 30, t.f - 90 * 30, t.f - 40 * 30)
    with rasterio.open(scene.files[0]) as src:
        raw = src.read(1, window=rasterio.windows.Window(37, 40, 50, 50))
    before = handles.OPEN_COUNT
    patch = ds.read(q)
    np.testing.assert_array_equal(patch[0], raw)
    ds.read(q)
    assert handles.OPEN_COUNT - before <= 1  # the handle is cached after the first read


def test_edges_filled_with_nodata_never_raise(data: tuple[geo.Scene, Path]) -> None:
    scene, _ = data
    ds = Red(scene.folder, keep_dtype=True)
    b = ds.bounds
    # half outside to the west, and a sliver only touching the corner
    q = BoundingBox(b.minx - 300, b.minx + 300, b.maxy - 1800, b.maxy - 1200)
    patch = ds.read(q)[0]
    assert patch.shape == (20, 20)
    assert (patch[:, :10] == 0).all()  # outside: nodata (0)
    with rasterio.open(scene.files[0]) as src:
        inside = src.read(1, window=rasterio.windows.Window(0, 40, 10, 20))
    assert (inside > 0).all()
    np.testing.assert_array_equal(patch[:, 10:], inside)
    corner = ds.read(BoundingBox(b.maxx - 15, b.maxx + 45, b.miny - 45, b.miny + 15))
    assert corner.shape == (1, 2, 2)
    with pytest.raises(QueryOutsideDataError, match="data lies within"):
        ds.read(BoundingBox(b.maxx + 100, b.maxx + 400, b.miny, b.miny + 300))


def test_overviews_used_when_downsampling(tmp_path: Path) -> None:
    scene = geo.landsat8_scene(tmp_path, size=128, bands=("SR_B4",), overviews=(2, 4))
    ds = Red(tmp_path, res=60, resampling="nearest", keep_dtype=True)
    t = scene.transform
    q = BoundingBox(t.c + 8 * 60, t.c + 40 * 60, t.f - 40 * 60, t.f - 8 * 60)
    with rasterio.open(scene.files[0], overview_level=0) as ov:
        assert ov.width == 64
        expected = ov.read(1, window=rasterio.windows.Window(8, 8, 32, 32))
    np.testing.assert_array_equal(ds.read(q)[0], expected)
    # without overviews the full resolution is resampled (GDAL's nearest picks other pixels)
    full = Red(tmp_path, res=60, resampling="nearest", keep_dtype=True, use_overviews=False)
    ref = reference(scene.files[0], full.crs, q, 60, Resampling.nearest)
    np.testing.assert_array_equal(full.read(q)[0], ref)


def _exact_rows(exact: Any, cols: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return exact(np.broadcast_to(cols[None, :], (rows.size, 3)),
                 np.broadcast_to(rows[:, None], (rows.size, 3)))


def test_anchor_columns_interpolate_smooth_maps_and_fall_back_on_broken_ones() -> None:
    """Few exact rows per anchor column, unless the map is not smooth along the column."""
    tr = transformer(CRS.from_epsg(32615).to_wkt(), CRS.from_epsg(5070).to_wkt())
    calls: list[int] = []

    def utm_to_albers(cx: np.ndarray, cy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        calls.append(cx.size)
        x, y = tr.transform(620_000 + 30 * cx, 4_450_000 - 30 * cy)
        return np.asarray(x) / 30, np.asarray(y) / 30

    cols, rows = np.array([0.5, 112.5, 223.5]), np.arange(224) + 0.5
    sx, sy = _anchor_columns(utm_to_albers, cols, rows)
    assert calls == [3 * 8]  # five nodes and three check rows, not 224 rows
    ex, ey = _exact_rows(utm_to_albers, cols, rows)
    assert np.abs(sx - ex).max() < 1e-8 and np.abs(sy - ey).max() < 1e-8

    def broken(cx: np.ndarray, cy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # a jump along the columns (e.g. across the antimeridian) and a failed transform
        x = cx + np.where(cy > 150, 5000.0, 0.0)
        return x, np.where(cy == 0.5, np.nan, cy)

    sx, sy = _anchor_columns(broken, cols, rows)
    ex, ey = _exact_rows(broken, cols, rows)
    np.testing.assert_array_equal(sx, ex)
    np.testing.assert_array_equal(sy, ey)


def _footprint_bounds(rule: MapRule, factor: tuple[float, float] | None, width: int,
                      height: int) -> tuple[float, float, float, float] | None:
    xs, ys = expand_rule(rule)
    if factor is not None:
        xs, ys = xs * factor[0], ys * factor[1]
    fp = footprint(xs, ys, width, height)
    return None if fp is None else fp.bounds


def test_inside_bounds_equal_the_per_pixel_footprints(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bounds of a partly covered grid from the row lines equal the per-pixel footprint's,
    bit for bit, for warped and affine maps, overview factors, edges on pixel boundaries and
    near-degenerate rows (which fall back to the per-pixel map)."""
    fallbacks: list[int] = []
    per_pixel = pixelmap._full_bounds
    monkeypatch.setattr(pixelmap, "_full_bounds",
                        lambda *a: fallbacks.append(1) or per_pixel(*a))
    rng = np.random.default_rng(7)
    tr = transformer(CRS.from_epsg(32615).to_wkt(), CRS.from_epsg(32616).to_wkt())
    width, height = 300, 260
    seen = {"partial": 0, "none": 0}
    for case in range(400):
        h, w = int(rng.integers(20, 70)), int(rng.integers(8, 70))
        grid = Grid.from_bounds(CRS.from_epsg(32615), (30.0, 30.0), 0, 0, w, h)
        if case % 2:  # another UTM zone: a warped map ~4 degrees off, anchored
            ox, oy = rng.uniform(-80, 330, 2)

            def exact(cx: np.ndarray, cy: np.ndarray, ox: float = ox, oy: float = oy
                      ) -> tuple[np.ndarray, np.ndarray]:
                x, y = tr.transform(780_000 + 30 * cx, 4_450_000 - 30 * cy)
                return np.asarray(x) / 30 - 8965 + ox, 148_278 - np.asarray(y) / 30 + oy

            rule = _anchored_rule(exact, grid)
            assert rule is not None
        else:  # rotated, scaled or on whole pixels (edges exactly on pixel boundaries)
            a, e = rng.choice([1.0, 0.5, 1.7]), rng.choice([1.0, 0.75, 2.0])
            b, d = (0.0, 0.0) if case % 4 == 0 else tuple(rng.uniform(-0.3, 0.3, 2))
            if case % 20 == 2:
                a, d = 1e-9, 0.0  # near-degenerate rows: one column spans all
            c, f = (float(v) for v in np.round(rng.uniform(-80, 330, 2)))
            rule = MapRule(AFFINE, np.array([a, b, c - 0.5 * a, d, e, f - 0.5 * e]), h, w)
        factor = (0.5, 0.5) if case % 5 == 0 else None
        got = inside_bounds(rule, factor, width, height)
        assert got == _footprint_bounds(rule, factor, width, height), case
        xs, ys = expand_rule(rule)
        if got is None:
            seen["none"] += 1
        elif footprint(xs * (factor or (1, 1))[0], ys * (factor or (1, 1))[1], width,
                       height).inside is not None:
            seen["partial"] += 1
    assert seen["partial"] > 80 and seen["none"] > 20, seen
    assert 0 < len(fallbacks) < 40  # the near-degenerate rows only


@pytest.mark.parametrize(("crs", "res", "method"), [
    ("EPSG:32616", 30, "nearest"),  # another UTM zone
    ("EPSG:32616", 30, "bilinear"),  # ~4 degrees: GDAL's widened kernel
    ("EPSG:5070", 30, "bilinear"),  # Albers: the four-tap formula
    (None, 45, "bilinear"),  # downsampling in the scene's CRS
    (None, 30, "nearest"),  # the aligned fast path
])
def test_a_box_of_the_grid_reads_the_whole_grids_pixels(data: tuple[geo.Scene, Path],
                                                         crs: str | None, res: float,
                                                         method: str) -> None:
    """What a composite reads of a source partly behind another (``need``): the pixels of the
    whole grid's read in that box, from a smaller window, and nothing outside it."""
    scene, _ = data
    kw: dict[str, Any] = {"crs": crs} if crs else {}
    ds = Red(scene.folder, res=res, resampling=method, keep_dtype=True, **kw)
    rng = np.random.default_rng(11)
    checked = 0
    for q in queries(ds, 30, seed=12):
        grid = ds._grid(q)
        whole = read_source(ds._sources[0], grid, ds._resampling, ds._same_crs[0])
        if whole is None or grid.height < 4 or grid.width < 4:
            continue
        full = np.full((1, grid.height, grid.width), -1, dtype=np.int64)
        full[:, whole.rows, whole.cols] = np.where(
            whole.mask() if whole.mask() is not None else True, whole.data, -1)
        r0, c0 = (int(v) for v in rng.integers(0, [grid.height // 2, grid.width // 2]))
        need = (slice(r0, int(rng.integers(r0 + 1, grid.height + 1))),
                slice(c0, int(rng.integers(c0 + 1, grid.width + 1))))
        part = read_source(ds._sources[0], grid, ds._resampling, ds._same_crs[0], need=need)
        if part is None:
            assert (full[:, need[0], need[1]] == -1).all()
            continue
        assert need[0].start <= part.rows.start and part.rows.stop <= need[0].stop
        assert need[1].start <= part.cols.start and part.cols.stop <= need[1].stop
        got = np.full_like(full, -1)
        valid = part.mask()
        got[:, part.rows, part.cols] = np.where(valid if valid is not None else True,
                                                part.data, -1)
        np.testing.assert_array_equal(got[:, need[0], need[1]], full[:, need[0], need[1]])
        checked += int((got >= 0).sum())
    assert checked > 5_000


def test_a_centre_on_a_tile_seam_is_read_from_the_tile_east_of_it(tmp_path: Path) -> None:
    # two edge-to-edge 30 m tiles read at 20 m: destination column 29's centre lies exactly on
    # the seam, the east tile's west edge. Float rounding puts it a hair (1e-12 px) west of
    # that edge; GDAL keeps it, and it must not become a column of nodata (nor in a deferred
    # sample, whose batched kernel tests positions on its own)
    from geoplug.core.collate import stack_samples
    from geoplug.core.resample import Resample

    rows, cols = np.mgrid[0:40, 0:40]
    for i, x0 in enumerate((500_000, 501_200)):
        with rasterio.open(tmp_path / f"t{i}_SR_B4.TIF", "w", driver="GTiff", width=40,
                           height=40, count=1, dtype="uint16", crs="EPSG:32615", nodata=0,
                           transform=Affine(30, 0, x0, 0, -30, 4_400_000)) as dst:
            dst.write((1000 * (i + 1) + 40 * rows + cols).astype(np.uint16), 1)
    query = BoundingBox(500_610, 501_810, 4_399_000, 4_399_600)
    for method in (Resampling.nearest, Resampling.bilinear):
        refs = [reference(tmp_path / f"t{i}_SR_B4.TIF", CRS.from_epsg(32615), query, 20, method)
                for i in (0, 1)]
        ref = np.where(refs[0] != 0, refs[0], refs[1])  # the first file wins where both cover
        assert (ref != 0).all() and (refs[1][:, 29] != 0).all()  # GDAL reads the seam column
        tol = 0 if method == Resampling.nearest else 1
        ds = Red(tmp_path, res=20, resampling=method.name, keep_dtype=True)
        eager = ds.read(query)[0].astype(np.int64)
        assert np.abs(eager - ref).max() <= tol
        deferred = Red(tmp_path, res=20, resampling=method.name, keep_dtype=True,
                       defer_resampling=True)
        batch = stack_samples([deferred[query]])
        out = Resample()(dict(batch))
        assert np.array_equal(out["image"][0, 0].numpy(), eager)
        # the batched kernel (the one a GPU runs): bilinear within 1 DN, as everywhere
        batched = Resample(batched=True)(dict(batch))["image"][0, 0].numpy().astype(np.int64)
        assert (batched != 0).all() and np.abs(batched - eager).max() <= tol


@pytest.mark.parametrize(("method", "crs", "res", "side", "n"), [
    ("nearest", "EPSG:4326", 0.0006, "north", 60),
    ("bilinear", "EPSG:4326", 0.0006, "north", 60),
    ("nearest", "EPSG:3031", 60.0, "south", 150),
])
def test_pixels_just_outside_by_the_approximate_map_are_transformed_exactly(
        data: tuple[geo.Scene, Path], method: str, crs: str, res: float, side: str,
        n: int) -> None:
    # GDAL's kernel transforms a pixel whose approximate position lies less than a source
    # pixel outside the raster again, exactly; a hair inside by that exact position, it gets
    # a value, not nodata. Patches of about 2 source pixels per pixel across the edges of an
    # Albers mask and a UTM scene, in geographic or polar stereographic coordinates: rows bend
    # enough for the interpolation to miss an edge by up to a few thousandths of a pixel, on
    # the north and west edges in the first, the south and east ones in the second. (Patches
    # stay under 100 pixels: GDAL splits larger ones with little data into chunks, each row
    # part interpolated on its own.)
    from geoplug.core.collate import stack_samples
    from geoplug.core.resample import Resample

    scene, cdl = data
    kw: dict[str, Any] = {"crs": crs, "res": res, "resampling": method, "keep_dtype": True}
    cls, path, key = (Cdl, cdl, "mask") if method == "nearest" else (
        Red, scene.files[0], "image")
    eager, deferred = cls(path.parent, **kw), cls(path.parent, defer_resampling=True, **kw)
    header = eager._sources[0].header
    inverse = ~Affine(*header.transform)
    w, h = header.width, header.height
    rng = np.random.default_rng(5)
    b = eager.bounds
    rescued = dict.fromkeys(["west", "north", "east", "south"], 0)
    checked = 0
    for _ in range(n):
        size = int(rng.integers(40, 100))
        x = rng.uniform(b.minx - size * res / 2, b.maxx - size * res / 2)
        y = rng.uniform(b.miny - size * res / 2, b.maxy - size * res / 2)
        q = BoundingBox(x, x + size * res, y, y + size * res)
        ref = reference(path, CRS.from_string(crs), q, res, Resampling[method]).astype(np.int64)
        if not ref.any():
            continue
        # independently: pixels outside by the approximate map, inside by the exact one
        grid = eager._grid(q)
        xs, ys = pixelmap.pixel_map(header, grid, False)
        cols, rows = np.meshgrid(np.arange(size) + 0.5, np.arange(size) + 0.5)
        gx, gy = transformer(grid.crs_wkt, header.crs_wkt).transform(q.minx + cols * res,
                                                                      q.maxy - rows * res)
        gx, gy = np.asarray(gx), np.asarray(gy)
        ex = inverse.a * gx + inverse.b * gy + inverse.c
        ey = inverse.d * gx + inverse.e * gy + inverse.f
        inside = (ex >= 0) & (ey >= 0) & (ex < w) & (ey < h)
        for name, near in (("west", xs < 0), ("north", ys < 0), ("east", xs > w),
                           ("south", ys > h)):
            rescued[name] += int((near & inside).sum())
        tol = 0 if method == "nearest" else 1
        batch = stack_samples([deferred[q]])
        outs = {"eager": eager[q][key].numpy().reshape(ref.shape),
                "deferred": Resample()(dict(batch))[key][0].numpy().reshape(ref.shape),
                "batched": Resample(batched=True)(dict(batch))[key][0].numpy().reshape(
                    ref.shape)}
        for name, got in outs.items():
            diff = np.abs(got.astype(np.int64) - ref)
            assert diff.max() <= tol, f"{name} {q}: {int((diff > tol).sum())} pixels differ"
        checked += ref.size
    assert checked > 100_000
    assert rescued[side] >= 2, rescued  # the second look is exercised there


@pytest.mark.parametrize("method", ["nearest", "bilinear"])
def test_large_patches_mostly_off_a_scene_are_warped_in_gdals_chunks(
        data: tuple[geo.Scene, Path], method: str) -> None:
    # GDAL halves a destination over 100 pixels whose source window lies mostly off the
    # raster, recursively, and warps each half on its own (its rows interpolated between their
    # own anchors, its bilinear kernel at its own scale): the previous engine, warping such a
    # patch whole, was more than 1 DN off in about 12% of the bilinear pixels
    from geoplug.core.collate import stack_samples
    from geoplug.core.resample import Resample
    from geoplug.core.warp.chunks import gdal_chunks

    scene, cdl = data
    kw: dict[str, Any] = {"crs": "EPSG:4326", "res": 0.0006, "resampling": method,
                          "keep_dtype": True}
    cls, path, key = (Cdl, cdl, "mask") if method == "nearest" else (
        Red, scene.files[0], "image")
    eager, deferred = cls(path.parent, **kw), cls(path.parent, defer_resampling=True, **kw)
    rng = np.random.default_rng(1)
    b, res = eager.bounds, 0.0006
    chunked = checked = 0
    for _ in range(30):
        h, w = (int(v) for v in rng.integers(101, 180, size=2))
        x = rng.uniform(b.minx - w * res * 0.8, b.maxx - w * res * 0.2)
        y = rng.uniform(b.miny - h * res * 0.8, b.maxy - h * res * 0.2)
        q = BoundingBox(x, x + w * res, y, y + h * res)
        ref = reference(path, CRS.from_epsg(4326), q, res, Resampling[method]).astype(np.int64)
        if not ref.any():
            continue
        chunked += len(gdal_chunks(eager._sources[0].header, eager._grid(q), False,
                                   Resampling[method])) > 1
        batch = stack_samples([deferred[q]])
        outs = {"eager": eager[q][key], "deferred": Resample()(dict(batch))[key][0],
                "batched": Resample(batched=True)(dict(batch))[key][0]}
        tol = 0 if method == "nearest" else 1
        for name, got in outs.items():
            diff = np.abs(got.numpy().reshape(ref.shape).astype(np.int64) - ref)
            assert diff.max() <= tol, f"{name} {q}: {int((diff > tol).sum())} pixels differ"
        checked += 1
    assert checked >= 15 and chunked >= 5, (checked, chunked)

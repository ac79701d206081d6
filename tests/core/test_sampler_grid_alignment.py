"""Samplers snap patches to the dataset's pixel grid, even in scenes reprojected from another CRS.

Scenes of UTM zone 16N indexed in zone 15N have footprints off the zone-15 pixel grid. Patches
anchored to such a footprint would force every read (zone-15 files included) through
resampling; snapped to ``grid_origin`` they read zone-15 files as plain windows.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.windows import Window

from fakedata import geo
from fakedata.geo import Cdl, Landsat8
from geoplug.core.samplers import GridGeoSampler, RandomBatchGeoSampler, RandomGeoSampler

SIZE = 16


@pytest.fixture(scope="module")
def zones(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[geo.Scene]]:
    root = tmp_path_factory.mktemp("zones")
    scenes = geo.landsat8_scenes(root / "z15", size=64, zones=(15,))
    scenes += geo.landsat8_scenes(root / "z16", size=64, zones=(16,))
    geo.cdl(root / "cdl", cover=scenes)
    return root, scenes


def _off_grid(value: float, origin: float, res: float) -> float:
    k = (value - origin) / res
    return abs(k - round(k))


def test_grid_origin_is_the_first_file_on_the_target_grid(
        zones: tuple[Path, list[geo.Scene]]) -> None:
    root, scenes = zones
    z15 = scenes[0]
    ds = Landsat8([root / "z16", root / "z15"], crs="EPSG:32615", res=30.0)
    assert ds.grid_origin == pytest.approx((z15.transform.c, z15.transform.f))
    # no file in the target CRS: no grid to snap to
    assert Landsat8(root / "z16", crs="EPSG:32615", res=30.0).grid_origin is None
    # a resolution the files do not have: no file is on that grid
    assert Landsat8(root / "z15", res=20.0).grid_origin is None
    both = ds & Cdl(root / "cdl")
    assert both.grid_origin == ds.grid_origin


def test_random_patches_from_reprojected_scenes_are_on_the_grid(
        zones: tuple[Path, list[geo.Scene]]) -> None:
    root, _ = zones
    ds = Landsat8([root / "z15", root / "z16"], crs="EPSG:32615", res=30.0) & Cdl(root / "cdl")
    ox, oy = ds.grid_origin
    # the zone-16 footprints are off the grid, so anchoring to them would give off-grid patches
    assert max(_off_grid(box.minx, ox, 30.0) for _, box in ds._items()) > 0.01
    for sampler in (RandomGeoSampler(ds, SIZE, length=200, seed=1),
                    RandomBatchGeoSampler(ds, SIZE, 8, length=200, seed=1)):
        boxes = [b for item in sampler for b in (item if isinstance(item, list) else [item])]
        assert len(boxes) == 200
        for box in boxes:
            assert _off_grid(box.minx, ox, 30.0) < 1e-6
            assert _off_grid(box.maxy, oy, 30.0) < 1e-6
            assert box.maxx - box.minx == pytest.approx(SIZE * 30.0)
            # still inside one item of the index (the scene it was drawn from)
            inside = [b for _, b in ds._items()
                      if b.minx <= box.minx and box.maxx <= b.maxx and b.miny <= box.miny
                      and box.maxy <= b.maxy]
            assert inside


def test_grid_tiles_are_on_the_grid_and_cover_every_scene(
        zones: tuple[Path, list[geo.Scene]]) -> None:
    root, _ = zones
    ds = Landsat8([root / "z15", root / "z16"], crs="EPSG:32615", res=30.0)
    ox, oy = ds.grid_origin
    sampler = GridGeoSampler(ds, SIZE, stride=12)
    tiles = list(sampler)
    assert len(tiles) == len(sampler) == len(set(tiles))
    for tile in tiles:
        assert _off_grid(tile.minx, ox, 30.0) < 1e-6
        assert _off_grid(tile.maxy, oy, 30.0) < 1e-6
    scenes = [box for _, box in ds._items()]
    for scene in scenes:  # every scene is covered to its edges (corners inside some tile)
        for x, y in ((scene.minx + 1, scene.miny + 1), (scene.minx + 1, scene.maxy - 1),
                     (scene.maxx - 1, scene.miny + 1), (scene.maxx - 1, scene.maxy - 1)):
            assert any(t.minx <= x <= t.maxx and t.miny <= y <= t.maxy and t.mint == scene.mint
                       for t in tiles)
    for tile in tiles:  # ... overhanging a scene by less than a pixel
        assert any(s.minx - 30 < tile.minx and tile.maxx < s.maxx + 30 and s.miny - 30 < tile.miny
                   and tile.maxy < s.maxy + 30 for s in scenes)


def test_snapped_patch_reads_zone15_data_without_resampling(
        zones: tuple[Path, list[geo.Scene]]) -> None:
    """A patch drawn from a zone-16 scene, where zone-15 data exists, equals its raw window."""
    root, scenes = zones
    ds = Landsat8([root / "z15", root / "z16"], crs="EPSG:32615", res=30.0, keep_dtype=True)
    items = dict(ds._items())
    zone16_ids = [i for i, h in enumerate(ds._headers) if "zone 16N" in h.crs_wkt]
    assert zone16_ids
    zone15 = {}  # first-date order, as the dataset merges them
    for scene in scenes:
        if scene.crs == "EPSG:32615":
            day = datetime(scene.date.year, scene.date.month, scene.date.day,
                           tzinfo=timezone.utc).timestamp()
            zone15[day] = (scene.files[0], rasterio.open(scene.files[0]).bounds)
    checked = 0
    for box in RandomGeoSampler(ds, SIZE, length=400, seed=3):
        footprint16 = any(items[i].minx <= box.minx and box.maxx <= items[i].maxx
                          and items[i].miny <= box.miny and box.maxy <= items[i].maxy
                          for i in zone16_ids)
        if not footprint16 or box.mint not in zone15:
            continue
        path, (left, bottom, right, top) = zone15[box.mint]
        if not (left <= box.minx and box.maxx <= right and bottom <= box.miny
                and box.maxy <= top):
            continue
        sample = ds[box]
        col = round((box.minx - left) / 30.0)
        row = round((top - box.maxy) / 30.0)
        with rasterio.open(path) as src:
            want = src.read(1, window=Window(col, row, SIZE, SIZE))
        got = sample["image"][0].numpy()
        valid = want != 0  # the fake scene's nodata corners are filled from the other scenes
        assert got.dtype == np.uint16
        np.testing.assert_array_equal(got[valid], want[valid])
        checked += 1
    assert checked > 5, "the workload should give patches of zone-16 scenes over zone-15 data"


def test_without_a_grid_origin_every_tile_is_on_the_roi_corners_grid(
        zones: tuple[Path, list[geo.Scene]]) -> None:
    # zone 16 only, indexed in zone 15: no file is on the target grid. The tiles, the last of
    # each row and column included, still lie on one pixel grid (the roi's corner), as a
    # prediction written back into one raster needs; the far edges are covered
    root, _ = zones
    ds = Landsat8(root / "z16", crs="EPSG:32615", res=30.0)
    assert ds.grid_origin is None
    roi = ds.bounds
    tiles = list(GridGeoSampler(ds, SIZE, stride=12))
    assert len(tiles) == len(set(tiles)) > 4
    for tile in tiles:
        assert _off_grid(tile.minx, roi.minx, 30.0) < 1e-6
        assert _off_grid(tile.maxy, roi.maxy, 30.0) < 1e-6
    assert max(t.maxx for t in tiles) >= roi.maxx and min(t.miny for t in tiles) <= roi.miny
    assert max(t.maxx for t in tiles) < roi.maxx + 30 and min(t.miny for t in tiles) > roi.miny - 30


def test_a_scene_a_few_mm_off_a_fine_grid_is_snapped_onto_it(tmp_path: Path) -> None:
    # 0.1 m pixels at a northing of 4.5e6: 3 mm is 3 % of a pixel. A tolerance relative to the
    # coordinate (1e-9 * 4.5e6 m = 4.5 mm) used to call that edge "on the grid"
    from geoplug.core.raster import RasterDataset

    class Fine(RasterDataset):
        filename_glob = "f*.tif"

    for name, dy in (("fa", 0.0), ("fb", -3.003)):  # fb's top is 3 mm off fa's grid
        with rasterio.open(tmp_path / f"{name}.tif", "w", driver="GTiff", width=40, height=40,
                           count=1, dtype="uint16", crs="EPSG:32615",
                           transform=rasterio.transform.from_origin(500_000, 4_500_000 + dy,
                                                                    0.1, 0.1)) as dst:
            dst.write(np.arange(1600, dtype=np.uint16).reshape(1, 40, 40))
    ds = Fine(tmp_path)
    oy = ds.grid_origin[1]
    assert oy == 4_500_000
    tiles = list(GridGeoSampler(ds, 16, stride=12))
    assert len(tiles) > 8
    assert max(_off_grid(t.maxy, oy, 0.1) for t in tiles) < 1e-4

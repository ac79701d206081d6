"""Geospatial samplers: coverage, placement, determinism, units, sharding, DataLoader use."""

from __future__ import annotations

import itertools
import math
import pickle
from collections import Counter
from typing import Any

import numpy as np
import pytest
import torch
from rasterio.crs import CRS
from torch.utils.data import DataLoader

from geoplug.core.bbox import BoundingBox
from geoplug.core.collate import stack_samples
from geoplug.core.geodataset import GeoDataset
from geoplug.core.samplers import (
    GridGeoSampler,
    PreChippedGeoSampler,
    RandomBatchGeoSampler,
    RandomGeoSampler,
    tile_positions,
)

RES = 10.0
# Three scenes in EPSG:32615 at 10 m, each with its own time span so a patch's time tells
# which scene it came from: A is 100 x 60 px, B is 30 x 30 px, C (5 x 5 px) is smaller than
# the 16 px patches used below.
A = BoundingBox(0, 1000, 0, 600, 0, 10)
B = BoundingBox(2000, 2300, 0, 300, 20, 30)
C = BoundingBox(5000, 5050, 0, 50, 40, 50)
SCENES = {A.mint: A, B.mint: B, C.mint: C}


class SceneDataset(GeoDataset):
    """A test double: an index of scene footprints; a query returns a tensor describing it."""

    def __init__(self, scenes: list[BoundingBox], res: tuple[float, float] = (RES, RES)
                 ) -> None:
        super().__init__()
        self.crs = CRS.from_epsg(32615)
        self.res = res
        for i, box in enumerate(scenes):
            self.index.insert(i, tuple(box), f"scene{i}.tif")

    def __getitem__(self, query: BoundingBox) -> dict[str, Any]:
        height = round(query.height / self.res[1])
        width = round(query.width / self.res[0])
        image = torch.full((2, height, width), query.minx, dtype=torch.float32)
        image[1] = query.maxy
        return {"image": image, "crs": self.crs, "bounds": query}


@pytest.fixture
def ds() -> SceneDataset:
    return SceneDataset([A, B, C])


def scene_of(patch: BoundingBox) -> BoundingBox:
    return SCENES[patch.mint]


def coverage(scene: BoundingBox, tiles: list[BoundingBox]) -> np.ndarray:
    """How many tiles cover each pixel of ``scene`` (row 0 = top)."""
    rows, cols = round(scene.height / RES), round(scene.width / RES)
    counts = np.zeros((rows, cols), dtype=int)
    for t in tiles:
        c0 = max(0, round((t.minx - scene.minx) / RES))
        c1 = min(cols, round((t.maxx - scene.minx) / RES))
        r0 = max(0, round((scene.maxy - t.maxy) / RES))
        r1 = min(rows, round((scene.maxy - t.miny) / RES))
        counts[r0:r1, c0:c1] += 1
    return counts


# --------------------------------------------------------------------------- grid


def test_tile_positions_reach_the_edge_without_duplicates() -> None:
    assert tile_positions(0, 100, 16, 10) == [0, 10, 20, 30, 40, 50, 60, 70, 80, 84]
    assert tile_positions(0, 96, 16, 16) == [0, 16, 32, 48, 64, 80]  # exact fit: no extra
    assert tile_positions(0, 10, 16, 5) == [0]  # shorter than a tile: one, overhanging
    assert tile_positions(0, 16, 16, 5) == [0]
    # float extents that are "exactly" N strides must not gain a near-duplicate tile
    positions = tile_positions(0.1, 0.7, 0.2, 0.2)
    assert len(positions) == 3
    assert positions[-1] == pytest.approx(0.5)


def test_grid_counts_match_formula(ds: SceneDataset) -> None:
    sampler = GridGeoSampler(ds, size=16, stride=10)
    tiles = list(sampler)
    per_scene = Counter(t.mint for t in tiles)
    # A: cols ceil((100-16)/10)+1 = 10, rows ceil((60-16)/10)+1 = 6; B: 3 x 3; C: 1 (small)
    assert per_scene == {A.mint: 60, B.mint: 9, C.mint: 1}
    assert len(sampler) == len(tiles) == 70


def test_grid_covers_each_scene_to_its_edges_without_duplicates(ds: SceneDataset) -> None:
    tiles = list(GridGeoSampler(ds, size=16, stride=10))
    assert len(set(tiles)) == len(tiles)
    for scene in (A, B):
        mine = [t for t in tiles if scene_of(t) == scene]
        assert all(scene.contains(t) for t in mine)
        assert all(t.width == 160 and t.height == 160 for t in mine)
        counts = coverage(scene, mine)
        assert counts.min() >= 1
        # the union is exactly the footprint: extreme tiles touch every edge
        assert min(t.minx for t in mine) == scene.minx
        assert max(t.maxx for t in mine) == scene.maxx
        assert min(t.miny for t in mine) == scene.miny
        assert max(t.maxy for t in mine) == scene.maxy


def test_grid_without_overlap_tiles_once_except_the_shifted_edges(ds: SceneDataset) -> None:
    tiles = [t for t in GridGeoSampler(ds, size=20) if scene_of(t) == A]
    # 100 x 60 px in 20 px tiles: 5 x 3, no overlap at all
    assert len(tiles) == 15
    assert (coverage(A, tiles) == 1).all()
    tiles16 = [t for t in GridGeoSampler(ds, size=16) if scene_of(t) == A]
    counts = coverage(A, tiles16)
    assert counts.min() == 1
    # 100 px = 6 * 16 + 4 and 60 px = 3 * 16 + 12: the shifted last column overlaps its
    # neighbour on px 84..96, the shifted last row on px 44..48; everything else is once
    expected = np.ones((60, 100), dtype=int)
    expected[:, 84:96] *= 2
    expected[44:48, :] *= 2
    assert (counts == expected).all()


def test_grid_order_is_rows_from_the_top_left(ds: SceneDataset) -> None:
    tiles = list(GridGeoSampler(ds, size=20))
    assert tiles[0] == BoundingBox(0, 200, 400, 600, 0, 10)
    assert tiles[1] == BoundingBox(200, 400, 400, 600, 0, 10)
    assert tiles[5] == BoundingBox(0, 200, 200, 400, 0, 10)
    assert tiles[14] == BoundingBox(800, 1000, 0, 200, 0, 10)
    assert list(GridGeoSampler(ds, size=20)) == tiles  # deterministic


def test_grid_small_scene_gets_one_tile_anchored_top_left(ds: SceneDataset) -> None:
    small = [t for t in GridGeoSampler(ds, size=16) if scene_of(t) == C]
    assert small == [BoundingBox(5000, 5160, 50 - 160, 50, 40, 50)]


def test_grid_tile_of_a_scene_clipped_narrow_stays_inside_the_roi() -> None:
    # two scenes side by side; a train roi ends 50 m into the second: its clipped part (5
    # px) is narrower than a patch (8 px), and its one tile overhung 30 m into the val
    # region, reading validation pixels. It now ends at the roi's edge, as do its rows.
    west, east = BoundingBox(0, 100, 0, 100, 0, 1), BoundingBox(100, 200, 0, 100, 0, 1)
    two = SceneDataset([west, east])
    train = BoundingBox(0, 150, 0, 100, 0, 1)
    tiles = list(GridGeoSampler(two, size=8, roi=train))
    assert all(train.contains(t) for t in tiles)
    assert BoundingBox(70, 150, 20, 100, 0, 1) in tiles  # the clipped scene's tile
    val = BoundingBox(150, 200, 0, 100, 0, 1)  # narrower than a patch itself: overhangs
    assert [t.minx for t in GridGeoSampler(two, size=8, roi=val)] == [150, 150]
    # the same along y: a roi ending 30 m into a scene below
    below = SceneDataset([BoundingBox(0, 100, 100, 200, 0, 1), BoundingBox(0, 100, 0, 100, 0, 1)])
    roi = BoundingBox(0, 100, 70, 200, 0, 1)
    rows = list(GridGeoSampler(below, size=8, roi=roi))
    assert all(roi.contains(t) for t in rows)
    assert BoundingBox(0, 80, 70, 150, 0, 1) in rows


def test_grid_rectangular_size_and_crs_units(ds: SceneDataset) -> None:
    pixels = list(GridGeoSampler(ds, size=(8, 20), stride=(4, 10)))
    assert all(t.height == 80 and t.width == 200 for t in pixels)
    a = [t for t in pixels if scene_of(t) == A]
    # rows ceil((60-8)/4)+1 = 14, cols ceil((100-20)/10)+1 = 9
    assert len(a) == 14 * 9
    crs = list(GridGeoSampler(ds, size=(80, 200), stride=(40, 100), units="crs"))
    assert crs == pixels


def test_grid_respects_an_off_grid_roi(ds: SceneDataset) -> None:
    roi = BoundingBox(105, 705, 55, 505)
    tiles = list(GridGeoSampler(ds, size=16, stride=12, roi=roi))
    assert all(roi.contains(t) for t in tiles)
    assert all(scene_of(t) == A for t in tiles)
    # union reaches the roi's edges and leaves no gap along either axis
    for lo, hi, starts, size in (
        (roi.minx, roi.maxx, sorted({t.minx for t in tiles}), 160),
        (roi.miny, roi.maxy, sorted({t.miny for t in tiles}), 160),
    ):
        assert starts[0] == pytest.approx(lo)
        assert starts[-1] + size == pytest.approx(hi)
        assert all(b - a <= size for a, b in itertools.pairwise(starts))


def test_grid_shards_are_disjoint_and_cover_the_grid(ds: SceneDataset) -> None:
    full = list(GridGeoSampler(ds, size=16, stride=10))
    shards = [list(GridGeoSampler(ds, size=16, stride=10, num_replicas=3, rank=r))
              for r in range(3)]
    assert [len(s) for s in shards] == [23, 23, 24]
    assert [t for s in shards for t in s] == full  # contiguous blocks, exactly the grid
    even = [GridGeoSampler(ds, size=16, stride=10, num_replicas=4, rank=r, even_shards=True)
            for r in range(4)]
    assert [len(s) for s in even] == [18, 18, 18, 18]
    seen = [t for s in even for t in s]
    assert set(seen) == set(full)
    assert len(seen) - len(full) == 2  # the padding repeats two tiles


# --------------------------------------------------------------------------- random


def test_random_patches_stay_inside_a_large_enough_scene(ds: SceneDataset) -> None:
    patches = list(RandomGeoSampler(ds, size=16, length=500, seed=0))
    assert len(patches) == 500
    for p in patches:
        scene = scene_of(p)
        assert scene.contains(p)
        assert (p.width, p.height) == (160, 160)
        # origins are whole pixels from the scene's top-left corner (no resampling needed)
        assert (p.minx - scene.minx) % RES == 0
        assert (scene.maxy - p.maxy) % RES == 0
    assert {p.mint for p in patches} == {A.mint, B.mint}  # C is smaller than a patch
    # positions vary over the whole scene
    a = [p for p in patches if scene_of(p) == A]
    assert min(p.minx for p in a) == 0 and max(p.maxx for p in a) == 1000


def test_random_scene_choice_is_weighted_by_area(ds: SceneDataset) -> None:
    patches = list(RandomGeoSampler(ds, size=16, length=4000, seed=1))
    share_a = sum(scene_of(p) == A for p in patches) / len(patches)
    assert share_a == pytest.approx(A.area / (A.area + B.area), abs=0.03)


def test_random_default_length_tiles_the_area(ds: SceneDataset) -> None:
    # A: (100 // 16) * (60 // 16) = 18, B: 1, C: does not fit
    assert len(RandomGeoSampler(ds, size=16, seed=0)) == 19
    assert len(RandomGeoSampler(ds, size=16, length=7, seed=0)) == 7


def test_random_is_deterministic_with_seed_and_epoch(ds: SceneDataset) -> None:
    first = RandomGeoSampler(ds, size=16, seed=3)
    second = RandomGeoSampler(ds, size=16, seed=3)
    passes = [list(first), list(first)]
    assert passes[0] != passes[1]  # a new pass reshuffles
    assert [list(second), list(second)] == passes  # ... reproducibly
    first.set_epoch(5)
    assert list(first) == list(first)
    second.set_epoch(5)
    assert list(second) == list(first)
    second.set_epoch(6)
    assert list(second) != list(first)
    assert list(RandomGeoSampler(ds, size=16, seed=4)) != passes[0]


def test_random_seed_from_generator_or_global_rng(ds: SceneDataset) -> None:
    one = RandomGeoSampler(ds, size=16, generator=torch.Generator().manual_seed(7))
    two = RandomGeoSampler(ds, size=16, generator=torch.Generator().manual_seed(7))
    assert list(one) == list(two)
    torch.manual_seed(11)
    three = list(RandomGeoSampler(ds, size=16))
    torch.manual_seed(11)
    assert list(RandomGeoSampler(ds, size=16)) == three


def test_random_units_and_rectangular_size(ds: SceneDataset) -> None:
    pixels = list(RandomGeoSampler(ds, size=16, seed=2, length=50))
    crs = list(RandomGeoSampler(ds, size=160.0, units="crs", seed=2, length=50))
    assert crs == pixels
    rect = list(RandomGeoSampler(ds, size=(8, 25), seed=2, length=50))
    assert all((p.height, p.width) == (80, 250) for p in rect)
    assert all(scene_of(p).contains(p) for p in rect)
    # anisotropic pixels: 16 px -> 16*20 m wide, 16*5 m high
    aniso = SceneDataset([A], res=(20.0, 5.0))
    assert all((p.width, p.height) == (320, 80)
               for p in RandomGeoSampler(aniso, size=16, seed=0, length=20))


def test_random_respects_roi_in_space_and_time(ds: SceneDataset) -> None:
    roi = BoundingBox(95, 655, 33, 467)
    patches = list(RandomGeoSampler(ds, size=16, roi=roi, length=300, seed=0))
    assert all(roi.contains(p) and A.contains(p) for p in patches)
    # the roi is off the pixel grid; snapped origins still start at whole pixels
    assert all((p.minx - A.minx) % RES == 0 for p in patches)
    in_time = list(RandomGeoSampler(ds, size=16, roi=BoundingBox(0, 6000, 0, 600, 15, 35),
                                    length=50, seed=0))
    assert {p.mint for p in in_time} == {B.mint}
    assert all(p.maxt == B.maxt for p in in_time)


def test_random_roi_narrower_than_grid_snapping_falls_back_to_exact_fit() -> None:
    ds = SceneDataset([A])
    roi = BoundingBox(105, 265, 105, 265)  # exactly 16 px wide but off the pixel grid
    patches = list(RandomGeoSampler(ds, size=16, roi=roi, length=5, seed=0))
    assert patches == [BoundingBox(105, 265, 105, 265, 0, 10)] * 5


def test_random_shards_draw_different_patches(ds: SceneDataset) -> None:
    ranks = [RandomGeoSampler(ds, size=16, length=19, seed=9, num_replicas=2, rank=r)
             for r in range(2)]
    drawn = [list(r) for r in ranks]
    assert [len(d) for d in drawn] == [10, 10]  # ceil(19 / 2) each: together >= 19
    assert not set(drawn[0]) & set(drawn[1])
    single = list(RandomGeoSampler(ds, size=16, length=19, seed=9))
    assert drawn[0] != single[:10] or drawn[1] != single[:10]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": 100}, "large enough"),
        ({"size": 16, "roi": BoundingBox(9000, 9100, 0, 100)}, "does not overlap"),
        ({"size": 16, "units": "meters"}, "units must be"),
        ({"size": 0}, "positive"),
        ({"size": (16, -1)}, "positive"),
        ({"size": (1, 2, 3)}, "pair"),
        ({"size": 16, "length": 0}, "length"),
        ({"size": 16, "seed": 1, "generator": torch.Generator()}, "not both"),
        ({"size": 16, "num_replicas": 2, "rank": 2}, "rank"),
    ],
)
def test_random_bad_arguments_raise(ds: SceneDataset, kwargs: dict[str, Any], message: str
                                    ) -> None:
    with pytest.raises(ValueError, match=message):
        RandomGeoSampler(ds, **kwargs)


def test_empty_dataset_raises() -> None:
    with pytest.raises(ValueError, match="empty index"):
        GridGeoSampler(SceneDataset([]), size=16)


# --------------------------------------------------------------------------- batch


def test_batch_sampler_groups_patches_by_scene(ds: SceneDataset) -> None:
    sampler = RandomBatchGeoSampler(ds, size=16, batch_size=8, length=200, seed=0)
    batches = list(sampler)
    assert len(sampler) == len(batches) == 25
    assert all(len(b) == 8 for b in batches)
    for batch in batches:
        scene = scene_of(batch[0])
        assert all(scene_of(p) == scene and scene.contains(p) for p in batch)
    assert {scene_of(b[0]).mint for b in batches} == {A.mint, B.mint}
    assert len(set(map(tuple, batches))) > 1


def test_batch_sampler_length_sharding_and_determinism(ds: SceneDataset) -> None:
    def make(**kw: Any) -> RandomBatchGeoSampler:
        return RandomBatchGeoSampler(ds, size=16, batch_size=4, length=30, seed=5, **kw)

    assert len(make()) == 8  # ceil(30 / 4)
    assert [len(make(num_replicas=3, rank=r)) for r in range(3)] == [3, 3, 3]
    one, two = make(), make()
    one.set_epoch(2)
    two.set_epoch(2)
    assert list(one) == list(two)
    shards = [list(make(num_replicas=2, rank=r)) for r in range(2)]
    assert shards[0] != shards[1]
    with pytest.raises(ValueError, match="batch_size"):
        RandomBatchGeoSampler(ds, size=16, batch_size=0)


# --------------------------------------------------------------------------- pre-chipped


def test_prechipped_yields_whole_footprints(ds: SceneDataset) -> None:
    sampler = PreChippedGeoSampler(ds)
    assert list(sampler) == [A, B, C]
    assert len(sampler) == 3


def test_prechipped_roi_assigns_each_chip_to_one_side() -> None:
    chips = [BoundingBox(x, x + 100, y, y + 100) for x in range(0, 500, 100)
             for y in range(0, 300, 100)]
    ds = SceneDataset(chips)
    left, right = ds.bounds.split(0.5)  # the cut (x=250) runs through a column of chips
    got_left = list(PreChippedGeoSampler(ds, roi=left))
    got_right = list(PreChippedGeoSampler(ds, roi=right))
    assert not set(got_left) & set(got_right)
    assert sorted(got_left + got_right, key=tuple) == sorted(chips, key=tuple)
    # the chips centred on the cut go right: x intervals are half-open [min, max)
    assert {c.minx for c in got_left} == {0, 100}
    assert {c.minx for c in got_right} == {200, 300, 400}


def test_prechipped_shuffle_and_shards(ds: SceneDataset) -> None:
    chips = [BoundingBox(x, x + 10, 0, 10) for x in range(0, 200, 10)]
    ds = SceneDataset(chips)
    plain = PreChippedGeoSampler(ds, shuffle=True, seed=1)
    order = list(plain)
    assert sorted(order, key=tuple) == chips and order != chips
    assert list(plain) != order  # next pass, next permutation
    again = PreChippedGeoSampler(ds, shuffle=True, seed=1)
    again.set_epoch(0)
    assert list(again) == order
    shards = []
    for r in range(3):
        s = PreChippedGeoSampler(ds, shuffle=True, seed=1, num_replicas=3, rank=r)
        s.set_epoch(0)
        shards.append(list(s))
    assert [len(s) for s in shards] == [6, 7, 7]
    assert [c for s in shards for c in s] == order


# --------------------------------------------------------------------------- misc


def test_samplers_pickle_and_resume_identically(ds: SceneDataset) -> None:
    samplers = [
        RandomGeoSampler(ds, size=16, seed=1),
        RandomBatchGeoSampler(ds, size=16, batch_size=3, seed=1),
        GridGeoSampler(ds, size=16, stride=10),
        PreChippedGeoSampler(ds, shuffle=True),
    ]
    for sampler in samplers:
        sampler.set_epoch(4)
        clone = pickle.loads(pickle.dumps(sampler))
        assert list(clone) == list(sampler)
        assert len(clone) == len(sampler)


def test_dataloader_round_trip_with_grid_sampler(ds: SceneDataset) -> None:
    sampler = GridGeoSampler(ds, size=16, stride=10)
    loader: DataLoader[dict[str, Any]] = DataLoader(
        ds, batch_size=4, sampler=sampler, collate_fn=stack_samples, num_workers=0)
    batches = list(loader)
    assert len(batches) == len(loader) == math.ceil(70 / 4)
    bounds = [b for batch in batches for b in batch["bounds"]]
    assert bounds == list(sampler)
    first = batches[0]
    assert first["image"].shape == (4, 2, 16, 16)
    assert first["image"][:, 0, 0, 0].tolist() == [b.minx for b in first["bounds"]]
    assert first["image"][:, 1, 0, 0].tolist() == [b.maxy for b in first["bounds"]]
    assert first["crs"] == [ds.crs] * 4


def test_dataloader_round_trip_with_batch_sampler(ds: SceneDataset) -> None:
    sampler = RandomBatchGeoSampler(ds, size=16, batch_size=5, length=20, seed=0)
    loader: DataLoader[dict[str, Any]] = DataLoader(
        ds, batch_sampler=sampler, collate_fn=stack_samples)
    sampler.set_epoch(0)
    expected = list(sampler)
    batches = list(loader)
    assert [batch["bounds"] for batch in batches] == expected
    assert all(batch["image"].shape == (5, 2, 16, 16) for batch in batches)


def test_an_roi_touching_a_scene_only_in_time_does_not_sample_it(tmp_path: Any) -> None:
    # a temporal split: train ends at the instant the Jan-5 scene begins, test starts there.
    # The Jan-5 scene belongs to test only (as a scene touching the roi's edge in space does)
    import rasterio
    from rasterio.transform import from_origin

    from geoplug.core.bbox import to_timestamp
    from geoplug.core.raster import RasterDataset

    class Dated(RasterDataset):
        filename_regex = r"^s_(?P<date>\d{8})\.tif$"

    for day, value in (("20200102", 2), ("20200105", 5)):
        with rasterio.open(tmp_path / f"s_{day}.tif", "w", driver="GTiff", width=32, height=32,
                           count=1, dtype="uint8", crs="EPSG:32615",
                           transform=from_origin(1000, 5000, 10, 10)) as dst:
            dst.write(np.full((1, 32, 32), value, np.uint8))
    ds = Dated(tmp_path)
    cut = to_timestamp("2020-01-05")
    b = ds.bounds
    train = BoundingBox(b.minx, b.maxx, b.miny, b.maxy, to_timestamp("2020-01-01"), cut)
    test = BoundingBox(b.minx, b.maxx, b.miny, b.maxy, cut, to_timestamp("2020-02-01"))
    for roi, values in ((train, {2}), (test, {5})):
        for sampler in (GridGeoSampler(ds, 16, roi=roi),
                        RandomGeoSampler(ds, 16, length=8, roi=roi, seed=0)):
            boxes = list(sampler)
            assert boxes and all(box.maxt > box.mint for box in boxes)
            assert {int(v) for box in boxes for v in ds[box]["image"].unique()} == values


def test_an_instant_scene_on_a_temporal_cut_belongs_to_the_later_split() -> None:
    # STAC items with only `datetime` are instants (mint == maxt). One on the cut between a
    # train and a test roi was sampled by both; it is now the later roi's, as a scene that
    # starts at the cut is. A roi spanning all the data's time keeps the last instant.
    from geoplug.core.bbox import to_timestamp

    jan2, jan5, jan9 = (to_timestamp(f"2020-01-0{d}") for d in (2, 5, 9))

    class Instants(SceneDataset):
        def __init__(self) -> None:
            super().__init__([])
            for i, t in enumerate((jan2, jan5, jan9)):
                self.index.insert(i, (0, 320, 0, 320, t, t), f"item{i}")

    items = Instants()
    splits = {"train": (to_timestamp("2020-01-01"), jan5), "val": (jan5, jan9),
              "test": (jan9, to_timestamp("2020-02-01"))}
    owned = {}
    for name, (start, end) in splits.items():
        roi = BoundingBox(0, 320, 0, 320, start, end)
        for sampler in (GridGeoSampler(items, 16, roi=roi),
                        RandomGeoSampler(items, 16, length=4, roi=roi, seed=0)):
            owned[name] = {box.mint for box in sampler}
    assert owned == {"train": {jan2}, "val": {jan5}, "test": {jan9}}
    whole = {box.mint for box in GridGeoSampler(items, 16)}  # the default roi: every item
    assert whole == {jan2, jan5, jan9}
    spatial = BoundingBox(0, 160, 0, 320, jan2, jan9)  # a spatial split: all the times
    assert {box.mint for box in GridGeoSampler(items, 16, roi=spatial)} == {jan2, jan5, jan9}

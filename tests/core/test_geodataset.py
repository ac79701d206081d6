"""Combining geo datasets: ``landsat & cdl`` and ``a | b``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import rasterio
import torch
from rasterio.transform import from_origin

from fakedata import geo
from fakedata.geo import Cdl, Landsat8
from geoplug.core.bbox import BoundingBox, GeoQuery
from geoplug.core.collate import stack_samples
from geoplug.core.errors import InvalidDataError, QueryOutsideDataError
from geoplug.core.geodataset import GeoDataset, IntersectionDataset, UnionDataset
from geoplug.core.raster import RasterDataset
from geoplug.core.resample import Resample


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))






@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("geo")
    scenes = geo.landsat8_scenes(root / "landsat", size=48)
    geo.cdl(root / "cdl", cover=scenes[:1], margin=0)  # covers only the first scene
    return root


def test_intersection_brings_image_and_mask(root: Path) -> None:
    landsat, cdl = Landsat8(root / "landsat"), Cdl(root / "cdl")
    both = landsat & cdl
    assert isinstance(both, IntersectionDataset)
    assert both.crs == landsat.crs and cdl.crs == landsat.crs and cdl.res == landsat.res
    b = both.bounds
    assert landsat.bounds.contains(b) and b.area < landsat.bounds.area
    q = BoundingBox(b.minx, b.minx + 300, b.maxy - 300, b.maxy, b.mint, b.maxt)
    sample = both[q]
    assert sample["image"].shape == (7, 10, 10) and sample["image"].dtype == torch.float32
    assert sample["mask"].shape == (10, 10) and sample["mask"].dtype == torch.int64
    assert sample["bounds"] == q and sample["crs"] == landsat.crs
    torch.testing.assert_close(sample["image"], landsat[q]["image"])
    torch.testing.assert_close(sample["mask"], cdl[q]["mask"])
    # outside the overlap, although inside landsat
    lb = landsat.bounds
    with pytest.raises(QueryOutsideDataError):
        both[BoundingBox(lb.maxx - 300, lb.maxx, lb.miny, lb.miny + 300)]


def test_no_overlap(root: Path, tmp_path: Path) -> None:
    far = geo.landsat8_scene(tmp_path, epsg=32615, origin=(300_015.0, 5_000_025.0), size=8)
    assert far.folder.exists()
    with pytest.raises(InvalidDataError, match="no spatio-temporal overlap"):
        Landsat8(tmp_path) & Cdl(root / "cdl")


def test_union_covers_both_zones_and_fills_gaps(tmp_path: Path) -> None:
    for scene in geo.landsat8_scenes(tmp_path / "all", size=48, dates=(date(2023, 6, 15),)):
        zone = "z16" if "022032" in scene.folder.name else "z15"
        (tmp_path / zone).mkdir(exist_ok=True)
        scene.folder.rename(tmp_path / zone / scene.folder.name)
    z15, z16 = Landsat8(tmp_path / "z15"), Landsat8(tmp_path / "z16")
    union = z15 | z16
    assert isinstance(union, UnionDataset)
    assert len(union) == 2 and union.crs == z15.crs and z16.crs == z15.crs
    assert union.bounds == z15.bounds | z16.bounds
    # a patch straddling the east edge of the zone-15 scene: z15 first, z16 fills the rest
    b15 = z15.bounds
    q = BoundingBox(b15.maxx - 450, b15.maxx + 450, b15.miny + 600, b15.miny + 1500,
                    b15.mint, b15.maxt)
    merged = union[q]["image"]
    first, second = z15[q]["image"], z16[q]["image"]
    empty = (first == 0).all(dim=0)
    assert empty.any() and (~empty).any()
    torch.testing.assert_close(merged[:, ~empty], first[:, ~empty])
    torch.testing.assert_close(merged[:, empty], second[:, empty])
    assert (merged != 0).all(dim=0).sum() > (~empty).sum()


def _same_sample(got: dict, expected: dict) -> None:
    assert set(got) == set(expected)
    for key, value in expected.items():
        if isinstance(value, torch.Tensor):
            assert got[key].dtype == value.dtype
            torch.testing.assert_close(got[key], value, rtol=0, atol=0)
        else:
            assert got[key] == value


def test_intersection_takes_torchgeo_slices(root: Path) -> None:
    both = Landsat8(root / "landsat") & Cdl(root / "cdl")
    b = both.bounds
    res = both.res[0]
    q = BoundingBox(b.minx + 60, b.minx + 360, b.maxy - 390, b.maxy - 30, b.mint, b.maxt)
    expected = both[q]
    assert expected["image"].shape == (7, 12, 10)
    _same_sample(both[q.minx:q.maxx:res, q.miny:q.maxy:res, q.mint:q.maxt], expected)
    _same_sample(both[q.minx:q.maxx, q.miny:q.maxy, q.mint:q.maxt], expected)
    # without a time slice, time is unbounded: the same as a box without times
    spatial = BoundingBox(q.minx, q.maxx, q.miny, q.maxy)
    _same_sample(both[q.minx:q.maxx, q.miny:q.maxy], both[spatial])
    # open ends are the dataset's bounds
    _same_sample(both[: b.minx + 300, b.maxy - 300 :],
                 both[BoundingBox(b.minx, b.minx + 300, b.maxy - 300, b.maxy)])
    with pytest.raises(ValueError, match=r"xres=10.*res=10"):
        both[q.minx:q.maxx:10, q.miny:q.maxy:10]
    with pytest.raises(QueryOutsideDataError):
        both[b.maxx + 300 : b.maxx + 600, b.miny : b.miny + 300]


def test_union_takes_torchgeo_slices(root: Path) -> None:
    union = Landsat8(root / "landsat") | Cdl(root / "cdl")
    b = union.bounds
    q = BoundingBox(b.minx + 600, b.minx + 900, b.miny + 600, b.miny + 900)
    expected = union[q]
    assert expected["image"].shape == (7, 10, 10) and expected["mask"].shape == (10, 10)
    _same_sample(union[q.minx:q.maxx:30, q.miny:q.maxy:30], expected)


def test_raster_dataset_takes_torchgeo_slices(root: Path) -> None:
    landsat = Landsat8(root / "landsat")
    b = landsat.bounds
    q = BoundingBox(b.minx + 300, b.minx + 600, b.maxy - 900, b.maxy - 600, b.mint, b.maxt)
    expected = landsat[q]
    assert expected["image"].shape == (7, 10, 10)
    _same_sample(landsat[q.minx:q.maxx:30, q.miny:q.maxy:30, q.mint:q.maxt], expected)
    _same_sample(landsat[q.minx:q.maxx, q.miny:q.maxy],
                 landsat[BoundingBox(q.minx, q.maxx, q.miny, q.maxy)])
    with pytest.raises(ValueError, match=r"xres=60.*res=60"):
        landsat[q.minx:q.maxx:60, q.miny:q.maxy:60]


def test_a_composite_passes_the_resolution_on_to_its_members(tmp_path: Path) -> None:
    # 10 m imagery & (30 m masks west | east): the union's members are read at 10 m too,
    # so the mask is the image's grid (it was 3 times coarser, or dropped in a | (b | c))
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin

    from geoplug.core.raster import RasterDataset

    class Image(RasterDataset):
        filename_glob = "img*.tif"

    class West(RasterDataset):
        filename_glob = "west*.tif"
        is_image = False

    class East(RasterDataset):
        filename_glob = "east*.tif"
        is_image = False

    def write(name: str, values: np.ndarray, x0: float, res: float) -> None:
        with rasterio.open(tmp_path / f"{name}.tif", "w", driver="GTiff",
                           width=values.shape[1], height=values.shape[0], count=1,
                           dtype=values.dtype, crs="EPSG:32615", nodata=0,
                           transform=from_origin(x0, 4_400_000, res, res)) as dst:
            dst.write(values, 1)

    rows, cols = np.mgrid[0:10, 0:5]
    write("img", np.arange(1, 901, dtype=np.uint16).reshape(30, 30), 500_000, 10)
    write("west", (1 + 10 * rows + cols).astype(np.uint8), 500_000, 30)
    write("east", (101 + 10 * rows + cols).astype(np.uint8), 500_150, 30)
    q = BoundingBox(500_030, 500_270, 4_399_790, 4_399_970)  # 24 x 18 pixels of 10 m
    r, c = np.mgrid[3:21, 3:27]  # the 10 m pixels of q; their 30 m pixel is (r // 3, c // 3)
    expected = np.where(c < 15, 1 + 10 * (r // 3) + c // 3, 101 + 10 * (r // 3) + (c - 15) // 3)
    both = Image(tmp_path) & (West(tmp_path) | East(tmp_path))
    assert [d.res for d in both.datasets[1].datasets] == [(10.0, 10.0)] * 2
    sample = both[q]
    assert sample["image"].shape == (1, 18, 24)
    np.testing.assert_array_equal(sample["mask"].numpy(), expected)
    union = West(tmp_path, res=10) | (East(tmp_path) | West(tmp_path))
    np.testing.assert_array_equal(union[q]["mask"].numpy(), expected)



def _tif(path: Path, data: np.ndarray, left: float, nodata: float | None = None) -> None:
    """A 10 m GeoTIFF whose top-left corner is (left, 40) in UTM 15N."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with rasterio.open(path, "w", driver="GTiff", width=data.shape[2], height=data.shape[1],
                       count=data.shape[0], dtype=data.dtype, crs="EPSG:32615",
                       transform=from_origin(left, 40, 10, 10), nodata=nodata) as dst:
        dst.write(data)


def _ramp(base: int, dtype: str, bands: int = 1) -> np.ndarray:
    """4 x 4 pixels ``base + row * 4 + col`` (+ 1000 per band)."""
    return np.stack([np.arange(16).reshape(4, 4) + base + 1000 * b
                     for b in range(bands)]).astype(dtype)


def _read(dataset: GeoDataset, q: BoundingBox) -> np.ndarray:
    """The sample's image ``[C, H, W]``, resampled by ``Resample`` when it is deferred."""
    sample = dataset[q]
    if "image" not in sample:
        return Resample()(dict(stack_samples([sample])))["image"][0].numpy()
    return sample["image"].numpy()


@pytest.mark.parametrize("defer", [False, True])
def test_empty_pixels_of_a_union_hold_its_fill_value_and_nesting_is_associative(
        tmp_path: Path, defer: bool) -> None:
    b = _ramp(101, "uint8")
    b[0, 0, 0] = 255  # b's own nodata
    _tif(tmp_path / "a" / "a.tif", _ramp(1, "uint8"), 0, nodata=0)
    _tif(tmp_path / "b" / "b.tif", b, 40, nodata=255)
    _tif(tmp_path / "c" / "c.tif", np.full((1, 4, 4), 77, "uint8"), 80, nodata=0)
    kw = {"defer_resampling": True} if defer else {}

    def layer(name: str) -> RasterDataset:
        return RasterDataset(tmp_path / name, keep_dtype=True, **kw)  # type: ignore[arg-type]

    q = BoundingBox(20, 100, 0, 40)  # a's east half, b, and c's west half
    two = _read(layer("a") | layer("b"), q)[0]
    assert (two[:, 6:] == 0).all()  # no data: the union's fill (a's nodata), not b's 255
    assert two[0, 2] == 0 and two[0, 3] == 102 and two[1, 2] == 105  # b's nodata pixel too
    assert two[0, 0] == 3 and two[3, 1] == 16  # a's own pixels
    nested_left = _read((layer("a") | layer("b")) | layer("c"), q)[0]
    nested_right = _read(layer("a") | (layer("b") | layer("c")), q)[0]
    np.testing.assert_array_equal(nested_left, nested_right)
    assert (nested_left[:, 6:] == 77).all()  # c fills what neither a nor b has
    assert nested_left[0, 2] == 0 and nested_left[2, 3] == 110
    # a union whose first member has no data at the query still answers with its fill value
    east = _read(layer("a") | layer("b"), BoundingBox(40, 80, 0, 40))[0]
    assert east[0, 0] == 0 and east[0, 1] == 102


@pytest.mark.parametrize("defer", [False, True])
def test_a_union_keeps_the_values_of_a_wider_dtype(tmp_path: Path, defer: bool) -> None:
    # keep_dtype: a uint8 first layer took b's uint16 pixels into uint8 (16001 -> 129)
    a = _ramp(1, "uint8")
    a[:, :, 2:] = 0  # a's nodata: its east half
    _tif(tmp_path / "a" / "a.tif", a, 0, nodata=0)
    _tif(tmp_path / "b" / "b.tif", _ramp(16001, "uint16"), 0, nodata=0)
    kw = {"defer_resampling": True} if defer else {}

    def layer(name: str) -> RasterDataset:
        return RasterDataset(tmp_path / name, keep_dtype=True, **kw)  # type: ignore[arg-type]

    got = _read(layer("a") | layer("b"), BoundingBox(0, 40, 0, 40))[0]
    expected = np.where(a[0] > 0, a[0], _ramp(16001, "uint16")[0])
    np.testing.assert_array_equal(got, expected)
    assert got[0, 2] == 16003 and got[3, 3] == 16016 and got[1, 1] == 6
    # every sample in the dtype that holds both, whichever member answers
    assert got.dtype == np.uint16 and (layer("a") | layer("b")).kept_dtype == np.uint16
    west = _read(layer("a") | layer("b"), BoundingBox(0, 20, 0, 40))[0]  # a alone fills it
    assert west.dtype == np.uint16 and west[3, 1] == 14


@pytest.mark.parametrize("defer", [False, True])
def test_a_union_of_datasets_with_different_bands_is_refused_not_cut(
        tmp_path: Path, defer: bool) -> None:
    _tif(tmp_path / "a" / "a.tif", _ramp(1, "uint8", bands=3), 0, nodata=0)
    _tif(tmp_path / "b" / "b.tif", _ramp(101, "uint8", bands=4), 40, nodata=0)
    kw = {"defer_resampling": True} if defer else {}
    union = (RasterDataset(tmp_path / "a", keep_dtype=True, **kw)  # type: ignore[arg-type]
             | RasterDataset(tmp_path / "b", keep_dtype=True, **kw))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"differ in shape: \(3, 4, 4\) and \(4, 4, 4\)"):
        union[BoundingBox(20, 60, 0, 40)]


@pytest.mark.parametrize("defer", [False, True])
def test_files_of_several_dtypes_read_in_one_that_holds_them_all(
        tmp_path: Path, defer: bool) -> None:
    b = (np.arange(16).reshape(1, 4, 4) * 100 + 250).astype("int16")
    b[0, 0, 0] = -5
    _tif(tmp_path / "d" / "a.tif", np.full((1, 4, 4), 10, "uint8"), 0)
    _tif(tmp_path / "d" / "b.tif", b, 40)
    kw = {"defer_resampling": True} if defer else {}
    for keep in (True, False):
        ds = RasterDataset(tmp_path / "d", keep_dtype=keep, **kw)  # type: ignore[arg-type]
        straddle = _read(ds, BoundingBox(20, 60, 0, 40))[0]
        # b's values as written, not wrapped into a's uint8 (-5 had read 251, 350 read 94)
        np.testing.assert_array_equal(straddle[:, 2:], b[0, :, :2])
        assert (straddle[:, :2] == 10).all()
        assert straddle.dtype == (np.int16 if keep else np.float32)
    # read at 5 m: every file warped (a deferred sample packs each window in int16 too)
    ds = RasterDataset(tmp_path / "d", res=5, resampling="nearest", keep_dtype=True,
                       **kw)  # type: ignore[arg-type]
    straddle = _read(ds, BoundingBox(20, 60, 0, 40))[0]
    np.testing.assert_array_equal(straddle[:, 4:], b[0].repeat(2, 0).repeat(2, 1)[:, :4])
    assert (straddle[:, :4] == 10).all()
    if defer:  # samples of one file each batch together: one dtype for all
        batch = stack_samples([ds[BoundingBox(0, 20, 0, 20)], ds[BoundingBox(40, 60, 0, 20)]])
        image = Resample()(dict(batch))["image"]
        assert image.dtype == torch.int16 and (image[0] == 10).all()
        np.testing.assert_array_equal(image[1, 0].numpy(),
                                      b[0].repeat(2, 0).repeat(2, 1)[4:, :4])


class _Spans(GeoDataset):
    """Items with the given footprints and time spans (a STAC-like index, no pixels)."""

    def __init__(self, *spans: tuple[float, float]) -> None:
        super().__init__()
        self.crs = "EPSG:32615"  # type: ignore[assignment]
        self.res = (10.0, 10.0)
        for i, (start, end) in enumerate(spans):
            self.index.insert(i, (0, 320, 0, 320, start, end))

    def __getitem__(self, query: GeoQuery) -> dict[str, Any]:
        return {"bounds": self._box(query)}


def test_items_touching_only_in_time_do_not_intersect() -> None:
    # a ends at t=200 as b starts: their & had a zero-length item, which samplers tiled
    with pytest.raises(InvalidDataError, match="no spatio-temporal overlap"):
        _Spans((100, 200)) & _Spans((200, 300))
    overlapping = _Spans((100, 200)) & _Spans((150, 300), (200, 300))
    assert [tuple(b)[4:] for _, b in overlapping._items()] == [(150, 200)]
    instant = _Spans((200, 200)) & _Spans((100, 200))  # an instant item at a span's end
    assert [tuple(b)[4:] for _, b in instant._items()] == [(200, 200)]

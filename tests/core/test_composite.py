"""Compositing overlapping sources: first/last/min/max/mean/median, nodata-aware."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import rasterio
import torch
from affine import Affine

from geoplug.core.bbox import BoundingBox
from geoplug.core.composite import composite
from geoplug.core.raster import RasterDataset
from geoplug.core.warp import Patch


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPLUG_CACHE_DIR", str(tmp_path / "cache"))


def patches() -> list[Patch]:
    a = Patch(np.array([[[1, 2], [3, 4]]], dtype=np.uint16), None, slice(0, 2), slice(0, 2))
    valid = np.array([[True, False], [True, True]])
    b = Patch(np.array([[[5, 0], [1, 9]]], dtype=np.uint16), valid, slice(0, 2), slice(0, 2))
    c = Patch(np.array([[[7]]], dtype=np.uint16), None, slice(1, 2), slice(1, 2))
    return [a, b, c]


@pytest.mark.parametrize(("method", "expected"), [
    ("first", [[1, 2], [3, 4]]),
    ("min", [[1, 2], [1, 4]]),
    ("max", [[5, 2], [3, 9]]),
    ("mean", [[3, 2], [2, 7]]),  # (1+5)/2, 2, (3+1)/2, (4+9+7)/3=6.67 -> 7
    ("median", [[3, 2], [2, 7]]),
])
def test_methods(method: str, expected: list[list[int]]) -> None:
    out, covered = composite(patches(), (1, 2, 2), np.dtype("uint16"), 0, method)
    np.testing.assert_array_equal(out[0], expected)
    assert covered.all() and out.dtype == np.uint16


def test_float_mean_and_last_and_uncovered() -> None:
    out, _ = composite(patches(), (1, 2, 2), np.dtype("float32"), 0, "mean")
    assert out[0, 1, 1] == pytest.approx(20 / 3, rel=1e-6)
    last, _ = composite(reversed(patches()), (1, 2, 2), np.dtype("uint16"), 0, "first")
    np.testing.assert_array_equal(last[0], [[5, 2], [1, 7]])  # b's nodata pixel keeps a's 2
    empty, covered = composite([patches()[2]], (1, 2, 2), np.dtype("uint16"), 99, "max")
    np.testing.assert_array_equal(empty[0], [[99, 99], [99, 7]])
    assert covered.sum() == 1
    with pytest.raises(ValueError, match="unknown merge"):
        composite([], (1, 1, 1), np.dtype("uint8"), 0, "sum")


def test_first_stops_reading_when_covered() -> None:
    consumed = []

    def lazy():
        for p in patches():
            consumed.append(p)
            yield p

    composite(lazy(), (1, 2, 2), np.dtype("uint16"), 0, "first")
    assert len(consumed) == 1


def test_readers_are_asked_for_the_box_left_unfilled() -> None:
    """A reader is called only when needed, with the box the earlier sources left unfilled
    (``first``), or the whole grid (``None``) for the reducing methods."""
    asked: list[object] = []

    def reader(patch: Patch | None) -> Callable[..., Patch | None]:
        def read(need: object) -> Patch | None:
            asked.append(need)
            return patch
        return read

    left = np.ones((4, 5), dtype=bool)
    left[1:3, 3:] = False  # a 2 x 2 hole at the right edge
    a = Patch(np.full((1, 4, 5), 1, dtype=np.uint16), left, slice(0, 4), slice(0, 5))
    b = Patch(np.full((1, 2, 2), 2, dtype=np.uint16), None, slice(1, 3), slice(3, 5))
    c = Patch(np.full((1, 4, 5), 3, dtype=np.uint16), None, slice(0, 4), slice(0, 5))
    out, covered = composite([reader(a), reader(b), reader(c)], (1, 4, 5), np.dtype("uint16"),
                             0, "first")
    assert asked == [None, (slice(1, 3), slice(3, 5))]  # c never read: b filled the hole
    assert covered.all() and (out[0][1:3, 3:] == 2).all() and (out[0][left] == 1).all()
    asked.clear()
    out, _ = composite([reader(a), reader(b)], (1, 4, 5), np.dtype("uint16"), 0, "max")
    assert asked == [None, None] and (out[0][1:3, 3:] == 2).all()


class Dated(RasterDataset):
    filename_glob = "scene_*.tif"
    filename_regex = r"scene_(?P<date>\d{8})\.tif"


def test_temporal_composite_on_a_dataset(tmp_path: Path) -> None:
    # three dates on one grid; 0 is nodata (a cloud mask, say)
    values = {date(2023, 5, 1): 10, date(2023, 6, 1): 30, date(2023, 7, 1): 20}
    for when, value in values.items():
        data = np.full((1, 4, 4), value, dtype="uint16")
        if value == 10:
            data[0, 0, 0] = 0
        with rasterio.open(tmp_path / f"scene_{when:%Y%m%d}.tif", "w", driver="GTiff", width=4,
                           height=4, count=1, dtype="uint16", nodata=0, crs="EPSG:32615",
                           transform=Affine(30, 0, 0, 0, -30, 120)) as dst:
            dst.write(data)
    q = BoundingBox(0, 120, 0, 120)
    expect = {"first": 10, "last": 20, "min": 10, "max": 30, "mean": 20, "median": 20}
    for method, value in expect.items():
        image = Dated(tmp_path, merge=method)[q]["image"]
        assert image[0, 1, 1].item() == value, method
    # the nodata pixel of May is taken from the next date
    assert Dated(tmp_path, merge="first")[q]["image"][0, 0, 0].item() == 30
    assert Dated(tmp_path, merge="mean")[q]["image"][0, 0, 0].item() == 25


def test_reducers_leave_out_a_single_band_at_nodata(tmp_path: Path) -> None:
    # two bands, nodata -9999; in May band 1 lacks data on the top row while band 2 has it:
    # band 1's reductions there come from the other dates alone (as rasterio.merge masks per
    # band), never averaging -9999 in. Values vary in space and between dates
    rows, cols = np.mgrid[0:4, 0:4]
    dates = [date(2023, 5, 1), date(2023, 6, 1), date(2023, 7, 1)]
    stacks = []
    for k, when in enumerate(dates):
        data = np.stack([100 * (k + 1) + 4 * rows + cols,
                         1000 * (k + 1) + 4 * rows + cols]).astype("int16")
        if k == 0:
            data[0, 0, :] = -9999
        stacks.append(data)
        with rasterio.open(tmp_path / f"scene_{when:%Y%m%d}.tif", "w", driver="GTiff", width=4,
                           height=4, count=2, dtype="int16", nodata=-9999, crs="EPSG:32615",
                           transform=Affine(30, 0, 0, 0, -30, 120)) as dst:
            dst.write(data)
    masked = np.ma.masked_equal(np.stack(stacks).astype(np.float64), -9999)
    reference = {"min": masked.min(axis=0), "max": masked.max(axis=0),
                 "mean": masked.mean(axis=0), "median": np.ma.median(masked, axis=0)}
    q = BoundingBox(0, 120, 0, 120)
    for method, expected in reference.items():
        # float32 samples keep a mean's or median's fraction (they were rounded to whole
        # numbers first); the files' int16 (keep_dtype) rounds half up, as GDAL does
        image = Dated(tmp_path, merge=method)[q]["image"].numpy()
        np.testing.assert_allclose(image, expected.filled(), rtol=1e-6, err_msg=method)
        kept = Dated(tmp_path, merge=method, keep_dtype=True)[q]["image"].numpy()
        np.testing.assert_array_equal(kept, np.floor(expected.filled() + 0.5), method)
    assert (Dated(tmp_path, merge="min")[q]["image"][0, 0] == np.arange(200, 204)).all()


@pytest.mark.parametrize("method", ["mean", "median"])
def test_a_mean_of_integer_files_keeps_its_fraction_in_float_samples(tmp_path: Path,
                                                                      method: str) -> None:
    # uint8 files 1 and 2 (and 10, 11, 11 elsewhere): float32 samples said 2 and 11, not 1.5
    # and 10.67, the composite having rounded to the files' dtype first
    for k, when in enumerate((date(2023, 5, 1), date(2023, 6, 1), date(2023, 7, 1))):
        data = np.full((1, 2, 2), [1, 2, 0][k], dtype="uint8")
        data[0, 1] = [10, 11, 11][k]
        with rasterio.open(tmp_path / f"scene_{when:%Y%m%d}.tif", "w", driver="GTiff", width=2,
                           height=2, count=1, dtype="uint8", nodata=0, crs="EPSG:32615",
                           transform=Affine(30, 0, 0, 0, -30, 60)) as dst:
            dst.write(data)
    q = BoundingBox(0, 60, 0, 60)
    image = Dated(tmp_path, merge=method)[q]["image"]
    assert image.dtype == torch.float32
    assert image[0, 0, 0].item() == 1.5
    assert image[0, 1, 0].item() == pytest.approx(32 / 3 if method == "mean" else 11.0)
    kept = Dated(tmp_path, merge=method, keep_dtype=True)[q]["image"]
    assert kept.dtype == torch.uint8 and kept[0, 0, 0].item() == 2  # half up, as GDAL

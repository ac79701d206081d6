"""BoundingBox: geometry of queries in x, y and time."""

from __future__ import annotations

import math
from datetime import datetime, timezone

import pytest

from geoplug.core.bbox import BoundingBox, to_timestamp


def test_defaults_and_order() -> None:
    box = BoundingBox(0, 10, 20, 40)
    assert tuple(box) == (0, 10, 20, 40, -math.inf, math.inf)
    assert box.spatial == (0, 20, 10, 40)
    assert (box.width, box.height, box.area) == (10, 20, 200)
    assert box.center == (5, 30)
    assert box[2] == 20 and len(box) == 6


def test_intersection_union_contains() -> None:
    a = BoundingBox(0, 10, 0, 10, 0, 5)
    b = BoundingBox(5, 15, -5, 5, 3, 8)
    assert a & b == BoundingBox(5, 10, 0, 5, 3, 5)
    assert a | b == BoundingBox(0, 15, -5, 10, 0, 8)
    assert a.intersects(b) and not a.contains(b)
    assert BoundingBox(1, 2, 1, 2, 1, 2) in a
    far = BoundingBox(20, 30, 20, 30)
    assert not a.intersects(far)
    with pytest.raises(ValueError, match="do not intersect"):
        _ = a & far


def test_split_and_buffer() -> None:
    left, right = BoundingBox(0, 10, 0, 4).split(0.3)
    assert left == BoundingBox(0, 3, 0, 4) and right == BoundingBox(3, 10, 0, 4)
    bottom, top = BoundingBox(0, 10, 0, 4).split(0.5, horizontal=False)
    assert bottom.maxy == top.miny == 2
    with pytest.raises(ValueError, match="proportion"):
        BoundingBox(0, 1, 0, 1).split(1.0)
    assert BoundingBox(0, 1, 0, 1).buffer(1) == BoundingBox(-1, 2, -1, 2)


def test_invalid_and_hashable() -> None:
    with pytest.raises(ValueError, match="minx=2"):
        BoundingBox(2, 1, 0, 1)
    with pytest.raises(ValueError, match="NaN"):
        BoundingBox(math.nan, 1, 0, 1)
    assert len({BoundingBox(0, 1, 0, 1), BoundingBox(0, 1, 0, 1)}) == 1


def test_time() -> None:
    box = BoundingBox(0, 1, 0, 1).with_time("2023-06-15", datetime(2023, 7, 1))
    assert box.mint == datetime(2023, 6, 15, tzinfo=timezone.utc).timestamp()
    assert to_timestamp(5) == 5.0
    assert box.volume == box.area * (box.maxt - box.mint)


@pytest.mark.parametrize("coords", [(0, math.inf, 0, 1), (-math.inf, 1, 0, 1),
                                    (0, 1, 0, math.inf), (0, 1, -math.inf, 1)])
def test_infinite_x_or_y_is_a_clear_error(coords: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match=r"infinite .* coordinate.*only time may be unbounded"):
        BoundingBox(*coords)
    # time may be unbounded
    assert BoundingBox(0, 1, 0, 1, -math.inf, math.inf).maxt == math.inf


RES = (30.0, 10.0)
DATA = BoundingBox(100, 400, 1000, 1300, 5, 50)  # what a dataset's bounds would say


def box_of(query: object) -> BoundingBox:
    return BoundingBox.from_query(query, RES, lambda: DATA)


def test_slice_queries_give_the_box_of_the_same_window() -> None:
    assert box_of(slice(120, 240, 30)) == BoundingBox(120, 240, 1000, 1300)
    assert box_of((slice(120, 240), slice(1010, 1100, 10))) == BoundingBox(120, 240, 1010, 1100)
    assert box_of((slice(120, 240, 30.0), slice(1010, 1100, 10), slice(7, 9))) == BoundingBox(
        120, 240, 1010, 1100, 7, 9)
    # missing x/y limits are the dataset's; missing time limits are unbounded
    assert box_of((slice(None, 240), slice(1010, None), slice(None, 9))) == BoundingBox(
        100, 240, 1010, 1300, -math.inf, 9)
    assert box_of((slice(None), slice(None))) == BoundingBox(100, 400, 1000, 1300)
    # times as datetimes or ISO strings, naive = UTC
    day = datetime(2023, 6, 15, tzinfo=timezone.utc).timestamp()
    got = box_of((slice(120, 240), slice(1010, 1100), slice("2023-06-15", datetime(2023, 6, 16))))
    assert (got.mint, got.maxt) == (day, day + 86_400)
    # a box is returned as it is
    box = BoundingBox(1, 2, 3, 4)
    assert box_of(box) is box


def test_slice_queries_refuse_what_they_cannot_mean() -> None:
    with pytest.raises(ValueError, match=r"xres=60.*dataset's 30.0.*res=60"):
        box_of((slice(120, 240, 60), slice(1010, 1100)))
    with pytest.raises(ValueError, match=r"yres=30.*dataset's 10.0"):
        box_of((slice(120, 240, 30), slice(1010, 1100, 30)))
    with pytest.raises(ValueError, match="time slice has no step"):
        box_of((slice(120, 240), slice(1010, 1100), slice(7, 9, 1)))
    with pytest.raises(ValueError, match="infinite x"):
        box_of((slice(120, math.inf), slice(1010, 1100)))
    with pytest.raises(ValueError, match="NaN y"):
        box_of((slice(120, 240), slice(math.nan, 1100)))
    with pytest.raises(ValueError, match="minx=240"):
        box_of((slice(240, 120), slice(1010, 1100)))
    with pytest.raises(TypeError, match=r"xmin .* must be a number.*'a'"):
        box_of((slice("a", 240), slice(1010, 1100)))
    with pytest.raises(TypeError, match=r"BoundingBox.*or with slices"):
        box_of((120, 240, 1010, 1100))
    with pytest.raises(TypeError, match="or with slices"):
        box_of((slice(1, 2),) * 4)
    with pytest.raises(TypeError, match="give ymax"):
        BoundingBox.from_query((slice(1, 2), slice(3, None)), RES)

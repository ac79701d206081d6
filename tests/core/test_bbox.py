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

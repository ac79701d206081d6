"""GridIndex answers the queries geoplug makes exactly as an rtree index does."""

from __future__ import annotations

import numpy as np
import pytest
from rtree.index import Index, Property

from geoplug.core.gridindex import GridIndex


def boxes(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Tiles on a grid (touching edges), some random boxes and a few huge ones, in time."""
    side = int(np.sqrt(n))
    k = np.arange(n)
    lows = np.column_stack([(k % side) * 100.0, (k // side % side) * 100.0,
                            rng.integers(0, 5, n) * 10.0])
    highs = lows + np.array([100.0, 100.0, 10.0])
    rand = rng.random(n) < 0.3
    lows[rand, :2] = rng.random((rand.sum(), 2)) * side * 100
    highs[rand, :2] = lows[rand, :2] + rng.random((rand.sum(), 2)) * 300
    huge = rng.choice(n, 3, replace=False)
    lows[huge, :2], highs[huge, :2] = -50.0, side * 100.0 + 50
    highs[0, :2] = lows[0, :2]  # a point
    return lows, highs


@pytest.mark.parametrize("seed", [0, 1])
def test_same_hits_as_rtree(seed: int) -> None:
    rng = np.random.default_rng(seed)
    lows, highs = boxes(rng, 2500)
    grid = GridIndex(lows, highs)
    tree = Index((np.arange(len(lows)), lows, highs), interleaved=False,
                 properties=Property(dimension=3))
    assert len(grid) == 2500
    np.testing.assert_allclose(grid.bounds, tree.bounds)
    for _ in range(300):
        x, y = rng.random(2) * 5200 - 100
        w, h = rng.choice([0.0, 50.0, 100.0, 700.0, 6000.0], 2)
        if rng.random() < 0.3:
            x, y = np.round([x, y], -2)  # on tile edges: touching boxes count
        t0 = float(rng.integers(0, 6) * 10.0)
        query = (x, x + w, y, y + h, t0, t0 + float(rng.choice([0.0, 5.0, 30.0])))
        assert sorted(grid.intersection(query)) == sorted(tree.intersection(query))
    hits = {h.id: h.bounds for h in grid.intersection(grid.bounds, objects=True)}
    assert len(hits) == 2500
    np.testing.assert_array_equal(hits[7], [lows[7, 0], highs[7, 0], lows[7, 1], highs[7, 1],
                                            lows[7, 2], highs[7, 2]])


def test_empty_and_bad_input() -> None:
    empty = GridIndex(np.zeros((0, 3)), np.zeros((0, 3)))
    assert len(empty) == 0 and list(empty.intersection((0, 1, 0, 1))) == []
    with pytest.raises(ValueError, match=r"\[n, 3\]"):
        GridIndex(np.zeros((4, 2)), np.zeros((4, 2)))

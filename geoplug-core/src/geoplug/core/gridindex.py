"""A spatial index of many boxes built in one go: a uniform grid over (x, y), time checked exactly.

An ``rtree`` index bulk-loads a million boxes in seconds; a STAC catalog of a million scenes
must open faster than that. Scenes of one catalog have similar sizes, so a uniform grid whose
cell is the typical footprint puts each box in a handful of cells: building it is a sort of
integer cell keys, and a query looks up the few cells it covers and checks the candidates
exactly (x, y and time, boundaries included, as rtree does). Boxes much larger than a cell are
kept aside and always checked.

:class:`GridIndex` answers the part of ``rtree.index.Index`` (``interleaved=False``) that geoplug's
datasets and samplers use: ``len``, ``bounds`` and ``intersection(coords, objects=False|True)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["GridIndex"]

#: a box covering more cells than this is kept aside and checked at every query
MAX_CELLS = 16


@dataclass(frozen=True, slots=True)
class Hit:
    """An index entry, as rtree's ``objects=True`` gives it: ``id`` and non-interleaved
    ``bounds`` ``[minx, maxx, miny, maxy, mint, maxt]``."""

    id: int
    bounds: list[float]


class GridIndex:
    """Boxes ``lows[i]``-``highs[i]`` (x, y, t) with ids ``0..n-1``, on a uniform (x, y) grid.

    Raises:
        ValueError: ``lows`` and ``highs`` are not both ``[n, 3]``.
    """

    def __init__(self, lows: np.ndarray, highs: np.ndarray) -> None:
        lows = np.ascontiguousarray(lows, dtype=np.float64)
        highs = np.ascontiguousarray(highs, dtype=np.float64)
        if lows.ndim != 2 or lows.shape[1] != 3 or lows.shape != highs.shape:
            raise ValueError(f"lows and highs must both be [n, 3], got {lows.shape} and "
                             f"{highs.shape}")
        self._lo, self._hi = lows, highs
        n = len(lows)
        self._origin = lows[:, :2].min(axis=0) if n else np.zeros(2)
        extent = highs[:, :2] - lows[:, :2] if n else np.ones((1, 2))
        cell = float(np.median(extent.max(axis=1))) if n else 1.0
        self._cell = cell if math.isfinite(cell) and cell > 0 else 1.0
        c0 = self._cells(lows[:, :2])
        c1 = np.maximum(self._cells(highs[:, :2], upper=True), c0)
        self._ncols = int(c1[:, 0].max()) + 1 if n else 1
        span = (c1 - c0 + 1).prod(axis=1) if n else np.zeros(0, dtype=np.int64)
        big = span > MAX_CELLS
        self._big = np.flatnonzero(big)
        small = np.flatnonzero(~big)
        # every (cell, id) pair of the small boxes, sorted by cell: a CSR table
        dx = (c1[small, 0] - c0[small, 0] + 1)
        counts = span[small]
        ids = np.repeat(small, counts)
        k = np.arange(len(ids)) - np.repeat(np.cumsum(counts) - counts, counts)
        cx = np.repeat(c0[small, 0], counts) + k % np.repeat(dx, counts)
        cy = np.repeat(c0[small, 1], counts) + k // np.repeat(dx, counts)
        keys = cy * self._ncols + cx
        order = np.argsort(keys, kind="stable")
        keys, self._ids = keys[order], ids[order]
        starts = np.flatnonzero(np.diff(keys, prepend=-1)) if len(keys) else np.zeros(
            0, dtype=np.int64)
        self._keys = keys[starts]
        self._starts = np.append(starts, len(keys))

    def _cells(self, xy: np.ndarray, upper: bool = False) -> np.ndarray:
        """Grid cell (column, row) of points ``xy`` (clipped at 0).

        A box spans the cells from its lower corner's to ``upper`` ones, where a coordinate
        on a cell boundary belongs to the cell below: a box ending where the next begins is
        not put in that cell, and a query starting on the boundary looks one cell lower, so
        that boxes which only touch are still found (as rtree finds them).
        """
        scaled = (xy - self._origin) / self._cell
        cells = np.ceil(scaled) - 1 if upper else np.floor(scaled)
        return np.maximum(cells, 0).astype(np.int64)

    def __len__(self) -> int:
        return len(self._lo)

    @property
    def bounds(self) -> list[float]:
        """``[minx, maxx, miny, maxy, mint, maxt]`` of all boxes (rtree's order)."""
        if not len(self):
            return [math.inf, -math.inf] * 3
        lo, hi = self._lo.min(axis=0), self._hi.max(axis=0)
        return [float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]), float(lo[2]),
                float(hi[2])]

    def _candidates(self, minx: float, maxx: float, miny: float, maxy: float) -> np.ndarray:
        if not len(self):
            return np.zeros(0, dtype=np.int64)
        (c0x, c0y) = self._cells(np.array([minx, miny]), upper=True)  # touching: one lower
        (c1x, c1y) = self._cells(np.array([maxx, maxy]))
        c1x = min(c1x, self._ncols - 1)
        if c1x < c0x or c1y < c0y:
            return self._big
        if (c1x - c0x + 1) * (c1y - c0y + 1) * 4 > len(self._keys):
            return np.arange(len(self))  # a large query: check every box
        cols = np.arange(c0x, c1x + 1)
        keys = (np.arange(c0y, c1y + 1)[:, None] * self._ncols + cols[None, :]).ravel()
        pos = np.searchsorted(self._keys, keys)
        pos = pos[(pos < len(self._keys)) & (self._keys[np.minimum(pos, len(self._keys) - 1)]
                                               == keys)]
        parts = [self._ids[self._starts[p]:self._starts[p + 1]] for p in pos]
        found = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
        return np.concatenate([found, self._big]) if len(self._big) else found

    def intersection(self, coords: Sequence[float], objects: bool = False
                     ) -> Iterator[int] | Iterator[Hit]:
        """Ids (or :class:`Hit` objects) of the boxes meeting ``coords``, boundaries included.

        ``coords`` is ``(minx, maxx, miny, maxy, mint, maxt)`` or ``(minx, maxx, miny, maxy)``.

        Raises:
            ValueError: ``coords`` has another length.
        """
        if len(coords) not in (4, 6):
            raise ValueError(f"coords are (minx, maxx, miny, maxy[, mint, maxt]), got {coords}")
        minx, maxx, miny, maxy = (float(v) for v in coords[:4])
        mint, maxt = (float(coords[4]), float(coords[5])) if len(coords) == 6 else (
            -math.inf, math.inf)
        ids = self._candidates(minx, maxx, miny, maxy)
        lo, hi = self._lo[ids], self._hi[ids]
        keep = ((lo[:, 0] <= maxx) & (hi[:, 0] >= minx) & (lo[:, 1] <= maxy)
                & (hi[:, 1] >= miny) & (lo[:, 2] <= maxt) & (hi[:, 2] >= mint))
        ids = ids[keep]
        if not objects:
            return iter(ids.tolist())
        return (Hit(int(i), [float(self._lo[i, 0]), float(self._hi[i, 0]),
                             float(self._lo[i, 1]), float(self._hi[i, 1]),
                             float(self._lo[i, 2]), float(self._hi[i, 2])]) for i in ids)

"""Score every pixel of a tiled validation or test region once.

:class:`~geoplug.core.GridGeoSampler` tiles a region so that no pixel is left out: its last row
and column of tiles are pulled back inside the region and overlap their neighbours, and the
scenes of a mosaic are tiled one by one, their tiles overlapping where the scenes do. Metrics
summed over whole tiles then count those pixels twice (a 32 x 96 pixel region read as 4,608
pixels instead of 3,072). :class:`ScoredPixels` marks, tile by tile in the order a pass reads
them, the pixels no earlier tile of the pass covered (at the same time); the data module hands
the mark to the tasks as the batch's ``scored`` key and the tasks update their metrics with
those pixels only. A pass starts where its loader starts iterating (:class:`PassSampler`): a
box may come back within one pass (overlapping scenes tiled on one grid, the pairs of an
``image & label`` over several files, a rank's padding), and then scores nothing more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sized
from typing import Any

import numpy as np

from geoplug.core.bbox import BoundingBox
from geoplug.core.geodataset import new_index

__all__ = ["PassSampler", "ScoredPixels"]


def _same_time(a: BoundingBox, b: BoundingBox) -> bool:
    """Whether ``a`` and ``b`` share some time (touching ends do not; equal instants do)."""
    if (a.mint, a.maxt) == (b.mint, b.maxt):
        return True
    return max(a.mint, b.mint) < min(a.maxt, b.maxt)


class ScoredPixels:
    """The pixels of each tile of a pass that no earlier tile of the pass covered.

    A pass is the tiles of one validation or test run, in the order they are read; one
    instance per pass (:class:`PassSampler` says when one starts).
    """

    def __init__(self) -> None:
        self._index = new_index()
        self._boxes: list[BoundingBox] = []

    def mark(self, box: BoundingBox) -> None:
        """Count tile ``box`` as scored elsewhere (by another rank)."""
        self._index.insert(len(self._boxes), tuple(box))
        self._boxes.append(box)

    def owned(self, box: BoundingBox, height: int, width: int) -> np.ndarray:
        """``[height, width]`` bool: the pixels of tile ``box`` to score (then marks them)."""
        mask = np.ones((height, width), dtype=bool)
        xres, yres = (box.maxx - box.minx) / width, (box.maxy - box.miny) / height
        for j in self._index.intersection(tuple(box)):
            other = self._boxes[j]
            if not _same_time(box, other):
                continue
            c0 = round((max(box.minx, other.minx) - box.minx) / xres)
            c1 = round((min(box.maxx, other.maxx) - box.minx) / xres)
            r0 = round((box.maxy - min(box.maxy, other.maxy)) / yres)
            r1 = round((box.maxy - max(box.miny, other.miny)) / yres)
            mask[r0:r1, c0:c1] = False
        self.mark(box)
        return mask


class PassSampler:
    """A validation or test loader's sampler whose every iteration, a pass, first calls
    ``start`` (the data module then scores the pass's pixels afresh)."""

    def __init__(self, sampler: Any, start: Callable[[], None]) -> None:
        self.sampler = sampler
        self._start = start

    def __iter__(self) -> Iterator[Any]:
        self._start()
        return iter(self.sampler)

    def __len__(self) -> int:
        assert isinstance(self.sampler, Sized)
        return len(self.sampler)

"""Reading SEN12MS-format patches: one Sentinel-1 and one Sentinel-2 GeoTIFF per location.

SEN12MS and the DFC2020 contest data (cut by the same pipeline) store each 256x256 patch as an
``s1`` file (VV, VH) beside an ``s2`` file (13 bands), and a user's band selection may mix both
sensors in any order. Planning once which bands come from which file means a sample opens only
the files its bands need, and the stacked bands come back in the order asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from geoplug.core.errors import InvalidDataError
from geoplug.datasets._tiling import read_window

__all__ = ["StackPlan", "plan_stack", "read_stack"]


@dataclass(frozen=True)
class StackPlan:
    """``reads``: (source, 1-based band indexes) per file to open, in ``sources`` order;
    ``order``: where each band asked for sits among the bands read."""

    reads: tuple[tuple[str, tuple[int, ...]], ...]
    order: tuple[int, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """The files (``s1``, ``s2``) a sample needs."""
        return tuple(source for source, _ in self.reads)


def plan_stack(bands: Sequence[str], sources: Mapping[str, Sequence[str]]) -> StackPlan:
    """Which bands to read from which source file for the selection ``bands``.

    ``sources`` maps each file kind to its band order on disk (e.g. ``{"s1": ("VV", "VH"),
    "s2": (...)}``).

    Raises:
        ValueError: a band is in none of the sources.
    """
    missing = [b for b in bands if not any(b in names for names in sources.values())]
    if missing:
        raise ValueError(f"bands {missing} are in none of the files {list(sources)}")
    reads: list[tuple[str, tuple[int, ...]]] = []
    stacked: list[str] = []
    for source, names in sources.items():
        picked = [b for b in bands if b in names]
        if picked:
            reads.append((source, tuple(list(names).index(b) + 1 for b in picked)))
            stacked.extend(picked)
    return StackPlan(tuple(reads), tuple(stacked.index(b) for b in bands))


def read_stack(plan: StackPlan, paths: Mapping[str, Path]) -> tuple[np.ndarray, dict[str, Any]]:
    """The planned bands as float32 ``[C,H,W]`` in the order asked, plus ``crs``/``bounds``
    of the last file read (``{}`` when it has no georeference).

    Raises:
        InvalidDataError: a file is unreadable, or the files of one patch differ in size.
    """
    arrays: list[np.ndarray] = []
    geo: dict[str, Any] = {}
    for source, indexes in plan.reads:
        array, geo = read_window(paths[source], None, indexes)
        if arrays and array.shape[1:] != arrays[0].shape[1:]:
            first = paths[plan.reads[0][0]]
            raise InvalidDataError(
                f"{paths[source]} is {array.shape[2]}x{array.shape[1]} px but {first} is "
                f"{arrays[0].shape[2]}x{arrays[0].shape[1]} px; the files are not one patch")
        arrays.append(array.astype(np.float32))
    return np.concatenate(arrays)[list(plan.order)], geo

"""``BoundingBox``: the query unit of geo datasets, in x, y (CRS units) and time.

Time is POSIX seconds (float); ``-inf``/``inf`` mean unbounded, so a purely spatial box is
``BoundingBox(minx, maxx, miny, maxy)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

__all__ = ["BoundingBox", "to_timestamp"]


def to_timestamp(value: float | datetime | str) -> float:
    """POSIX seconds from a number, a datetime (naive = UTC) or an ISO-8601 string."""
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()


@dataclass(frozen=True, slots=True)
class BoundingBox:
    """An axis-aligned box ``[minx, maxx] x [miny, maxy] x [mint, maxt]``; immutable, hashable.

    Raises:
        ValueError: a minimum exceeds its maximum, or a coordinate is NaN.
    """

    minx: float
    maxx: float
    miny: float
    maxy: float
    mint: float = -math.inf
    maxt: float = math.inf

    def __post_init__(self) -> None:
        for lo, hi, axis in ((self.minx, self.maxx, "x"), (self.miny, self.maxy, "y"),
                             (self.mint, self.maxt, "t")):
            if math.isnan(lo) or math.isnan(hi):
                raise ValueError(f"bounding box has a NaN {axis} coordinate: {self!r}")
            if lo > hi:
                raise ValueError(
                    f"bounding box min{axis}={lo} is greater than max{axis}={hi}"
                )

    # tuple-like access, in the order of rtree's non-interleaved coordinates
    def __iter__(self) -> Iterator[float]:
        return iter((self.minx, self.maxx, self.miny, self.maxy, self.mint, self.maxt))

    def __getitem__(self, index: int) -> float:
        return tuple(self)[index]

    def __len__(self) -> int:
        return 6

    @property
    def spatial(self) -> tuple[float, float, float, float]:
        """``(minx, miny, maxx, maxy)``, the order of rasterio and shapely bounds."""
        return (self.minx, self.miny, self.maxx, self.maxy)

    @property
    def width(self) -> float:
        return self.maxx - self.minx

    @property
    def height(self) -> float:
        return self.maxy - self.miny

    @property
    def area(self) -> float:
        """Spatial area in squared CRS units."""
        return self.width * self.height

    @property
    def volume(self) -> float:
        return self.area * (self.maxt - self.mint)

    @property
    def center(self) -> tuple[float, float]:
        return ((self.minx + self.maxx) / 2, (self.miny + self.maxy) / 2)

    def intersects(self, other: BoundingBox) -> bool:
        """True when the boxes share at least a boundary in x, y and t."""
        return (self.minx <= other.maxx and other.minx <= self.maxx
                and self.miny <= other.maxy and other.miny <= self.maxy
                and self.mint <= other.maxt and other.mint <= self.maxt)

    def contains(self, other: BoundingBox) -> bool:
        """True when ``other`` lies entirely inside this box."""
        return (self.minx <= other.minx and other.maxx <= self.maxx
                and self.miny <= other.miny and other.maxy <= self.maxy
                and self.mint <= other.mint and other.maxt <= self.maxt)

    def __contains__(self, other: object) -> bool:
        return isinstance(other, BoundingBox) and self.contains(other)

    def __and__(self, other: BoundingBox) -> BoundingBox:
        """Intersection.

        Raises:
            ValueError: the boxes do not intersect.
        """
        if not self.intersects(other):
            raise ValueError(f"{self} and {other} do not intersect")
        return BoundingBox(max(self.minx, other.minx), min(self.maxx, other.maxx),
                           max(self.miny, other.miny), min(self.maxy, other.maxy),
                           max(self.mint, other.mint), min(self.maxt, other.maxt))

    def __or__(self, other: BoundingBox) -> BoundingBox:
        """The smallest box containing both."""
        return BoundingBox(min(self.minx, other.minx), max(self.maxx, other.maxx),
                           min(self.miny, other.miny), max(self.maxy, other.maxy),
                           min(self.mint, other.mint), max(self.maxt, other.maxt))

    def split(self, proportion: float, horizontal: bool = True) -> tuple[BoundingBox, BoundingBox]:
        """Cut in two at ``proportion`` of the width (``horizontal``) or of the height.

        Raises:
            ValueError: ``proportion`` is not strictly between 0 and 1.
        """
        if not 0 < proportion < 1:
            raise ValueError(f"proportion must be in (0, 1), got {proportion}")
        if horizontal:
            cut = self.minx + self.width * proportion
            return (BoundingBox(self.minx, cut, self.miny, self.maxy, self.mint, self.maxt),
                    BoundingBox(cut, self.maxx, self.miny, self.maxy, self.mint, self.maxt))
        cut = self.miny + self.height * proportion
        return (BoundingBox(self.minx, self.maxx, self.miny, cut, self.mint, self.maxt),
                BoundingBox(self.minx, self.maxx, cut, self.maxy, self.mint, self.maxt))

    def buffer(self, distance: float) -> BoundingBox:
        """Grow (or shrink, if negative) spatially by ``distance`` on every side."""
        return BoundingBox(self.minx - distance, self.maxx + distance, self.miny - distance,
                           self.maxy + distance, self.mint, self.maxt)

    def with_time(self, mint: float | datetime | str, maxt: float | datetime | str
                  ) -> BoundingBox:
        """The same spatial box restricted to ``[mint, maxt]``."""
        return BoundingBox(self.minx, self.maxx, self.miny, self.maxy,
                           to_timestamp(mint), to_timestamp(maxt))

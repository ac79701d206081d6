"""``BoundingBox``: the query unit of geo datasets, in x, y (CRS units) and time.

Time is POSIX seconds (float); ``-inf``/``inf`` mean unbounded, so a purely spatial box is
``BoundingBox(minx, maxx, miny, maxy)``. x and y are always finite.

Geo datasets also accept TorchGeo 0.8's slice query ``ds[xmin:xmax:xres, ymin:ymax:yres,
tmin:tmax]``; :meth:`BoundingBox.from_query` turns it into the box of the same window, so both
forms give the same sample.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from numbers import Real
from typing import Any, TypeAlias

__all__ = ["BoundingBox", "GeoQuery", "to_timestamp"]


def to_timestamp(value: float | datetime | str) -> float:
    """POSIX seconds from a number, a datetime (naive = UTC) or an ISO-8601 string.

    Raises:
        TypeError: ``value`` is none of these.
        ValueError: a string is not ISO 8601.
    """
    if isinstance(value, Real) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"a time must be POSIX seconds, a datetime or an ISO-8601 string, got "
                        f"{value!r}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()


def _coordinate(value: Any, name: str) -> float:
    """``value`` as a float x or y coordinate.

    Raises:
        TypeError: it is not a real number.
    """
    if isinstance(value, Real) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"{name} of a slice query must be a number in the dataset's CRS units, "
                    f"got {value!r}")


@dataclass(frozen=True, slots=True)
class BoundingBox:
    """An axis-aligned box ``[minx, maxx] x [miny, maxy] x [mint, maxt]``; immutable, hashable.

    Raises:
        ValueError: a minimum exceeds its maximum, a coordinate is NaN, or an x or y
            coordinate is infinite.
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
            if axis != "t" and (math.isinf(lo) or math.isinf(hi)):
                raise ValueError(
                    f"bounding box has an infinite {axis} coordinate: {self!r}; x and y must be "
                    "finite numbers in the dataset's CRS units (only time may be unbounded)"
                )
            if lo > hi:
                raise ValueError(
                    f"bounding box min{axis}={lo} is greater than max{axis}={hi}"
                )

    @classmethod
    def from_query(cls, query: Any, res: tuple[float, float],
                   bounds: Callable[[], BoundingBox] | None = None) -> BoundingBox:
        """The box of a geo dataset query: a ``BoundingBox``, or TorchGeo 0.8 slices.

        ``query`` is ``BoundingBox(...)`` (returned as is), or ``xmin:xmax:xres``,
        ``(xmin:xmax:xres, ymin:ymax:yres)`` or ``(xmin:xmax:xres, ymin:ymax:yres,
        tmin:tmax)``. A missing x or y limit is the dataset's (``bounds()``); missing time
        limits, or no time slice, are unbounded. A step is the pixel size: it must be the
        dataset's resolution ``res`` (x, y), since geoplug fixes the sample grid when the
        dataset is created. Times are POSIX seconds, datetimes or ISO-8601 strings.

        Raises:
            TypeError: ``query`` is neither a box nor 1 to 3 slices, or a limit is not a number
                (a time for t).
            ValueError: a step differs from ``res``, the time slice has a step, or the box is
                invalid (min above max, NaN or infinite x/y).
        """
        if isinstance(query, BoundingBox):
            return query
        if isinstance(query, slice):
            query = (query,)
        if (not isinstance(query, tuple) or not 1 <= len(query) <= 3
                or not all(isinstance(s, slice) for s in query)):
            raise TypeError(
                "query a geo dataset with a BoundingBox(minx, maxx, miny, maxy[, mint, maxt]) "
                f"or with slices ds[xmin:xmax:xres, ymin:ymax:yres, tmin:tmax], got {query!r}")
        spatial = query[:2] if len(query) > 1 else (query[0], slice(None))
        limits: list[float] = []
        for k, (axis, part) in enumerate(zip("xy", spatial)):
            if part.step is not None and not math.isclose(
                    _coordinate(part.step, f"{axis}res"), res[k], rel_tol=1e-9):
                raise ValueError(
                    f"the slice step {axis}res={part.step!r} asks for another resolution than "
                    f"the dataset's {res[k]!r}: geoplug fixes the sample grid when a dataset is "
                    f"created, so create it with res={part.step!r} (or res=(x, y)) and leave "
                    "the step out or equal to it")
            for i, value in enumerate((part.start, part.stop)):
                name = f"{axis}{('min', 'max')[i]}"
                if value is None:
                    if bounds is None:
                        raise TypeError(f"give {name} in the slice query")
                    value = bounds()[2 * k + i]
                limits.append(_coordinate(value, name))
        mint, maxt = -math.inf, math.inf
        if len(query) == 3:
            t = query[2]
            if t.step is not None:
                raise ValueError(f"a time slice has no step, got {t.step!r}; write "
                                 "tmin:tmax (either may be left out: unbounded)")
            if t.start is not None:
                mint = to_timestamp(t.start)
            if t.stop is not None:
                maxt = to_timestamp(t.stop)
        return cls(limits[0], limits[1], limits[2], limits[3], mint, maxt)

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


#: What a geo dataset's ``ds[query]`` accepts: a box, or TorchGeo 0.8's slices (x[, y[, t]]).
GeoQuery: TypeAlias = BoundingBox | slice | tuple[slice, ...]

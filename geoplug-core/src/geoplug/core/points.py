"""``PointDataset``: point observations (x, y, time) answered as the points inside a query.

Species observations and other point records are not rasters: a query returns the points in
the box, not pixels. A sample holds ``points`` float32 ``[N, 2]`` (x, y in the dataset's CRS),
``time`` float64 ``[N]`` (POSIX seconds; NaN where a row has no date), ``crs`` and ``bounds``;
``N`` may be 0 inside the dataset's extent.

Rows are read once into arrays (longitude/latitude in ``source_crs``, EPSG:4326 by default),
projected into the dataset's CRS with pyproj and bulk-loaded into an rtree over (x, y, t). A
row's time is an interval at the precision the row states (a date covers its whole day, a bare
year its year; naive times are UTC), so a time query finds a dated-by-day observation on any
instant of that day; an undated row matches every time.

Composition: ``raster & points`` samples where the raster's items overlap the points' extent
(the points' envelope, not each point, so samplers draw patches of positive area), on the
raster's grid, and the sample holds the raster's keys plus ``points``/``time`` of the box.
``points & raster`` works too but samples on the points' CRS and ``res`` (the first operand's
grid, as for every ``&``). Batches of variable-length point sets: :func:`collate_points`.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import IO, Any, ClassVar, Literal

import numpy as np
import torch
from rasterio.crs import CRS
from rtree.index import Index, Property

from geoplug.core.bbox import BoundingBox, GeoQuery
from geoplug.core.collate import stack_samples
from geoplug.core.errors import DatasetNotFoundError, InvalidDataError
from geoplug.core.filematch import PathsLike, find_files, format_unit, path_list
from geoplug.core.geodataset import GeoDataset, Transform, check_res, parse_crs
from geoplug.core.headers import transformer

__all__ = ["POINT_KEYS", "PointDataset", "collate_points", "open_text", "parse_time"]

#: sample keys whose length is the number of points (kept as lists when batching)
POINT_KEYS: tuple[str, ...] = ("points", "time")

_NAN = (math.nan, math.nan)
_ISO = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})(?:[T ](?P<H>\d{1,2})(?::(?P<M>\d{2})"
    r"(?::(?P<S>\d{2})(?P<f>\.\d+)?)?)?)?)?)?\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
)


def _next(start: datetime, unit: str) -> datetime:
    """The start of the period after the one of ``unit`` that begins at ``start``."""
    if unit == "y":
        return start.replace(year=start.year + 1)
    if unit == "m":
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    step = {"d": timedelta(days=1), "H": timedelta(hours=1), "M": timedelta(minutes=1)}
    return start + step.get(unit, timedelta(0))


def _range(start: datetime, unit: str) -> tuple[float, float]:
    if start.tzinfo is None:
        start = start.replace(tzinfo=timezone.utc)
    end = _next(start, unit)
    t0 = start.timestamp()
    return t0, (end.timestamp() - 1e-6 if end > start else t0)


def parse_time(text: str | None, formats: Sequence[str] = ()) -> tuple[float, float]:
    """``(start, end)`` POSIX seconds of a date or time, at the precision it states.

    ``formats`` (strptime) are tried first, then ISO 8601: ``2021``, ``2021-05``,
    ``2021-05-07``, ``2021-05-07T10:13:35.123Z``, ``2021-05-07 11:02:53 +0100`` or ``... UTC``,
    and intervals ``start/end``. Naive times are UTC. A date covers its whole day (``end`` is
    one microsecond before the next day).

    Returns:
        ``(nan, nan)`` for an empty or unreadable value (the row keeps its place, undated).
    """
    text = (text or "").strip()
    if not text:
        return _NAN
    for fmt in formats:
        try:
            when = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if "%y" in fmt and when > datetime.now():
            # a two-digit year of an observation: Python reads 00-68 as 2000-2068, so a record
            # of 1965 would lie in the future; it is the century before
            when = when.replace(year=when.year - 100)
        return _range(when, format_unit(fmt))
    if "/" in text and _ISO.match(text):
        first, _, last = text.partition("/")
        head, tail = parse_time(first), parse_time(last)
        if not math.isnan(head[0]) and not math.isnan(tail[1]) and tail[1] >= head[0]:
            return head[0], tail[1]
        return head
    match = _ISO.fullmatch(text)
    if match is None:
        return _NAN
    parts = match.groupdict()
    tz: timezone | None = timezone.utc
    if parts["tz"] and parts["tz"][0] in "+-":
        digits = parts["tz"].replace(":", "")
        offset = timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5] or 0))  # "-03"
        tz = timezone(offset if digits[0] == "+" else -offset)
    try:
        start = datetime(int(parts["y"]), int(parts["m"] or 1), int(parts["d"] or 1),
                         int(parts["H"] or 0), int(parts["M"] or 0), int(parts["S"] or 0),
                         tzinfo=tz)
    except ValueError:
        return _NAN
    unit = next((u for u in ("S", "M", "H", "d", "m") if parts[u]), "y")
    t0, t1 = _range(start, unit)
    if parts["f"]:
        t0 = t1 = t0 + float(parts["f"])
    return t0, t1


def open_text(path: str) -> IO[str]:
    """A text handle on ``path``, decompressing ``.gz`` files (UTF-8, BOM tolerated).

    Raises:
        OSError: the file cannot be opened.
    """
    if path.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


class PointDataset(GeoDataset):
    """Point records from delimited text files, answered as the points inside a query.

    The base reads CSV files with the columns named by ``x_column``/``y_column`` (and
    ``time_column``, ISO 8601 or ``time_formats``); layers of a publisher's format override
    :meth:`row_time` or :meth:`read_points`.

    Args:
        paths: folder(s) searched recursively with ``filename_glob``, or files.
        crs: CRS of the samples (default ``source_crs``, i.e. longitude/latitude); the points
            are projected from ``source_crs`` with pyproj.
        res: resolution given to samplers and to ``&`` partners, in ``crs`` units (default 1e-5
            degree in a geographic CRS, 1 unit otherwise).
        bands: unused (points carry no bands); must be ``None`` (the geo constructor's slot).
        transforms: a callable applied to each sample.

    Raises:
        DatasetNotFoundError: no file matches ``filename_glob`` under ``paths``.
        InvalidDataError: a file lacks a coordinate column, or no row has coordinates.
        ValueError: ``bands`` given.
    """

    filename_glob: ClassVar[str] = "*.csv"
    delimiter: ClassVar[str] = ","
    #: the files' quoting (``csv.QUOTE_NONE`` for exports that never quote, where a ``"``
    #: opening a value is text: read as a quote it would swallow the rows up to the next one)
    quoting: ClassVar[Literal[0, 1, 2, 3]] = csv.QUOTE_MINIMAL
    x_column: ClassVar[str] = "longitude"
    y_column: ClassVar[str] = "latitude"
    time_column: ClassVar[str | None] = None
    time_formats: ClassVar[tuple[str, ...]] = ()
    #: CRS of the coordinates in the files
    source_crs: ClassVar[str] = "EPSG:4326"
    #: where to get the files, said when none is found
    missing_hint: ClassVar[str] = ""

    def __init__(
        self,
        paths: PathsLike = "data",
        crs: Any = None,
        res: float | tuple[float, float] | None = None,
        bands: Sequence[str] | None = None,
        transforms: Transform | None = None,
    ) -> None:
        if bands is not None:
            raise ValueError(f"{type(self).__name__} has no bands (it yields points)")
        super().__init__(transforms)
        paths = self.prepare(paths) or paths  # e.g. plus a cache folder of extracted archives
        self.paths = paths
        self._files = find_files(paths, self.filename_glob)
        if not self._files:
            raise DatasetNotFoundError(
                type(self).__name__, path_list(paths),
                hint=f"No file matches {self.filename_glob!r}. {self.missing_hint}".strip())
        parts = [self.read_points(path) for path in self._files]
        columns = [np.concatenate([p[k] for p in parts]).astype(np.float64) for k in range(4)]
        lon, lat, t0, t1 = columns
        keep = np.isfinite(lon) & np.isfinite(lat)
        if not keep.any():
            raise InvalidDataError(
                f"{type(self).__name__}: no row with coordinates in {self._files}")
        self._lon, self._lat = lon[keep], lat[keep]
        self._t0, self._t1 = t0[keep], t1[keep]
        self._src = parse_crs(self.source_crs)
        self._crs = parse_crs(crs) if crs is not None else self._src
        if res is None:
            res = 1e-5 if self._crs.is_geographic else 1.0
        self._res = check_res(res, self._crs)
        self._project()

    # -- reading --------------------------------------------------------------------------------
    def prepare(self, paths: PathsLike) -> PathsLike | None:
        """Called before the files are searched: e.g. extract the publisher's archives.
        Returns the paths to search instead (``None``: ``paths``)."""
        return None

    def rows(self, path: str) -> Iterator[dict[str, str]]:
        """The rows of ``path`` as dicts keyed by the header.

        Raises:
            InvalidDataError: the file cannot be read, or lacks the coordinate columns.
        """
        csv.field_size_limit(2**31 - 1)
        try:
            with open_text(path) as handle:
                reader = csv.DictReader(handle, delimiter=self.delimiter, quoting=self.quoting)
                header = reader.fieldnames or []
                missing = [c for c in (self.x_column, self.y_column) if c not in header]
                if missing:
                    raise InvalidDataError(
                        f"{path!r} has no column {missing}; its header is {header[:12]}"
                        f"{'...' if len(header) > 12 else ''} (is it {type(self).__name__}'s "
                        f"format, delimited by {self.delimiter!r}?)")
                yield from reader
        except (OSError, csv.Error, UnicodeDecodeError) as err:
            raise InvalidDataError(f"cannot read {path!r}: {err}") from err

    def row_time(self, row: Mapping[str, str | None]) -> tuple[float, float]:
        """``(start, end)`` POSIX seconds of a row (NaN, NaN when undated)."""
        if self.time_column is None:
            return _NAN
        return parse_time(row.get(self.time_column), self.time_formats)

    def read_points(self, path: str) -> tuple[np.ndarray, ...]:
        """``(x, y, start, end)`` float64 arrays of one file, in ``source_crs``.

        Rows without coordinates are dropped later (NaN here).

        Raises:
            InvalidDataError: the file cannot be read or lacks the coordinate columns.
        """
        out: list[tuple[float, float, float, float]] = []
        for row in self.rows(path):
            t0, t1 = self.row_time(row)
            out.append((_number(row.get(self.x_column)), _number(row.get(self.y_column)), t0, t1))
        table = np.asarray(out, dtype=np.float64).reshape(-1, 4)
        return tuple(table[:, k] for k in range(4))

    # -- index ----------------------------------------------------------------------------------
    def _project(self) -> None:
        """Project the points into ``self.crs`` and bulk-load the rtree."""
        xs, ys = self._lon, self._lat
        if self._crs != self._src:
            xs, ys = (np.asarray(v, dtype=np.float64) for v in transformer(
                self._src.to_wkt(), self._crs.to_wkt()).transform(xs, ys))
        bad = ~(np.isfinite(xs) & np.isfinite(ys))
        if bad.any():
            raise InvalidDataError(
                f"{int(bad.sum())} point(s) of {type(self).__name__} cannot be expressed in "
                f"{self._crs.to_string()} (outside its area of use); choose another crs")
        self._xy = np.column_stack([xs, ys])
        lo = np.where(np.isnan(self._t0), -np.inf, self._t0)
        hi = np.where(np.isnan(self._t1), np.inf, self._t1)
        mins = np.column_stack([xs, ys, lo])
        maxs = np.column_stack([xs, ys, np.maximum(hi, lo)])
        ids = np.arange(len(xs), dtype=np.int64)
        self.index = Index((ids, mins, maxs), interleaved=False,
                           properties=Property(dimension=3))

    def _set_crs(self, crs: CRS) -> None:
        self._crs = crs
        self._project()

    def _items(self) -> Iterator[tuple[int, BoundingBox]]:
        """One region, the points' envelope: what ``&`` and ``|`` compose with."""
        if len(self) > 0:
            yield 0, self.bounds

    def _overlapping(self, query: BoundingBox) -> Iterator[BoundingBox]:
        """The envelope if it meets ``query`` (points are zero-area; their extent is not)."""
        if len(self) > 0 and self.bounds.intersects(query):
            yield self.bounds

    # -- samples --------------------------------------------------------------------------------
    def _ids(self, query: GeoQuery) -> tuple[BoundingBox, np.ndarray]:
        """The box of ``query`` and the ids of the points it owns (:meth:`_owned`), in row
        order: what a subclass answering with more per-point values than ``points`` needs.

        Raises:
            QueryOutsideDataError: ``query`` does not meet the points' extent.
            TypeError, ValueError: ``query`` is not a valid box or slice query.
        """
        query = self._box(query)
        if not self.bounds.intersects(query):
            raise self._outside(query)
        ids = np.fromiter(self.index.intersection(tuple(query)), dtype=np.int64)
        ids.sort()
        return query, ids[self._owned(ids, query)]

    def __getitem__(self, query: GeoQuery) -> dict[str, Any]:
        """``points`` ``[N,2]``, ``time`` ``[N]``, ``crs``, ``bounds`` of the points in ``query``.

        Points are in row order of the files. ``N`` is 0 where the box holds no point.

        Raises:
            QueryOutsideDataError: ``query`` does not meet the points' extent.
            TypeError, ValueError: ``query`` is not a valid box or slice query.
        """
        query, ids = self._ids(query)
        sample = {"points": torch.from_numpy(self._xy[ids].astype(np.float32)),
                  "time": torch.from_numpy(self._t0[ids].copy()),
                  "crs": self._crs, "bounds": query}
        return self._finish(sample)

    def _owned(self, ids: np.ndarray, query: BoundingBox) -> np.ndarray:
        """Which of the points ``ids`` (found in the closed box ``query``) it owns: as its
        pixels do, ``minx <= x < maxx`` and ``miny < y <= maxy`` (a point on ``maxx`` lies in
        the column past the last), and times before ``maxt``, so that tiles and time windows
        sharing an edge do not both count a point on it. The dataset's own outer edges stay
        closed, and a query of one instant keeps what happens at it."""
        bounds = self.bounds
        x, y = self._xy[ids, 0], self._xy[ids, 1]
        keep = (x < query.maxx) | (query.maxx >= bounds.maxx)
        keep &= (y > query.miny) | (query.miny <= bounds.miny)
        if query.mint < query.maxt < bounds.maxt:
            keep &= ~(self._t0[ids] >= query.maxt)  # undated rows (NaN) match every time
        return keep

    @property
    def files(self) -> list[str]:
        return list(self._files)

    def plot(self, sample: Mapping[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The sample's points, coloured by time; returns the Figure."""
        import matplotlib.pyplot as plt

        points = np.asarray(sample["points"]).reshape(-1, 2)
        times = np.asarray(sample["time"], dtype=np.float64).reshape(-1)
        figure, ax = plt.subplots(figsize=(5, 5))
        box = sample.get("bounds")
        if isinstance(box, BoundingBox):
            ax.set_xlim(box.minx, box.maxx)
            ax.set_ylim(box.miny, box.maxy)
        colour = np.where(np.isnan(times), np.nanmin(times) if np.isfinite(times).any() else 0,
                          times) if len(times) else times
        ax.scatter(points[:, 0], points[:, 1], c=colour, s=12, cmap="viridis")
        ax.set_aspect("equal")
        if show_titles:
            ax.set_title(f"{len(points)} points")
        if suptitle is not None:
            figure.suptitle(suptitle)
        return figure

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["index"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._project()


def _number(text: str | None) -> float:
    try:
        return float(text) if text not in (None, "") else math.nan
    except ValueError:
        return math.nan


def collate_points(samples: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A DataLoader ``collate_fn`` for samples with points: ``points``/``time`` as lists.

    Each sample's point set has its own length, so the batch keeps one ``[N_i, 2]`` tensor
    per sample while images and masks are stacked (:func:`stack_samples` with
    ``as_lists=POINT_KEYS``).

    Raises:
        ValueError: no samples, samples with different keys, or images of different shapes.
    """
    return stack_samples(samples, as_lists=POINT_KEYS)

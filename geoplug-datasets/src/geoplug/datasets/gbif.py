"""GBIF occurrence downloads: species records as points with their time.

A GBIF "simple CSV" download is ``<key>.zip`` (key like ``0012345-240506114902167``) holding
``<key>.csv``: despite the name, tab-delimited, one occurrence per row, with
``decimalLongitude``/``decimalLatitude`` (WGS 84) and the date as ``eventDate`` (ISO 8601,
possibly a time or an interval) and ``year``/``month``/``day``. Zips found under ``paths`` are
extracted in place. Rows without coordinates are skipped; rows without a date have ``time``
NaN and match every time query.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from geoplug.core.points import PointDataset, parse_time
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import extract_found

__all__ = ["GBIF"]


def _int(text: str | None) -> int | None:
    try:
        return int(float(text)) if text else None
    except ValueError:
        return None


class GBIF(PointDataset, spec=spec("gbif")):
    """Occurrences of a GBIF download; a query returns the ``points`` and ``time`` in the box.

    Args:
        paths: the folder holding the download's ``<key>.csv`` (or its zip), or the files.
        crs: CRS of the samples (default EPSG:4326, the files').
        res: resolution given to samplers and ``&`` partners (default 1e-5 degree).
        bands: unused (points only); must be ``None``.
        transforms: a callable applied to each sample.

    Raises:
        DatasetNotFoundError: no ``.csv`` under ``paths``.
        InvalidDataError: a file lacks ``decimalLongitude``/``decimalLatitude``.
        ValueError: ``bands`` given.
    """

    filename_glob: ClassVar[str] = "*.csv"
    delimiter: ClassVar[str] = "\t"
    #: GBIF never quotes: '"Teich am Wald' is text
    quoting: ClassVar[Literal[0, 1, 2, 3]] = csv.QUOTE_NONE
    x_column: ClassVar[str] = "decimalLongitude"
    y_column: ClassVar[str] = "decimalLatitude"
    missing_hint: ClassVar[str] = (
        "GBIF downloads are made per query with a free account: search "
        "https://www.gbif.org/occurrence/search, choose Download > Simple, and put the "
        "<key>.zip (or the extracted <key>.csv) in this folder.")

    def prepare(self, paths: Any) -> Any:
        """Extract the download's ``<key>.zip`` found under ``paths`` (once; into the cache when
        the folder is read-only); return the paths to search."""
        return extract_found(paths, r"^\d+-\d+\.zip$",
                             lambda archive: archive.with_suffix(".csv").exists())

    def row_time(self, row: Mapping[str, str | None]) -> tuple[float, float]:
        """``eventDate`` at its precision, else the ``year``/``month``/``day`` columns."""
        start, end = parse_time(row.get("eventDate"))
        if start == start:  # not NaN
            return start, end
        year, month, day = (_int(row.get(k)) for k in ("year", "month", "day"))
        if year is None:
            return start, end
        text = f"{year:04d}"
        if month is not None:
            text += f"-{month:02d}" + (f"-{day:02d}" if day is not None else "")
        return parse_time(text)

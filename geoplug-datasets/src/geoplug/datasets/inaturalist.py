"""iNaturalist observation exports: research-grade observations as points with their time.

The website's export (https://www.inaturalist.org/observations/export) delivers
``observations-<id>.csv.zip`` holding ``observations-<id>.csv`` (comma-separated) with
``latitude``/``longitude`` (WGS 84), ``time_observed_at`` (second precision, e.g.
``2022-05-07 11:02:53 UTC`` or with an offset) and ``observed_on`` (the day). The observation
time is ``time_observed_at`` when given, else the day of ``observed_on``; ``created_at`` and
``updated_at`` (upload times, possibly years later) are never used. Zips found under
``paths`` are extracted in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from geoplug.core.points import PointDataset, parse_time
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import extract_found

__all__ = ["INaturalist"]


class INaturalist(PointDataset, spec=spec("inaturalist")):
    """Observations of an iNaturalist export; a query returns ``points`` and ``time``.

    Args:
        paths: the folder holding ``observations-<id>.csv`` (or its zip), or the files.
        crs: CRS of the samples (default EPSG:4326, the files').
        res: resolution given to samplers and ``&`` partners (default 1e-5 degree).
        bands: unused (points only); must be ``None``.
        transforms: a callable applied to each sample.

    Raises:
        DatasetNotFoundError: no ``observations-*.csv`` under ``paths``.
        InvalidDataError: a file lacks ``latitude``/``longitude``.
        ValueError: ``bands`` given.
    """

    filename_glob: ClassVar[str] = "observations-*.csv"
    x_column: ClassVar[str] = "longitude"
    y_column: ClassVar[str] = "latitude"
    missing_hint: ClassVar[str] = (
        "Export observations at https://www.inaturalist.org/observations/export (e.g. "
        "quality grade 'research', with the latitude, longitude, observed_on and "
        "time_observed_at columns) and put observations-<id>.csv(.zip) in this folder.")

    def prepare(self, paths: Any) -> Any:
        """Extract the export's ``observations-<id>.csv.zip`` found under ``paths`` (once;
        into the cache when the folder is read-only); return the paths to search."""
        return extract_found(paths, r"^observations-\d+\.csv\.zip$",
                             lambda archive: archive.with_suffix("").exists())

    def row_time(self, row: Mapping[str, str | None]) -> tuple[float, float]:
        """``time_observed_at`` (to the second), else the day of ``observed_on``."""
        start, end = parse_time(row.get("time_observed_at"))
        if start == start:  # not NaN
            return start, end
        return parse_time(row.get("observed_on"))

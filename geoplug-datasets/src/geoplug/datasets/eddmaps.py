"""EDDMapS: invasive species and pest sightings as points with their date.

An EDDMapS query result downloaded as CSV is ``mappings.csv`` (comma-separated) with
``Latitude``/``Longitude`` (WGS 84) and ``ObsDate``, the observation day as ``MM-DD-YY``
(``MM/DD/YYYY`` and ISO dates are read too). Rows without coordinates are skipped; rows
without a date have ``time`` NaN and match every time query.
"""

from __future__ import annotations

from typing import ClassVar

from geoplug.core.points import PointDataset
from geoplug.datasets._catalog import spec

__all__ = ["EDDMapS"]


class EDDMapS(PointDataset, spec=spec("eddmaps")):
    """Sightings of an EDDMapS ``mappings.csv``; a query returns ``points`` and ``time``.

    Args:
        paths: the folder holding ``mappings.csv``, or the file.
        crs: CRS of the samples (default EPSG:4326, the file's).
        res: resolution given to samplers and ``&`` partners (default 1e-5 degree).
        bands: unused (points only); must be ``None``.
        transforms: a callable applied to each sample.

    Raises:
        DatasetNotFoundError: no ``mappings.csv`` under ``paths``.
        InvalidDataError: the file lacks ``Latitude``/``Longitude``.
        ValueError: ``bands`` given.
    """

    filename_glob: ClassVar[str] = "mappings.csv"
    x_column: ClassVar[str] = "Longitude"
    y_column: ClassVar[str] = "Latitude"
    time_column: ClassVar[str | None] = "ObsDate"
    time_formats: ClassVar[tuple[str, ...]] = ("%m-%d-%y", "%m-%d-%Y", "%m/%d/%Y", "%m/%d/%y")
    missing_hint: ClassVar[str] = (
        "Query sightings at https://www.eddmaps.org/ (Tools > Query), download the result as "
        "CSV and put its mappings.csv in this folder.")

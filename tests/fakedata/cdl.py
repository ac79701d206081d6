"""Fake CDL releases: ``<year>_30m_cdls.tif`` (see :func:`fakedata.geo.cdl`) and the NASS zip
``<year>_30m_cdls.zip`` that holds it (plus the sidecar files NASS ships)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from fakedata.geo import CDL_CLASSES, cdl

__all__ = ["CDL_CLASSES", "cdl", "cdl_zip"]


def cdl_zip(folder: str | Path, year: int = 2020, **kwargs: Any) -> Path:
    """Write ``folder/<year>_30m_cdls.zip`` as NASS packages it; return the zip path."""
    folder = Path(folder)
    staging = folder / f".staging_{year}"
    tif = cdl(staging, year=year, **kwargs)
    path = folder / f"{year}_30m_cdls.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(tif, tif.name)
        archive.writestr(f"{year}_30m_cdls.tfw", "30\n0\n0\n-30\n0\n0\n")
    tif.unlink()
    staging.rmdir()
    return path

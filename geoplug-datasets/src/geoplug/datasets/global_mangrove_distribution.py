"""Global Distribution of Mangroves USGS (2011): Giri et al.'s mangrove polygons, about 2000.

UNEP-WCMC distributes the map (dataset WCMC-010) as a data pack, after its terms are
accepted, holding the polygons as a WGS 84 shapefile in ``01_Data/``:
``14_001_WCMC010_MangroveUSGS2011_v1_4.shp`` (version 1.4, March 2021; 1.3 is
``..._v1_3.shp`` in ``DataPack-14_001_WCMC010_MangrovesUSGS2011_v1_3/``, and the first packs
used ``WCMC-010-MangroveUSGS2011-ver1-3.shp``), with ``AREA_KM2``/``AREA_M2`` per polygon.
Any of these names is found under ``paths``; a data pack zip lying there is extracted in
place. A sample's ``mask`` is 1 inside a mangrove polygon (its pixel centre), 0 elsewhere,
on a 1 arc-second grid (about 30 m, the Landsat scale of the map) unless ``res`` says
otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.errors import DatasetNotFoundError
from geoplug.core.vector import VectorDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_global_mangrove_distribution import GIRI_CLASSES
from geoplug.datasets._geodownload import extract_found
from geoplug.datasets._layers import class_figure

__all__ = ["GlobalMangroveDistribution"]

_HOMEPAGE = "https://data.unep-wcmc.org/datasets/4"
_GLOB = "*[Mm]angrove[Uu][Ss][Gg][Ss]2011*.shp"
#: the data pack zips as UNEP-WCMC names them (DataPack-..., DownloadPack-..., WCMC...)
_ZIP = r"^.*Mangroves?USGS2011.*\.zip$"
_COLORS = {0: (255, 255, 255), 1: (0, 128, 0)}


def _extracted(archive: Path) -> bool:
    return any(find_below(archive.parent, _GLOB))


class GlobalMangroveDistribution(VectorDataset, spec=spec("global_mangrove_distribution")):
    """Mangrove masks (``mask`` int64 ``[H, W]``: 1 mangrove, 0 not) from Giri et al. (2011).

    Args:
        paths: the folder holding the data pack (its zip or the extracted shapefile; searched
            recursively), or the shapefile.
        crs: target CRS (default WGS 84, the file's).
        res: resolution in ``crs`` units (default 1/3600 degree, or 30 in a projected CRS).
        bands: unused (masks only); must be ``None``.
        transforms: a callable applied to each sample.
        **kwargs: ``all_touched`` (burn every pixel a polygon touches).

    Raises:
        DatasetNotFoundError: no ``*MangroveUSGS2011*.shp`` under ``paths`` (UNEP-WCMC needs
            its terms accepted, so there is no ``download``).
        InvalidDataError: the shapefile cannot be read or lacks its ``.prj``.
        ValueError: ``bands`` given.
    """

    filename_glob: ClassVar[str] = _GLOB
    extensions: ClassVar[tuple[str, ...]] = (".shp",)

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        if bands is not None:
            raise ValueError("GlobalMangroveDistribution has no bands (it yields masks)")
        paths = extract_found(paths, _ZIP, _extracted)
        try:
            super().__init__(paths, crs, res, transforms, **kwargs)
        except DatasetNotFoundError as err:
            raise DatasetNotFoundError(
                type(self).__name__, err.root,
                hint="Expected 14_001_WCMC010_MangroveUSGS2011_v1_<n>.shp (with its .dbf, "
                     f".shx and .prj) from the UNEP-WCMC data pack: accept the terms at "
                     f"{_HOMEPAGE}, download the pack and put it (zip or extracted) there."
            ) from None
        if res is None:
            self.res = 1 / 3600 if self.crs.is_geographic else 30.0

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The mask with mangrove in green; returns the Figure."""
        return class_figure(sample["mask"], _COLORS, GIRI_CLASSES,
                            "Global Mangrove Distribution (USGS 2011)", show_titles, suptitle)

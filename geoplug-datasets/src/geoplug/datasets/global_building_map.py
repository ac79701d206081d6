"""GlobalBuildingMap (GBM): the 3 m building / non-building map of the world (Zhu et al.).

The predictions (about 800,000 PlanetScope images, mostly 2019) are published per continent on
mediaTUM as GeoTIFF tiles of 5 x 5 degrees named by their WGS 84 extent,
``GBM_v1_<e|w><lon min>_<n|s><lat max>_<e|w><lon max>_<n|s><lat min>.tif``
(``GBM_v1_e000_n10_e005_n05.tif``: 0-5 E, 5-10 N), uint8 with 255 on buildings and 0
elsewhere, at 3 m. The tiles' own CRS and grid are read from the files. Any non-zero value is
read as building (1), so masks are 0/1 whatever the publisher's building code; ``binary=False``
keeps the raw values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_global_building_map import GBM_CLASSES
from geoplug.datasets._layers import ClassLayer, class_figure, init_raster

__all__ = ["GlobalBuildingMap"]

_HOMEPAGE = "https://doi.org/10.14459/2024MP1764505.002"
_COLORS = {0: (0, 0, 0), 1: (255, 0, 255), 255: (255, 0, 255)}
#: 0 stays background, every other code is building
_BINARY = np.minimum(np.arange(256), 1).astype(np.uint8)


class GlobalBuildingMap(ClassLayer, spec=spec("global_building_map")):
    """Building masks (``mask`` int64 ``[H, W]``: 1 building, 0 not) from the GBM tiles.

    Args:
        paths: the folder holding the ``GBM_v1_*.tif`` tiles (searched recursively, e.g. one
            folder per continent), or files or URLs of tiles.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default: the
            first tile's CRS and 3 m grid); masks are resampled with ``nearest``.
        bands: unused (one band); must be ``None``.
        binary: map every non-zero value to 1 (building); false keeps the codes (0 / 255).
        **kwargs: ``merge`` (default ``max``: a tile shipped with two continents adds
            both copies' buildings), ``keep_dtype``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no GBM tile under ``paths`` (there is no ``download``: mediaTUM
            serves the continents as archives to fetch by hand).
    """

    filename_glob: ClassVar[str] = "GBM_v1_*.tif"
    filename_regex: ClassVar[str] = (
        r"^GBM_v1_(?P<west>[ew]\d{3})_(?P<north>[ns]\d{2})_(?P<east>[ew]\d{3})_"
        r"(?P<south>[ns]\d{2})\.tif$")
    files_wanted: ClassVar[str] = "GlobalBuildingMap tiles (e.g. GBM_v1_e000_n10_e005_n05.tif)"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 binary: bool = True, **kwargs: Any) -> None:
        self.binary = binary
        self._lookup = _BINARY if binary else None
        # a tile on a continent's border may ship with each continent: the union of both
        kwargs.setdefault("merge", "max")
        init_raster(
            self, paths, crs, res, bands, transforms, **kwargs,
            hint="Expected GBM_v1_<e|w><lon>_<n|s><lat>_<e|w><lon>_<n|s><lat>.tif tiles: "
                 f"download the continents from {_HOMEPAGE} (mediaTUM) and extract them "
                 "there.")

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """Buildings in magenta on black; returns the Figure."""
        names = [GBM_CLASSES[0], GBM_CLASSES[1]] + [""] * 253 + [GBM_CLASSES[1]]
        return class_figure(sample["mask"], _COLORS, names, "GlobalBuildingMap", show_titles,
                            suptitle)

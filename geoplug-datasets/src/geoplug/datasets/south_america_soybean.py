"""South America Soybean: annual 30 m soybean maps of South America, 2001-2021 (UMD GLAD).

Song et al. (2021, Nature Sustainability) publish one GeoTIFF per year on the GLAD server,
``https://glad.umd.edu/projects/AnnualClassMapsV1/SouthAmerica_Soybean_<year>.tif``: uint8
(1 soybean, 0 other), WGS 84, 0.00025 degree (about 30 m). Each year's map covers that
whole year; ``download=True`` fetches the files of ``years`` (no checksum is published).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import download_folder
from geoplug.datasets._layers import ClassLayer, class_figure, init_raster

__all__ = ["YEARS", "SouthAmericaSoybean"]

_URL = "https://glad.umd.edu/projects/AnnualClassMapsV1/SouthAmerica_Soybean_{year}.tif"
#: the published years
YEARS = tuple(range(2001, 2022))
_COLORS = {0: (240, 240, 220), 1: (38, 112, 0)}


class SouthAmericaSoybean(ClassLayer, spec=spec("south_america_soybean")):
    """Soybean masks (``mask`` int64 ``[H, W]``: 1 soybean, 0 other), one raster per year.

    Args:
        paths: the folder holding ``SouthAmerica_Soybean_<year>.tif`` (searched
            recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default WGS 84,
            0.00025 degree); masks are resampled with ``nearest``.
        bands: unused (one band); must be ``None``.
        years: with ``download``, the years to fetch (default 2021).
        download: fetch the missing years into ``paths``.
        **kwargs: ``merge``, ``keep_dtype``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no map under ``paths`` (and ``download`` is false).
        ValueError: ``years`` holds a year that was not published.
    """

    filename_glob: ClassVar[str] = "SouthAmerica_Soybean_*.tif"
    filename_regex: ClassVar[str] = r"^SouthAmerica_Soybean_(?P<date>\d{4})\.tif$"
    files_wanted: ClassVar[str] = "soybean maps (e.g. SouthAmerica_Soybean_2021.tif)"
    date_format: ClassVar[str] = "%Y"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 years: Sequence[int] = (2021,), download: bool = False,
                 **kwargs: Any) -> None:
        if download:
            unknown = [y for y in years if y not in YEARS]
            if unknown:
                raise ValueError(f"no soybean map for {unknown}; published years are "
                                 f"{YEARS[0]}-{YEARS[-1]}")
            folder = download_folder(paths, type(self).__name__)
            fetch([Resource(_URL.format(year=y), f"SouthAmerica_Soybean_{y}.tif",
                            extract=False) for y in years
                   if not any(find_below(folder, f"SouthAmerica_Soybean_{y}.tif"))], folder)
        init_raster(
            self, paths, crs, res, bands, transforms, **kwargs,
            hint="Expected SouthAmerica_Soybean_<year>.tif. Pass download=True (and "
                 "years=[...]) or run `geoplug datasets download south_america_soybean "
                 "--root DIR`.")

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """Soybean in green over other land; returns the Figure."""
        return class_figure(sample["mask"], _COLORS, self.classes, "South America soybean",
                            show_titles, suptitle)

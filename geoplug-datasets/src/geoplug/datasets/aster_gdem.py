"""ASTER GDEM v3: the NASA/METI global 1 arc-second digital elevation model.

LP DAAC distributes 1 x 1 degree tiles named by their lower-left corner, as
``ASTGTMV003_<tile>.zip`` (``N32W117``) holding two GeoTIFFs of 3601 x 3601 pixels (centres on
whole degrees), WGS 84: ``ASTGTMV003_<tile>_dem.tif`` (int16 metres, -9999 no data) and
``ASTGTMV003_<tile>_num.tif`` (how many ASTER scenes, or which fill source, made each
pixel). Downloads need an Earthdata login; zips found under ``paths`` are extracted in place.

The two files of a tile are two bands, ``dem`` and ``num``: samples hold ``image`` float32
``[C, H, W]`` of the bands asked for (default ``["dem"]``), to stack onto imagery with ``&``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.raster import RasterDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import extract_found
from geoplug.datasets._layers import init_raster, value_figure

__all__ = ["AsterGDEM"]

_HOMEPAGE = "https://lpdaac.usgs.gov/products/astgtmv003/"


def _extracted(archive: Path) -> bool:
    return any(find_below(archive.parent, archive.name[: -len(".zip")] + "_dem.tif"))


class AsterGDEM(RasterDataset, spec=spec("aster_gdem")):
    """ASTER GDEM v3 tiles (``image`` float32 ``[C, H, W]``: ``dem`` metres, ``num``).

    Args:
        paths: the folder holding the tiles or their zips (searched recursively), or files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default WGS 84,
            1 arc-second; bilinear when reprojected, but nearest with ``num`` among the
            bands: its counts and negative fill-source codes interpolated mean nothing; ask
            for ``dem`` alone, in a dataset of its own, for bilinear heights).
        bands: ``["dem"]`` (default), ``["num"]`` or both, in the order wanted.
        **kwargs: ``merge``, ``keep_dtype``, ``resampling``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no tile under ``paths``.
        InvalidDataError: a tile lacks the file of a band asked for.
        ValueError: unknown band names.
    """

    filename_glob: ClassVar[str] = "ASTGTMV003_*.tif"
    filename_regex: ClassVar[str] = (
        r"^ASTGTMV003_(?P<tile>[NS]\d{2}[EW]\d{3})_(?P<band>dem|num)\.tif$")
    files_wanted: ClassVar[str] = "ASTER GDEM v3 tiles (e.g. ASTGTMV003_N32W117_dem.tif)"
    separate_files: ClassVar[bool] = True

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        paths = extract_found(paths, r"^ASTGTMV003_[NS]\d{2}[EW]\d{3}\.zip$", _extracted)
        if bands is not None and "num" in bands and kwargs.get("resampling") is None:
            kwargs["resampling"] = "nearest"
        init_raster(
            self, paths, crs, res, bands or ("dem",), transforms, **kwargs,
            hint="Expected ASTGTMV003_<tile>_dem.tif (and _num.tif) or ASTGTMV003_<tile>.zip. "
                 f"ASTER GDEM needs an Earthdata login: download the tiles from {_HOMEPAGE} "
                 "(or search.earthdata.nasa.gov) and put them there.")

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The first band (heights for ``dem``) with a colour bar; returns the Figure."""
        unit = "elevation (m)" if self.bands[0] == "dem" else "scenes per pixel"
        return value_figure(sample["image"], "ASTER GDEM", unit, show_titles, suptitle,
                            nodata=-9999)

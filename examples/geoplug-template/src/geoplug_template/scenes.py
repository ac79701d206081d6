"""``TemplateScenes``: a folder of GeoTIFF scenes as one geo dataset.

A ``RasterDataset`` subclass only says which files belong to the product and how their names
carry the date; the engine indexes them, reprojects and resamples each query on the fly, and
merges overlapping scenes.
"""

from __future__ import annotations

from typing import ClassVar

from geoplug.core import RasterDataset
from geoplug_template.plugin import SCENES


class TemplateScenes(RasterDataset, spec=SCENES):
    """Four-band scenes ``TPL_<tile>_<YYYYMMDD>.tif`` (blue, green, red, nir), any CRS.

    Construct as every geo dataset: ``TemplateScenes(paths="data", crs=None, res=None,
    bands=None, transforms=None)``; query with ``ds[BoundingBox(...)]`` or a sampler. The
    acquisition date in the file name becomes the time extent of each scene.

    Raises:
        DatasetNotFoundError: no file under ``paths`` matches the naming.
    """

    filename_glob: ClassVar[str] = "TPL_*.tif"
    filename_regex: ClassVar[str] = r"^TPL_(?P<tile>\d{2})_(?P<date>\d{8})\.tif$"
    date_format: ClassVar[str] = "%Y%m%d"

"""geoplug core: the geospatial engine and the plugin registries.

Public names are imported lazily (PEP 562) so that ``import geoplug.core.plugins`` or listing a
registry does not pull in torch, rasterio or fiona.
"""

from __future__ import annotations

import importlib
from importlib import metadata
from typing import TYPE_CHECKING, Any

try:  # one version source: pyproject.toml, as installed
    __version__ = metadata.version("geoplug-core")
except metadata.PackageNotFoundError:  # pragma: no cover - a source tree not installed
    __version__ = "0+unknown"

_LAZY: dict[str, str] = {
    "BoundingBox": "geoplug.core.bbox",
    "GeoDataset": "geoplug.core.geodataset",
    "IntersectionDataset": "geoplug.core.geodataset",
    "UnionDataset": "geoplug.core.geodataset",
    "RasterDataset": "geoplug.core.raster",
    "StacDataset": "geoplug.core.stac",
    "Resample": "geoplug.core.resample",
    "ReadAheadDataset": "geoplug.core.readahead",
    "VectorDataset": "geoplug.core.vector",
    "PointDataset": "geoplug.core.points",
    "NonGeoDataset": "geoplug.core.nongeo",
    "NonGeoClassificationDataset": "geoplug.core.nongeo",
    "RandomGeoSampler": "geoplug.core.samplers",
    "RandomBatchGeoSampler": "geoplug.core.samplers",
    "GridGeoSampler": "geoplug.core.samplers",
    "PreChippedGeoSampler": "geoplug.core.samplers",
    "stack_samples": "geoplug.core.collate",
    "concat_samples": "geoplug.core.collate",
    "unbind_samples": "geoplug.core.collate",
    "DatasetNotFoundError": "geoplug.core.errors",
    "GeoplugError": "geoplug.core.errors",
    "download_url": "geoplug.core.download",
    "extract_archive": "geoplug.core.download",
}

__all__ = [
    "BoundingBox",
    "DatasetNotFoundError",
    "GeoDataset",
    "GeoplugError",
    "GridGeoSampler",
    "IntersectionDataset",
    "NonGeoClassificationDataset",
    "NonGeoDataset",
    "PointDataset",
    "PreChippedGeoSampler",
    "RandomBatchGeoSampler",
    "RandomGeoSampler",
    "RasterDataset",
    "ReadAheadDataset",
    "Resample",
    "StacDataset",
    "UnionDataset",
    "VectorDataset",
    "concat_samples",
    "download_url",
    "extract_archive",
    "stack_samples",
    "unbind_samples",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'geoplug.core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from geoplug.core.bbox import BoundingBox
    from geoplug.core.collate import concat_samples, stack_samples, unbind_samples
    from geoplug.core.download import download_url, extract_archive
    from geoplug.core.errors import DatasetNotFoundError, GeoplugError
    from geoplug.core.geodataset import GeoDataset, IntersectionDataset, UnionDataset
    from geoplug.core.nongeo import NonGeoClassificationDataset, NonGeoDataset
    from geoplug.core.points import PointDataset
    from geoplug.core.raster import RasterDataset
    from geoplug.core.readahead import ReadAheadDataset
    from geoplug.core.resample import Resample
    from geoplug.core.samplers import (
        GridGeoSampler,
        PreChippedGeoSampler,
        RandomBatchGeoSampler,
        RandomGeoSampler,
    )
    from geoplug.core.stac import StacDataset
    from geoplug.core.vector import VectorDataset

"""``GeoDataset``: datasets indexed by spatial (and temporal) query, and their composition.

SKELETON written by the lead so that samplers can be written against it; the geo-engine
owner completes it (IntersectionDataset, UnionDataset, index caching, ...).
"""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING, Any

from rasterio.crs import CRS
from rtree.index import Index, Property

from geoplug.core.bbox import BoundingBox

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = ["GeoDataset", "new_index"]


def new_index() -> Index:
    """An empty in-memory 3-D rtree (x, y, t) with non-interleaved coordinates.

    Items are inserted as ``index.insert(id, (minx, maxx, miny, maxy, mint, maxt), obj)``,
    the order of ``tuple(BoundingBox)``.
    """
    return Index(interleaved=False, properties=Property(dimension=3))


class GeoDataset(abc.ABC):
    """A dataset queried with ``ds[BoundingBox(...)]`` returning a dict sample.

    Subclasses fill ``self.index`` (one entry per file or feature, ``obj`` = what to read) and
    set ``self.crs`` and ``self.res`` (x and y resolution in CRS units per pixel).
    """

    crs: CRS
    res: tuple[float, float]

    def __init__(self, transforms: Any = None) -> None:
        self.index = new_index()
        self.transforms = transforms

    @abc.abstractmethod
    def __getitem__(self, query: BoundingBox) -> dict[str, Any]:
        """Return the sample covering ``query`` on this dataset's grid (crs, res)."""

    def __len__(self) -> int:
        """Number of items (files or features) in the index."""
        return int(self.index.get_size())

    @property
    def bounds(self) -> BoundingBox:
        """Extent of all items, in ``self.crs`` (and time)."""
        minx, maxx, miny, maxy, mint, maxt = self.index.bounds
        return BoundingBox(minx, maxx, miny, maxy, mint, maxt)

    def __and__(self, other: GeoDataset) -> GeoDataset:
        return IntersectionDataset(self, other)  # type: ignore[name-defined]  # noqa: F821

    def __or__(self, other: GeoDataset) -> GeoDataset:
        return UnionDataset(self, other)  # type: ignore[name-defined]  # noqa: F821

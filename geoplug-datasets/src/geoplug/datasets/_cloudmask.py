"""The Landsat cloud-cover-assessment benchmarks (L7 Irish, L8 Biome): scene and mask layers.

USGS publishes each benchmark scene as a folder of one GeoTIFF per band next to a manual
cloud mask of the same grid (codes 0 fill, 64 cloud shadow, 128 clear, 192 thin cloud,
255 cloud). A benchmark dataset here is the intersection ``scene & mask`` of two geo layers
built from the same folders: any sampler can draw from it, and each layer can be used (and
composed) on its own (``dataset.image``, ``dataset.mask``). Thin cloud coded 191 (an older L7
release) is read as 192. The per-biome or per-scene ``*.tar.gz`` archives the benchmarks are
downloaded as are extracted where they lie.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geoplug.datasets._bandfiles import MultiResolutionBandFiles
from geoplug.datasets._geodownload import extract_found
from geoplug.datasets._layers import ClassLayer, PairedLayers, ordinal_lookup

__all__ = ["CLOUD_COLORS", "CloudBenchmark", "CloudMaskLayer", "CloudSceneLayer"]

#: mask code -> class index (the classes of the specs, in order)
_CODES = (0, 64, 128, 192, 255)
#: class index -> display colour
CLOUD_COLORS = {0: (0, 0, 0), 1: (90, 60, 20), 2: (60, 140, 60), 3: (190, 190, 255),
                4: (255, 255, 255)}


class CloudSceneLayer(MultiResolutionBandFiles):
    """The bands of the benchmark scenes (``image`` float32 ``[C, H, W]``)."""


class CloudMaskLayer(ClassLayer):
    """The manual masks (``mask`` int64 ``[H, W]``, class indices 0-4)."""

    _lookup = ordinal_lookup(_CODES)
    _lookup[191] = _CODES.index(192)  # thin cloud in an older L7 Irish release


class CloudBenchmark(PairedLayers):
    """``scene & mask`` of a cloud benchmark (see :class:`~geoplug.datasets._layers.
    PairedLayers`); subclasses name the two layer classes."""

    files_hint = "the scene folders (one file per band, the cloud mask beside them)"
    colors = CLOUD_COLORS

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None,
                 **kwargs: Any) -> None:
        """Extract the ``<biome or scene>.tar.gz`` archives lying under ``paths`` (unless the
        folder of the same name is there), then pair the layers.

        Raises:
            DatasetNotFoundError: no scene or no mask under ``paths``.
            InvalidDataError, UnsafeArchiveError: an archive is damaged or unsafe.
        """
        paths = extract_found(paths, r"^[^.].*\.tar\.gz$", _extracted)
        super().__init__(paths, crs, res, bands, transforms, **kwargs)


def _extracted(archive: Path) -> bool:
    return archive.with_name(archive.name[: -len(".tar.gz")]).is_dir()

"""The Landsat cloud-cover-assessment benchmarks (L7 Irish, L8 Biome): scene and mask layers.

USGS publishes each benchmark scene as a folder of one GeoTIFF per band next to a manual
cloud mask of the same grid (codes 0 fill, 64 cloud shadow, 128 clear, 192 thin cloud,
255 cloud). A benchmark dataset here is the intersection ``scene & mask`` of two geo layers
built from the same folders: any sampler can draw from it, and each layer can be used (and
composed) on its own (``dataset.image``, ``dataset.mask``). Thin cloud coded 191 (an older L7
release) is read as 192. The per-biome or per-scene ``*.tar.gz`` archives the benchmarks are
downloaded as are extracted where they lie.

``download=True`` fetches the per-zone (L7) or per-biome (L8) archives of the Hugging Face
mirror TorchGeo publishes (USGS offers the scenes only one by one through its web pages). That
mirror repacks each scene as one multi-band GeoTIFF on the 30 m grid (``<biome>.tar.gz`` ->
``l7irish/<zone>/p<path>_r<row>/L71<path><row>_<row><date>.TIF``, ``l8biome/<biome>/<id>/
<id>.TIF``) with the mask beside it; a subclass names that layer (``stacked_layer``), used
when no one-file-per-band scene is found.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.download import Resource, fetch
from geoplug.core.raster import PathsLike, RasterDataset, find_files
from geoplug.datasets._bandfiles import MultiResolutionBandFiles
from geoplug.datasets._geodownload import download_folder, extract_found
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

    files_hint = ("the scene folders (one file per band, or the mirror's one multi-band file, "
                  "the cloud mask beside them); pass download=True to fetch the mirror's "
                  "archives")
    colors = CLOUD_COLORS
    #: the image layer of the mirror's repack (one multi-band GeoTIFF per scene)
    stacked_layer: ClassVar[type[RasterDataset]]

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 download: bool = False, checksum: bool = False, **kwargs: Any) -> None:
        """With ``download``, fetch the archives (:meth:`archives`) not yet extracted into
        ``paths``; extract the ``*.tar.gz`` archives lying under ``paths`` (unless their folder
        is there), then pair the layers (the one-file-per-band scenes, else the mirror's
        multi-band files).

        Args:
            download: fetch the mirror's archives missing from ``paths`` (one local folder).
            checksum: also verify the SHA-256 of archives already there (fresh downloads are
                always verified).

        Raises:
            DatasetNotFoundError: no scene or no mask under ``paths``.
            ChecksumError: an archive does not match its published SHA-256.
            ValueError: ``download`` with ``paths`` other than one local folder.
            InvalidDataError, UnsafeArchiveError: an archive is damaged or unsafe.
            OSError: a download failed after its retries.
        """
        if download:
            folder = download_folder(paths, type(self).__name__)
            missing = [r for r in self.archives() if not _extracted(folder / r.filename)]
            if missing:
                fetch(missing, folder, checksum)
        paths = extract_found(paths, r"^[^.].*\.tar\.gz$", _extracted)
        if not _has_scene(self.image_layer, paths) and _has_scene(self.stacked_layer, paths):
            self.image_layer = self.stacked_layer  # type: ignore[misc]  # this instance only
        super().__init__(paths, crs, res, bands, transforms, **kwargs)

    @classmethod
    def archives(cls) -> list[Resource]:
        """The mirror's archives, one per zone or biome (subclasses name them)."""
        return []


def _has_scene(layer: type[RasterDataset], paths: PathsLike) -> bool:
    """Whether a file of ``layer`` (its glob and regex) lies under ``paths``."""
    regex = re.compile(layer.filename_regex, re.VERBOSE)
    return any(regex.match(os.path.basename(f)) for f in find_files(paths, layer.filename_glob))


def _extracted(archive: Path) -> bool:
    """Whether ``<name>.tar.gz`` was extracted: its folder ``<name>/`` lies beside it, or one
    level down (the mirror's archives hold ``l7irish/<zone>/``, ``l8biome/<biome>/``)."""
    name = archive.name[: -len(".tar.gz")]
    return archive.with_name(name).is_dir() or any(
        p.is_dir() for p in archive.parent.glob(f"*/{glob.escape(name)}"))

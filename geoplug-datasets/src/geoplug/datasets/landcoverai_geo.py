"""LandCover.ai v1 as geo layers: the orthophotos and masks queried by place, not by chip.

``landcover.ai.v1.zip`` holds ``images/<sheet>.tif`` (41 RGB uint8 orthophotos of Poland named
by their map sheet, e.g. ``M-33-20-D-c-4-2.tif``: 33 at 25 cm and 8 at 50 cm, EPSG:2180) and
``masks/<sheet>.tif`` (one uint8 band on the same grid: 0 background, 1 building, 2 woodland,
3 water, 4 road). :class:`~geoplug.datasets.landcoverai.LandCoverAI` reads the official
512 x 512 chips; this loader indexes the GeoTIFFs themselves so that samplers cut patches of
any size and the layers compose with other data (``&``, ``|``). The zip, downloaded or lying
under ``paths``, is extracted in place (its folders may sit one level down).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.core.raster import RasterDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._geodownload import download_folder, extract_found
from geoplug.datasets._layers import ClassLayer, PairedLayers, check_found_zips
from geoplug.datasets.landcoverai import LandCoverAI

__all__ = ["LandCoverAIGeo", "LandCoverAIGeoImage", "LandCoverAIGeoMask"]

#: the publisher's zip, its URL and MD5 (those of the chip loader)
_ZIP = LandCoverAI.resources[0].filename
_URL = LandCoverAI.resources[0].url
_MD5 = LandCoverAI.resources[0].md5
#: a map sheet of the Polish 1:10000 grid, e.g. M-33-20-D-c-4-2
_SHEET = r"(?P<sheet>[A-Z]-\d{2}-[0-9A-Za-z-]+)"


def _extracted(archive: Path) -> bool:
    return any(find_below(archive.parent, "masks/*.tif"))


class LandCoverAIGeoImage(RasterDataset):
    """The orthophotos (``image`` float32 ``[3, H, W]``, R, G, B)."""

    filename_glob: ClassVar[str] = "images/*.tif"
    filename_regex: ClassVar[str] = rf"^{_SHEET}\.tif$"
    files_wanted: ClassVar[str] = "LandCover.ai orthophotos (images/M-33-20-D-c-4-2.tif)"
    all_bands: ClassVar[tuple[str, ...]] = tuple(spec("landcoverai_geo").bands)
    rgb_bands: ClassVar[tuple[str, ...]] = tuple(spec("landcoverai_geo").rgb_bands)


class LandCoverAIGeoMask(ClassLayer):
    """The masks (``mask`` int64 ``[H, W]``, classes 0-4)."""

    filename_glob: ClassVar[str] = "masks/*.tif"
    filename_regex: ClassVar[str] = rf"^{_SHEET}\.tif$"
    files_wanted: ClassVar[str] = "LandCover.ai masks (masks/M-33-20-D-c-4-2.tif)"


class LandCoverAIGeo(PairedLayers, spec=spec("landcoverai_geo")):
    """Orthophotos & masks of LandCover.ai (``image`` ``[3, H, W]``, ``mask`` ``[H, W]``).

    Args:
        paths: the folder holding ``images/`` and ``masks/`` or ``landcover.ai.v1.zip``
            (searched recursively), or files.
        crs, res: target grid (default: EPSG:2180 at 0.25 m, the finer of the two
            orthophoto resolutions; 0.5 m sheets are resampled onto it, masks with
            ``nearest``).
        bands: subset of ``R``, ``G``, ``B`` (default all).
        transforms: a callable applied to each merged sample.
        download: fetch ``landcover.ai.v1.zip`` into ``paths`` when no mask is there.
        checksum: verify the MD5 of the zip (found or downloaded).
        **kwargs: passed to both layers (``cache``, ``merge``, ``keep_dtype`` ...).

    Raises:
        DatasetNotFoundError: no orthophoto (or no mask) under ``paths``.
        ChecksumError: the zip does not match its published MD5.
        ValueError: unknown band names.
    """

    #: the 25 cm sheets' grid, whichever orthophoto sorts first (8 sheets are 50 cm)
    default_res: ClassVar[float | None] = 0.25

    image_layer: ClassVar[type[RasterDataset]] = LandCoverAIGeoImage
    mask_layer: ClassVar[type[RasterDataset]] = LandCoverAIGeoMask
    homepage: ClassVar[str] = "https://landcover.ai.linuxpolska.com/"
    files_hint: ClassVar[str] = (f"images/<sheet>.tif and masks/<sheet>.tif from {_ZIP}; pass "
                                 "download=True or get the zip from")
    colors: ClassVar[dict[int, tuple[int, int, int]]] = {
        0: (0, 0, 0), 1: (230, 25, 75), 2: (34, 139, 34), 3: (30, 144, 255),
        4: (160, 160, 160)}
    panel_titles: ClassVar[tuple[str, str]] = ("orthophoto", "mask")

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 download: bool = False, checksum: bool = False, **kwargs: Any) -> None:
        if checksum:
            check_found_zips(paths, _ZIP, {_ZIP: _MD5 or ""}, _extracted, self.homepage)
        if download:
            folder = download_folder(paths, type(self).__name__)
            if not _extracted(folder / _ZIP):
                fetch([Resource(_URL, _ZIP, md5=_MD5)], folder, checksum)
        paths = extract_found(paths, "^" + _ZIP.replace(".", r"\.") + "$", _extracted)
        super().__init__(paths, crs, res, bands, transforms, **kwargs)

"""NCCM: the annual 10 m crop type maps of Northeast China, 2017-2019 (You et al. 2021).

The release (figshare article 13090442) is one GeoTIFF per year: ``CDL2017_clip.tif``,
``CDL2018_clip1.tif`` and ``CDL2019_clip.tif`` (each a direct download,
``https://figshare.com/ndownloader/files/<id>``, with a known MD5; figshare's "download all"
zip ``13090442.zip`` is extracted in place when found under ``paths``). One band of class
codes: 0 paddy rice, 1 maize, 2 soybean, 3 other crops and lands, 15 no data. The codes are
mapped to contiguous indices 0..4 (15 -> 4), so that no data and the area beyond the maps
(filled with 15, never with 0, which is rice) share one index; ``ordinal=False`` keeps the
codes. ``years=`` chooses the maps read (and downloaded).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_nccm import (
    NCCM_CLASSES,
    NCCM_COLORS,
    NCCM_FILE_IDS,
    NCCM_FILES,
    NCCM_MD5,
)
from geoplug.datasets._geodownload import download_folder, extract_found
from geoplug.datasets._layers import ClassLayer, class_figure, init_raster

__all__ = ["NCCM", "NCCM_CLASSES"]

_URL = "https://figshare.com/ndownloader/files/{}"
_ZIP = r"^13090442\.zip$"  # figshare's zip of the whole article
_GLOB = "CDL*_clip*.*"
_NODATA = 15
#: raw code -> ordinal index; any code that is not a class is no data (index 4)
_ORDINAL = np.full(256, len(NCCM_CLASSES) - 1, dtype=np.uint8)
_ORDINAL[list(NCCM_CLASSES)] = np.arange(len(NCCM_CLASSES))


def _regex(years: Sequence[int] | None = None) -> str:
    """File names of the maps of ``years`` (default every year)."""
    chosen = "|".join(str(y) for y in years) if years else r"\d{4}"
    return rf"^CDL(?P<date>{chosen})_clip\d*\.(?:tif|TIF)$"


def _extracted(archive: Path) -> bool:
    return any(p.suffix.lower() == ".tif" for p in find_below(archive.parent, _GLOB))


class NCCM(ClassLayer, spec=spec("nccm")):
    """NCCM crop type masks (``mask`` int64 ``[H, W]``: indices 0..4, or the raw codes).

    Args:
        paths: the folder holding the GeoTIFFs or figshare's zip (searched recursively), or
            files.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default: the
            first map's CRS and resolution); masks are resampled with ``nearest``.
        bands: unused (one band); must be ``None``.
        years: the maps to read and, with ``download``, to fetch (default all: 2017-2019).
        ordinal: map codes 0, 1, 2, 3, 15 to 0..4 (other values, as 15, to 4).
        download: fetch the GeoTIFFs of ``years`` missing from ``paths``.
        checksum: verify the MD5 of GeoTIFFs already there (downloads are always verified).
        **kwargs: ``merge``, ``keep_dtype``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no map (of ``years``) under ``paths``.
        ChecksumError: a GeoTIFF does not match its published MD5.
        ValueError: a year without a map.
    """

    filename_glob: ClassVar[str] = _GLOB
    filename_regex: ClassVar[str] = _regex()
    files_wanted: ClassVar[str] = ("NCCM crop maps (CDL2017_clip.tif, CDL2018_clip1.tif, "
                                   "CDL2019_clip.tif)")
    date_format: ClassVar[str] = "%Y"
    nodata: ClassVar[float | None] = _NODATA  # fill beyond the maps: no data, not 0 (rice)

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 years: Sequence[int] | None = None, ordinal: bool = True,
                 download: bool = False, checksum: bool = False, **kwargs: Any) -> None:
        chosen = tuple(NCCM_FILES) if years is None else tuple(years)
        unknown = [y for y in chosen if y not in NCCM_FILES]
        if unknown or not chosen:
            raise ValueError(f"NCCM has maps for {sorted(NCCM_FILES)}, not {unknown or 'none'}")
        #: the years read
        self.years = chosen
        self.ordinal = ordinal
        self._lookup = _ORDINAL if ordinal else None
        if download:
            folder = download_folder(paths, type(self).__name__)
            have = {p.name for p in find_below(folder, _GLOB)}
            fetch([Resource(_URL.format(NCCM_FILE_IDS[y]), NCCM_FILES[y], md5=NCCM_MD5[y],
                            extract=False)
                   for y in chosen if NCCM_FILES[y] not in have or checksum], folder, checksum)
        paths = extract_found(paths, _ZIP, _extracted)
        if years is not None:
            self.filename_regex = _regex(chosen)  # type: ignore[misc]  # only these years
        init_raster(
            self, paths, crs, res, bands, transforms, **kwargs,
            hint="Expected CDL2017_clip.tif, CDL2018_clip1.tif or CDL2019_clip.tif from "
                 "https://doi.org/10.6084/m9.figshare.13090442. Pass download=True (and "
                 "years=[...]) or run `geoplug datasets download nccm --root DIR`.")

    @property
    def class_names(self) -> list[str]:
        """Names of the mask values' classes (indices 0..4, or the raw codes' names)."""
        return list(NCCM_CLASSES.values())

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The crop classes in their colours, with a legend; returns the Figure."""
        mask = np.asarray(sample["mask"])
        index = mask if self.ordinal else np.take(_ORDINAL, mask)
        years = "-".join(str(y) for y in sorted({min(self.years), max(self.years)}))
        return class_figure(index, NCCM_COLORS, self.class_names, f"NCCM {years}", show_titles,
                            suptitle)

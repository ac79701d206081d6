"""ESA WorldCover: the 10 m global land cover maps of 2020 (algorithm v100) and 2021 (v200).

ESA publishes 3 x 3 degree tiles named by their lower-left corner,
``ESA_WorldCover_10m_<year>_<version>_<tile>_Map.tif`` (``..._2021_v200_N45E006_Map.tif``:
45-48 N, 6-9 E): Cloud Optimized GeoTIFFs of uint8 class codes (10 tree cover ... 100 moss and
lichen, 0 no data) in WGS 84 at 1/12000 degree (36000 x 36000 pixels), beside each a
three-band ``_InputQuality.tif`` that is not read. They lie in the public bucket
``https://esa-worldcover.s3.eu-central-1.amazonaws.com/<version>/<year>/map/`` (``download=True``
fetches the ``tiles`` asked for into that layout; :func:`tiles_covering` names those of an
area), and in 60 x 60 degree zips from the WorldCover sites,
``ESA_WorldCover_10m_<year>_<version>_60deg_macrotile_<S30E060>.zip`` (their tiles spell
the version ``V200``), which are extracted in place when found under ``paths``.

The sparse codes are mapped to contiguous indices ``0..11`` (0 no data, then 10, 20, ... 95,
100 in order), as the other land cover layers do; ``ordinal=False`` keeps the codes. A
folder holding both releases needs ``year=``: they come from different algorithms, so ESA
warns that their differences are not all changes on the ground.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from geoplug.core.archives import find_below
from geoplug.core.download import Resource, fetch
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_esa_worldcover import (
    WORLDCOVER_CLASSES,
    WORLDCOVER_COLORS,
    WORLDCOVER_RELEASES,
)
from geoplug.datasets._geodownload import extract_found
from geoplug.datasets._layers import ClassLayer, class_figure, init_raster, ordinal_lookup
from geoplug.datasets._lonlat import (
    cells_to_download,
    choose_release,
    parse_cell,
    releases_found,
)
from geoplug.datasets._lonlat import tiles_covering as _covering

__all__ = ["WORLDCOVER_CLASSES", "ESAWorldCover", "tiles_covering"]

_URL = "https://esa-worldcover.s3.eu-central-1.amazonaws.com"
_GLOB = "ESA_WorldCover_10m_*_Map.[Tt][Ii][Ff]"
_MACRO = (r"^ESA_WorldCover_10m_(?P<year>\d{4})_[vV]\d{3}_60deg_macrotile_"
          r"(?P<tile>[NS]\d{2}[EW]\d{3})\.zip$")
_HOMEPAGE = "https://esa-worldcover.org/en/data-access"
_HINT = (f"Get the tiles from {_URL}/<version>/<year>/map/ (see {_HOMEPAGE}), or pass "
         "download=True with tiles=[...] (esa_worldcover.tiles_covering(west, south, east, "
         "north) names those of an area).")


def _regex(year: str = r"\d{4}") -> str:
    """Map tile names of ``year`` (a regular expression; default any)."""
    return (rf"^ESA_WorldCover_10m_(?P<date>{year})_(?P<version>[vV]\d{{3}})_"
            r"(?P<tile>[NS]\d{2}[EW]\d{3})_Map\.(?:tif|TIF)$")


def _extracted(archive: Path) -> bool:
    """Whether a map tile of the macrotile zip's year and 60 degree cell lies beside it."""
    macro = re.match(_MACRO, archive.name)
    if macro is None:
        return False
    lat0, lon0 = parse_cell(macro.group("tile"))
    regex = re.compile(_regex(macro.group("year")))
    for path in find_below(archive.parent, _GLOB):
        if (match := regex.match(path.name)) is not None:
            lat, lon = parse_cell(match.group("tile"))
            if lat0 <= lat < lat0 + 60 and lon0 <= lon < lon0 + 60:
                return True
    return False


def tiles_covering(west: float, south: float, east: float, north: float) -> list[str]:
    """Names of the 3 degree WorldCover tiles meeting a WGS 84 box (degrees), to download.

    Raises:
        ValueError: the box is not (west, south, east, north) in degrees.
    """
    return _covering(west, south, east, north, step=3)


def _tile_name(year: int, tile: str) -> str:
    return f"ESA_WorldCover_10m_{year}_{WORLDCOVER_RELEASES[year]}_{tile}_Map.tif"


class ESAWorldCover(ClassLayer, spec=spec("esa_worldcover")):
    """ESA WorldCover masks (``mask`` int64 ``[H, W]``: indices 0..11, or the raw codes).

    Args:
        paths: the folder holding the map tiles or macrotile zips (searched recursively), or
            files or URLs of tiles.
        crs, res, transforms: see :class:`~geoplug.core.raster.RasterDataset` (default WGS 84,
            1/12000 degree); masks are resampled with ``nearest``.
        bands: unused (one band); must be ``None``.
        year: 2020 (v100) or 2021 (v200): the release to read, needed when ``paths`` holds
            both, and the one to download (default 2021).
        ordinal: map the codes to contiguous indices (0 no data, 10 -> 1, ... 100 -> 11).
        tiles: with ``download``, the tiles to fetch, by lower-left corner (``"N45E006"``, on
            the 3 degree grid); :func:`tiles_covering` names those of an area.
        download: fetch the missing ``tiles`` into ``paths`` (the bucket's
            ``<version>/<year>/map/`` layout).
        checksum: unused: ESA publishes no checksums of the tiles.
        **kwargs: ``merge``, ``keep_dtype``, ``cache``, ``use_overviews``.

    Raises:
        DatasetNotFoundError: no map tile (of ``year``) under ``paths``.
        ValueError: both releases under ``paths`` and no ``year``, an unknown ``year``,
            ``download`` without ``tiles``, or a tile name off the 3 degree grid.
    """

    filename_glob: ClassVar[str] = _GLOB
    filename_regex: ClassVar[str] = _regex()
    files_wanted: ClassVar[str] = ("ESA WorldCover map tiles (e.g. "
                                   "ESA_WorldCover_10m_2021_v200_N45E006_Map.tif)")
    date_format: ClassVar[str] = "%Y"

    def __init__(self, paths: Any = "data", crs: Any = None,
                 res: float | tuple[float, float] | None = None,
                 bands: Sequence[str] | None = None, transforms: Any = None, *,
                 year: int | None = None, ordinal: bool = True,
                 tiles: Sequence[str] | None = None, download: bool = False,
                 checksum: bool = False, **kwargs: Any) -> None:
        if year is not None and year not in WORLDCOVER_RELEASES:
            raise ValueError(f"year is one of {sorted(WORLDCOVER_RELEASES)} (the WorldCover "
                             f"releases), got {year!r}")
        if download:
            self._download(paths, year or max(WORLDCOVER_RELEASES), tiles)
        paths = extract_found(paths, _MACRO, _extracted)
        name = type(self).__name__
        found = releases_found(paths, _GLOB, _regex(), "date")
        chosen = choose_release(name, paths, found, None if year is None else str(year),
                                "year", _HINT)
        if chosen is not None:
            self.filename_regex = _regex(chosen)  # type: ignore[misc]  # one release read
        #: the release read (None until a tile is found)
        self.year = None if chosen is None else int(chosen)
        #: the raw codes in the order of the (ordinal) mask values
        self.codes = list(WORLDCOVER_CLASSES)
        self.ordinal = ordinal
        self._lookup = ordinal_lookup(self.codes) if ordinal else None
        init_raster(self, paths, crs, res, bands, transforms, **kwargs,
                    hint="Expected ESA_WorldCover_10m_<year>_<version>_<tile>_Map.tif or "
                         f"the 60 degree macrotile zips. {_HINT}")

    def _download(self, paths: Any, year: int, tiles: Sequence[str] | None) -> None:
        folder, cells = cells_to_download(type(self).__name__, paths, tiles, 3, "esa_worldcover")
        version = WORLDCOVER_RELEASES[year]
        have = {p.name.lower() for p in find_below(folder, _GLOB)}
        wanted = [_tile_name(year, t) for t in cells]
        fetch([Resource(f"{_URL}/{version}/{year}/map/{n}", f"{version}/{year}/map/{n}",
                        extract=False) for n in wanted if n.lower() not in have], folder)

    @property
    def class_names(self) -> list[str]:
        """Names of the classes in the order of the (ordinal) mask values."""
        return [WORLDCOVER_CLASSES[c] for c in self.codes]

    def plot(self, sample: dict[str, Any], show_titles: bool = True,
             suptitle: str | None = None) -> Any:
        """The mask in ESA's legend colours, with a legend; returns the Figure."""
        mask = np.asarray(sample["mask"])
        codes = np.asarray(self.codes)[mask] if self.ordinal else mask
        names = [WORLDCOVER_CLASSES.get(c, "") for c in range(256)]
        title = "ESA WorldCover" + (f" {self.year}" if self.year else "")
        return class_figure(codes, WORLDCOVER_COLORS, names, title, show_titles, suptitle)

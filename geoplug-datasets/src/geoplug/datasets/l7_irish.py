"""L7 Irish: the Landsat 7 ETM+ cloud-cover-assessment validation scenes (USGS, Irish et al.).

206 Level-1G scenes (2000-2001) in nine latitude zones (austral, boreal, mid-latitude north
and south, polar north and south, subtropical north and south, tropical). Each scene is a
folder ``p<path>_r<row>[_<n>]/`` holding one GeoTIFF per band,
``L7<k><path><row>_<row><yyyymmdd>_B<nn>.TIF`` (``L71`` for B10-B61, ``L72`` for the
high-gain thermal B62 and B70, B80; uint8, UTM, 30 m; B80 panchromatic 15 m; thermal B61/B62
read on their own grid), and the manual mask ``L7_p<path>_r<row>_newmask2015.TIF`` (0 fill,
64 cloud shadow, 128 clear, 192 thin cloud, 255 cloud; mapped to 0-4; an older release names
it ``<folder>_mask2019.TIF`` and codes thin cloud 191). One mask is read per scene folder (the
newmask2015 named after the folder first). The mask carries no date: it gets its scene's.
Per-biome (or per-scene) ``*.tar.gz`` archives found under ``paths`` are extracted first.
``download=True`` fetches the nine ``<zone>.tar.gz`` of TorchGeo's Hugging Face mirror
(``torchgeo/l7irish``), which extract to ``l7irish/<zone>/p<path>_r<row>[_<n>]/`` holding
one 9-band GeoTIFF per scene, ``L71<path><row>_<row><yyyymmdd>.TIF`` (B10 ... B80 on the 30 m
grid, :class:`L7IrishStacked`), and the newmask2015 mask; that layout is read the same way.

:class:`L7Irish` is ``L7IrishImage & L7IrishMask``: ``image`` float32 ``[C, H, W]`` (default
the eight 30/60 m bands; ask for ``B80`` explicitly) and ``mask`` int64 ``[H, W]``.
"""

from __future__ import annotations

import glob
import os
import re
from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.raster import PathsLike, RasterDataset, date_range
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_layers import L7_IRISH_BANDS
from geoplug.datasets._cloudmask import CloudBenchmark, CloudMaskLayer, CloudSceneLayer

__all__ = ["L7Irish", "L7IrishImage", "L7IrishMask", "L7IrishStacked"]

_BAND = re.compile(r"^L7[12]\d{6}_\d{3}(?P<date>\d{8})(?:_B\d{2})?\.TIF$")
#: TorchGeo's Hugging Face mirror (a fixed revision) and the SHA-256 of its zone archives
_URL = ("https://hf.co/datasets/torchgeo/l7irish/resolve/"
        "6807e0b22eca7f9a8a3903ea673b31a115837464/{}.tar.gz")
_SHA256S = {
    "austral": "9b025debb20791cd3279cbc56f39dcd42fa7f20f172608a750e06b31c153457e",
    "boreal": "7d5bf24420e7606b71669c39e7ffc7fbef0605224845e6c6995572d3fadffff2",
    "mid_latitude_north": "7ab40faee550f941da41365093cf604c304641343c9777bbe9dba46d050e4a4f",
    "mid_latitude_south": "8b74d7debd5229d03fe210c6ce813a7e4a8b2ece7acc3a8f8d2af8100e6e034d",
    "polar_north": "0eb82d2c5a46600b7d4ffe1e67e4f0858947707e183dc29c00027b3f7caae3d1",
    "polar_south": "1d1b89e232af2d2685355713c1a11eb8de351ca7dc8e34d82b87a6a4237d47f4",
    "subtropical_north": "48f5cbd08b6095ae853f632e5660ade0d99be5c713d5a05b49302fbe5070860d",
    "subtropical_south": "ad88b32b992fcf88aab9c7e83c678c8e71f75547bdf7d66baec00aafdb0fdcad",
    "tropical": "659c5f528b81f9e8626a3b88ce47b844484522a3316cbc62be7a0cdfd994a7b4",
}


class L7IrishImage(CloudSceneLayer):
    """The band files of the L7 Irish scenes (``image`` float32 ``[C, H, W]``)."""

    filename_glob: ClassVar[str] = "L7[12]*_B[0-9][0-9].TIF"
    filename_regex: ClassVar[str] = r"""
        ^L7(?P<gain>[12])(?P<wrs_path>\d{3})(?P<wrs_row>\d{3})
        _\d{3}(?P<date>\d{8})_(?P<band>B\d{2})\.TIF$
    """
    files_wanted: ClassVar[str] = "L7 Irish band files (e.g. L71226098_09820011112_B10.TIF)"
    date_format: ClassVar[str] = "%Y%m%d"
    all_bands: ClassVar[tuple[str, ...]] = L7_IRISH_BANDS
    band_resolution: ClassVar[dict[str, float]] = {b: 30.0 for b in L7_IRISH_BANDS} | {
        "B61": 60.0, "B62": 60.0, "B80": 15.0}

    def _band_file(self, name: str, match: re.Match[str], band: str) -> str:
        """``L72`` names the high-gain files (B62, B70, B80), ``L71`` the others."""
        start, end = match.span("band")
        gain = "2" if band in ("B62", "B70", "B80") else "1"
        return name[:2] + gain + name[3:start] + band + name[end:]


class L7IrishStacked(RasterDataset):
    """The mirror's scenes: one 9-band GeoTIFF each (``image`` float32 ``[C, H, W]``, 30 m)."""

    filename_glob: ClassVar[str] = "L71*.TIF"
    filename_regex: ClassVar[str] = (
        r"^L71(?P<wrs_path>\d{3})(?P<wrs_row>\d{3})_\d{3}(?P<date>\d{8})\.TIF$")
    files_wanted: ClassVar[str] = "L7 Irish scenes (e.g. L71226098_09820011112.TIF)"
    date_format: ClassVar[str] = "%Y%m%d"
    all_bands: ClassVar[tuple[str, ...]] = L7_IRISH_BANDS


def _mask_rank(folder: str, name: str) -> tuple[int, str]:
    """Preference among the masks of one scene folder (lower first): the 2015 mask named after
    the folder, another 2015 mask, the 2019 one."""
    if name == f"L7_{folder}_newmask2015.TIF":
        return (0, name)
    return (1 if "newmask2015" in name else 2, name)


class L7IrishMask(CloudMaskLayer):
    """The L7 Irish manual masks (``mask`` int64 ``[H, W]``, 0-4), dated by their scene."""

    filename_glob: ClassVar[str] = "*p*_r*mask20[01][59].TIF"
    filename_regex: ClassVar[str] = (
        r"^(?:L7_)?p\d{1,3}_r\d{1,3}(?:_\d+)?_(?:new)?mask20(?:15|19)\.TIF$")
    files_wanted: ClassVar[str] = ("L7 Irish masks (e.g. L7_p226_r98_newmask2015.TIF or "
                                   "p226_r98_mask2019.TIF)")

    def _match_files(self, paths: PathsLike) -> tuple[list[str], list[tuple[float, float]],
                                                     list[list[str]]]:
        """One mask per scene folder, dated by the scene files of the folder (when there)."""
        files, dates, siblings = super()._match_files(paths)
        best: dict[str, int] = {}
        for i, path in enumerate(files):
            folder, name = os.path.split(path)
            rank = _mask_rank(os.path.basename(folder), name)
            if folder not in best or rank < _mask_rank(
                    os.path.basename(folder), os.path.basename(files[best[folder]])):
                best[folder] = i
        keep = sorted(best.values())
        files = [files[i] for i in keep]
        dates = [dates[i] for i in keep]
        siblings = [siblings[i] for i in keep]
        for i, path in enumerate(files):
            for band in sorted(glob.glob(os.path.join(glob.escape(os.path.dirname(path)),
                                                      "L7[12]*.TIF"))):
                match = _BAND.match(os.path.basename(band))
                if match:
                    dates[i] = date_range(match.group("date"), "%Y%m%d")
                    break
        return files, dates, siblings


class L7Irish(CloudBenchmark, spec=spec("l7_irish")):
    """L7 Irish scenes with their cloud masks.

    See :class:`~geoplug.datasets._cloudmask.CloudBenchmark` for the arguments."""

    image_layer = L7IrishImage
    stacked_layer = L7IrishStacked
    mask_layer = L7IrishMask
    default_bands = tuple(b for b in L7_IRISH_BANDS if b != "B80")
    default_res = 30.0
    homepage = ("https://www.usgs.gov/landsat-missions/landsat-7-cloud-cover-assessment-"
                "validation-data")

    @classmethod
    def archives(cls) -> list[Resource]:
        """The nine zone archives of the mirror."""
        return [Resource(_URL.format(zone), f"{zone}.tar.gz", sha256=sha256)
                for zone, sha256 in _SHA256S.items()]

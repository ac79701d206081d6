"""L8 Biome: the Landsat 8 cloud-cover-assessment validation scenes (USGS, Foga et al. 2017).

96 Level-1 scenes (2013-2014) in eight biomes (barren, forest, grass/crops, shrubland,
snow/ice, urban, water, wetlands). Each scene is a folder named by its pre-collection scene
id ``LC8<path><row><yyyy><doy>LGN<vv>`` holding one GeoTIFF per band ``<id>_B<n>.TIF``
(uint16, UTM, 30 m; B8 panchromatic 15 m), ``<id>_BQA.TIF``, and the manual mask
``<id>_fixedmask.img`` (ENVI, with its ``.hdr``; 0 fill, 64 cloud shadow, 128 clear,
192 thin cloud, 255 cloud; mapped to 0-4). Scenes and masks are dated by the id.

:class:`L8Biome` is ``L8BiomeImage & L8BiomeMask``: ``image`` float32 ``[C, H, W]`` (default
the ten 30 m bands; ask for ``B8`` explicitly) and ``mask`` int64 ``[H, W]``.
"""

from __future__ import annotations

from typing import ClassVar

from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_layers import L8_BIOME_BANDS
from geoplug.datasets._cloudmask import CloudBenchmark, CloudMaskLayer, CloudSceneLayer

__all__ = ["L8Biome", "L8BiomeImage", "L8BiomeMask"]

_ID = r"L[COT]8(?P<wrs_path>\d{3})(?P<wrs_row>\d{3})(?P<date>\d{7})[A-Z]{3}\d{2}"


class L8BiomeImage(CloudSceneLayer):
    """The band files of the L8 Biome scenes (``image`` float32 ``[C, H, W]``)."""

    filename_glob: ClassVar[str] = "L[COT]8*_B*.TIF"
    filename_regex: ClassVar[str] = rf"^{_ID}_(?P<band>B\d{{1,2}})\.TIF$"
    files_wanted: ClassVar[str] = "L8 Biome band files (e.g. LC80420082013220LGN00_B1.TIF)"
    date_format: ClassVar[str] = "%Y%j"
    all_bands: ClassVar[tuple[str, ...]] = L8_BIOME_BANDS
    band_resolution: ClassVar[dict[str, float]] = {b: 30.0 for b in L8_BIOME_BANDS} | {
        "B8": 15.0}


class L8BiomeMask(CloudMaskLayer):
    """The L8 Biome manual masks (``mask`` int64 ``[H, W]``, 0-4)."""

    filename_glob: ClassVar[str] = "L[COT]8*_fixedmask.*"
    filename_regex: ClassVar[str] = rf"^{_ID}_fixedmask\.(?:img|TIF|tif)$"
    files_wanted: ClassVar[str] = "L8 Biome masks (e.g. LC80420082013220LGN00_fixedmask.img)"
    date_format: ClassVar[str] = "%Y%j"


class L8Biome(CloudBenchmark, spec=spec("l8_biome")):
    """L8 Biome scenes with their cloud masks.

    See :class:`~geoplug.datasets._cloudmask.CloudBenchmark` for the arguments."""

    image_layer = L8BiomeImage
    mask_layer = L8BiomeMask
    default_bands = tuple(b for b in L8_BIOME_BANDS if b != "B8")
    default_res = 30.0
    homepage = ("https://www.usgs.gov/landsat-missions/landsat-8-cloud-cover-assessment-"
                "validation-data")

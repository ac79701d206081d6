"""L8 Biome: the Landsat 8 cloud-cover-assessment validation scenes (USGS, Foga et al. 2017).

96 Level-1 scenes (2013-2014) in eight biomes (barren, forest, grass/crops, shrubland,
snow/ice, urban, water, wetlands). Each scene is a folder named by its pre-collection scene
id ``LC8<path><row><yyyy><doy>LGN<vv>`` holding one GeoTIFF per band ``<id>_B<n>.TIF``
(uint16, UTM, 30 m; B8 panchromatic 15 m), ``<id>_BQA.TIF``, and the manual mask
``<id>_fixedmask.img`` (ENVI, with its ``.hdr``; 0 fill, 64 cloud shadow, 128 clear,
192 thin cloud, 255 cloud; mapped to 0-4). Scenes and masks are dated by the id.
``download=True`` fetches the eight ``<biome>.tar.gz`` of TorchGeo's Hugging Face mirror
(``torchgeo/l8biome``), which extract to ``l8biome/<biome>/<id>/`` holding one 11-band GeoTIFF
``<id>.TIF`` (B1 ... B11 on the 30 m grid, :class:`L8BiomeStacked`) and the mask
``<id>_fixedmask.TIF``; that layout is read the same way.

:class:`L8Biome` is ``L8BiomeImage & L8BiomeMask``: ``image`` float32 ``[C, H, W]`` (default
the ten 30 m bands; ask for ``B8`` explicitly) and ``mask`` int64 ``[H, W]``.
"""

from __future__ import annotations

from typing import ClassVar

from geoplug.core.download import Resource
from geoplug.core.raster import RasterDataset
from geoplug.datasets._catalog import spec
from geoplug.datasets._catalog.generic_layers import L8_BIOME_BANDS
from geoplug.datasets._cloudmask import CloudBenchmark, CloudMaskLayer, CloudSceneLayer

__all__ = ["L8Biome", "L8BiomeImage", "L8BiomeMask", "L8BiomeStacked"]

_ID = r"L[COT]8(?P<wrs_path>\d{3})(?P<wrs_row>\d{3})(?P<date>\d{7})[A-Z]{3}\d{2}"
#: TorchGeo's Hugging Face mirror (a fixed revision) and the SHA-256 of its biome archives
_URL = ("https://hf.co/datasets/torchgeo/l8biome/resolve/"
        "f76df19accce34d2acc1878d88b9491bc81f94c8/{}.tar.gz")
_SHA256S = {
    "barren": "96104e03b50e6fed6a7e0d695133653c2b30893b6c25b4e06fe2f0947a2c96ea",
    "forest": "55b3728ae82a2cc67dec25cd0a262eb1f3e78f65d101b9f9a3c06577c851c912",
    "grass_crops": "86a436d51bb511022352b029f8acc8f9a308f390982cbbd3ae5024dd23ebf24c",
    "shrubland": "5a4891ebe03c45e97407e59b8101b0467317235015fc3ab12ca32c7e915a6be9",
    "snow_ice": "b8ef5ce0b3442a7444b48b6b4076bf975567d6d7764fc1c5bd60700936c0eb3f",
    "urban": "19e05ab8d80082f0ea6a6c53ab9989d6c7b5cbc93a3c18deebda8ca56bc43e9d",
    "water": "d9b6d554b1c8f7987d53ab81fa8fbd565bb73a87a702cc3cb161bf6a9373f83a",
    "wetlands": "ae8ad56992ca314ba6c10ba5e360f77b9590bb1d7b455032e5937bc078ffc8cc",
}


class L8BiomeImage(CloudSceneLayer):
    """The band files of the L8 Biome scenes (``image`` float32 ``[C, H, W]``)."""

    filename_glob: ClassVar[str] = "L[COT]8*_B*.TIF"
    filename_regex: ClassVar[str] = rf"^{_ID}_(?P<band>B\d{{1,2}})\.TIF$"
    files_wanted: ClassVar[str] = "L8 Biome band files (e.g. LC80420082013220LGN00_B1.TIF)"
    date_format: ClassVar[str] = "%Y%j"
    all_bands: ClassVar[tuple[str, ...]] = L8_BIOME_BANDS
    band_resolution: ClassVar[dict[str, float]] = {b: 30.0 for b in L8_BIOME_BANDS} | {
        "B8": 15.0}


class L8BiomeStacked(RasterDataset):
    """The mirror's scenes: one 11-band GeoTIFF each (``image`` float32 ``[C, H, W]``, 30 m)."""

    filename_glob: ClassVar[str] = "L[COT]8*.TIF"
    filename_regex: ClassVar[str] = rf"^{_ID}\.TIF$"
    files_wanted: ClassVar[str] = "L8 Biome scenes (e.g. LC80420082013220LGN00.TIF)"
    date_format: ClassVar[str] = "%Y%j"
    all_bands: ClassVar[tuple[str, ...]] = L8_BIOME_BANDS


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
    stacked_layer = L8BiomeStacked
    mask_layer = L8BiomeMask
    default_bands = tuple(b for b in L8_BIOME_BANDS if b != "B8")
    default_res = 30.0
    homepage = ("https://www.usgs.gov/landsat-missions/landsat-8-cloud-cover-assessment-"
                "validation-data")

    @classmethod
    def archives(cls) -> list[Resource]:
        """The eight biome archives of the mirror."""
        return [Resource(_URL.format(biome), f"{biome}.tar.gz", sha256=sha256)
                for biome, sha256 in _SHA256S.items()]

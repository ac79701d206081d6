"""Spec of Airphen multispectral field images (plain data: imported when listing).

Facts: Hiphen's Airphen key features (https://ideol.sakura.ne.jp/img/
20170123_HiphenAirphenKeyfeatures.pdf, as TorchGeo's ``Airphen`` docs cite it: six
synchronised global-shutter sensors of 1280 x 960 px, 12-bit TIFF, a filter per sensor chosen
at purchase), TorchGeo's sample ``zoneA_B_R_NIR.tif`` (one 6-band uint16 GeoTIFF orthomosaic
in EPSG:4326) and the band set of Vayssade et al.'s Airphen registration code
(450, 570, 675, 710, 730, 850 nm).
"""

from __future__ import annotations

from typing import Any

__all__ = ["AIRPHEN_BANDS", "AIRPHEN_WAVELENGTHS", "SPECS"]

#: the six channels of an Airphen image, in file order (one per sensor)
AIRPHEN_BANDS = ("B1", "B2", "B3", "B4", "B5", "B6")
#: their centre wavelengths (nm) in the usual configuration; a camera may carry other filters
AIRPHEN_WAVELENGTHS = (450.0, 570.0, 675.0, 710.0, 730.0, 850.0)

SPECS: list[dict[str, Any]] = [
    {
        "name": "airphen",
        "target": "geoplug.datasets.airphen:Airphen",
        "task": "generic",
        "kind": "geo",
        "sensors": ("Airphen",),
        "bands": AIRPHEN_BANDS,
        "rgb_bands": ("B3", "B2", "B1"),
        "license": "see the data provider (images taken with a Hiphen Airphen camera)",
        "homepage": "https://www.hiphen-plant.com/",
        "citation": "Plant Phenomics (2021), doi:10.34133/2021/9892647 (the paper TorchGeo's "
                    "Airphen dataset asks its users to cite)",
        "download_size": "no public download: the user's own georeferenced Airphen "
                         "orthomosaics",
        "description": "Airphen (Hiphen) six-band multispectral camera images (12-bit, "
                       "uint16), e.g. from UAV flights over crops, as georeferenced "
                       "GeoTIFFs with the six channels in file order (B1-B6; usually 450, "
                       "570, 675, 710, 730, 850 nm).",
    },
]
